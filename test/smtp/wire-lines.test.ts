// A reply's lines as on the wire (replies.ts wireLines): the one spelling the terminal, the explain pane, the lesson
// replays and the relaying client read, and formatReply joins.
import { expect, test } from 'vitest'
import { REPLIES, formatReply, reply, replyLines, wireLines, type ReplyKey } from '../../src/smtp'

test('code, hyphen on every line but the last (RFC 5321 §4.2.1), enhanced code at the start of each text (RFC 2034 §3)', () => {
  expect(wireLines(replyLines('ehlo', ['mail.example.com', 'PIPELINING', '8BITMIME']))).toEqual(['250-mail.example.com', '250-PIPELINING', '250 8BITMIME'])
  expect(wireLines(reply('queued', { id: 'ABC' }))).toEqual(['250 2.0.0 Ok: queued as ABC'])
  expect(wireLines(reply('authChallenge', { challenge: '' }))).toEqual(['334 ']) // the space stays (RFC 4954 §4)
})

test('formatReply is wireLines with CRLFs, for every reply in the catalogue', () => {
  for (const key of Object.keys(REPLIES) as ReplyKey[]) {
    const r = reply(key, { host: 'mail.example.com', addr: 'a@b', id: 'ABC', arg: 'x', param: 'P', limit: 2048, kind: 'LF', member: '<a@b>', text: 'help' })
    expect(formatReply(r), key).toBe(wireLines(r).map((l) => l + '\r\n').join(''))
    expect(wireLines(r).every((l) => !l.includes('\r') && !l.includes('\n')), key).toBe(true)
  }
})
