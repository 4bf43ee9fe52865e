// DATA framing: dot transparency (5321 §4.5.2), the end of data split across chunks (§4.1.1.4), bare LF and CR as
// each personality defines them (README, "Server personalities"), and pipelining around DATA (RFC 2920 §3.1).
import { describe, expect, it } from 'vitest'
import { repliesOf, type ModelEvent } from '../../src/smtp'
import { afterEhlo, converse, inTransaction, text } from '../helpers/conversation'

function accepted(events: readonly ModelEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'message-accepted' ? [text(e.content)] : []))
}

/** Open DATA in a fresh transaction under a personality and send `body` (the bytes after 354). */
function sendData(body: string | Uint8Array, personality: 'postfix' | 'rfc' | 'lenient' = 'postfix') {
  const c = inTransaction({ personality })
  c.say('DATA')
  const events = c.send(body)
  return { c, events, messages: accepted(events), codes: repliesOf(events).map((r) => r.code) }
}

describe('dot transparency (5321 §4.5.2)', () => {
  it('removes the stuffed dot and reports how many lines were unstuffed', () => {
    const { events, messages } = sendData('Subject: dots\r\n\r\n..hidden\r\n...\r\n..\r\nend\r\n.\r\n')
    expect(messages).toEqual(['Subject: dots\r\n\r\n.hidden\r\n..\r\n.\r\nend\r\n'])
    expect(events).toContainEqual(expect.objectContaining({ type: 'lines-unstuffed', count: 3 }))
  })

  it('keeps a dot that is not at the start of a line', () => {
    expect(sendData('a.b\r\n x.\r\n.\r\n').messages).toEqual(['a.b\r\n x.\r\n'])
  })

  it('takes an empty message (<CRLF>.<CRLF> right after 354)', () => {
    expect(sendData('.\r\n').messages).toEqual([''])
  })

  it('does not end on a line that merely starts with a dot', () => {
    const { messages, codes } = sendData('.x\r\n')
    expect(messages).toEqual([])
    expect(codes).toEqual([])
  })

  it('keeps arbitrary octets, 8-bit included', () => {
    const body = new Uint8Array([0x00, 0xff, 0x80, 0x41, 13, 10, 0x2e, 13, 10])
    const { events } = sendData(body)
    const msg = events.find((e) => e.type === 'message-accepted')
    expect(msg?.type === 'message-accepted' && [...msg.content]).toEqual([0x00, 0xff, 0x80, 0x41, 13, 10])
  })
})

describe('end of data across chunks (5321 §4.1.1.4)', () => {
  const body = 'Subject: split\r\n\r\nline one\r\n..stuffed\r\n.\r\n'
  for (let cut = 1; cut < body.length; cut++) {
    it(`finds the end when the data is cut at ${cut}`, () => {
      const c = inTransaction()
      c.say('DATA')
      const events = [...c.send(body.slice(0, cut)), ...c.send(body.slice(cut))]
      expect(accepted(events)).toEqual(['Subject: split\r\n\r\nline one\r\n.stuffed\r\n'])
    })
  }

  it('finds the end when every octet comes alone', () => {
    const c = inTransaction()
    c.say('DATA')
    const events = [...body].flatMap((ch) => c.send(ch))
    expect(accepted(events)).toEqual(['Subject: split\r\n\r\nline one\r\n.stuffed\r\n'])
  })
})

describe('pipelining around DATA (RFC 2920 §3.1)', () => {
  it('answers a whole transaction sent in one chunk, in order', () => {
    const c = inTransaction()
    c.say('RSET')
    const events = c.send('MAIL FROM:<a@b.example>\r\nRCPT TO:<alice@example.com>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\nSubject: p\r\n\r\nbody\r\n.\r\nQUIT\r\n')
    expect(repliesOf(events).map((r) => r.code)).toEqual([250, 250, 550, 354, 250, 221])
    expect(accepted(events)).toEqual(['Subject: p\r\n\r\nbody\r\n'])
  })

  it('reads the command right after the final dot in the same chunk', () => {
    const c = inTransaction()
    c.say('DATA')
    const events = c.send('x\r\n.\r\nMAIL FROM:<a@b.example>\r\n')
    expect(repliesOf(events).map((r) => `${r.code} ${r.enhanced}`)).toEqual(['250 2.0.0', '250 2.1.0'])
  })

  it('treats the data after a refused DATA as commands, as a server must', () => {
    const c = inTransaction()
    c.say('RSET')
    const events = c.send('MAIL FROM:<a@b.example>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\nNOOP\r\n')
    expect(repliesOf(events).map((r) => r.code)).toEqual([250, 550, 554, 250])
  })
})

describe('bare LF and bare CR (5321 §2.3.8) and SMTP smuggling', () => {
  const smuggle = 'Subject: one\r\n\r\nfirst\n.\nMAIL FROM:<admin@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\nSubject: two\r\n\r\nforged\r\n.\r\n'

  // Pinned against Postfix with smtpd_forbid_bare_newline=normalize (test/fixtures/postfix-reference.md §8b).
  it('postfix: only <CRLF>.<CRLF> ends the data; a bare LF is stored as CRLF; the smuggled dot line is dropped', () => {
    const { events, messages, codes } = sendData(smuggle)
    expect(codes).toEqual([250])
    expect(messages).toEqual(['Subject: one\r\n\r\nfirst\r\nMAIL FROM:<admin@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\nSubject: two\r\n\r\nforged\r\n'])
    expect(events).toContainEqual(expect.objectContaining({ type: 'bare-line-ending', kind: 'LF', count: 2, action: 'normalized' }))
    expect(events).toContainEqual({ type: 'nonstandard-end-of-data', sequence: '<LF>.<LF>', action: 'ignored' })
  })

  it('lenient: <LF>.<LF> ends the data, and what follows is read as commands: two messages come out', () => {
    const { events, messages, codes } = sendData(smuggle, 'lenient')
    expect(messages).toEqual(['Subject: one\r\n\r\nfirst\n', 'Subject: two\r\n\r\nforged\r\n'])
    expect(codes).toEqual([250, 250, 250, 354, 250])
    expect(events).toContainEqual({ type: 'nonstandard-end-of-data', sequence: '<LF>.<LF>', action: 'ended-data' })
  })

  it('lenient: <LF>.<CRLF> ends the data too', () => {
    expect(sendData('a\n.\r\n', 'lenient').messages).toEqual(['a\n'])
  })

  it('rfc: refuses a message with a bare LF after the final dot, and keeps the session', () => {
    const { c, messages, codes } = sendData(smuggle, 'rfc')
    expect(messages).toEqual([])
    expect(codes).toEqual([554])
    expect(c.say('NOOP')).toEqual(['250 2.0.0 Ok'])
  })

  it('postfix: <CRLF>.<LF> and <LF>.<CRLF> do not end the data; the dot line is dropped', () => {
    expect(sendData('a\r\n.\nb\r\n.\r\n').messages).toEqual(['a\r\nb\r\n'])
    expect(sendData('a\n.\r\nb\r\n.\r\n').messages).toEqual(['a\r\nb\r\n'])
  })

  it('postfix: stores a bare CR as a space, as Postfix\'s cleanup does, and reports it', () => {
    const { events, messages } = sendData('a\rb\r\n.\r\n')
    expect(messages).toEqual(['a b\r\n'])
    expect(events).toContainEqual(expect.objectContaining({ type: 'bare-line-ending', kind: 'CR', count: 1, action: 'replaced-with-space' }))
  })

  it('postfix: a bare CR before a dot line does not end the data (<CR>.<CRLF>)', () => {
    expect(sendData('a\r.\r\nb\r\n.\r\n').messages).toEqual(['a .\r\nb\r\n'])
  })

  it('counts a bare CR split at a chunk boundary once', () => {
    const c = inTransaction()
    c.say('DATA')
    const events = [...c.send('a\r'), ...c.send('b\r'), ...c.send('\n.\r\n')]
    expect(accepted(events)).toEqual(['a b\r\n'])
    expect(events).toContainEqual(expect.objectContaining({ type: 'bare-line-ending', kind: 'CR', count: 1, action: 'replaced-with-space' }))
  })

  it('postfix: accepts commands ended by a bare LF, as Postfix does; rfc answers 500', () => {
    const postfix = inTransaction()
    expect(repliesOf(postfix.send('NOOP\n')).map((r) => r.code)).toEqual([250])
    const rfc = inTransaction({ personality: 'rfc' })
    expect(repliesOf(rfc.send('NOOP\n')).map((r) => `${r.code} ${r.lines[0]}`)).toEqual(['500 Error: bare <LF> received'])
  })
})

describe('limits (5321 §4.5.3.1): one settings table, Postfix row and strict row', () => {
  const long = (n: number) => 'x'.repeat(n)

  it('postfix accepts a 600-octet command line; strict answers 500 5.5.2 and keeps the session', () => {
    const line = 'NOOP ' + long(595)
    expect(inTransaction().say(line)).toEqual(['250 2.0.0 Ok'])
    const strict = inTransaction({ personality: 'rfc' })
    expect(strict.say(line)).toEqual(['500 5.5.2 Error: line too long'])
    expect(strict.say('NOOP')).toEqual(['250 2.0.0 Ok'])
  })

  it('postfix keeps the first 2048 characters of a longer command line and runs that, silently', () => {
    const c = inTransaction()
    expect(c.say('NOOP ' + long(5000))).toEqual(['250 2.0.0 Ok'])
    expect(c.events).toContainEqual({ type: 'line-too-long', where: 'command', length: 5007, limit: 2050, action: 'truncated' })
    // As in the reference: FOO=BAR ending at column 2049 loses its last character.
    const line = 'MAIL FROM:<a@b.example> ' + ' '.repeat(2048 - 24 - 7) + 'FOO=BAR' // 2048 characters
    expect(afterEhlo().say(line + 'X')).toEqual(['555 5.5.4 Unsupported option: FOO=BAR'])
    expect(afterEhlo().say(line.slice(0, -7) + ' FOO=BAR')).toEqual(['555 5.5.4 Unsupported option: FOO=BA'])
  })

  it('strict takes a 512-octet command line exactly (the minimum it must accept)', () => {
    const line = 'NOOP ' + long(512 - 2 - 5)
    expect(inTransaction({ personality: 'rfc' }).say(line)).toEqual(['250 2.0.0 Ok'])
    expect(inTransaction({ personality: 'rfc' }).say(line + 'x')).toEqual(['500 5.5.2 Error: line too long'])
  })

  it('postfix accepts a 1500-octet text line; strict refuses the message after the final dot, session intact', () => {
    const body = `Subject: long\r\n\r\n${long(1498)}\r\n.\r\n`
    expect(sendData(body).codes).toEqual([250])
    const strict = sendData(body, 'rfc')
    expect(repliesOf(strict.events).map((r) => `${r.code} ${r.enhanced} ${r.lines[0]}`)).toEqual(['500 5.5.2 Error: message line longer than 1000 octets'])
    expect(strict.c.say('NOOP')).toEqual(['250 2.0.0 Ok'])
  })

  it('strict accepts a text line of exactly 1000 octets with CRLF, and a stuffed dot does not count', () => {
    expect(sendData(`${long(998)}\r\n..${long(997)}\r\n.\r\n`, 'rfc').codes).toEqual([250])
  })

  it('refuses recipients beyond the limit with 452 4.5.3 and keeps the ones accepted (5321 §4.5.3.1.10)', () => {
    const c = inTransaction({ personality: 'rfc' })
    for (let i = 1; i < 100; i++) expect(c.say('RCPT TO:<bob@example.com>')).toEqual(['250 2.1.5 Ok'])
    expect(c.say('RCPT TO:<bob@example.com>')).toEqual(['452 4.5.3 Error: too many recipients'])
    expect(c.connection.session.envelope?.recipients).toHaveLength(100)
    expect(c.say('DATA')).toEqual(['354 End data with <CR><LF>.<CR><LF>'])
  })

  it('postfix takes 1000 recipients before 452', () => {
    const c = inTransaction()
    const all = c.send('RCPT TO:<bob@example.com>\r\n'.repeat(1000))
    const codes = repliesOf(all).map((r) => r.code)
    expect(codes.slice(0, 999).every((code) => code === 250)).toBe(true)
    expect(codes[999]).toBe(452)
  })

  it('refuses a message over message_size_limit after the final dot with 552 5.3.4', () => {
    const { codes, events } = sendData(`${(long(998) + '\r\n').repeat(10300)}.\r\n`)
    expect(codes).toEqual([552])
    expect(repliesOf(events)[0]?.lines[0]).toBe('Error: message file too big')
  })
})

// Where each stuffed dot and each lone LF or CR was, as positions in the client's octet stream of the session (the
// wire view marks those very octets; nothing downstream looks for them again).
describe('positions in the client\'s octet stream', () => {
  const PREFIX = ['EHLO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<alice@example.com>', 'DATA'].map((l) => l + '\r\n').join('')

  function positions(chunks: readonly string[], personality: 'postfix' | 'lenient' | 'rfc' = 'postfix') {
    const c = converse({ personality })
    c.send(PREFIX)
    const events = chunks.flatMap((chunk) => c.send(chunk))
    const at = (type: 'lines-unstuffed' | 'LF' | 'CR') =>
      events.flatMap((e) => (e.type === 'lines-unstuffed' && type === 'lines-unstuffed') || (e.type === 'bare-line-ending' && e.kind === type) ? [...(e.at ?? [])] : [])
    return { dots: at('lines-unstuffed'), lf: at('LF'), cr: at('CR') }
  }
  const body = (i: number) => PREFIX.length + i

  it('gives the offset of every removed dot, wherever the chunks were cut', () => {
    const message = 'x\r\n..a\r\n..\r\n.\r\n'
    const expected = [body(3), body(8)]
    expect(positions([message]).dots).toEqual(expected)
    expect(positions([...message]).dots).toEqual(expected) // one octet at a time
  })

  it('gives the offset of every lone LF and lone CR in the message', () => {
    const message = 'a\nb\rc\r\n.\r\n'
    expect(positions([message])).toEqual({ dots: [], lf: [body(1)], cr: [body(3)] })
    expect(positions(['a\nb\r', 'c\r\n.\r\n'])).toEqual({ dots: [], lf: [body(1)], cr: [body(3)] })
  })

  it('marks the LF of a smuggled <LF>.<LF> line and of a command ended by a bare LF', () => {
    expect(positions(['a\n.\nb\r\n.\r\n']).lf).toEqual([body(1), body(3)])
    const c = converse()
    const events = c.send('NOOP\n')
    expect(events).toContainEqual({ type: 'bare-line-ending', kind: 'LF', count: 1, action: 'ended-line', at: [4] })
  })
})
