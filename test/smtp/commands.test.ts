// Transcript tests for every command and its error paths (RFC 5321 §4.1.1, §4.3.2), against the default world.
// Wording and choices the RFC leaves open are pinned to Postfix 3.7.11 (test/fixtures/postfix-reference.md).
import { describe, expect, it } from 'vitest'
import { afterEhlo, converse, inTransaction, text } from '../helpers/conversation'

describe('greeting and hello', () => {
  it('greets with 220 and the host name first (5321 §4.2, §4.3.1)', () => {
    expect(converse().greeting).toEqual(['220 mail.example.com ESMTP Postfix'])
  })

  it('names Postfix only where the personality is Postfix: the banner is personality data', () => {
    expect(converse({ personality: 'rfc' }).greeting).toEqual(['220 mail.example.com ESMTP'])
    expect(converse({ personality: 'lenient' }).greeting).toEqual(['220 mail.example.com ESMTP'])
    expect(converse({ personality: 'postfix' }).greeting).toEqual(['220 mail.example.com ESMTP Postfix'])
  })

  it('answers EHLO on port 25 as Postfix with Debian\'s certificate does: STARTTLS, no EXPN (fixture part 2)', () => {
    expect(converse().say('EHLO client.example.net')).toEqual([
      '250-mail.example.com',
      '250-PIPELINING',
      '250-SIZE 10240000',
      '250-VRFY',
      '250-ETRN',
      '250-STARTTLS',
      '250-ENHANCEDSTATUSCODES',
      '250-8BITMIME',
      '250-DSN',
      '250-SMTPUTF8',
      '250 CHUNKING',
    ])
  })

  it('answers HELO with one line and no extensions (5321 §4.1.1.1)', () => {
    expect(converse().say('HELO client.example.net')).toEqual(['250 mail.example.com'])
  })

  it('wants an argument to HELO and EHLO', () => {
    const c = converse()
    expect(c.say('HELO')).toEqual(['501 Syntax: HELO hostname'])
    expect(c.say('EHLO')).toEqual(['501 Syntax: EHLO hostname'])
  })

  it('accepts an address literal in EHLO', () => {
    expect(converse().say('EHLO [192.0.2.30]')[0]).toBe('250-mail.example.com')
  })

  it('takes verbs in any case (5321 §2.4)', () => {
    expect(converse().say('ehlo client.example.net')[0]).toBe('250-mail.example.com')
  })

  it('under the rfc personality, checks the EHLO name', () => {
    const c = converse({ personality: 'rfc' })
    expect(c.say('EHLO bad_host!name')).toEqual(['501 5.5.2 <bad_host!name>: Helo command rejected: Invalid name'])
    expect(c.say('EHLO [IPv6:2001:db8::1]')[0]).toBe('250-mail.example.com')
  })

  it('resets an open transaction on a new EHLO (5321 §4.1.4)', () => {
    const c = inTransaction()
    c.say('EHLO again.example.net')
    expect(c.say('DATA')).toEqual(['503 5.5.1 Error: need RCPT command'])
    expect(c.events.some((e) => e.type === 'transaction-reset' && e.by === 'EHLO')).toBe(true)
  })
})

describe('MAIL FROM', () => {
  it('accepts a sender', () => {
    expect(afterEhlo().say('MAIL FROM:<student@client.example.net>')).toEqual(['250 2.1.0 Ok'])
  })

  it('accepts the null reverse-path <> (5321 §3.6.3)', () => {
    expect(afterEhlo().say('MAIL FROM:<>')).toEqual(['250 2.1.0 Ok'])
  })

  it('refuses a nested MAIL (5321 §4.1.4)', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@example.net>')
    expect(c.say('MAIL FROM:<b@example.net>')).toEqual(['503 5.5.1 Error: nested MAIL command'])
  })

  it('accepts MAIL before HELO, as Postfix does by default, but not under the rfc personality', () => {
    expect(converse().say('MAIL FROM:<a@example.net>')).toEqual(['250 2.1.0 Ok'])
    expect(converse({ personality: 'rfc' }).say('MAIL FROM:<a@example.net>')).toEqual(['503 5.5.1 Error: send HELO/EHLO first'])
  })

  it.each([
    ['MAIL', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL FROM', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL TO:<a@example.net>', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL FROM:<a@example.net', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<a@-bad-.example>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<john smith@example.net>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<a@[300.1.1.1]>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<a@b..example>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<a@>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<a@192.0.2.1>', '501 5.1.7 Bad sender address syntax'],
    [`MAIL FROM:<a@${'d'.repeat(256)}>`, '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM<a@b.example>', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL FROM :<a@b.example>', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL FROM:<a@b.example>FOO', '501 5.1.7 Bad sender address syntax'],
  ])('refuses the malformed %j', (line, expected) => {
    expect(afterEhlo().say(line)).toEqual([expected])
  })

  it.each([
    'MAIL FROM:<"john smith"@example.net>',
    'MAIL FROM:<"a\\"b"@example.net>',
    'MAIL FROM:<a@[192.0.2.1]>',
    'MAIL FROM:<a@[IPv6:2001:db8::1]>',
    'MAIL FROM:<a@[IPv6:::ffff:192.0.2.1]>',
    'MAIL FROM:<a@b.example> SIZE=1000',
    'MAIL FROM:<a@b.example> BODY=8BITMIME',
    'MAIL FROM:<a@b.example> body=7bit',
    'MAIL FROM:<a@b.example> SIZE=10240000',
    `MAIL FROM:<a@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(63)}>`,
  ])('accepts the well-formed %j', (line) => {
    expect(afterEhlo().say(line)).toEqual(['250 2.1.0 Ok'])
  })

  it('tolerates a space after the colon as Postfix does, and says so; the rfc personality refuses it (5321 §3.3)', () => {
    const c = afterEhlo()
    expect(c.say('MAIL FROM: <a@b.example>')).toEqual(['250 2.1.0 Ok'])
    expect(c.events).toContainEqual({ type: 'syntax-tolerated', what: 'a space after "FROM:"' })
    expect(afterEhlo({ personality: 'rfc' }).say('MAIL FROM: <a@b.example>')).toEqual(['501 5.5.4 Syntax: MAIL FROM:<address>'])
  })

  it('tolerates a missing pair of angle brackets as Postfix does; the rfc personality refuses it', () => {
    expect(afterEhlo().say('MAIL FROM:a@b.example')).toEqual(['250 2.1.0 Ok'])
    expect(afterEhlo({ personality: 'rfc' }).say('MAIL FROM:a@b.example')).toEqual(['501 5.1.7 Bad sender address syntax'])
  })

  it.each(['MAIL FROM:<a..b@example.net>', `MAIL FROM:<${'x'.repeat(65)}@example.net>`, 'MAIL FROM:<postmaster>'])(
    'accepts %j as Postfix does; the rfc personality refuses it',
    (line) => {
      expect(afterEhlo().say(line)).toEqual(['250 2.1.0 Ok'])
      expect(afterEhlo({ personality: 'rfc' }).say(line)).toEqual(['501 5.1.7 Bad sender address syntax'])
    },
  )

  it('tolerates white space runs and TABs between verb and argument', () => {
    expect(afterEhlo().say('  mail \t FROM:<a@b.example>  ')).toEqual(['250 2.1.0 Ok'])
  })

  it('refuses unknown parameters with 555 (5321 §4.1.1.11)', () => {
    expect(afterEhlo().say('MAIL FROM:<a@b.example> FOO=BAR')).toEqual(['555 5.5.4 Unsupported option: FOO=BAR'])
  })

  it('refuses a declared SIZE over the limit with 552 5.3.4 (RFC 1870 §6.1)', () => {
    expect(afterEhlo().say('MAIL FROM:<a@b.example> SIZE=99999999')).toEqual(['552 5.3.4 Message size exceeds fixed limit'])
  })

  it('refuses a malformed SIZE or BODY value', () => {
    expect(afterEhlo().say('MAIL FROM:<a@b.example> SIZE=big')).toEqual(['501 5.5.4 Bad message size syntax'])
    expect(afterEhlo().say('MAIL FROM:<a@b.example> SIZE')).toEqual(['555 5.5.4 Unsupported option: SIZE'])
    expect(afterEhlo().say('MAIL FROM:<a@b.example> BODY=FOO')).toEqual(['555 5.5.4 Unsupported option: BODY=FOO'])
  })
})

describe('RCPT TO', () => {
  it('needs MAIL first (5321 §3.3)', () => {
    const c = afterEhlo()
    expect(c.say('RCPT TO:<alice@example.com>')).toEqual(['503 5.5.1 Error: need MAIL command'])
    const reply = c.events.findLast((e) => e.type === 'reply')
    expect(reply?.type === 'reply' && reply.cause).toBe('RCPT before MAIL')
  })

  it.each(['alice@example.com', 'ALICE@EXAMPLE.COM', 'alice+news@example.com', 'bob@example.com', 'postmaster@example.com', 'POSTMASTER@example.com', 'info@example.com', 'staff@example.com', 'alice@mail.example.com', 'alice@[192.0.2.10]'])(
    'accepts the local recipient <%s>',
    (address) => {
      const c = afterEhlo()
      c.say('MAIL FROM:<a@b.example>')
      expect(c.say(`RCPT TO:<${address}>`)).toEqual(['250 2.1.5 Ok'])
    },
  )

  it('accepts <Postmaster> with no domain, in any case (5321 §4.1.1.3, §4.5.1)', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say('RCPT TO:<Postmaster>')).toEqual(['250 2.1.5 Ok'])
    expect(c.say('RCPT TO:<postmaster>')).toEqual(['250 2.1.5 Ok'])
  })

  it('refuses an unknown local user with 550 5.1.1', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say('RCPT TO:<nobody@example.com>')).toEqual([
      '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table',
    ])
  })

  it('refuses to relay for a stranger with 554 5.7.1 (README, "The world")', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say('RCPT TO:<carol@example.net>')).toEqual(['554 5.7.1 <carol@example.net>: Relay access denied'])
  })

  it('completes a domain-less recipient with its own host name, as Postfix does (myorigin); rfc refuses it', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say('RCPT TO:<alice>')).toEqual(['250 2.1.5 Ok'])
    expect(c.connection.session.envelope?.recipients).toEqual(['alice@mail.example.com'])
    expect(c.events).toContainEqual({ type: 'syntax-tolerated', what: 'an address without a domain, completed as alice@mail.example.com' })
    const strict = afterEhlo({ personality: 'rfc' })
    strict.say('MAIL FROM:<a@b.example>')
    expect(strict.say('RCPT TO:<alice>')).toEqual(['501 5.1.3 Bad recipient address syntax'])
  })

  it('refuses the null path and a bad RCPT shape', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say('RCPT TO:<>')).toEqual(['501 5.1.3 Bad recipient address syntax'])
    expect(c.say('RCPT FROM:<alice@example.com>')).toEqual(['501 5.5.4 Syntax: RCPT TO:<address>'])
    expect(c.say('RCPT')).toEqual(['501 5.5.4 Syntax: RCPT TO:<address>'])
  })

  it('refuses RCPT parameters it did not advertise with 555', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say('RCPT TO:<alice@example.com> FOO=1')).toEqual(['555 5.5.4 Unsupported option: FOO=1'])
  })

  it('keeps earlier recipients when one is refused', () => {
    const c = inTransaction()
    c.say('RCPT TO:<nobody@example.com>')
    expect(c.connection.session.envelope?.recipients).toEqual(['alice@example.com'])
  })
})

describe('source routes (5321 §4.1.2, §3.6.1, Appendix C)', () => {
  it('accepts a routed recipient, strips the route and reports it', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<@a.example,@b.example:joe@c.example>')
    expect(c.say('RCPT TO:<@relay.example:alice@example.com>')).toEqual(['250 2.1.5 Ok'])
    expect(c.connection.session.envelope).toMatchObject({ sender: 'joe@c.example', recipients: ['alice@example.com'] })
    expect(c.events.filter((e) => e.type === 'source-route-stripped')).toEqual([
      { type: 'source-route-stripped', role: 'sender', route: ['a.example', 'b.example'], mailbox: 'joe@c.example' },
      { type: 'source-route-stripped', role: 'recipient', route: ['relay.example'], mailbox: 'alice@example.com' },
    ])
  })

  it('refuses a malformed route', () => {
    expect(afterEhlo().say('MAIL FROM:<@a.example joe@c.example>')).toEqual(['501 5.1.7 Bad sender address syntax'])
    expect(afterEhlo().say('MAIL FROM:<@a.example,b.example:joe@c.example>')).toEqual(['501 5.1.7 Bad sender address syntax'])
  })
})

describe('DATA', () => {
  it('needs MAIL and RCPT first (Postfix names RCPT even when MAIL is missing)', () => {
    const c = afterEhlo()
    expect(c.say('DATA')).toEqual(['503 5.5.1 Error: need RCPT command'])
    c.say('MAIL FROM:<a@b.example>')
    expect(c.say('DATA')).toEqual(['554 5.5.1 Error: no valid recipients'])
  })

  it('says "no valid recipients" when every RCPT was refused', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<a@b.example>')
    c.say('RCPT TO:<nobody@example.com>')
    expect(c.say('DATA')).toEqual(['554 5.5.1 Error: no valid recipients'])
  })

  it('takes no argument', () => {
    expect(inTransaction().say('DATA now')).toEqual(['501 5.5.4 Syntax: DATA'])
  })

  it('answers 354, then 250 with a queue id after the final dot, and delivers', () => {
    const c = inTransaction()
    expect(c.say('DATA')).toEqual(['354 End data with <CR><LF>.<CR><LF>'])
    expect(c.send('Subject: hi\r\n\r\nHello\r\n')).toEqual([])
    const replies = c.say('.')
    expect(replies).toHaveLength(1)
    expect(replies[0]).toMatch(/^250 2\.0\.0 Ok: queued as [0-9A-F]{10}$/)
    const stored = c.world.host('mail.example.com')?.mailbox('alice')
    expect(stored).toHaveLength(1)
    expect(text(stored?.[0]?.content ?? new Uint8Array())).toMatch(/\r\nSubject: hi\r\n\r\nHello\r\n$/)
  })

  it('ends the transaction: the next DATA needs a new MAIL', () => {
    const c = inTransaction()
    c.say('DATA')
    c.say('.')
    expect(c.say('RCPT TO:<alice@example.com>')).toEqual(['503 5.5.1 Error: need MAIL command'])
  })
})

describe('RSET, NOOP, HELP, QUIT', () => {
  it('RSET clears the transaction and answers 250 (5321 §4.1.1.5)', () => {
    const c = inTransaction()
    expect(c.say('RSET')).toEqual(['250 2.0.0 Ok'])
    expect(c.say('DATA')).toEqual(['503 5.5.1 Error: need RCPT command'])
  })

  it('RSET takes no argument', () => {
    expect(afterEhlo().say('RSET now')).toEqual(['501 5.5.4 Syntax: RSET'])
  })

  it('NOOP answers 250 and ignores its argument (5321 §4.1.1.9)', () => {
    const c = converse()
    expect(c.say('NOOP')).toEqual(['250 2.0.0 Ok'])
    expect(c.say('NOOP hello there')).toEqual(['250 2.0.0 Ok'])
  })

  it('HELP lists the commands, and explains one (rfc personality; Postfix has no HELP)', () => {
    const c = converse({ personality: 'rfc' })
    const all = c.say('HELP')
    expect(all[0]).toMatch(/^214-2\.0\.0 Commands: HELO EHLO MAIL RCPT DATA RSET VRFY EXPN HELP NOOP QUIT$/)
    expect(all.at(-1)).toMatch(/^214 2\.0\.0 /)
    expect(c.say('HELP mail')).toEqual(['214 2.0.0 MAIL FROM:<reverse-path> [parameters] - start a transaction (RFC 5321 4.1.1.2)'])
    expect(c.say('HELP FROB')).toEqual(['504 5.5.1 HELP topic not known: FROB'])
  })

  it('QUIT answers 221 and nothing after it is answered (5321 §4.1.1.10)', () => {
    const c = afterEhlo()
    const events = c.send('QUIT\r\nNOOP\r\n')
    expect(events.filter((e) => e.type === 'reply').map((e) => e.type === 'reply' && e.reply.code)).toEqual([221])
    expect(c.connection.closed).toBe(true)
    expect(c.send('NOOP\r\n')).toEqual([])
  })

  it('QUIT aborts an open transaction: nothing is delivered', () => {
    const c = inTransaction()
    c.say('QUIT')
    expect(c.world.host('mail.example.com')?.mailbox('alice')).toHaveLength(0)
  })
})

describe('VRFY and EXPN', () => {
  it('VRFY answers 252 for a local user, 550 for an unknown one (5321 §3.5.3)', () => {
    const c = converse()
    expect(c.say('VRFY alice')).toEqual(['252 2.0.0 alice'])
    expect(c.say('VRFY <alice@example.com>')).toEqual(['252 2.0.0 <alice@example.com>'])
    expect(c.say('VRFY alice@example.com')).toEqual(['252 2.0.0 alice@example.com'])
    expect(c.say('VRFY nobody')).toEqual(['550 5.1.1 <nobody>: Recipient address rejected: User unknown in local recipient table'])
    expect(c.say('VRFY')).toEqual(['501 5.5.4 Syntax: VRFY address [SMTPUTF8]'])
    expect(c.say('VRFY alice bob')).toEqual(['501 5.1.3 Bad recipient address syntax'])
  })

  it('EXPN lists an alias and a list, one mailbox per line (5321 §3.5.2; rfc personality, Postfix has no EXPN)', () => {
    const c = converse({ personality: 'rfc' })
    expect(c.say('EXPN staff')).toEqual(['250-2.1.5 <alice@example.com>', '250 2.1.5 <bob@example.com>'])
    expect(c.say('EXPN info')).toEqual(['250-2.1.5 <alice@example.com>', '250 2.1.5 <bob@example.com>'])
    expect(c.say('EXPN alice')).toEqual(['550 5.1.1 <alice>: not a mailing list or alias'])
    expect(c.say('EXPN')).toEqual(['501 5.5.4 Syntax: EXPN list'])
  })
})

describe('unknown and unimplemented commands (5321 §4.2.4)', () => {
  it('answers 500 5.5.2 to an unknown verb, and keeps the session', () => {
    const c = converse()
    expect(c.say('FROB')).toEqual(['500 5.5.2 Error: command not recognized'])
    expect(c.say('XFOO bar')).toEqual(['500 5.5.2 Error: command not recognized'])
    expect(c.say('NOOP')).toEqual(['250 2.0.0 Ok'])
  })

  it('answers 502 to an extension verb it knows but does not offer on this port', () => {
    expect(converse({ personality: 'rfc' }).say('ATRN')).toEqual(['502 5.5.1 Error: command not implemented'])
    expect(converse().say('ATRN')).toEqual(['500 5.5.2 Error: command not recognized']) // Postfix knows no ATRN
  })

  it('answers AUTH with 503 where AUTH is not offered, as Postfix does', () => {
    expect(afterEhlo().say('AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=')).toEqual(['503 5.5.1 Error: authentication not enabled'])
  })

  it('does not recognise the verbs RFC 5321 removed (SEND, SOML, SAML, TURN), like Postfix', () => {
    const c = converse()
    for (const verb of ['TURN', 'SEND FROM:<a@b.example>', 'SOML FROM:<a@b.example>', 'SAML FROM:<a@b.example>']) {
      expect(c.say(verb)).toEqual(['500 5.5.2 Error: command not recognized'])
    }
  })

  it.each(['.', '..', '.foo', 'Subject: x', 'X-Foo: bar', 'FOO:', 'MAIL: x', ' Subject: x'])(
    'hangs up with 221 2.7.0 on message text %j sent as a command, as Postfix does',
    (line) => {
      const c = afterEhlo()
      expect(c.say(line)).toEqual(['221 2.7.0 Error: I can break rules, too. Goodbye.'])
      expect(c.connection.closed).toBe(true)
    },
  )

  it.each(['Subject', 'FOO :x', 'hello world', 'x.'])('answers %j with 500, not a hang-up', (line) => {
    expect(afterEhlo().say(line)).toEqual(['500 5.5.2 Error: command not recognized'])
  })

  it('the rfc personality answers message text with 500 and keeps the session', () => {
    const c = afterEhlo({ personality: 'rfc' })
    expect(c.say('Subject: x')).toEqual(['500 5.5.2 Error: command not recognized'])
    expect(c.connection.closed).toBe(false)
  })

  it('answers an empty line with 500 5.5.2', () => {
    expect(converse().say('')).toEqual(['500 5.5.2 Error: bad syntax'])
    expect(converse().say('   ')).toEqual(['500 5.5.2 Error: bad syntax'])
  })
})

describe('too many errors and timeouts', () => {
  it('closes with 421 4.7.0 after 20 errors, as Postfix does (smtpd_hard_error_limit)', () => {
    const c = converse()
    for (let i = 0; i < 19; i++) expect(c.say('FROB')).toEqual(['500 5.5.2 Error: command not recognized'])
    expect(c.say('FROB')).toEqual(['500 5.5.2 Error: command not recognized', '421 4.7.0 mail.example.com Error: too many errors'])
    expect(c.connection.closed).toBe(true)
  })

  it('forgives earlier errors once a message is delivered, as Postfix does', () => {
    const c = converse()
    for (let i = 0; i < 15; i++) c.say('FROB')
    c.send('MAIL FROM:<a@b.example>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\nx\r\n.\r\n')
    for (let i = 0; i < 15; i++) expect(c.say('FROB')).toEqual(['500 5.5.2 Error: command not recognized'])
    expect(c.connection.closed).toBe(false)
  })

  it('counts NOOP, RSET and VRFY beyond 100 as errors (smtpd_junk_command_limit), so the 121st NOOP brings 421', () => {
    const c = converse()
    for (let i = 0; i < 120; i++) expect(c.say('NOOP')).toEqual(['250 2.0.0 Ok'])
    expect(c.say('NOOP')).toEqual(['250 2.0.0 Ok', '421 4.7.0 mail.example.com Error: too many errors'])
  })

  it('closes with 421 4.4.2 after 300 s of silence, on the injected clock (5321 §4.5.3.2.7)', () => {
    const c = afterEhlo()
    c.world.clock.advance(299_000)
    expect(c.connection.tick()).toEqual([])
    c.world.clock.advance(1_000)
    const events = c.connection.tick()
    expect(events.find((e) => e.type === 'reply')).toMatchObject({ wire: '421 4.4.2 mail.example.com Error: timeout exceeded\r\n' })
    expect(c.connection.closed).toBe(true)
  })
})
