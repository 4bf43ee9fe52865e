// The HELO name in the Received: line (issue 16): the client chose it, so controls and octets that are not UTF-8
// become "?" as Postfix's printable() makes them, and a long one is cut, so it can neither end the trace header
// early nor add a field of its own.
import { describe, expect, it } from 'vitest'
import { heloForTrace, TRACE_HELO_LIMIT } from '../../src/smtp/delivery/trace'
import { converse } from '../helpers/conversation'

function receivedAfterHelo(helo: Uint8Array | string): string {
  const { world, send, say } = converse()
  send(typeof helo === 'string' ? `EHLO ${helo}\r\n` : new Uint8Array([...new TextEncoder().encode('EHLO '), ...helo, 13, 10]))
  say('MAIL FROM:<x@example.org>')
  say('RCPT TO:<alice@example.com>')
  say('DATA')
  expect(say('Subject: t\r\n\r\nx\r\n.')[0]).toMatch(/^250 /)
  const stored = new TextDecoder().decode(world.host('mail.example.com')!.mailbox('alice')[0]!.content)
  return stored.slice(stored.indexOf('Received: '), stored.indexOf('\r\nSubject: '))
}

describe('the HELO name in Received:', () => {
  // Since issue 16 the session reads command lines as Postfix does: a NUL ends the line, a bare CR separates words
  // and a line that is not UTF-8 is refused, so fewer of these octets reach the name; heloForTrace still cleans the rest.
  it('DEL and escape become "?"; a bare CR ends the name and a NUL the line; the header keeps its three lines', () => {
    const received = receivedAfterHelo(new Uint8Array([...new TextEncoder().encode('evil'), 0x7f, 0x1b, 13, ...new TextEncoder().encode('X-Injected: yes')]))
    expect(received.split('\r\n')).toHaveLength(3)
    expect(received).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/)
    expect(received).not.toMatch(/\r(?!\n)/)
    expect(received).not.toMatch(/^X-Injected/m)
    expect(received.split('\r\n')[0]).toBe('Received: from evil?? (client.example.net [192.0.2.30])')
    expect(receivedAfterHelo(new Uint8Array([...new TextEncoder().encode('evil'), 0, 13, ...new TextEncoder().encode('X-Injected: yes')])).split('\r\n')[0]).toBe('Received: from evil (client.example.net [192.0.2.30])')
    expect(heloForTrace('evil\0\x7f\x1b\rX-Injected: yes')).toBe('evil????X-Injected: yes')
  })

  it('a name that is not UTF-8 is refused at EHLO; heloForTrace makes a replacement character "?"; valid UTF-8 stays', () => {
    expect(converse().send(new Uint8Array([...new TextEncoder().encode('EHLO h'), 0xff, 0x69, 13, 10]))).toContainEqual(expect.objectContaining({ wire: '500 5.5.2 Error: bad UTF-8 syntax\r\n' }))
    expect(heloForTrace('h\ufffdi')).toBe('h?i')
    expect(receivedAfterHelo('m\u00fcnchen.example')).toMatch(/^Received: from m\u00fcnchen\.example \(/)
  })

  it(`a 2,100-octet name is cut to ${TRACE_HELO_LIMIT} characters`, () => {
    const first = receivedAfterHelo('a'.repeat(2100)).split('\r\n')[0]!
    expect(first).toBe(`Received: from ${'a'.repeat(TRACE_HELO_LIMIT)} (client.example.net [192.0.2.30])`)
    expect(heloForTrace('b'.repeat(300))).toHaveLength(TRACE_HELO_LIMIT)
  })
})
