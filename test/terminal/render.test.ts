import { describe, expect, test } from 'vitest'
import { REPLIES, formatReply, reply, replyLines, type ReplyKey } from '../../src/smtp'
import { SGR, renderReply, replyColour, stripSgr } from '../../src/terminal/render'

const GREEN = '\x1b[32m'
const CYAN = '\x1b[36m'
const YELLOW = '\x1b[33m'
const RED = '\x1b[31m'

describe('renderReply', () => {
  test('without its colours it is exactly the wire text, for every reply in the catalogue', () => {
    for (const key of Object.keys(REPLIES) as ReplyKey[]) {
      const r = reply(key, { host: 'mail.example.com', addr: 'a@b', id: 'ABC', arg: 'x', param: 'P', limit: 2048, kind: 'LF', member: '<a@b>', text: 'help' })
      expect(stripSgr(renderReply(r)), key).toBe(formatReply(r))
    }
  })

  test('each class has its colour: 2xx green, 3xx cyan, 4xx amber, 5xx red', () => {
    expect(renderReply(reply('senderOk')).startsWith(GREEN)).toBe(true)
    expect(renderReply(reply('startData')).startsWith(CYAN)).toBe(true)
    expect(renderReply(reply('tooManyRecipients')).startsWith(YELLOW)).toBe(true)
    expect(renderReply(reply('needMail')).startsWith(RED)).toBe(true)
    expect(replyColour(199)).toBe('')
  })

  test('the code is bold, the enhanced status code underlined, and the line ends in CRLF', () => {
    expect(renderReply(reply('queued', { id: '4A1B2C3D7E' }))).toBe(
      `${GREEN}${SGR.bold}250 ${SGR.notBold}${SGR.underline}2.0.0${SGR.notUnderline} Ok: queued as 4A1B2C3D7E${SGR.reset}\r\n`,
    )
  })

  test('a reply without an enhanced code has nothing underlined', () => {
    expect(renderReply(reply('greeting', { host: 'mail.example.com', banner: 'ESMTP Postfix' }))).toBe(
      `${GREEN}${SGR.bold}220 ${SGR.notBold}mail.example.com ESMTP Postfix${SGR.reset}\r\n`,
    )
  })

  test('every line of a multi-line reply is coloured on its own', () => {
    const out = renderReply(replyLines('ehlo', ['mail.example.com', 'PIPELINING', '8BITMIME']))
    const lines = out.split('\r\n').slice(0, -1)
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(line.startsWith(GREEN + SGR.bold)).toBe(true)
    expect(lines.map(stripSgr)).toEqual(['250-mail.example.com', '250-PIPELINING', '250 8BITMIME'])
  })
})
