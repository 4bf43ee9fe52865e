// History mode: the `rfc821` personality, a server of 1982 as RFC 821 describes it — one test per behaviour it adds
// (README, "Server personalities"), each beside the modern answer it replaced.
import { describe, expect, it } from 'vitest'
import { PERSONALITIES, World, type ModelEvent, type PersonalityName } from '../../src/smtp'

const decoder = new TextDecoder()

/** A session with mail.example.com (or `host`) from client.example.net, in one personality; replies as wire lines. */
function session(personality: PersonalityName, input: string, opts: { host?: string; world?: World } = {}) {
  const world = opts.world ?? new World()
  if (personality === 'rfc821') world.relayPersonality = PERSONALITIES.rfc821
  const c = world.host(opts.host ?? 'mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' }, PERSONALITIES[personality])
  const events: ModelEvent[] = [...c.start(), ...c.receive(input)]
  const replies = events.flatMap((e) => (e.type === 'reply' ? e.wire.split('\r\n').filter(Boolean) : []))
  return { world, events, replies }
}

const TX = (verb: string, to: string) => `HELO client.example.net\r\n${verb} FROM:<student@client.example.net>\r\nRCPT TO:<${to}>\r\nDATA\r\nSubject: hello\r\n\r\nAre you there?\r\n.\r\n`

describe('rfc821: the greeting, HELO and EHLO', () => {
  it('greets in RFC 821 words and knows no EHLO (RFC 1869 came in 1995): 500, then HELO works', () => {
    const { replies } = session('rfc821', 'EHLO client.example.net\r\nHELO client.example.net\r\n')
    expect(replies).toEqual(['220 mail.example.com Simple Mail Transfer Service Ready', '500 Syntax error, command unrecognized', '250 mail.example.com'])
  })

  it('answers in RFC 821 §4.2.1 words, with no enhanced status codes', () => {
    const { replies } = session('rfc821', TX('MAIL', 'bob@example.com') + 'RCPT TO:<x@example.com>\r\nNOOP\r\nQUIT\r\n')
    expect(replies.slice(1)).toEqual([
      '250 mail.example.com',
      '250 OK',
      '250 OK',
      '354 Start mail input; end with <CRLF>.<CRLF>',
      '250 OK',
      '503 Bad sequence of commands',
      '250 OK',
      '221 mail.example.com Service closing transmission channel',
    ])
  })

  it('knows no extension verb (STARTTLS, AUTH, BDAT, ETRN: 500) and takes no ESMTP parameter', () => {
    const { replies } = session('rfc821', 'HELO c.example\r\nSTARTTLS\r\nAUTH PLAIN\r\nBDAT 0 LAST\r\nETRN example.com\r\nMAIL FROM:<a@client.example.net> SIZE=10\r\n')
    expect(replies.slice(2)).toEqual([
      '500 Syntax error, command unrecognized',
      '500 Syntax error, command unrecognized',
      '500 Syntax error, command unrecognized',
      '500 Syntax error, command unrecognized',
      '501 Syntax error in parameters or arguments',
    ])
  })

  it('wants HELO before MAIL (503), and a domain in it (501)', () => {
    const { replies } = session('rfc821', 'MAIL FROM:<a@client.example.net>\r\nHELO not_a_domain!\r\n')
    expect(replies.slice(1)).toEqual(['503 Bad sequence of commands', '501 Syntax error in parameters or arguments'])
  })

  it('HELP lists RFC 821\'s commands, and only those', () => {
    const { replies } = session('rfc821', 'HELP\r\n')
    expect(replies[1]).toBe('214-Commands: HELO MAIL RCPT DATA RSET SEND SOML SAML VRFY EXPN HELP NOOP QUIT TURN')
  })

  it('VRFY says 250 and the mailbox, as RFC 821 §3.3 did (252 came with RFC 1123)', () => {
    expect(session('rfc821', 'HELO c.example\r\nVRFY bob\r\n').replies[2]).toBe('250 <bob>')
    expect(session('postfix', 'HELO c.example\r\nVRFY bob\r\n').replies[2]).toBe('252 2.0.0 bob')
  })
})

describe('rfc821: SEND, SOML, SAML write to a logged-in user\'s terminal (RFC 821 §4.1.1)', () => {
  const terminal = (events: readonly ModelEvent[]) => events.filter((e) => e.type === 'terminal-message')

  it('SEND to bob, who is logged in on mail.example.com: his terminal shows it, his mailbox stays empty', () => {
    const { world, events, replies } = session('rfc821', TX('SEND', 'bob@example.com'))
    expect(replies.slice(2)).toEqual(['250 OK', '250 OK', '354 Start mail input; end with <CRLF>.<CRLF>', '250 OK'])
    expect(terminal(events)).toEqual([{ type: 'terminal-message', host: 'mail.example.com', user: 'bob', sender: 'student@client.example.net', lines: ['Subject: hello', '', 'Are you there?'] }])
    expect(world.host('mail.example.com')!.mailbox('bob')).toHaveLength(0)
  })

  it('SEND to alice, who is not logged in: 450 at RCPT, nothing written anywhere', () => {
    const { world, events, replies } = session('rfc821', TX('SEND', 'alice@example.com'))
    expect(replies[3]).toBe('450 User not active now')
    expect(terminal(events)).toEqual([])
    expect(world.host('mail.example.com')!.mailbox('alice')).toHaveLength(0)
  })

  it('SOML: the terminal when the user is logged in, the mailbox when not', () => {
    const bob = session('rfc821', TX('SOML', 'bob@example.com'))
    expect(terminal(bob.events)).toHaveLength(1)
    expect(bob.world.host('mail.example.com')!.mailbox('bob')).toHaveLength(0)
    const alice = session('rfc821', TX('SOML', 'alice@example.com'))
    expect(terminal(alice.events)).toHaveLength(0)
    expect(alice.world.host('mail.example.com')!.mailbox('alice')).toHaveLength(1)
  })

  it('SAML: both the terminal and the mailbox', () => {
    const { world, events } = session('rfc821', TX('SAML', 'bob@example.com'))
    expect(terminal(events)).toHaveLength(1)
    expect(world.host('mail.example.com')!.mailbox('bob')).toHaveLength(1)
  })

  it('SEND to your own MTA writes to your own terminal: student is logged in on client.example.net', () => {
    const { events } = session('rfc821', TX('SEND', 'student@client.example.net'), { host: 'client.example.net' })
    expect(terminal(events)).toMatchObject([{ host: 'client.example.net', user: 'student' }])
  })

  it('a modern server does not know SEND, SOML, SAML or TURN: 500 (RFC 5321 App. F.6)', () => {
    const { replies } = session('postfix', 'EHLO c.example\r\nSEND FROM:<a@b.example>\r\nSOML FROM:<a@b.example>\r\nSAML FROM:<a@b.example>\r\nTURN\r\n')
    expect(replies.slice(-4)).toEqual(Array(4).fill('500 5.5.2 Error: command not recognized'))
  })
})

describe('rfc821: TURN is refused with a reason', () => {
  it('502 Command not implemented, and the cause says why (RFC 5321 App. F.1)', () => {
    const { events } = session('rfc821', 'HELO c.example\r\nTURN\r\n')
    const last = events.filter((e) => e.type === 'reply').at(-1)
    expect(last).toMatchObject({ wire: '502 Command not implemented\r\n' })
    expect(last && last.type === 'reply' ? last.cause : '').toMatch(/claims to be its destination/)
  })
})

describe('rfc821: source routes are honoured, as RFC 821 §3.6 describes', () => {
  it('RCPT TO:<@mail.example.com:carol@example.net> at mail.example.com: it takes its name off, relays, and puts its name on the reverse-path', () => {
    const { world, events, replies } = session('rfc821', TX('MAIL', '@mail.example.com:carol@example.net'))
    expect(replies[3]).toBe('250 OK')
    expect(events).toContainEqual({ type: 'source-route-honoured', route: ['mail.example.com'], mailbox: 'carol@example.net', next: 'example.net' })
    const [message] = world.host('mx.example.net')!.mailbox('carol')
    expect(decoder.decode(message!.content)).toMatch(/^Return-Path: <@mail\.example\.com:student@client\.example\.net>\r\n/)
  })

  it('a two-hop route is followed hop by hop, and the reverse-path grows at each hop (RFC 821 §4.1.1, example 8)', () => {
    const { world, events } = session('rfc821', TX('MAIL', '@mail.example.com,@mx.example.net:student@client.example.net'))
    expect(events).toContainEqual(expect.objectContaining({ type: 'relayed', host: 'mail.example.com', to: 'mx.example.net' }))
    expect(events).toContainEqual(expect.objectContaining({ type: 'relayed', host: 'mx.example.net', to: 'client.example.net' }))
    const [message] = world.host('client.example.net')!.mailbox('student')
    expect(decoder.decode(message!.content)).toMatch(/^Return-Path: <@mx\.example\.net,@mail\.example\.com:student@client\.example\.net>\r\n/)
  })

  it('a modern server strips the route and delivers to the mailbox (RFC 5321 §3.6.1): a stranger may not relay', () => {
    const { events, replies } = session('postfix', TX('MAIL', '@mail.example.com:carol@example.net').replace('HELO', 'EHLO'))
    expect(events).toContainEqual({ type: 'source-route-stripped', role: 'recipient', route: ['mail.example.com'], mailbox: 'carol@example.net' })
    expect(replies.find((l) => l.startsWith('554'))).toBe('554 5.7.1 <carol@example.net>: Relay access denied')
  })
})

describe('rfc821: an open relay, as every host was in 1982', () => {
  it('relays for a stranger without a route, and says so with 251 (RFC 821 §3.4); postfix refuses (554 5.7.1)', () => {
    const old = session('rfc821', TX('MAIL', 'carol@example.net'))
    expect(old.replies[3]).toBe('251 User not local; will forward to <carol@example.net>')
    expect(old.world.host('mx.example.net')!.mailbox('carol')).toHaveLength(1)
    expect(session('postfix', TX('MAIL', 'carol@example.net')).replies[3]).toBe('554 5.7.1 <carol@example.net>: Relay access denied')
  })
})
