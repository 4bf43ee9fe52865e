// A forwarding alias (erin@example.com → erin@post.example: a natural third hop, and what forwarding does to SPF), the
// two halves of SMTP smuggling as world faults (an outbound server that passes a bare LF on, an inbound one that takes
// <LF>.<LF> as the end of data), and greylisting for one mailbox.
import { describe, expect, it } from 'vitest'
import { World, type ModelEvent } from '../../src/smtp'
import { dotStuff } from '../../src/smtp/delivery/client'
import { resolve } from '../../src/smtp/world/directory'
import { MAIL_EXAMPLE_COM } from '../../src/smtp/world/default-world'
import type { Fault } from '../../src/smtp/world/faults'
import { PROFILES } from '../../src/smtp/profiles'

const enc = new TextEncoder()
const dec = new TextDecoder()
const world = (faults: Fault[] = []) => new World(undefined, undefined, undefined, faults)
const unfold = (s: string) => s.replace(/\r\n[ \t]+/g, ' ')
const messages = (w: World, host: string, box: string) => w.host(host)!.mailbox(box).map((m) => unfold(dec.decode(m.content)))
const field = (message: string, name: string) => message.split('\r\n').filter((l) => l.startsWith(`${name}: `))

function session(w: World, host: string, client: { ip: string; name: string }, lines: string, profile = PROFILES.mta): ModelEvent[] {
  const c = w.host(host)!.connect(client, undefined, { profile })
  return [...c.start(), ...c.receive(lines)]
}
const STRANGER = { ip: '192.0.2.30', name: 'client.example.net' }
const LOCALHOST = { ip: '127.0.0.1', name: 'localhost' }
const MESSAGE = 'From: Student <student@client.example.net>\r\nTo: erin@example.com\r\nSubject: Still there?\r\n\r\nHi Erin.\r\n.\r\n'

describe('a forwarding alias (RFC 5321 §3.9.1)', () => {
  it('resolves to the remote target, and to local mailboxes beside it', () => {
    expect(resolve(MAIL_EXAMPLE_COM, { local: 'erin', domain: 'example.com' })).toEqual({ kind: 'local', mailboxes: [], via: 'alias', forwards: ['erin@post.example'] })
    const both = { ...MAIL_EXAMPLE_COM, aliases: { ...MAIL_EXAMPLE_COM.aliases, team: ['alice', 'erin@post.example'] } }
    expect(resolve(both, { local: 'team', domain: 'example.com' })).toEqual({ kind: 'local', mailboxes: ['alice'], via: 'alias', forwards: ['erin@post.example'] })
  })

  it('sends the message on with the envelope sender unchanged: three Received lines, orig_to in the log', () => {
    const w = world()
    const events = session(w, 'client.example.net', LOCALHOST, `EHLO localhost\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<erin@example.com>\r\nDATA\r\n${MESSAGE}QUIT\r\n`)
    expect(events).toContainEqual(expect.objectContaining({ type: 'forwarded', host: 'mail.example.com', from: 'erin@example.com', to: 'erin@post.example' }))
    const [m] = messages(w, 'mx.post.example', 'erin')
    expect(field(m!, 'Return-Path')).toEqual(['Return-Path: <student@client.example.net>'])
    expect(m!.match(/^Received: .*? by \S+/gm)?.map((l) => l.replace(/^.* by /, 'by '))).toEqual(['by mx.post.example', 'by mail.example.com', 'by client.example.net'])
    expect(w.log.tail(60).join('\n')).toMatch(/mail postfix\/smtp\[\d+\]: [0-9A-F]+: to=<erin@post\.example>, orig_to=<erin@example\.com>, relay=mx\.post\.example\[192\.0\.2\.50\]:25, .*status=sent/)
  })

  it('breaks SPF at the next hop (the forwarder\'s address is not the sender domain\'s), while DKIM survives and carries DMARC', () => {
    const w = world()
    session(w, 'client.example.net', LOCALHOST, `EHLO localhost\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<erin@example.com>\r\nDATA\r\n${MESSAGE}QUIT\r\n`)
    const [m] = messages(w, 'mx.post.example', 'erin')
    expect(m).toContain('spf=fail smtp.mailfrom=student@client.example.net')
    expect(m).toMatch(/dkim=pass \(signature verified, simulated\) header\.d=client\.example\.net/)
    expect(m).toContain('dmarc=pass')
  })

  it('without a DKIM signature, the forwarded message fails DMARC at p=reject and bounces to the sender, naming the alias', () => {
    const w = world()
    const events = session(w, 'mail.example.com', STRANGER, `EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<erin@example.com>\r\nDATA\r\n${MESSAGE}QUIT\r\n`)
    expect(events).toContainEqual(expect.objectContaining({ type: 'bounced', host: 'mail.example.com', recipient: 'erin@post.example', status: '5.7.1' }))
    expect(messages(w, 'mx.post.example', 'erin')).toHaveLength(0)
    const [dsn] = messages(w, 'client.example.net', 'student')
    expect(dsn).toContain('Original-Recipient: rfc822;erin@example.com')
    expect(w.log.tail(60).join('\n')).toMatch(/to=<erin@post\.example>, orig_to=<erin@example\.com>, .*status=bounced \(host mx\.post\.example\[192\.0\.2\.50\] said: 550 5\.7\.1 rejected by DMARC policy/)
  })
})

describe('SMTP smuggling over two hops (world faults)', () => {
  const SMUGGLE = 'From: alice@example.com\r\nTo: erin@post.example\r\nSubject: Lunch?\r\n\r\nHi Erin.\n.\nMAIL FROM:<admin@example.com>\r\nRCPT TO:<erin@post.example>\r\nDATA\r\nFrom: admin@example.com\r\nSubject: Reset your password\r\n\r\nClick here.\r\n.\r\n'
  const submit = (w: World) =>
    session(w, 'mail.example.com', STRANGER, `EHLO client.example.net\r\nAUTH PLAIN ${btoa('\0alice\0wonderland')}\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<erin@post.example>\r\nDATA\r\n${SMUGGLE}QUIT\r\n`, PROFILES.submissions)
  const BOTH: Fault[] = [
    { kind: 'bare-lf', host: 'mail.example.com', handling: 'pass' },
    { kind: 'bare-lf', host: 'mx.post.example', handling: 'lenient' },
  ]

  it('dotStuff leaves a dot after a bare LF alone when only CR LF ends a line', () => {
    expect(dec.decode(dotStuff(enc.encode('a\n.\nb\r\n.c\r\n'), true))).toBe('a\n.\nb\r\n..c\r\n')
    expect(dec.decode(dotStuff(enc.encode('a\n.\nb\r\n.c\r\n')))).toBe('a\n..\nb\r\n..c\r\n')
  })

  it('the provider accepts ONE message; the inbound MX reads TWO, the second from admin@example.com, passing SPF by the provider\'s address', () => {
    const w = world(BOTH)
    const events = submit(w)
    expect(events.filter((e) => e.type === 'reply' && e.reply.key === 'queued')).toHaveLength(1)
    expect(events).toContainEqual(expect.objectContaining({ type: 'bare-line-ending', kind: 'LF', count: 2, action: 'kept' }))
    const relayed = events.find((e) => e.type === 'relayed')
    const queuedAt = events.filter((e) => e.type === 'queued' && e.host === 'mx.post.example').map((e) => (e.type === 'queued' ? e.queueId : ''))
    expect(queuedAt).toHaveLength(2)
    expect(relayed && relayed.type === 'relayed' ? relayed.reply : '', 'the provider logs the reply to ITS message').toBe(`250 2.0.0 Ok: queued as ${queuedAt[0]}`)
    const [first, forged] = messages(w, 'mx.post.example', 'erin')
    expect(field(forged!, 'Return-Path')).toEqual(['Return-Path: <admin@example.com>'])
    expect(forged).toContain('spf=pass smtp.mailfrom=admin@example.com')
    expect(forged).toContain('dkim=none')
    expect(forged).toContain('dmarc=pass')
    // DKIM is not inherited: the provider signed one body, the inbound server verified a shorter one.
    expect(first).toMatch(/dkim=fail \(body hash did not verify\) header\.d=example\.com/)
  })

  it('a patched inbound server (postfix) keeps it one message: the dot line is dropped', () => {
    const w = world([BOTH[0]!])
    submit(w)
    const got = messages(w, 'mx.post.example', 'erin')
    expect(got).toHaveLength(1)
    expect(got[0]).toContain('MAIL FROM:<admin@example.com>')
  })

  it('a patched outbound server (postfix, no fault) normalizes the bare LFs and drops the dot line: nothing is smuggled', () => {
    const w = world([BOTH[1]!])
    submit(w)
    const got = messages(w, 'mx.post.example', 'erin')
    expect(got).toHaveLength(1)
    expect(got[0]).toMatch(/Hi Erin\.\r\nMAIL FROM:<admin@example\.com>\r\n/)
    expect(got[0]).toContain('dkim=pass')
  })
})

describe('the VRFY toggle (a vrfy-off fault)', () => {
  it('switches VRFY off at one host: 502 5.5.1 and no VRFY in the EHLO list; other hosts, and the host without it, answer 252', () => {
    const wire = (w: World, host: string, who: string) => session(w, host, STRANGER, `EHLO client.example.net\r\nVRFY ${who}\r\n`).flatMap((e) => (e.type === 'reply' ? [e.wire] : []))
    const off = world([{ kind: 'vrfy-off', host: 'mail.example.com' }])
    const here = wire(off, 'mail.example.com', 'bob')
    expect(here.at(-1)).toBe('502 5.5.1 VRFY command is disabled\r\n')
    expect(here.join('')).not.toContain('250-VRFY')
    expect(wire(off, 'client.example.net', 'student').at(-1)).toMatch(/^252 2\.0\.0 /)
    expect(wire(world(), 'mail.example.com', 'bob').at(-1)).toMatch(/^252 2\.0\.0 /)
  })
})

describe('greylisting for one mailbox', () => {
  it('greylists mail for that mailbox only', () => {
    const w = world([{ kind: 'greylist', host: 'mx.example.net', delay: 300_000, mailbox: 'carol' }])
    const rcpt = (to: string) =>
      session(w, 'mx.example.net', STRANGER, `EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<${to}>\r\n`)
        .flatMap((e) => (e.type === 'reply' ? [e.reply.code] : []))
        .at(-1)
    expect(rcpt('carol@example.net')).toBe(450)
    expect(rcpt('dave@example.net')).toBe(250)
  })
})

describe('a logged-in user sends only as her own addresses (reject_sender_login_mismatch)', () => {
  const rcptAs = (sender: string) =>
    session(world(), 'mail.example.com', STRANGER, `EHLO client.example.net\r\nAUTH PLAIN ${btoa('\0alice\0wonderland')}\r\nMAIL FROM:<${sender}>\r\nRCPT TO:<carol@example.net>\r\n`, PROFILES.submissions)
      .flatMap((e) => (e.type === 'reply' ? [e.wire.trim()] : []))
      .at(-1)

  it('alice may send as alice and alice+tag, and as another domain (not checked here)', () => {
    expect(rcptAs('alice@example.com')).toBe('250 2.1.5 Ok')
    expect(rcptAs('alice+news@example.com')).toBe('250 2.1.5 Ok')
    expect(rcptAs('student@client.example.net')).toBe('250 2.1.5 Ok')
  })

  it('but not as bob, admin or the shared alias info: 553 5.7.1 at RCPT, the sender check first', () => {
    expect(rcptAs('admin@example.com')).toBe('553 5.7.1 <admin@example.com>: Sender address rejected: not owned by user alice')
    expect(rcptAs('bob@example.com')).toBe('553 5.7.1 <bob@example.com>: Sender address rejected: not owned by user alice')
    expect(rcptAs('info@example.com')).toMatch(/^553 5\.7\.1 /)
  })
})
