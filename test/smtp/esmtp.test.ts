// ESMTP: the extensions the EHLO reply lists, each one really working (RFC 1870, 2920, 3030, 3207, 3461, 4954,
// 6152, 6409, 6531, 8314), on the three ports of mail.example.com.
import { hmac } from '@noble/hashes/hmac.js'
import { md5 } from '@noble/hashes/legacy.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PERSONALITIES, PROFILES, World, encodeBase64, repliesOf, wireOf, type ModelEvent, type PersonalityName, type ProfileName } from '../../src/smtp'
import { lines } from '../helpers/conversation'

const b64 = (s: string) => encodeBase64(s)
const PLAIN_ALICE = b64('\0alice\0wonderland')

function open(profile: ProfileName, opts: { personality?: PersonalityName; plaintextAuth?: boolean; clientIp?: string; world?: World } = {}) {
  const world = opts.world ?? new World()
  const c = world.host('mail.example.com')!.connect({ ip: opts.clientIp ?? '192.0.2.30', name: 'client.example.net' }, PERSONALITIES[opts.personality ?? 'postfix'], {
    profile: PROFILES[profile],
    plaintextAuth: opts.plaintextAuth ?? false,
  })
  const events: ModelEvent[] = [...c.start()]
  const say = (line: string) => {
    const e = c.receive(line + '\r\n')
    events.push(...e)
    return lines(wireOf(e))
  }
  const send = (raw: string | Uint8Array) => {
    const e = c.receive(raw)
    events.push(...e)
    return e
  }
  return { world, c, events, say, send }
}

/** A submission session after EHLO, STARTTLS and EHLO again: encrypted, not logged in. */
function encrypted(personality: PersonalityName = 'postfix') {
  const s = open('submission', { personality })
  s.say('EHLO x.example')
  s.say('STARTTLS')
  s.say('EHLO x.example')
  return s
}

/** A submission session that is encrypted and logged in as alice. */
function loggedIn(personality: PersonalityName = 'postfix') {
  const s = encrypted(personality)
  expect(s.say(`AUTH PLAIN ${PLAIN_ALICE}`)).toEqual(['235 2.7.0 Authentication successful'])
  return s
}

describe('port 587: STARTTLS then AUTH (RFC 3207, RFC 4954, RFC 6409)', () => {
  it('lists STARTTLS before the handshake and never after it (RFC 3207 §4.2)', () => {
    const s = open('submission')
    expect(s.say('EHLO client.example.net')).toEqual(['250-mail.example.com', '250-PIPELINING', '250-SIZE 52428800', '250-STARTTLS', '250-AUTH LOGIN PLAIN', '250-8BITMIME', '250 SMTPUTF8'])
    expect(s.say('STARTTLS')).toEqual(['220 2.0.0 Ready to start TLS'])
    expect(s.events).toContainEqual({ type: 'tls-started', implicit: false })
    expect(s.say('EHLO client.example.net')).toEqual(['250-mail.example.com', '250-AUTH LOGIN PLAIN', '250-8BITMIME', '250 SMTPUTF8'])
    expect(s.say('STARTTLS')).toEqual(['554 5.5.1 Error: TLS already active'])
  })

  it('wants STARTTLS before anything but EHLO, HELO, NOOP, RSET and QUIT', () => {
    const s = open('submission')
    s.say('EHLO client.example.net')
    expect(s.say('MAIL FROM:<alice@example.com>')).toEqual(['530 5.7.0 Must issue a STARTTLS command first'])
    expect(s.say(`AUTH PLAIN ${PLAIN_ALICE}`)).toEqual(['530 5.7.0 Must issue a STARTTLS command first'])
    expect(s.say('NOOP')).toEqual(['250 2.0.0 Ok'])
    expect(s.say('STARTTLS now')).toEqual(['501 5.5.4 Syntax: STARTTLS'])
  })

  it('throws away what was pipelined behind STARTTLS (RFC 3207 §4.2, the CVE-2011-0411 class of bug)', () => {
    const s = open('submission')
    s.say('EHLO client.example.net')
    const events = s.send('STARTTLS\r\nMAIL FROM:<mallory@example.net>\r\nRCPT TO:<bob@example.com>\r\n')
    expect(repliesOf(events).map((r) => r.code)).toEqual([220])
    expect(events).toContainEqual({ type: 'input-discarded', octets: 60, reason: 'sent before the TLS handshake' })
    expect(s.c.session.envelope).toBeNull()
  })

  it('forgets the EHLO and any transaction after STARTTLS', () => {
    const s = open('submission', { personality: 'rfc' })
    s.say('EHLO client.example.net')
    s.say('STARTTLS')
    s.say(`AUTH PLAIN ${PLAIN_ALICE}`)
    expect(s.say('MAIL FROM:<alice@example.com>')).toEqual(['503 5.5.1 Error: send HELO/EHLO first'])
  })

  it('takes mail only after AUTH, then relays for the authenticated user, with ESMTPSA in Received:', () => {
    const s = open('submission')
    s.say('EHLO client.example.net')
    s.say('STARTTLS')
    s.say('EHLO client.example.net')
    expect(s.say('MAIL FROM:<alice@example.com>')).toEqual(['530 5.7.0 Authentication required'])
    expect(s.say(`AUTH PLAIN ${PLAIN_ALICE}`)).toEqual(['235 2.7.0 Authentication successful'])
    expect(s.events).toContainEqual({ type: 'authenticated', user: 'alice', mechanism: 'PLAIN' })
    s.say('MAIL FROM:<alice@example.com>')
    expect(s.say('RCPT TO:<carol@example.net>')).toEqual(['250 2.1.5 Ok'])
    s.say('DATA')
    const events = s.send('Subject: hi carol\r\n\r\nHello.\r\n.\r\n')
    expect(events).toContainEqual({ type: 'headers-added', fields: ['Message-ID', 'Date'] })
    expect(events.some((e) => e.type === 'relayed' && e.to === 'mx.example.net')).toBe(true)
    const stored = new TextDecoder().decode(s.world.host('mx.example.net')!.mailbox('carol')[0]!.content)
    expect(stored).toMatch(/by mail\.example\.com \(Postfix\) with ESMTPSA id/)
    expect(stored).toMatch(/\r\nMessage-Id: <\d+\.[0-9A-F]+@mail\.example\.com>\r\nDate: /)
  })

  it('answers AUTH errors with the codes of RFC 4954 §4 and §6', () => {
    const s = encrypted('rfc')
    expect(s.say('AUTH')).toEqual(['501 5.5.4 Syntax: AUTH mechanism'])
    expect(s.say('AUTH FOO')).toEqual(['504 5.5.4 Unsupported authentication mechanism'])
    expect(s.say('AUTH DIGEST-MD5')).toEqual(['504 5.5.4 Unsupported authentication mechanism'])
    expect(s.events.findLast((e) => e.type === 'reply')).toMatchObject({ cause: expect.stringContaining('RFC 6331') })
    expect(s.say('AUTH PLAIN !!!')).toEqual(['501 5.5.2 Cannot decode response'])
    expect(s.say(`AUTH PLAIN ${b64('\0alice\0wrong')}`)).toEqual(['535 5.7.8 Error: authentication failed: authentication failure'])
    expect(s.say('AUTH LOGIN')).toEqual(['334 VXNlcm5hbWU6'])
    expect(s.say('*')).toEqual(['501 5.7.0 Authentication aborted'])
    s.say(`AUTH PLAIN ${PLAIN_ALICE}`)
    expect(s.say(`AUTH PLAIN ${PLAIN_ALICE}`)).toEqual(['503 5.5.1 Error: already authenticated'])
  })

  it('does PLAIN with an empty 334 challenge when there is no initial response', () => {
    const s = encrypted()
    const wire = wireOf(s.send('AUTH PLAIN\r\n'))
    expect(wire).toBe('334 \r\n')
    expect(s.say(PLAIN_ALICE)).toEqual(['235 2.7.0 Authentication successful'])
  })

  it('does LOGIN: Username:, then Password:', () => {
    const s = encrypted()
    expect(s.say('AUTH LOGIN')).toEqual(['334 VXNlcm5hbWU6'])
    expect(s.say(b64('alice'))).toEqual(['334 UGFzc3dvcmQ6'])
    expect(s.say(b64('wonderland'))).toEqual(['235 2.7.0 Authentication successful'])
  })

  it('does CRAM-MD5 with a challenge from the injected ids and the RFC 2195 digest', () => {
    const s = encrypted('rfc')
    const [challengeLine] = s.say('AUTH CRAM-MD5')
    const challenge = atob(challengeLine!.slice(4))
    expect(challenge).toMatch(/^<[0-9A-F]+@mail\.example\.com>$/)
    const digest = bytesToHex(hmac(md5, new TextEncoder().encode('wonderland'), new TextEncoder().encode(challenge)))
    expect(s.say(b64(`alice ${digest}`))).toEqual(['235 2.7.0 Authentication successful'])
  })

  it('does XOAUTH2 with a token from the world\'s issuer, and a JSON error challenge for a bad one', () => {
    const good = encrypted('rfc')
    expect(good.say(`AUTH XOAUTH2 ${b64('user=alice\x01auth=Bearer ya29.alice-in-wonderland\x01\x01')}`)).toEqual(['235 2.7.0 Authentication successful'])
    const bad = encrypted('rfc')
    const [challenge] = bad.say(`AUTH XOAUTH2 ${b64('user=alice\x01auth=Bearer stolen\x01\x01')}`)
    expect(JSON.parse(atob(challenge!.slice(4)))).toEqual({ status: '401', schemes: 'Bearer', scope: 'https://mail.example.com/' })
    expect(bad.say('')).toEqual(['535 5.7.8 Error: authentication failed: authentication failure'])
  })

  it('refuses AUTH inside a transaction', () => {
    const s = loggedIn('rfc')
    s.say('MAIL FROM:<alice@example.com>')
    expect(s.say(`AUTH PLAIN ${PLAIN_ALICE}`)).toEqual(['503 5.5.1 Error: already authenticated'])
  })

  it('with plaintext AUTH allowed (the bridge option), AUTH works before TLS and is listed', () => {
    const s = open('submission', { plaintextAuth: true, personality: 'rfc' })
    expect(s.say('EHLO x.example')).toContain('250-AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2')
    expect(s.say(`AUTH PLAIN ${PLAIN_ALICE}`)).toEqual(['235 2.7.0 Authentication successful'])
  })
})

describe('port 465: TLS from the first octet (RFC 8314 §3.3)', () => {
  it('greets inside TLS, lists no STARTTLS, and wants AUTH', () => {
    const s = open('submissions', { personality: 'rfc' })
    expect(s.events).toContainEqual({ type: 'tls-started', implicit: true })
    expect(s.say('EHLO x.example').join('\n')).not.toContain('STARTTLS')
    expect(s.say('MAIL FROM:<alice@example.com>')).toEqual(['530 5.7.0 Authentication required'])
    expect(s.say(`AUTH PLAIN ${PLAIN_ALICE}`)).toEqual(['235 2.7.0 Authentication successful'])
  })
})

describe('port 25: no AUTH, STARTTLS offered (as Debian\'s Postfix with its snakeoil certificate, fixture part 2)', () => {
  it('answers STARTTLS 220 and AUTH 503, before TLS and after', () => {
    const s = open('mta')
    s.say('EHLO x.example')
    expect(s.say(`AUTH PLAIN ${PLAIN_ALICE}`)).toEqual(['503 5.5.1 Error: authentication not enabled'])
    expect(s.say('STARTTLS')).toEqual(['220 2.0.0 Ready to start TLS'])
    expect(s.say(`AUTH PLAIN ${PLAIN_ALICE}`)).toEqual(['503 5.5.1 Error: authentication not enabled'])
  })

  it('answers ETRN as Postfix does', () => {
    const s = open('mta')
    expect(s.say('ETRN example.com')).toEqual(['459 <example.com>: service unavailable'])
    expect(s.say('ETRN')).toEqual(['500 Syntax: ETRN domain'])
    s.say('MAIL FROM:<a@b.example>')
    expect(s.say('ETRN example.com')).toEqual(['503 Error: MAIL transaction in progress'])
  })
})

describe('CHUNKING: BDAT (RFC 3030)', () => {
  const ready = () => {
    const s = open('mta')
    s.say('EHLO x.example')
    s.say('MAIL FROM:<a@b.example>')
    s.say('RCPT TO:<alice@example.com>')
    return s
  }
  const stored = (s: ReturnType<typeof open>) => s.world.host('mail.example.com')!.mailbox('alice').map((m) => new TextDecoder().decode(m.content))

  it('takes exact octet counts, no dot-stuffing, and answers each chunk (counts as Postfix reports them)', () => {
    const s = ready()
    expect(lines(wireOf(s.send('BDAT 12\r\nSubject: x\r\n')))).toEqual(['250 2.0.0 Ok: 12 bytes'])
    expect(lines(wireOf(s.send('BDAT 9\r\n\r\n.body\r\n')))).toEqual(['250 2.0.0 Ok: 9 bytes'])
    expect(s.say('DATA')).toEqual(['503 5.5.1 Error: DATA after BDAT'])
    const last = lines(wireOf(s.send('BDAT 2 LAST\r\nok')))
    expect(last[0]).toMatch(/^250 2\.0\.0 Ok: 25 bytes queued as [0-9A-F]+$/) // 23, and the CRLF Postfix adds
    expect(stored(s)[0]).toMatch(/\r\nSubject: x\r\n\r\n\.body\r\nok\r\n$/)
  })

  it('reads and throws away a chunk without a transaction, then answers 503', () => {
    const s = open('mta')
    expect(lines(wireOf(s.send('BDAT 5 LAST\r\nhelloNOOP\r\n')))).toEqual(['503 5.5.1 Error: need RCPT command', '250 2.0.0 Ok'])
  })

  it('closes with 521 on a malformed BDAT, as Postfix does', () => {
    const s = ready()
    expect(s.say('BDAT x')).toEqual(['521 5.5.4 Syntax: BDAT count [LAST]'])
    expect(s.c.closed).toBe(true)
  })

  it('takes BDAT 0 LAST, and a pipelined run of chunks split anywhere', () => {
    const s = ready()
    const all = 'BDAT 3\r\nabcBDAT 0 LAST\r\nNOOP\r\n'
    const events = [...all].flatMap((ch) => s.send(ch))
    expect(repliesOf(events).map((r) => r.lines[0])).toEqual(['Ok: 3 bytes', expect.stringMatching(/^Ok: 5 bytes queued as/), 'Ok'])
  })
})

describe('SIZE, 8BITMIME, SMTPUTF8 (RFC 1870, 6152, 6531)', () => {
  it('rfc: a UTF-8 address needs the SMTPUTF8 parameter; with it, Received says UTF8SMTP', () => {
    const s = open('mta', { personality: 'rfc' })
    s.say('EHLO x.example')
    expect(s.say('MAIL FROM:<josé@example.net>')).toEqual(['550 5.6.7 Error: non-ASCII sender address needs the SMTPUTF8 parameter'])
    expect(s.say('MAIL FROM:<josé@example.net> SMTPUTF8 BODY=8BITMIME')).toEqual(['250 2.1.0 Ok'])
    expect(s.say('RCPT TO:<alice@example.com>')).toEqual(['250 2.1.5 Ok'])
    s.say('DATA')
    s.send('Subject: olé\r\n\r\nçà\r\n.\r\n')
    const stored = new TextDecoder().decode(s.world.host('mail.example.com')!.mailbox('alice')[0]!.content)
    expect(stored).toContain('with UTF8SMTP id')
    expect(stored).toContain('Subject: olé')
    const t = open('mta', { personality: 'rfc' })
    t.say('EHLO x.example')
    t.say('MAIL FROM:<a@example.net>')
    expect(t.say('RCPT TO:<josé@example.com>')).toEqual(['553 5.6.7 Error: non-ASCII recipient address needs the SMTPUTF8 parameter'])
  })

  it('advertises as SIZE the limit it enforces, on every port (RFC 1870 §4)', () => {
    for (const personality of ['postfix', 'rfc', 'lenient'] as const) {
      for (const profile of ['mta', 'submission'] as const) {
        const s = open(profile, { personality, plaintextAuth: true })
        const size = Number(s.say('EHLO x.example').find((l) => l.startsWith('250-SIZE '))?.slice(9))
        expect(size, `${personality} on ${profile}`).toBeGreaterThan(0)
        if (profile === 'submission') expect(s.say(`AUTH PLAIN ${PLAIN_ALICE}`)).toEqual(['235 2.7.0 Authentication successful'])
        expect(s.say(`MAIL FROM:<alice@example.com> SIZE=${size}`), `${personality} on ${profile}`).toEqual(['250 2.1.0 Ok'])
        s.say('RSET')
        expect(s.say(`MAIL FROM:<alice@example.com> SIZE=${size + 1}`), `${personality} on ${profile}`).toEqual(['552 5.3.4 Message size exceeds fixed limit'])
      }
    }
  })

  it('postfix accepts UTF-8 without the parameter, as the reference Postfix did', () => {
    const s = open('mta')
    s.say('EHLO x.example')
    expect(s.say('MAIL FROM:<josé@example.net>')).toEqual(['250 2.1.0 Ok'])
  })

  it('refuses SMTPUTF8 with a value', () => {
    const s = open('mta')
    s.say('EHLO x.example')
    expect(s.say('MAIL FROM:<a@example.net> SMTPUTF8=yes')).toEqual(['501 5.5.4 Bad SMTPUTF8 parameter syntax'])
  })
})

describe('DSN (RFC 3461) shapes the bounces', () => {
  /** The learner's own MTA relays anywhere: send through it with parameters. */
  function viaLocalhost(world: World, mail: string, rcpts: string[]) {
    const c = world.host('client.example.net')!.connect({ ip: '127.0.0.1', name: 'localhost' })
    c.start()
    const events = c.receive(`EHLO localhost\r\n${mail}\r\n${rcpts.map((r) => r + '\r\n').join('')}DATA\r\nSubject: dsn test\r\nMessage-ID: <t1@client.example.net>\r\n\r\nBody line.\r\n.\r\n`)
    return { events, student: () => world.host('client.example.net')!.mailbox('student').map((m) => new TextDecoder().decode(m.content)) }
  }

  it('NOTIFY=NEVER: no bounce', () => {
    const r = viaLocalhost(new World(), 'MAIL FROM:<student@client.example.net>', ['RCPT TO:<x@example.invalid> NOTIFY=NEVER'])
    expect(r.events.some((e) => e.type === 'bounced')).toBe(true)
    expect(r.student()).toHaveLength(0)
  })

  it('NOTIFY=SUCCESS: a "delivered" report from the final host, with the ORCPT and ENVID carried along', () => {
    const r = viaLocalhost(new World(), 'MAIL FROM:<student@client.example.net> ENVID=env+2B1', ['RCPT TO:<carol@example.net> NOTIFY=SUCCESS ORCPT=rfc822;carol+2Bweb@example.net'])
    const [report] = r.student()
    expect(report).toContain('Subject: Successful Mail Delivery Report')
    expect(report).toContain('Reporting-MTA: dns; mx.example.net')
    expect(report).toContain('Original-Envelope-Id: env+1')
    expect(report).toContain('Original-Recipient: rfc822;carol+web@example.net')
    expect(report).toContain('Action: delivered')
  })

  it('RET=HDRS: the bounce returns the header only', () => {
    const r = viaLocalhost(new World(), 'MAIL FROM:<student@client.example.net> RET=HDRS', ['RCPT TO:<x@example.invalid>'])
    const [bounce] = r.student()
    expect(bounce).toContain('Content-Type: text/rfc822-headers')
    expect(bounce).toContain('Subject: dsn test')
    expect(bounce).not.toContain('Body line.')
  })

  it('refuses malformed DSN parameters', () => {
    const s = open('mta')
    s.say('EHLO x.example')
    expect(s.say('MAIL FROM:<a@b.example> RET=FOO')).toEqual(['501 5.5.4 Bad RET parameter syntax'])
    s.say('MAIL FROM:<a@b.example>')
    expect(s.say('RCPT TO:<alice@example.com> NOTIFY=NEVER,SUCCESS')).toEqual(['501 5.5.4 Error: Bad NOTIFY parameter syntax'])
    expect(s.say('RCPT TO:<alice@example.com> ORCPT=bob')).toEqual(['501 5.5.4 Error: Bad ORCPT parameter syntax'])
  })
})

describe('ESMTP properties', () => {
  const step = fc.constantFrom('EHLO x.example', 'STARTTLS', 'NOOP', 'RSET', 'MAIL FROM:<alice@example.com>', `AUTH PLAIN ${PLAIN_ALICE}`)

  it('never lists STARTTLS once TLS is up', () => {
    fc.assert(fc.property(fc.constantFrom<PersonalityName>('postfix', 'rfc', 'lenient'), fc.array(step, { maxLength: 8 }), (personality, script) => {
      const s = open('submission', { personality })
      for (const line of script) {
        const reply = s.say(line)
        if (s.c.session.tls && line.startsWith('EHLO')) expect(reply.join('\n')).not.toContain('STARTTLS')
      }
    }), { numRuns: 200 })
  })

  it('ends every AUTH exchange in 235, 501, 504, 530, 535 or 503', () => {
    const authLine = fc.oneof(
      fc.constantFrom('AUTH PLAIN', 'AUTH LOGIN', 'AUTH CRAM-MD5', 'AUTH XOAUTH2', 'AUTH DIGEST-MD5', 'AUTH FOO', 'AUTH', `AUTH PLAIN ${PLAIN_ALICE}`, 'AUTH PLAIN =', 'AUTH PLAIN %%%'),
      fc.string({ maxLength: 20 }).map((s) => `AUTH PLAIN ${b64(s)}`),
    )
    const responses = fc.array(fc.oneof(fc.constant('*'), fc.constant(''), fc.string({ maxLength: 12 }).map(b64), fc.constant('not base64!')), { maxLength: 4 })
    fc.assert(fc.property(fc.constantFrom<PersonalityName>('postfix', 'rfc'), fc.boolean(), authLine, responses, (personality, tls, auth, answers) => {
      const s = open('submission', { personality })
      s.say('EHLO x.example')
      if (tls) {
        s.say('STARTTLS')
        s.say('EHLO x.example')
      }
      let reply = s.say(auth)
      for (const answer of answers) {
        if (!reply[0]?.startsWith('334')) break
        reply = s.say(answer)
      }
      if (reply[0]?.startsWith('334')) reply = s.say('*')
      expect([235, 501, 504, 530, 535, 503]).toContain(Number(reply[0]?.slice(0, 3)))
    }), { numRuns: 300 })
  })
})
