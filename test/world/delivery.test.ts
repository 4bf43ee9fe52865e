// The world after the 250: local delivery with trace headers, relaying hop by hop, deferral, expiry, bounces and
// their DSNs (RFC 3464), aliases and lists, loops, and scripted faults (issue "the simulated world").
import { describe, expect, it } from 'vitest'
import { World, type ModelEvent } from '../../src/smtp'
import type { Fault } from '../../src/smtp/world/faults'
import { digMx, nextHops } from '../../src/smtp/world/dns'

const decoder = new TextDecoder()
const HOUR = 3600_000
const DAY = 24 * HOUR

/** Send one message through a host over SMTP, the way a learner does in the terminal. */
function send(world: World, opts: { host?: string; clientIp?: string; from: string; to: readonly string[]; body?: string }): ModelEvent[] {
  const host = world.host(opts.host ?? 'mail.example.com')!
  const c = host.connect({ ip: opts.clientIp ?? '192.0.2.30', name: world.nameOf(opts.clientIp ?? '192.0.2.30') })
  const events = c.start()
  const body = opts.body ?? `From: <${opts.from}>\r\nTo: ${opts.to.join(', ')}\r\nSubject: test\r\nMessage-ID: <m1@client.example.net>\r\n\r\nHello.\r\n`
  events.push(...c.receive(`EHLO client.example.net\r\nMAIL FROM:<${opts.from}>\r\n${opts.to.map((t) => `RCPT TO:<${t}>\r\n`).join('')}DATA\r\n`))
  events.push(...c.receive(`${body}.\r\nQUIT\r\n`))
  return events
}

/** The learner's own MTA: `telnet localhost 25` on client.example.net, which relays for the learner. */
const viaLocalhost = (world: World, from: string, to: readonly string[], body?: string) =>
  send(world, { host: 'client.example.net', clientIp: '127.0.0.1', from, to, ...(body ? { body } : {}) })

/** The messages in a mailbox as text, folded header and DSN fields unfolded (RFC 5322 §2.2.3). */
const mailbox = (world: World, host: string, name: string) => world.host(host)!.mailbox(name).map((m) => decoder.decode(m.content).replace(/\r\n(?=[ \t]+\S)(?!\tboundary)[ \t]+/g, ' '))

function headerLines(message: string): string[] {
  const head = message.slice(0, message.indexOf('\r\n\r\n'))
  return head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')
}

describe('local delivery', () => {
  it('adds Return-Path, Delivered-To and one Received line on top (5321 §4.4)', () => {
    const world = new World()
    send(world, { from: 'student@client.example.net', to: ['alice@example.com'] })
    const [message] = mailbox(world, 'mail.example.com', 'alice')
    const head = headerLines(message!)
    expect(head[0]).toBe('Return-Path: <student@client.example.net>')
    expect(head[1]).toBe('X-Original-To: alice@example.com')
    expect(head[2]).toBe('Delivered-To: alice@example.com')
    expect(head[3]).toMatch(/^Received: from client\.example\.net \(client\.example\.net \[192\.0\.2\.30\]\) by mail\.example\.com \(Postfix\) with ESMTP id [0-9A-F]{10} for <alice@example\.com>; Sat,  2 May 2026 10:00:00 \+0000 \(UTC\)$/)
    expect(head[4]).toBe('From: <student@client.example.net>')
    expect(message).toMatch(/\r\n\r\nHello\.\r\n$/)
  })

  it('expands an alias to its members, and a list with the owner as envelope sender (5321 §3.9)', () => {
    const world = new World()
    send(world, { from: 'student@client.example.net', to: ['info@example.com', 'staff@example.com'] })
    const host = world.host('mail.example.com')!
    expect(host.mailbox('alice')).toHaveLength(2)
    expect(host.mailbox('bob')).toHaveLength(2)
    const senders = host.mailbox('alice').map((m) => headerLines(decoder.decode(m.content))[0])
    expect(senders).toEqual(['Return-Path: <student@client.example.net>', 'Return-Path: <owner-staff@example.com>'])
  })

  it('logs the steps as Postfix does', () => {
    const world = new World()
    send(world, { from: 'student@client.example.net', to: ['alice@example.com'] })
    const log = world.log.tail(20).join('\n')
    expect(log).toMatch(/mail postfix\/smtpd\[\d+\]: connect from client\.example\.net\[192\.0\.2\.30\]/)
    expect(log).toMatch(/postfix\/qmgr\[\d+\]: [0-9A-F]+: from=<student@client\.example\.net>, size=\d+, nrcpt=1 \(queue active\)/)
    expect(log).toMatch(/postfix\/local\[\d+\]: [0-9A-F]+: to=<alice@example\.com>, relay=local, delay=0, delays=0\/0\/0\/0, dsn=2\.0\.0, status=sent \(delivered to mailbox\)/)
    expect(log).toMatch(/postfix\/qmgr\[\d+\]: [0-9A-F]+: removed/)
  })
})

describe('DNS (5321 §5.1)', () => {
  it('finds MX hosts, falls back to the A record, and knows names that do not exist', () => {
    const dns = new World().data.dns
    expect(nextHops(dns, 'example.net')).toMatchObject({ kind: 'hops', implicit: false, hops: [{ exchange: 'mx.example.net', address: '192.0.2.20' }, { exchange: 'mx2.example.net', address: '192.0.2.21' }] })
    expect(nextHops(dns, 'client.example.net')).toMatchObject({ kind: 'hops', implicit: true, hops: [{ exchange: 'client.example.net', address: '192.0.2.30' }] })
    expect(nextHops(dns, 'example.invalid')).toEqual({ kind: 'nxdomain', name: 'example.invalid' })
    expect(digMx(dns, 'example.net')).toContain('example.net.\t\t3600\tIN\tMX\t10 mx.example.net.')
  })
})

describe('relaying hop by hop', () => {
  it('relays from the learner\'s host to mx.example.net: two Received lines, newest on top', () => {
    const world = new World()
    const events = viaLocalhost(world, 'student@client.example.net', ['carol@example.net'])
    const relayed = events.find((e) => e.type === 'relayed')
    expect(relayed).toMatchObject({ host: 'client.example.net', to: 'mx.example.net', recipients: ['carol@example.net'] })
    expect(relayed?.type === 'relayed' && relayed.transcript.map((l) => `${l.from === 'client' ? 'C' : 'S'}: ${l.text}`).slice(0, 3)).toEqual([
      'S: 220 mx.example.net ESMTP Postfix',
      'C: EHLO client.example.net',
      'S: 250-mx.example.net',
    ])
    // Each reply's first line carries the reply itself (the sequence diagram colours the hop by it), and only that line.
    const served = relayed?.type === 'relayed' ? relayed.transcript.filter((l) => l.from === 'server') : []
    expect(served.filter((l) => l.reply).map((l) => `${l.reply?.key} ${l.reply?.code}`)).toEqual(['greeting 220', 'ehlo 250', 'senderOk 250', 'recipientOk 250', 'startData 354', 'queued 250', 'quit 221'])
    expect(served.find((l) => l.text.startsWith('250-') && l.text !== '250-mx.example.net')?.reply).toBeUndefined()
    const [message] = mailbox(world, 'mx.example.net', 'carol')
    const received = headerLines(message!).filter((l) => l.startsWith('Received:'))
    expect(received).toHaveLength(2)
    expect(received[0]).toMatch(/^Received: from client\.example\.net \(client\.example\.net \[192\.0\.2\.30\]\) by mx\.example\.net/)
    expect(received[1]).toMatch(/^Received: from client\.example\.net \(localhost \[127\.0\.0\.1\]\) by client\.example\.net|^Received: from client\.example\.net \(unknown \[127\.0\.0\.1\]\) by client\.example\.net/)
    expect(world.log.tail(30).join('\n')).toMatch(/client postfix\/smtp\[\d+\]: [0-9A-F]+: to=<carol@example\.net>, relay=mx\.example\.net\[192\.0\.2\.20\]:25, .*status=sent \(250 2\.0\.0 Ok: queued as [0-9A-F]+\)/)
  })

  it('dot-stuffs when relaying, so a line starting with a dot arrives intact', () => {
    const world = new World()
    viaLocalhost(world, 'student@client.example.net', ['carol@example.net'], 'Subject: dots\r\n\r\n..hidden\r\n')
    expect(mailbox(world, 'mx.example.net', 'carol')[0]).toMatch(/\r\n\r\n\.hidden\r\n$/)
  })
})

describe('temporary and permanent failures', () => {
  it('defers mail for example.org (its MX never answers), retries with backoff, and bounces after 5 days', () => {
    const world = new World()
    const first = viaLocalhost(world, 'student@client.example.net', ['x@example.org'])
    const deferred = first.find((e) => e.type === 'deferred')
    expect(deferred).toMatchObject({ recipient: 'x@example.org', status: '4.4.1', reason: 'connect to mx.example.org[192.0.2.40]:25: Connection timed out' })
    expect(world.host('client.example.net')!.queue).toHaveLength(1)
    const retries = world.advance(4 * DAY).filter((e) => e.type === 'deferred')
    expect(retries.length).toBeGreaterThan(20)
    const gaps = retries.map((e) => (e.type === 'deferred' ? e.nextAttempt : 0)).map((t, i, all) => (i ? t - (all[i - 1] ?? 0) : 0)).slice(1, 6)
    expect(gaps).toEqual([1_200_000, 2_400_000, 4_000_000, 4_000_000, 4_000_000])
    const later = world.advance(1 * DAY + HOUR)
    expect(later.find((e) => e.type === 'bounced')).toMatchObject({ recipient: 'x@example.org', status: '4.4.1' })
    expect(world.host('client.example.net')!.queue).toHaveLength(0)
    const [dsn] = mailbox(world, 'client.example.net', 'student')
    expect(dsn).toContain('Subject: Undelivered Mail Returned to Sender')
    expect(dsn).toContain('Action: failed')
    expect(dsn).toContain('Diagnostic-Code: X-Postfix; connect to mx.example.org[192.0.2.40]:25: Connection timed out')
    expect(world.log.tail(40).join('\n')).toMatch(/client postfix\/qmgr\[\d+\]: [0-9A-F]+: from=<student@client\.example\.net>, status=expired, returned to sender/)
  })

  it('bounces mail for example.invalid at once (no MX, no A: 5.4.4) with a complete DSN from <>', () => {
    const world = new World()
    const events = viaLocalhost(world, 'student@client.example.net', ['x@example.invalid'])
    expect(events.find((e) => e.type === 'bounced')).toMatchObject({ recipient: 'x@example.invalid', status: '5.4.4' })
    const student = world.host('client.example.net')!.mailbox('student')
    expect(student).toHaveLength(1)
    expect(student[0]!.envelope.sender).toBe('')
    const dsn = decoder.decode(student[0]!.content)
    expect(headerLines(dsn)[0]).toBe('Return-Path: <>')
    expect(dsn).toMatch(/Content-Type: multipart\/report; report-type=delivery-status;\r\n\tboundary="/)
    for (const field of ['Reporting-MTA: dns; client.example.net', 'Arrival-Date: ', 'Final-Recipient: rfc822; x@example.invalid', 'Action: failed', 'Status: 5.4.4', 'Content-Type: message/delivery-status', 'Content-Type: message/rfc822', 'Subject: test']) {
      expect(dsn).toContain(field)
    }
  })

  it('bounces a remote 5xx with Remote-MTA and an smtp; Diagnostic-Code', () => {
    const world = new World()
    viaLocalhost(world, 'student@client.example.net', ['nobody@example.net'])
    const dsn = mailbox(world, 'client.example.net', 'student')[0] ?? ''
    expect(dsn).toContain('Remote-MTA: dns; mx.example.net')
    expect(dsn).toContain('Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in local recipient table')
    expect(dsn).toContain('Status: 5.1.1')
  })

  it('delivers to the good recipients and bounces the bad ones in one DSN', () => {
    const world = new World()
    viaLocalhost(world, 'student@client.example.net', ['carol@example.net', 'x@example.invalid'])
    expect(mailbox(world, 'mx.example.net', 'carol')).toHaveLength(1)
    const dsns = mailbox(world, 'client.example.net', 'student')
    expect(dsns).toHaveLength(1)
    expect(dsns[0]).toContain('Final-Recipient: rfc822; x@example.invalid')
    expect(dsns[0]).not.toContain('Final-Recipient: rfc822; carol@example.net')
  })

  it('names the bounce by one queue id: in the log, in the bounced event, in the queue and in its Message-Id', () => {
    const world = new World()
    const events = viaLocalhost(world, 'student@client.example.net', ['x@example.invalid'])
    const bounced = events.find((e): e is Extract<ModelEvent, { type: 'bounced' }> => e.type === 'bounced')
    const id = bounced?.dsnQueueId
    expect(id).toMatch(/^[0-9A-F]+$/)
    const log = world.log.tail(50).join('\n')
    expect(log).toContain(`sender non-delivery notification: ${id}`)
    expect(log).toMatch(new RegExp(`postfix/qmgr\\[\\d+\\]: ${id}: from=<>`))
    expect(events).toContainEqual(expect.objectContaining({ type: 'queued', queueId: id, host: 'client.example.net', sender: '' }))
    expect(mailbox(world, 'client.example.net', 'student')[0]).toContain(`Message-Id: <${id}@client.example.net>`)
  })

  it('never bounces a message from <> (5321 §6.1): it is logged and dropped', () => {
    const world = new World()
    const events = viaLocalhost(world, '', ['x@example.invalid'])
    expect(events.find((e) => e.type === 'bounced')).toMatchObject({ dsnQueueId: null })
    expect(world.host('client.example.net')!.mailbox('student')).toHaveLength(0)
    expect(world.log.tail(5).join('\n')).toContain('sender is the null address <>: no notification is sent')
  })
})

describe('loops (5321 §6.3)', () => {
  it('refuses a message that already carries too many Received: lines', () => {
    const world = new World()
    const body = 'Received: from a by b; Sat, 2 May 2026 10:00:00 +0000\r\n'.repeat(51) + 'Subject: loop\r\n\r\nx\r\n'
    const events = send(world, { from: 'student@client.example.net', to: ['alice@example.com'], body })
    expect(events.find((e) => e.type === 'reply' && e.reply.code === 554)).toMatchObject({ wire: '554 5.4.0 Error: too many hops\r\n' })
    expect(world.host('mail.example.com')!.mailbox('alice')).toHaveLength(0)
  })

  it('bounces mail whose MX points back to the sending host', () => {
    const base = new World().data
    const world = new World({ ...base, dns: { ...base.dns, mx: { ...base.dns.mx, 'loop.example': [{ preference: 10, exchange: 'client.example.net' }] } } })
    const events = viaLocalhost(world, 'student@client.example.net', ['x@loop.example'])
    expect(events.find((e) => e.type === 'bounced')).toMatchObject({ status: '5.4.6', reason: 'mail for loop.example loops back to myself' })
  })
})

describe('scripted faults (deterministic, never random)', () => {
  const withFaults = (faults: Fault[]) => new World(undefined, undefined, undefined, faults)

  it('"421 at the third RCPT" ends the session with 421', () => {
    const world = withFaults([{ kind: 'command', host: 'mail.example.com', verb: 'RCPT', nth: 3, reply: 'serviceUnavailable' }])
    const events = send(world, { from: 'a@b.example', to: ['alice@example.com', 'bob@example.com', 'alice@example.com'] })
    const codes = events.flatMap((e) => (e.type === 'reply' ? [e.reply.code] : []))
    expect(codes).toEqual([220, 250, 250, 250, 250, 421])
  })

  it('"this mailbox is locked for 2 hours": accepted at RCPT and after DATA, deferred by local delivery, delivered by a retry', () => {
    const world = withFaults([{ kind: 'mailbox-unavailable', host: 'mx.example.net', mailbox: 'carol', until: new World().clock.now() + 2 * HOUR }])
    const first = viaLocalhost(world, 'student@client.example.net', ['carol@example.net'])
    expect(first.find((e) => e.type === 'relayed')).toMatchObject({ to: 'mx.example.net', reply: expect.stringMatching(/^250 2\.0\.0 Ok: queued as /) })
    expect(first.find((e) => e.type === 'deferred')).toMatchObject({ host: 'mx.example.net', status: '4.2.0', reason: 'cannot update mailbox /var/mail/carol for user carol. unable to lock for exclusive access: Resource temporarily unavailable' })
    expect(world.host('mx.example.net')!.queue).toHaveLength(1)
    world.advance(3 * HOUR)
    expect(mailbox(world, 'mx.example.net', 'carol')).toHaveLength(1)
  })

  it('"552 after the final dot" bounces', () => {
    const world = withFaults([{ kind: 'after-data', host: 'mx.example.net', reply: 'exceededStorage' }])
    const events = viaLocalhost(world, 'student@client.example.net', ['carol@example.net'])
    expect(events.find((e) => e.type === 'bounced')).toMatchObject({ status: '5.2.2' })
  })

  it('"connection drops during DATA" defers (5321 §3.8: as if 451)', () => {
    const world = withFaults([{ kind: 'drop-during-data', host: 'mx.example.net' }])
    const events = viaLocalhost(world, 'student@client.example.net', ['carol@example.net'])
    expect(events.find((e) => e.type === 'deferred')).toMatchObject({ reason: expect.stringContaining('lost connection with mx.example.net[192.0.2.20] while sending message body') })
  })

  it('"mailbox full" bounces from the local delivery agent', () => {
    const world = withFaults([{ kind: 'mailbox-full', host: 'mx.example.net', mailbox: 'carol' }])
    viaLocalhost(world, 'student@client.example.net', ['carol@example.net'])
    const dsn = mailbox(world, 'client.example.net', 'student')[0] ?? ''
    expect(dsn).toContain('Status: 5.2.2')
  })
})

describe('an alias or list with one failing member (issue 16 item 11; fixture part 2, section 2.7)', () => {
  const bobFull = () => new World(undefined, undefined, undefined, [{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }])

  it('delivers the alias to alice and bounces bob alone, Final-Recipient the member, Original-Recipient the alias', () => {
    const world = bobFull()
    const events = send(world, { from: 'student@client.example.net', to: ['info@example.com'] })
    expect(mailbox(world, 'mail.example.com', 'alice')).toHaveLength(1)
    expect(events).toContainEqual(expect.objectContaining({ type: 'delivered', mailbox: 'alice', recipient: 'info@example.com' }))
    expect(events).toContainEqual(expect.objectContaining({ type: 'bounced', recipient: 'bob@example.com', status: '5.2.2' }))
    world.advance(60_000)
    const dsns = mailbox(world, 'client.example.net', 'student')
    expect(dsns).toHaveLength(1)
    const dsn = dsns[0] ?? ''
    expect(dsn).toContain('<bob@example.com> (expanded from <info@example.com>): cannot update mailbox /var/mail/bob for user bob.')
    expect(dsn).toContain('Final-Recipient: rfc822; bob@example.com\r\nOriginal-Recipient: rfc822;info@example.com\r\nAction: failed\r\nStatus: 5.2.2')
    expect(dsn).not.toContain('Final-Recipient: rfc822; alice')
  })

  it('takes the client\'s ORCPT as the Original-Recipient', () => {
    const world = bobFull()
    const host = world.host('mail.example.com')!
    const c = host.connect({ ip: '192.0.2.30', name: 'client.example.net' })
    c.start()
    c.receive('EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<info@example.com> ORCPT=rfc822;team@example.org\r\nDATA\r\n')
    c.receive('Subject: orcpt\r\n\r\nhello\r\n.\r\nQUIT\r\n')
    world.advance(60_000)
    expect(mailbox(world, 'client.example.net', 'student')[0]).toContain('Final-Recipient: rfc822; bob@example.com\r\nOriginal-Recipient: rfc822;team@example.org')
  })

  it('bounces a list member to the list owner, owner-staff, not to the sender', () => {
    const world = bobFull()
    send(world, { from: 'student@client.example.net', to: ['staff@example.com'] })
    world.advance(60_000)
    expect(mailbox(world, 'client.example.net', 'student')).toHaveLength(0)
    const alice = mailbox(world, 'mail.example.com', 'alice')
    expect(alice).toHaveLength(2) // her copy of the list mail, and the DSN for bob as owner-staff's alias target
    const dsn = alice.find((m) => m.includes('Undelivered Mail Returned to Sender')) ?? ''
    expect(dsn).toContain('To: owner-staff@example.com')
    expect(dsn).toContain('<bob@example.com>: cannot update mailbox')
    expect(dsn).toContain('Final-Recipient: rfc822; bob@example.com\r\nOriginal-Recipient: rfc822;bob@example.com')
  })

  it('bounces a plain mailbox that is full as before, the whole recipient', () => {
    const world = bobFull()
    const events = send(world, { from: 'student@client.example.net', to: ['bob@example.com'] })
    expect(events).toContainEqual(expect.objectContaining({ type: 'bounced', recipient: 'bob@example.com', status: '5.2.2' }))
  })
})

describe('cleanup and the % hack', () => {
  it('drops Bcc:, Resent-Bcc:, Return-Path: and Content-Length: from what it delivers, as Postfix does', () => {
    const world = new World()
    const events = send(world, {
      from: 'student@client.example.net',
      to: ['bob@example.com', 'alice@example.com'],
      body: 'To: bob@example.com\r\nBcc: alice@example.com,\r\n carol@example.net\r\nReturn-Path: <forged@example.org>\r\nContent-Length: 3\r\nSubject: blind\r\n\r\nBcc: in the body stays\r\n',
    })
    expect(events).toContainEqual({ type: 'headers-removed', fields: ['Bcc', 'Return-Path', 'Content-Length'] })
    const [message] = mailbox(world, 'mail.example.com', 'alice')
    expect(headerLines(message!).filter((l) => /^(Bcc|Return-Path|Content-Length):/.test(l))).toEqual(['Return-Path: <student@client.example.net>'])
    expect(message).toContain('\r\n\r\nBcc: in the body stays\r\n')
  })

  it('rewrites user%domain@here to user@domain (allow_percent_hack), so strangers are refused and localhost relays', () => {
    const world = new World()
    const refused = send(world, { from: 'a@b.example', to: ['carol%example.net@example.com'] })
    expect(refused.find((e) => e.type === 'reply' && e.reply.code === 554)).toMatchObject({ wire: '554 5.7.1 <carol%example.net@example.com>: Relay access denied\r\n' })
    const relayed = viaLocalhost(world, 'student@client.example.net', ['carol%example.net@client.example.net'])
    expect(relayed).toContainEqual({ type: 'percent-hack', from: 'carol%example.net@client.example.net', to: 'carol@example.net' })
    expect(mailbox(world, 'mx.example.net', 'carol')).toHaveLength(1)
  })

  it('reports what happened at the next hop too: the delivery at mx.example.net', () => {
    const events = viaLocalhost(new World(), 'student@client.example.net', ['carol@example.net'])
    expect(events).toContainEqual(expect.objectContaining({ type: 'delivered', host: 'mx.example.net', mailbox: 'carol' }))
  })
})

describe('trace fields that are not ASCII', () => {
  it('a UTF-8 sender and HELO name (SMTPUTF8) reach Return-Path: and Received: as UTF-8, the message after them intact', () => {
    const world = new World()
    const host = world.host('mail.example.com')!
    const c = host.connect({ ip: '192.0.2.30', name: null })
    c.start()
    const events = c.receive('EHLO bücher.example.net\r\nMAIL FROM:<jörg@bücher.example.net> SMTPUTF8\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n')
    events.push(...c.receive('Subject: grüße\r\n\r\nHallo.\r\n.\r\n'))
    expect(events.filter((e) => e.type === 'reply').map((e) => (e.type === 'reply' ? e.reply.code : 0))).toEqual([250, 250, 250, 354, 250])
    const [stored] = host.mailbox('alice')
    const text = decoder.decode(stored!.content)
    expect(text.startsWith('Return-Path: <jörg@bücher.example.net>\r\nX-Original-To: alice@example.com\r\n')).toBe(true)
    expect(text).toContain('Received: from bücher.example.net (unknown [192.0.2.30])\r\n')
    expect(text.endsWith('\r\nSubject: grüße\r\n\r\nHallo.\r\n')).toBe(true)
  })
})
