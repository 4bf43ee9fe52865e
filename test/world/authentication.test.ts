// Who may send for a domain, simulated: SPF (RFC 7208), DKIM (RFC 6376, a simulated signature over real
// canonicalization and body hash) and DMARC (RFC 7489), and what mx.post.example does with them.
import { describe, expect, it } from 'vitest'
import { World, type ModelEvent } from '../../src/smtp'
import { bodyHash, keyFingerprint as verifyFp, relaxedBody, relaxedHeader, sign, verify } from '../../src/smtp/authentication/dkim'
import { dmarcPolicy, evaluate } from '../../src/smtp/authentication/dmarc'
import { checkHost, checkSender } from '../../src/smtp/authentication/spf'
import { digTxt } from '../../src/smtp/world/dns'
import type { DnsData } from '../../src/smtp/world/types'

const enc = new TextEncoder()
const dec = new TextDecoder()
const dns = new World().data.dns
const KEY = { domain: 'client.example.net', selector: 'sim', secret: 'client.example.net signing key, simulated' }
/** The world's key ring, as World gives it to its hosts. */
function lookup(fp: string): string | null {
  const w = new World()
  for (const h of w.hosts) for (const k of h.data.signing ?? []) if (verifyFp(k.secret) === fp) return k.secret
  return null
}

const MESSAGE = 'From: Student <student@client.example.net>\r\nTo: erin@post.example\r\nSubject: Hello\r\n\r\nHi Erin.\r\n'

describe('SPF: check_host (RFC 7208 §4)', () => {
  it('example.com says "v=spf1 mx -all": its MX passes, anyone else fails', () => {
    expect(checkHost(dns, '192.0.2.10', 'example.com')).toMatchObject({ result: 'pass', mechanism: 'mx' })
    expect(checkHost(dns, '192.0.2.30', 'example.com')).toMatchObject({ result: 'fail', mechanism: '-all' })
    expect(checkHost(dns, '192.0.2.30', 'client.example.net')).toMatchObject({ result: 'pass', mechanism: 'a' })
    expect(checkHost(dns, '192.0.2.30', 'example.org').result).toBe('none')
  })

  it('ip4 with a prefix, include, redirect, qualifiers, and the permerrors (§4.5, §4.6.4, §5.2, §6.1)', () => {
    const world: DnsData = {
      mx: {},
      a: {},
      txt: {
        'a.example': ['v=spf1 ip4:198.51.100.0/24 include:b.example ~all'],
        'b.example': ['v=spf1 ip4:203.0.113.7 -all'],
        'r.example': ['v=spf1 redirect=a.example'],
        'two.example': ['v=spf1 -all', 'v=spf1 +all'],
        'loop.example': ['v=spf1 include:loop.example -all'],
        'bad.example': ['v=spf1 ip4 -all'],
        'noinc.example': ['v=spf1 include:nothing.example -all'],
      },
    }
    expect(checkHost(world, '198.51.100.99', 'a.example')).toMatchObject({ result: 'pass', mechanism: 'ip4:198.51.100.0/24' })
    expect(checkHost(world, '203.0.113.7', 'a.example')).toMatchObject({ result: 'pass', mechanism: 'include:b.example' })
    expect(checkHost(world, '192.0.2.1', 'a.example')).toMatchObject({ result: 'softfail', mechanism: '~all' })
    expect(checkHost(world, '198.51.100.1', 'r.example').result).toBe('pass')
    expect(checkHost(world, '192.0.2.1', 'two.example').result).toBe('permerror')
    expect(checkHost(world, '192.0.2.1', 'loop.example')).toMatchObject({ result: 'permerror', problem: expect.stringMatching(/10 DNS-querying terms/) })
    expect(checkHost(world, '192.0.2.1', 'bad.example').result).toBe('permerror')
    expect(checkHost(world, '192.0.2.1', 'noinc.example').result).toBe('permerror')
  })

  it('the null sender is checked by its HELO name (§2.3)', () => {
    expect(checkSender(dns, '192.0.2.30', '', 'client.example.net')).toMatchObject({ identity: 'helo', result: 'pass' })
  })

  it('dig TXT shows the records', () => {
    expect(digTxt(dns, 'example.com')).toContain('example.com.\t\t3600\tIN\tTXT\t"v=spf1 mx -all"')
    expect(digTxt(dns, '_dmarc.example.com').join('\n')).toContain('v=DMARC1; p=reject')
  })
})

describe('DKIM (RFC 6376)', () => {
  it('canonicalizes as §3.4.5\'s example does', () => {
    expect(relaxedHeader({ raw: 'A: X ' })).toBe('a:X\r\n')
    expect(relaxedHeader({ raw: 'B : Y\t\r\n\tZ  ' })).toBe('b:Y Z\r\n')
    expect(relaxedBody(' C \r\nD \t E \r\n\r\n\r\n')).toBe(' C\r\nD E\r\n')
    expect(bodyHash('', 'relaxed')).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=') // SHA-256 of nothing (§3.4.4: empty stays empty)
    expect(bodyHash('', 'simple')).toBe('frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=') // SHA-256 of CRLF (§3.4.3)
  })

  it('signs with the real header shape, and the signature verifies', () => {
    const signed = sign(enc.encode(MESSAGE), KEY, Date.UTC(2026, 4, 2, 10))
    const field = dec.decode(signed).split('\r\nFrom:')[0]!
    expect(field).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=client\.example\.net; s=sim;\r\n\tt=1777716000; h=from:to:subject;\r\n\tbh=[A-Za-z0-9+/]+=*;\r\n\tb=[A-Za-z0-9+/]+=*$/)
    expect(verify(signed, dns, lookup)).toEqual([{ result: 'pass', domain: 'client.example.net', selector: 'sim', why: '' }])
  })

  it('detects a changed body (a list footer), a changed signed field, and a forged signature', () => {
    const signed = dec.decode(sign(enc.encode(MESSAGE), KEY, Date.UTC(2026, 4, 2, 10)))
    const footer = enc.encode(signed + '-- \r\nhikers mailing list\r\n')
    expect(verify(footer, dns, lookup)[0]).toMatchObject({ result: 'fail', why: 'body hash did not verify' })
    const subject = enc.encode(signed.replace('Subject: Hello', 'Subject: [hikers] Hello'))
    expect(verify(subject, dns, lookup)[0]).toMatchObject({ result: 'fail', why: 'signature did not verify' })
    const forged = enc.encode(signed.replace(/b=[A-Za-z0-9+/=]+\r\n/, 'b=AAAA\r\n'))
    expect(verify(forged, dns, lookup)[0]).toMatchObject({ result: 'fail', why: 'signature did not verify' })
  })

  it('relaxed canonicalization survives what relaxed forgives: white space at line ends, refolding a field', () => {
    const signed = dec.decode(sign(enc.encode(MESSAGE), KEY, Date.UTC(2026, 4, 2, 10)))
    const touched = enc.encode(signed.replace('Hi Erin.\r\n', 'Hi   Erin.  \r\n\r\n').replace('Subject: Hello', 'Subject:   Hello'))
    expect(verify(touched, dns, lookup)[0]?.result).toBe('pass')
  })

  it('an unknown selector or an unsigned From is a permerror', () => {
    const signed = dec.decode(sign(enc.encode(MESSAGE), KEY, 0))
    expect(verify(enc.encode(signed.replace('s=sim;', 's=nope;')), dns, lookup)[0]).toMatchObject({ result: 'permerror' })
    expect(verify(enc.encode(signed.replace('h=from:to:subject', 'h=to:subject')), dns, lookup)[0]).toMatchObject({ result: 'permerror' })
  })
})

describe('DMARC (RFC 7489)', () => {
  it('finds the policy at _dmarc.<domain>, or at the organizational domain', () => {
    expect(dmarcPolicy(dns, 'example.com')).toMatchObject({ p: 'reject', at: 'example.com' })
    expect(dmarcPolicy(dns, 'news.example.com')).toMatchObject({ p: 'reject', at: 'example.com' })
    expect(dmarcPolicy(dns, 'example.org')).toBeNull()
  })

  it('passes on aligned SPF, passes on aligned DKIM, fails when neither is aligned', () => {
    const fromAlice = enc.encode('From: alice@example.com\r\n\r\nx\r\n')
    expect(evaluate(dns, fromAlice, checkSender(dns, '192.0.2.10', 'alice@example.com', 'mail.example.com'), [])).toMatchObject({ result: 'pass', spfAligned: true })
    const spoof = evaluate(dns, fromAlice, checkSender(dns, '192.0.2.30', 'student@client.example.net', 'client.example.net'), [])
    expect(spoof).toMatchObject({ result: 'fail', disposition: 'reject', spfAligned: false, dkimAligned: false })
    const signed = sign(enc.encode(MESSAGE), KEY, 0)
    const forwarded = evaluate(dns, signed, checkSender(dns, '192.0.2.10', 'student@client.example.net', 'mail.example.com'), verify(signed, dns, lookup))
    expect(forwarded).toMatchObject({ result: 'pass', spfAligned: false, dkimAligned: true })
  })
})

describe('mx.post.example checks who may send', () => {
  function direct(w: World, from: string, header: string): { replies: string[]; events: ModelEvent[] } {
    const c = w.host('mx.post.example')!.connect({ ip: '192.0.2.30', name: 'client.example.net' })
    const events = [...c.start(), ...c.receive(`EHLO client.example.net\r\nMAIL FROM:<${from}>\r\nRCPT TO:<erin@post.example>\r\nDATA\r\n${header}\r\n\r\nHello.\r\n.\r\n`)]
    return { events, replies: events.flatMap((e) => (e.type === 'reply' ? e.wire.split('\r\n').filter(Boolean) : [])) }
  }

  it('refuses a forged From: alice@example.com after the final dot: example.com says p=reject', () => {
    const w = new World()
    const { replies } = direct(w, 'alice@example.com', 'From: alice@example.com')
    expect(replies.at(-1)).toBe('550 5.7.1 rejected by DMARC policy for example.com')
    expect(w.host('mx.post.example')!.mailbox('erin')).toHaveLength(0)
  })

  it('takes mail whose domain publishes nothing, and records the results on top', () => {
    const w = new World()
    direct(w, 'someone@example.org', 'From: someone@example.org')
    const [message] = w.host('mx.post.example')!.mailbox('erin')
    const text = dec.decode(message!.content)
    expect(text).toMatch(/^Return-Path: <someone@example\.org>\r\nX-Original-To: erin@post\.example\r\nDelivered-To: erin@post\.example\r\nAuthentication-Results: mx\.post\.example;\r\n\tspf=none smtp\.mailfrom=someone@example\.org;\r\n\tdkim=none;\r\n\tdmarc=none header\.from=example\.org\r\nReceived-SPF: none /)
  })

  it('your own MTA signs your mail as it leaves, and everything passes at mx.post.example', () => {
    const w = new World()
    const c = w.host('client.example.net')!.connect({ ip: '127.0.0.1', name: 'localhost' })
    c.start()
    c.receive(`EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<erin@post.example>\r\nDATA\r\n${MESSAGE}.\r\n`)
    const text = dec.decode(w.host('mx.post.example')!.mailbox('erin')[0]!.content)
    expect(text).toContain('\tspf=pass smtp.mailfrom=student@client.example.net;\r\n\tdkim=pass (signature verified, simulated) header.d=client.example.net header.s=sim;\r\n\tdmarc=pass (p=reject) header.from=client.example.net\r\n')
    expect(text).toMatch(/\r\nDKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=client\.example\.net; s=sim;\r\n/)
  })
})
