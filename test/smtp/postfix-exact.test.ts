// Postfix-exact on the wire (issue 16, items 1-12): each exchange pinned to the probe of a real Postfix 3.7.11 with
// Debian's TLS settings, test/fixtures/postfix-reference.md part 2 (the section is named in each describe). Where the
// probe ran on 127.0.0.1 the world's mail.example.com is 192.0.2.10, and relaying is refused with 554 5.7.1 (2.3b).
import { describe, expect, it } from 'vitest'
import { LIMITS, PERSONALITIES, PROFILES, World, describe as describeReply, wireOf, type ModelEvent, type Personality } from '../../src/smtp'
import { afterEhlo, converse, inTransaction, lines } from '../helpers/conversation'

const EHLO_25 = ['250-mail.example.com', '250-PIPELINING', '250-SIZE 10240000', '250-VRFY', '250-ETRN', '250-STARTTLS', '250-ENHANCEDSTATUSCODES', '250-8BITMIME', '250-DSN', '250-SMTPUTF8', '250 CHUNKING']
const EHLO_25_TLS = EHLO_25.filter((l) => l !== '250-STARTTLS')
const BREAK_RULES = '221 2.7.0 Error: I can break rules, too. Goodbye.'
const BAD_UTF8 = '500 5.5.2 Error: bad UTF-8 syntax'
const NOT_RECOGNIZED = '500 5.5.2 Error: command not recognized'
const PLAIN_ALICE = 'AGFsaWNlAHdvbmRlcmxhbmQ='

/** A session on another port of mail.example.com (587, 465). */
function onPort(profile: 'submission' | 'submissions', personality: Personality = PERSONALITIES.postfix) {
  const world = new World()
  const connection = world.host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' }, personality, { profile: PROFILES[profile] })
  connection.start()
  const events: ModelEvent[] = []
  const send = (raw: string | Uint8Array) => {
    const e = connection.receive(raw)
    events.push(...e)
    return lines(wireOf(e))
  }
  return { connection, events, send, say: (line: string) => send(line + '\r\n') }
}

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)))
const closed = (events: readonly ModelEvent[]) => events.some((e) => e.type === 'closed')

describe('STARTTLS on port 25 (item 1; fixture 2.1)', () => {
  it('lists STARTTLS between ETRN and ENHANCEDSTATUSCODES, and no more once TLS is up', () => {
    const c = converse()
    expect(c.say('EHLO client.example.net')).toEqual(EHLO_25)
    expect(c.say('STARTTLS x')).toEqual(['501 5.5.4 Syntax: STARTTLS'])
    expect(c.say('STARTTLS')).toEqual(['220 2.0.0 Ready to start TLS'])
    expect(c.say('EHLO client.example.net')).toEqual(EHLO_25_TLS)
    expect(c.say('STARTTLS')).toEqual(['554 5.5.1 Error: TLS already active'])
    expect(c.say('STARTTLS x')).toEqual(['501 5.5.4 Syntax: STARTTLS'])
  })

  it('works before any EHLO, and ends an open transaction', () => {
    expect(converse().say('STARTTLS')).toEqual(['220 2.0.0 Ready to start TLS'])
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say('STARTTLS')).toEqual(['220 2.0.0 Ready to start TLS'])
    expect(c.say('RCPT TO:<alice@example.com>')).toEqual(['503 5.5.1 Error: need MAIL command'])
  })

  it('throws away what was pipelined behind STARTTLS (RFC 3207 §4.2)', () => {
    const c = afterEhlo()
    expect(lines(wireOf(c.send('STARTTLS\r\nNOOP\r\n')))).toEqual(['220 2.0.0 Ready to start TLS'])
    expect(c.say('EHLO client.example.net')).toEqual(EHLO_25_TLS)
  })
})

describe('after STARTTLS without a new EHLO (item 10; fixture 2.1)', () => {
  it('port 25: MAIL, RCPT and DATA still work, as in Postfix (smtpd_helo_required = no); AUTH is not offered there', () => {
    const c = afterEhlo()
    c.say('STARTTLS')
    expect(c.say('MAIL FROM:<a@b.example>')).toEqual(['250 2.1.0 Ok'])
    expect(c.say('RCPT TO:<alice@example.com>')).toEqual(['250 2.1.5 Ok'])
    expect(c.say('DATA')).toEqual(['354 End data with <CR><LF>.<CR><LF>'])
    expect(c.say('Subject: no ehlo after tls\r\n\r\nhello\r\n.')[0]).toMatch(/^250 2\.0\.0 Ok: queued as /)
    expect(c.say('AUTH PLAIN ' + PLAIN_ALICE)).toEqual(['503 5.5.1 Error: authentication not enabled'])
  })

  it('port 587: AUTH and MAIL are taken without a new EHLO; the reply says the client has not said EHLO since the handshake', () => {
    const s = onPort('submission')
    s.say('EHLO client.example.net')
    s.say('STARTTLS')
    expect(s.say('AUTH PLAIN ' + PLAIN_ALICE)).toEqual(['235 2.7.0 Authentication successful'])
    const auth = s.events.findLast((e) => e.type === 'reply')
    expect(auth).toMatchObject({ cause: expect.stringContaining('no EHLO since STARTTLS') })
    expect(s.say('MAIL FROM:<alice@example.com>')).toEqual(['250 2.1.0 Ok'])
    expect(s.say('RCPT TO:<carol@example.net>')).toEqual(['250 2.1.5 Ok'])
  })

  it('the rfc personality wants EHLO again before MAIL (RFC 3207 §4.2)', () => {
    const c = afterEhlo({ personality: 'rfc' })
    c.say('STARTTLS')
    expect(c.say('MAIL FROM:<a@b.example>')).toEqual(['503 5.5.1 Error: send HELO/EHLO first'])
  })
})

describe('the TLS-required port before TLS (item 12; fixture 2.1)', () => {
  it('allows only EHLO, HELO, NOOP, QUIT and STARTTLS: RSET is 530 too', () => {
    const s = onPort('submission')
    expect(s.say('NOOP')).toEqual(['250 2.0.0 Ok'])
    expect(s.say('RSET')).toEqual(['530 5.7.0 Must issue a STARTTLS command first'])
    expect(s.say('HELO client.example.net')).toEqual(['250 mail.example.com'])
    for (const line of ['VRFY alice@example.com', 'ETRN example.com', 'MAIL FROM:<alice@example.com>', 'RCPT TO:<alice@example.com>', 'DATA', 'BDAT 1', 'AUTH PLAIN ' + PLAIN_ALICE]) {
      expect(s.say(line)).toEqual(['530 5.7.0 Must issue a STARTTLS command first'])
    }
    expect(s.say('FOO')).toEqual([NOT_RECOGNIZED])
    expect(s.say('HELP')).toEqual([NOT_RECOGNIZED])
    expect(s.say('STARTTLS x')).toEqual(['501 5.5.4 Syntax: STARTTLS'])
  })

  it('checks UTF-8 before the TLS gate', () => {
    const s = onPort('submission')
    expect(s.send(bytes('MAIL FROM:<', [0xff], '@b.example>\r\n'))).toEqual([BAD_UTF8])
    expect(s.send(bytes('EHLO caf', [0xff], '.example\r\n'))).toEqual([BAD_UTF8])
    expect(s.say('MAIL FROM:<café@b.example>')).toEqual(['530 5.7.0 Must issue a STARTTLS command first'])
  })

  it('port 465: STARTTLS is answered as TLS already active, with an argument 501 first', () => {
    const s = onPort('submissions')
    expect(s.say('STARTTLS')).toEqual(['554 5.5.1 Error: TLS already active'])
    expect(s.say('STARTTLS x')).toEqual(['501 5.5.4 Syntax: STARTTLS'])
  })
})

describe('HELP and EXPN (item 2; fixture 2.2)', () => {
  it('the postfix personality does not implement them, and the catalogue says why', () => {
    const c = converse()
    for (const line of ['HELP', 'HELP MAIL', 'help', 'EXPN info', 'EXPN <info@example.com>']) expect(c.say(line)).toEqual([NOT_RECOGNIZED])
    const replies = c.events.filter((e): e is Extract<ModelEvent, { type: 'reply' }> => e.type === 'reply')
    expect(describeReply(replies[1]!.reply.key).meaning).toMatch(/^Postfix does not implement HELP; RFC 5321 §4\.1\.1\.8 says/)
    expect(describeReply(replies.at(-1)!.reply.key).meaning).toMatch(/^Postfix does not implement EXPN; RFC 5321 §4\.1\.1\.7 says/)
  })

  it('the rfc personality keeps them, and lists EXPN', () => {
    const c = converse({ personality: 'rfc' })
    expect(c.say('HELP')[0]).toMatch(/^214-2\.0\.0 /)
    expect(c.say('EHLO client.example.net')).toContain('250-EXPN')
    expect(c.say('EXPN info')).toEqual(['250-2.1.5 <alice@example.com>', '250 2.1.5 <bob@example.com>'])
  })
})

describe('CR, VT, FF and NUL in a command line (items 3, 12; fixture 2.2)', () => {
  it.each([
    ['NOOP\rNOOP\r\n', '250 2.0.0 Ok'],
    ['NOOP\r\r\n', '250 2.0.0 Ok'],
    ['RSET\rNOOP\r\n', '501 5.5.4 Syntax: RSET'],
    ['RSET\vNOOP\r\n', '501 5.5.4 Syntax: RSET'],
    ['RSET\fNOOP\r\n', '501 5.5.4 Syntax: RSET'],
    ['RSET\tNOOP\r\n', '501 5.5.4 Syntax: RSET'],
    ['MAIL\rFROM:<a@b.example>\r\n', '250 2.1.0 Ok'],
    ['NOOP\0junk\r\n', '250 2.0.0 Ok'],
    ['RSET \0junk\r\n', '250 2.0.0 Ok'],
    ['\0RSET\r\n', '500 5.5.2 Error: bad syntax'],
    ['MAIL FROM:<a@b.example\0>\r\n', '501 5.1.7 Bad sender address syntax'],
  ])('%j → %s', (raw, expected) => {
    expect(lines(wireOf(converse().send(raw)))).toEqual([expected])
  })

  it('a NUL ends QUIT too', () => {
    const c = converse()
    expect(lines(wireOf(c.send('QUIT\0x\r\n')))).toEqual(['221 2.0.0 Bye'])
  })
})

describe('invalid UTF-8 (item 4; fixture 2.2)', () => {
  it.each([
    ['EHLO with 0xFF', bytes('EHLO caf', [0xff], '.example\r\n')],
    ['HELO with a truncated sequence', bytes('HELO ', [0xc3], '\r\n')],
    ['MAIL with 0xFF', bytes('MAIL FROM:<', [0xff], '@b.example>\r\n')],
    ['MAIL with an overlong form', bytes('MAIL FROM:<', [0xc0, 0xaf], '@b.example>\r\n')],
    ['MAIL with a surrogate', bytes('MAIL FROM:<', [0xed, 0xa0, 0x80], '@b.example>\r\n')],
    ['MAIL past U+10FFFF', bytes('MAIL FROM:<', [0xf4, 0x90, 0x80, 0x80], '@b.example>\r\n')],
    ['RCPT with a Latin-1 octet', bytes('RCPT TO:<alice@ex', [0xe9], 'mple.com>\r\n')],
    ['VRFY with 0xFF', bytes('VRFY ', [0xff], '\r\n')],
    ['NOOP with 0xFF', bytes('NOOP ', [0xff], '\r\n')],
    ['an unknown verb with 0xFF', bytes('FOO ', [0xff], '\r\n')],
    ['a line of 0xFF alone', bytes([0xff], '\r\n')],
    ['a line starting with a Latin-1 octet', bytes([0xe9], ' x\r\n')],
  ])('refuses %s with 500 5.5.2 before anything else', (_label, raw) => {
    const c = converse()
    expect(lines(wireOf(c.send(raw)))).toEqual([BAD_UTF8])
    expect(closed(c.events)).toBe(false)
  })

  it('valid UTF-8 goes on to the usual checks', () => {
    const c = converse()
    expect(c.say('EHLO café.example')[0]).toBe('250-mail.example.com')
    expect(c.say('MAIL FROM:<café@b.example>')).toEqual(['250 2.1.0 Ok'])
    expect(c.say('RCPT TO:<café@example.com>')).toEqual(['550 5.1.1 <caf?@example.com>: Recipient address rejected: User unknown in local recipient table'])
  })
})

describe('forbidden commands: 221 and hang up (items 5, 12; fixture 2.2)', () => {
  it.each(['*', '1234', '@', '-x', '_x', '[x', '"x"', 'été x', 'CONNECT example.com:443 HTTP/1.0', 'GET / HTTP/1.0', 'POST / HTTP/1.1', 'connect x', 'get /', 'Get /', '  GET /', 'GET', 'Subject:x', 'FOO: bar', 'mail: x', 'User-Agent: curl'])(
    '%j',
    (line) => {
      const c = converse()
      expect(c.say(line)).toEqual([BREAK_RULES])
      expect(closed(c.events)).toBe(true)
    },
  )

  it.each(['GETX', 'POSTMASTER'])('%j is only unknown', (line) => {
    expect(converse().say(line)).toEqual([NOT_RECOGNIZED])
  })

  it('the rfc personality answers 500 and stays', () => {
    const c = converse({ personality: 'rfc' })
    expect(c.say('GET / HTTP/1.0')).toEqual([NOT_RECOGNIZED])
    expect(closed(c.events)).toBe(false)
  })
})

describe('VRFY, own address literals, bang paths and quoted local parts (items 6-8; fixture 2.3)', () => {
  it.each([
    ['VRFY carol@example.net', '554 5.7.1 <carol@example.net>: Relay access denied'],
    ['VRFY <carol@example.net>', '554 5.7.1 <carol@example.net>: Relay access denied'],
    ['VRFY alice@example.com', '252 2.0.0 alice@example.com'],
    ['VRFY alice@[192.0.2.10]', '252 2.0.0 alice@[192.0.2.10]'],
    ['VRFY nosuchuser@[192.0.2.10]', '550 5.1.1 <nosuchuser@[192.0.2.10]>: Recipient address rejected: User unknown in local recipient table'],
    ['VRFY alice@[192.0.2.11]', '554 5.7.1 <alice@[192.0.2.11]>: Relay access denied'],
    ['VRFY example.net!carol@example.com', '554 5.7.1 <example.net!carol@example.com>: Relay access denied'],
    ['VRFY example.com!alice@example.com', '252 2.0.0 example.com!alice@example.com'],
    ['VRFY "carol@example.net"@example.com', '554 5.7.1 <carol@example.net@example.com>: Relay access denied'],
    ['VRFY "alice@example.com"@example.com', '252 2.0.0 "alice@example.com"@example.com'],
    ['VRFY carol%example.net@example.com', '554 5.7.1 <carol%example.net@example.com>: Relay access denied'],
    ['VRFY owner-staff@example.com', '252 2.0.0 owner-staff@example.com'],
    ['VRFY <alice@example.com> SMTPUTF8', '252 2.0.0 <alice@example.com>'],
    ['VRFY alice@example.com smtputf8', '252 2.0.0 alice@example.com'],
    ['VRFY alice@example.com FOO', '501 5.1.3 Bad recipient address syntax'],
    ['VRFY carol@example.net SMTPUTF8', '554 5.7.1 <carol@example.net>: Relay access denied'],
  ])('%s', (line, expected) => {
    expect(converse().say(line)).toEqual([expected])
  })

  it.each([
    ['RCPT TO:<alice@[192.0.2.10]>', '250 2.1.5 Ok'],
    ['RCPT TO:<nosuchuser@[192.0.2.10]>', '550 5.1.1 <nosuchuser@[192.0.2.10]>: Recipient address rejected: User unknown in local recipient table'],
    ['RCPT TO:<alice@[192.0.2.11]>', '554 5.7.1 <alice@[192.0.2.11]>: Relay access denied'],
    ['RCPT TO:<postmaster@[192.0.2.10]>', '250 2.1.5 Ok'],
    ['RCPT TO:<example.net!carol@example.com>', '554 5.7.1 <example.net!carol@example.com>: Relay access denied'],
    ['RCPT TO:<example.com!alice@example.com>', '250 2.1.5 Ok'],
    ['RCPT TO:<example.com!nosuchuser@example.com>', '550 5.1.1 <example.com!nosuchuser@example.com>: Recipient address rejected: User unknown in local recipient table'],
    ['RCPT TO:<a!b!carol@example.com>', '554 5.7.1 <a!b!carol@example.com>: Relay access denied'],
    ['RCPT TO:<carol!alice@example.com>', '554 5.7.1 <carol!alice@example.com>: Relay access denied'],
    ['RCPT TO:<"carol@example.net"@example.com>', '554 5.7.1 <carol@example.net@example.com>: Relay access denied'],
    ['RCPT TO:<"alice@example.com"@example.com>', '250 2.1.5 Ok'],
    ['RCPT TO:<"nosuchuser@example.com"@example.com>', '550 5.1.1 <nosuchuser@example.com@example.com>: Recipient address rejected: User unknown in local recipient table'],
    ['RCPT TO:<owner-staff@example.com>', '250 2.1.5 Ok'],
  ])('%s', (line, expected) => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say(line)).toEqual([expected])
  })

  it('delivers a bang path and a literal that route back here to the local mailbox', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    c.say('RCPT TO:<example.com!alice@example.com>')
    c.say('RCPT TO:<bob@[192.0.2.10]>')
    c.say('DATA')
    expect(c.say('Subject: routed\r\n\r\nhi\r\n.')[0]).toMatch(/^250 2\.0\.0 Ok: queued as /)
    const host = c.world.host('mail.example.com')!
    expect(host.mailbox('alice')).toHaveLength(1)
    expect(host.mailbox('bob')).toHaveLength(1)
  })

  it('takes the addresses the host data names as its own (the bridge sets the one it listens on)', () => {
    const data = new World().data
    const world = new World({ ...data, hosts: data.hosts.map((h) => (h.name === 'mail.example.com' ? { ...h, interfaces: ['127.0.0.1'] } : h)) })
    const c = afterEhlo({ world })
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say('RCPT TO:<alice@[127.0.0.1]>')).toEqual(['250 2.1.5 Ok'])
  })
})

describe('no path length limits under postfix (item 9; fixture 2.4)', () => {
  it('accepts a 1500-octet local part in MAIL and a 306-octet one in RCPT; rfc keeps the limits', () => {
    const c = afterEhlo()
    expect(c.say(`MAIL FROM:<${'x'.repeat(1500)}@b.example>`)).toEqual(['250 2.1.0 Ok'])
    expect(c.say(`RCPT TO:<alice+${'z'.repeat(300)}@example.com>`)).toEqual(['250 2.1.5 Ok'])
    const r = afterEhlo({ personality: 'rfc' })
    expect(r.say(`MAIL FROM:<${'x'.repeat(300)}@b.example>`)[0]).toMatch(/^501 /)
  })
})

describe('DATA with an argument checks the state first (item 12; fixture 2.4)', () => {
  it('503, then 554, then 501', () => {
    const c = afterEhlo()
    expect(c.say('DATA x')).toEqual(['503 5.5.1 Error: need RCPT command'])
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say('DATA x')).toEqual(['554 5.5.1 Error: no valid recipients'])
    c.say('RCPT TO:<alice@example.com>')
    expect(c.say('DATA x')).toEqual(['501 5.5.4 Syntax: DATA'])
  })
})

describe('parameters (item 12; fixture 2.4)', () => {
  it.each([
    ['MAIL FROM:<a@b.example> RET=FULL RET=HDRS', '501 5.5.4 Bad RET parameter syntax'],
    ['MAIL FROM:<a@b.example> ENVID=a ENVID=b', '501 5.5.4 Bad ENVID parameter syntax'],
    ['MAIL FROM:<a@b.example> SIZE=10 SIZE=20', '250 2.1.0 Ok'],
    ['MAIL FROM:<a@b.example> BODY=7BIT BODY=8BITMIME', '250 2.1.0 Ok'],
    ['MAIL FROM:<a@b.example> SMTPUTF8 SMTPUTF8', '250 2.1.0 Ok'],
    ['MAIL FROM:<a@b.example> SIZE=99999999999999999999999', '552 5.3.4 Message size exceeds file system imposed limit'],
    ['MAIL FROM:<a@b.example> SIZE=9223372036854775808', '552 5.3.4 Message size exceeds file system imposed limit'],
    ['MAIL FROM:<a@b.example> SIZE=9223372036854775807', '552 5.3.4 Message size exceeds fixed limit'],
    ['MAIL FROM:<a@b.example> SIZE=00000000000000000000001', '250 2.1.0 Ok'],
    ['MAIL FROM:<a@b.example> SIZE=-1', '501 5.5.4 Bad message size syntax'],
  ])('%s', (line, expected) => {
    expect(afterEhlo().say(line)).toEqual([expected])
  })

  it.each([
    ['RCPT TO:<alice@example.com> NOTIFY=NEVER NOTIFY=NEVER', '501 5.5.4 Error: Bad NOTIFY parameter syntax'],
    ['RCPT TO:<alice@example.com> ORCPT=rfc822;a@b.example ORCPT=rfc822;c@d.example', '501 5.5.4 Error: Bad ORCPT parameter syntax'],
    ['RCPT TO:<alice@example.com> ORCPT=rfc822;a@b.example NOTIFY=NEVER', '250 2.1.5 Ok'],
  ])('%s', (line, expected) => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say(line)).toEqual([expected])
  })
})

describe('ETRN (item 12; fixture 2.4)', () => {
  it.each([
    ['ETRN -bad-', '501 Error: invalid parameter syntax'],
    ['ETRN a..b', '501 Error: invalid parameter syntax'],
    ['ETRN example.com.', '501 Error: invalid parameter syntax'],
    ['ETRN .example.com', '501 Error: invalid parameter syntax'],
    ['ETRN 1.2.3.4', '501 Error: invalid parameter syntax'],
    ['ETRN café.example', '501 Error: invalid parameter syntax'],
    ['ETRN @example.com', '459 <example.com>: service unavailable'],
    ['ETRN #example.com', '459 <example.com>: service unavailable'],
    ['ETRN ex_ample.com', '459 <ex_ample.com>: service unavailable'],
    ['ETRN [192.0.2.1]', '459 <[192.0.2.1]>: service unavailable'],
    ['ETRN a b', '500 Syntax: ETRN domain'],
  ])('%s', (line, expected) => {
    expect(afterEhlo().say(line)).toEqual([expected])
  })
})

describe('domains: underscores, a trailing dot, UTF-8 (item 12; fixture 2.4)', () => {
  it('takes what Postfix takes', () => {
    const c = converse()
    expect(c.say('HELO ex_ample.net')).toEqual(['250 mail.example.com'])
    expect(c.say('MAIL FROM:<a@b_c.example>')).toEqual(['250 2.1.0 Ok'])
    expect(c.say('RCPT TO:<alice@example.com.>')).toEqual(['250 2.1.5 Ok'])
    expect(c.say('RCPT TO:<alice@EXAMPLE.COM.>')).toEqual(['250 2.1.5 Ok'])
    expect(c.say('RCPT TO:<carol@ex_ample.net>')).toEqual(['554 5.7.1 <carol@ex_ample.net>: Relay access denied'])
    expect(c.say('RCPT TO:<alice@example.com..>')).toEqual(['501 5.1.3 Bad recipient address syntax'])
    expect(c.say('RCPT TO:<x@bücher.example>')).toEqual(['501 5.1.3 Bad recipient address syntax'])
    c.say('RSET')
    expect(c.say('MAIL FROM:<a@b.example..>')).toEqual(['501 5.1.7 Bad sender address syntax'])
    expect(c.say('MAIL FROM:<a@bücher.example>')).toEqual(['501 5.1.7 Bad sender address syntax'])
    expect(c.say('MAIL FROM:<a@bücher.example> SMTPUTF8')).toEqual(['250 2.1.0 Ok'])
    expect(c.say('RCPT TO:<x@bücher.example>')).toEqual(['554 5.7.1 <x@b?cher.example>: Relay access denied'])
  })

  it('delivers to alice@example.com. as to alice', () => {
    const c = inTransaction()
    c.say('RCPT TO:<bob@example.com.>')
    c.say('DATA')
    c.say('Subject: dot\r\n\r\nx\r\n.')
    expect(c.world.host('mail.example.com')!.mailbox('bob')).toHaveLength(1)
  })
})

describe('BDAT (item 12; fixture 2.5)', () => {
  const small: Personality = { ...PERSONALITIES.postfix, limits: { ...LIMITS.postfix, messageSize: 100 } }

  it('BDAT 0 without LAST is a null request; the chunks after it are discarded up to LAST', () => {
    const c = inTransaction()
    expect(c.say('BDAT 0')).toEqual(['551 5.7.1 Null BDAT request'])
    expect(lines(wireOf(c.send('BDAT 5\r\nhello')))).toEqual(['551 5.0.0 Discarded 5 bytes after earlier error'])
    expect(c.say('BDAT 0 LAST')).toEqual(['551 5.0.0 Discarded 0 bytes after earlier error'])
    expect(c.say('NOOP')).toEqual(['250 2.0.0 Ok'])
    expect(converse().say('BDAT 0')).toEqual(['551 5.7.1 Null BDAT request'])
  })

  it('a chunk past the size limit: 552 when its octets are read, then discarded until LAST', () => {
    const c = inTransaction({ personality: small })
    expect(lines(wireOf(c.send('BDAT 60\r\n' + 'z'.repeat(60))))).toEqual(['250 2.0.0 Ok: 60 bytes'])
    expect(lines(wireOf(c.send('BDAT 60\r\n' + 'z'.repeat(30))))).toEqual([])
    expect(lines(wireOf(c.send('z'.repeat(30))))).toEqual(['552 5.3.4 Chunk exceeds message size limit'])
    expect(lines(wireOf(c.send('BDAT 1 LAST\r\nz')))).toEqual(['551 5.0.0 Discarded 1 bytes after earlier error'])
    expect(c.events.some((e) => e.type === 'message-accepted')).toBe(false)
    expect(c.say('MAIL FROM:<a@b.example>')).toEqual(['250 2.1.0 Ok'])
  })

  it('never holds more of a chunk than the size allows: a huge chunk is counted and thrown away', () => {
    const c = inTransaction({ personality: small })
    expect(c.say('BDAT 99999999 LAST')).toEqual([])
    const mega = new Uint8Array(1 << 20).fill(0x79)
    let replies: string[] = []
    for (let sent = 0; sent < 99999999; sent += mega.length) replies = lines(wireOf(c.send(mega.subarray(0, Math.min(mega.length, 99999999 - sent)))))
    expect(replies).toEqual(['552 5.3.4 Chunk exceeds message size limit'])
  })

  it('the declared SIZE is not enforced on chunks, as in Postfix', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example> SIZE=10')
    c.say('RCPT TO:<alice@example.com>')
    expect(lines(wireOf(c.send('BDAT 8\r\n12345678BDAT 8 LAST\r\nabcdefgh')))).toEqual(['250 2.0.0 Ok: 8 bytes', expect.stringMatching(/^250 2\.0\.0 Ok: 18 bytes queued as /)])
  })

  it('no valid recipient: 554 5.5.1, the next chunks discarded', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    c.say('RCPT TO:<nosuchuser@example.com>')
    expect(lines(wireOf(c.send('BDAT 5\r\nhello')))).toEqual(['554 5.5.1 Error: no valid recipients'])
    expect(lines(wireOf(c.send('BDAT 3 LAST\r\nend')))).toEqual(['551 5.0.0 Discarded 3 bytes after earlier error'])
    expect(c.say('NOOP')).toEqual(['250 2.0.0 Ok'])
    const d = afterEhlo()
    d.say('MAIL FROM:<a@b.example>')
    expect(lines(wireOf(d.send('BDAT 5\r\nhello')))).toEqual(['554 5.5.1 Error: no valid recipients'])
  })

  it('RCPT, MAIL and DATA after a chunk', () => {
    const c = inTransaction()
    c.send('BDAT 5\r\nhello')
    expect(c.say('RCPT TO:<bob@example.com>')).toEqual(['503 5.5.1 Error: RCPT after BDAT'])
    expect(c.say('MAIL FROM:<c@d.example>')).toEqual(['503 5.5.1 Error: nested MAIL command'])
    expect(c.say('DATA')).toEqual(['503 5.5.1 Error: DATA after BDAT'])
  })

  it('a count that does not fit ends the session; leading zeros and lower-case last are fine', () => {
    const c = afterEhlo()
    expect(c.say('BDAT 99999999999999999999')).toEqual(['521 5.5.4 Syntax: BDAT count [LAST]'])
    expect(closed(c.events)).toBe(true)
    const d = inTransaction()
    expect(lines(wireOf(d.send('BDAT 0005 last\r\nhello')))[0]).toMatch(/^250 2\.0\.0 Ok: 7 bytes queued as /)
  })
})

describe('error and junk counting (item 12; fixture 2.6)', () => {
  it('the 452s past the recipient limit are not errors: 1030 pipelined RCPTs end in 30 × 452, no 421', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    const replies = lines(wireOf(c.send(Array.from({ length: 1030 }, (_, i) => `RCPT TO:<alice+${i}@example.com>\r\n`).join(''))))
    expect(replies.filter((r) => r === '250 2.1.5 Ok')).toHaveLength(1000)
    expect(replies.slice(1000)).toEqual(Array(30).fill('452 4.5.3 Error: too many recipients'))
    expect(c.say('DATA')).toEqual(['354 End data with <CR><LF>.<CR><LF>'])
  })

  it('HELO counts as a junk command: 125 HELO → 121 × 250, then 421', () => {
    const c = converse()
    const replies = lines(wireOf(c.send('HELO client.example.net\r\n'.repeat(125))))
    expect(replies).toHaveLength(122)
    expect(replies.at(-1)).toBe('421 4.7.0 mail.example.com Error: too many errors')
  })

  it('junk commands count inside a transaction too: EHLO, MAIL, RCPT, then the 120th NOOP brings the 421', () => {
    const c = inTransaction()
    const replies = lines(wireOf(c.send('NOOP\r\n'.repeat(125))))
    expect(replies).toHaveLength(121)
    expect(replies.at(-1)).toBe('421 4.7.0 mail.example.com Error: too many errors')
  })

  it('a delivered message starts the junk count again', () => {
    const c = afterEhlo()
    c.send('NOOP\r\n'.repeat(100))
    c.say('MAIL FROM:<a@b.example>')
    c.say('RCPT TO:<alice@example.com>')
    c.say('DATA')
    c.say('Subject: reset\r\n\r\nx\r\n.')
    const replies = lines(wireOf(c.send('NOOP\r\n'.repeat(125))))
    expect(replies).toHaveLength(122)
    expect(replies.at(-1)).toBe('421 4.7.0 mail.example.com Error: too many errors')
  })
})
