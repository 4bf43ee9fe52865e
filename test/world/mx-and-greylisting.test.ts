// The world's second edition: MX preference and a backup MX (RFC 5321 §5.1), the null MX (RFC 7505), a host that is
// down for a while, and greylisting (Postgrey) — all data, all on the simulated clock.
import { describe, expect, it } from 'vitest'
import { World, type ModelEvent } from '../../src/smtp'
import { digMx, nextHops } from '../../src/smtp/world/dns'
import type { Fault } from '../../src/smtp/world/faults'
import { PROFILES } from '../../src/smtp/profiles'

const START = Date.UTC(2026, 4, 2, 10, 0, 0)
const MIN = 60_000
const decoder = new TextDecoder()

function world(faults: Fault[] = []): World {
  return new World(undefined, undefined, undefined, faults)
}

/** One message through the learner's own MTA (telnet localhost 25), which relays anywhere. */
function viaLocalhost(w: World, to: string): ModelEvent[] {
  const c = w.host('client.example.net')!.connect({ ip: '127.0.0.1', name: 'localhost' })
  return [...c.start(), ...c.receive(`EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<${to}>\r\nDATA\r\nSubject: hi\r\n\r\nHello.\r\n.\r\nQUIT\r\n`)]
}

/** A stranger (192.0.2.30) talking to a host directly; the replies as wire lines. */
function direct(w: World, host: string, lines: string): string[] {
  const c = w.host(host)!.connect({ ip: '192.0.2.30', name: 'client.example.net' })
  return [...c.start(), ...c.receive(lines)].flatMap((e) => (e.type === 'reply' ? e.wire.split('\r\n').filter(Boolean) : []))
}

describe('MX preference and the backup MX (RFC 5321 §5.1)', () => {
  it('dig MX example.net lists both, lowest preference first', () => {
    const lines = digMx(new World().data.dns, 'example.net')
    expect(lines.filter((l) => l.includes('\tMX\t'))).toEqual(['example.net.\t\t3600\tIN\tMX\t10 mx.example.net.', 'example.net.\t\t3600\tIN\tMX\t20 mx2.example.net.'])
  })

  it('the primary answers: mail goes to it, the backup is never asked', () => {
    const events = viaLocalhost(world(), 'carol@example.net')
    expect(events.filter((e) => e.type === 'relayed').map((e) => (e.type === 'relayed' ? e.to : ''))).toEqual(['mx.example.net'])
  })

  it('the primary is down: the backup takes the message, keeps it, and hands it to the primary when it is back', () => {
    const w = world([{ kind: 'host-down', host: 'mx.example.net', until: START + 20 * MIN }])
    const events = viaLocalhost(w, 'carol@example.net')
    expect(events).toContainEqual(expect.objectContaining({ type: 'relayed', host: 'client.example.net', to: 'mx2.example.net' }))
    expect(events).toContainEqual(expect.objectContaining({ type: 'deferred', host: 'mx2.example.net', status: '4.4.1', reason: 'connect to mx.example.net[192.0.2.20]:25: Connection timed out' }))
    expect(w.host('mx.example.net')!.mailbox('carol')).toHaveLength(0)
    const later = w.advance(60 * MIN)
    expect(later).toContainEqual(expect.objectContaining({ type: 'relayed', host: 'mx2.example.net', to: 'mx.example.net' }))
    const [message] = w.host('mx.example.net')!.mailbox('carol')
    const by = decoder.decode(message!.content).match(/^\tby \S+/gm)
    expect(by, 'three hops, newest on top').toEqual(['\tby mx.example.net', '\tby mx2.example.net', '\tby client.example.net'])
  })

  it('a backup MX never relays to itself or an equal: with the primary down it waits, it does not bounce', () => {
    const w = world([{ kind: 'host-down', host: 'mx.example.net', until: START + 10 * 24 * 60 * MIN }])
    const events = direct(w, 'mx2.example.net', 'EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<carol@example.net>\r\n')
    expect(events.at(-1)).toBe('250 2.1.5 Ok')
  })

  it('a host that is down does not answer the shell either (world.answering)', () => {
    const w = world([{ kind: 'host-down', host: 'mx.example.net', until: START + MIN }])
    expect(w.answering('192.0.2.20')).toBeUndefined()
    w.advance(MIN)
    expect(w.answering('192.0.2.20')?.name).toBe('mx.example.net')
  })

  it('no MX: the A record is the implicit MX (RFC 5321 §5.1), as for client.example.net', () => {
    expect(nextHops(new World().data.dns, 'client.example.net')).toMatchObject({ kind: 'hops', implicit: true })
  })
})

describe('the null MX (RFC 7505)', () => {
  it('dig MX www.example.com shows MX 0 . and says what it means', () => {
    const lines = digMx(new World().data.dns, 'www.example.com')
    expect(lines).toContain('www.example.com.\t\t3600\tIN\tMX\t0 .')
    expect(lines.at(-1)).toMatch(/null MX, RFC 7505/)
    expect(nextHops(new World().data.dns, 'www.example.com')).toEqual({ kind: 'nullmx', name: 'www.example.com' })
  })

  it('mail to it bounces at once, with no attempt at its A record, and the DSN says the domain accepts no mail', () => {
    const w = world()
    const events = viaLocalhost(w, 'info@www.example.com')
    expect(events).toContainEqual(expect.objectContaining({ type: 'bounced', recipient: 'info@www.example.com', status: '5.1.10', reason: 'Domain www.example.com does not accept mail (nullMX)' }))
    expect(events.some((e) => e.type === 'deferred')).toBe(false)
    const dsn = decoder.decode(w.host('client.example.net')!.mailbox('student').at(-1)!.content)
    expect(dsn).toContain('Status: 5.1.10')
    expect(dsn).toContain('<info@www.example.com>: Domain www.example.com does not accept mail (nullMX)')
  })

  it('a logged-in user on the submission port is refused at RCPT with 556 5.1.10, nothing queued', () => {
    const w = world()
    const c = w.host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' }, undefined, { profile: PROFILES.submissions })
    const replies = [...c.start(), ...c.receive(`EHLO client.example.net\r\nAUTH PLAIN ${btoa('\0alice\0wonderland')}\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<info@www.example.com>\r\nRCPT TO:<carol@example.net>\r\n`)]
      .flatMap((e) => (e.type === 'reply' ? [e.wire.trim()] : []))
    expect(replies.slice(-2)).toEqual(['556 5.1.10 <info@www.example.com>: Recipient address rejected: Domain www.example.com does not accept mail (nullMX)', '250 2.1.5 Ok'])
    expect(w.host('mail.example.com')!.queue).toHaveLength(0)
  })
})

describe('greylisting (Postgrey)', () => {
  const grey: Fault = { kind: 'greylist', host: 'mx.example.net', delay: 5 * MIN }
  const tx = 'EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<carol@example.net>\r\n'

  it('a new triple gets 450 4.2.0 in Postgrey\'s words; too early again, 450; after the delay, 250', () => {
    const w = world([grey])
    expect(direct(w, 'mx.example.net', tx).at(-1)).toBe('450 4.2.0 <carol@example.net>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html')
    w.advance(2 * MIN)
    expect(direct(w, 'mx.example.net', tx).at(-1)).toMatch(/^450 4\.2\.0 /)
    w.advance(3 * MIN)
    expect(direct(w, 'mx.example.net', tx).at(-1)).toBe('250 2.1.5 Ok')
    expect(w.log.tail(40).join('\n')).toMatch(/postgrey\[\d+\]: action=greylist, reason=new,[\s\S]*reason=early-retry \(180s missing\)[\s\S]*action=pass, reason=triplet found, delay=300/)
  })

  it('another sender from the same client is a new triple', () => {
    const w = world([grey])
    direct(w, 'mx.example.net', tx)
    w.advance(5 * MIN)
    expect(direct(w, 'mx.example.net', tx.replace('student@', 'other@')).at(-1)).toMatch(/^450 4\.2\.0 /)
  })

  it('a real MTA shrugs: the message is deferred, retried after Postfix\'s 5-minute backoff, and delivered', () => {
    const w = world([grey])
    const first = viaLocalhost(w, 'carol@example.net')
    expect(first).toContainEqual(expect.objectContaining({ type: 'deferred', host: 'client.example.net', status: '4.2.0', nextAttempt: START + 5 * MIN }))
    expect(w.host('client.example.net')!.queue).toHaveLength(1)
    const later = w.advance(5 * MIN)
    expect(later).toContainEqual(expect.objectContaining({ type: 'delivered', host: 'mx.example.net', mailbox: 'carol' }))
    expect(w.host('client.example.net')!.queue).toHaveLength(0)
  })

  it('without the policy, nothing is greylisted', () => {
    expect(direct(world(), 'mx.example.net', tx).at(-1)).toBe('250 2.1.5 Ok')
  })
})

describe('a host\'s own configuration', () => {
  it('mx.example.net has VRFY switched off (disable_vrfy_command): 502 5.5.1 and no VRFY in EHLO; mail.example.com keeps it', () => {
    const off = direct(world(), 'mx.example.net', 'EHLO client.example.net\r\nVRFY carol\r\n')
    expect(off).not.toContain('250-VRFY')
    expect(off.at(-1)).toBe('502 5.5.1 VRFY command is disabled')
    const on = direct(world(), 'mail.example.com', 'EHLO client.example.net\r\nVRFY bob\r\n')
    expect(on).toContain('250-VRFY')
    expect(on.at(-1)).toBe('252 2.0.0 bob')
  })

  it('zoë@example.com, a UTF-8 alias of alice, reaches her mailbox', () => {
    const w = world()
    direct(w, 'mail.example.com', 'EHLO client.example.net\r\nMAIL FROM:<student@client.example.net> SMTPUTF8\r\nRCPT TO:<zoë@example.com>\r\nDATA\r\nSubject: x\r\n\r\nx\r\n.\r\n')
    expect(w.host('mail.example.com')!.mailbox('alice').map((m) => m.deliveredTo)).toEqual(['zoë@example.com'])
  })
})
