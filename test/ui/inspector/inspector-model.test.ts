// The inspector's pure modules on mail the model delivered: header fields, trace fields read bottom up, the MIME
// tree from postal-mime, DSN fields explained, the envelope beside the header, the sandbox document for HTML.
import { describe, expect, it } from 'vitest'
import { parseDeliveryStatus } from '../../../src/ui/inspector/dsn'
import { explainStatus } from '../../../src/smtp/codes'
import { compareEnvelope } from '../../../src/ui/inspector/envelope'
import { fieldValue, parseHeaderFields, parseReceived, splitMessage, traceFields } from '../../../src/ui/inspector/headers'
import { FRAME_CSP, remoteReferences, sandboxedSrcdoc } from '../../../src/ui/inspector/html-frame'
import { addressesOf, parseMessage, type MimePart } from '../../../src/ui/inspector/mime'
import { find, snapshotWorld } from '../../../src/ui/inspector/world-view'
import { mailWorld } from './world-fixture'

const world = mailWorld()
const alice = world.host('mail.example.com')!.mailbox('alice')[0]!
const bob = world.host('mail.example.com')!.mailbox('bob')[0]!
const carol = world.host('mx.example.net')!.mailbox('carol')[0]!
const bounce = world.host('client.example.net')!.mailbox('student')[0]!

const outline = (p: MimePart, depth = 0): string[] => [`${'  '.repeat(depth)}${p.type}${p.disposition ? ` (${p.disposition})` : ''}${p.size !== null ? ` ${p.size}` : ''}`, ...p.children.flatMap((c) => outline(c, depth + 1))]

describe('the world snapshot', () => {
  it('lists every host and mailbox with its messages', () => {
    const hosts = snapshotWorld(world)
    expect(hosts.map((h) => [h.name, h.mailboxes.map((m) => `${m.name}:${m.messages.length}`).join(' ')])).toEqual([
      ['mail.example.com', 'alice:1 bob:1 postmaster:0'],
      ['mx.example.net', 'carol:1 dave:0 postmaster:0'],
      ['client.example.net', 'student:1 postmaster:0'],
      ['mx2.example.net', 'postmaster:0'],
      ['mx.post.example', 'erin:0 postmaster:0'],
    ])
    const m = find(hosts, { host: 'client.example.net', mailbox: 'student', index: 0 })
    expect(m).toMatchObject({ subject: 'Undelivered Mail Returned to Sender', queueId: bounce.queueId, size: bounce.content.length })
    expect(find(hosts, { host: 'mail.example.com', mailbox: 'alice', index: 0 })?.subject).toBe('Grüße from the lab')
  })
})

describe('header fields', () => {
  it('come in order, unfolded, encoded-words decoded', () => {
    const fields = parseHeaderFields(splitMessage(carol.content).head)
    // The learner's MTA DKIM-signs what it relays (lesson "DKIM, lists and DMARC"): the signature sits above its Received line.
    expect(fields.map((f) => f.name)).toEqual(['Return-Path', 'X-Original-To', 'Delivered-To', 'Received', 'DKIM-Signature', 'Received', 'From', 'To', 'Subject'])
    expect(fields[3]!.raw).toContain('\r\n\tby mx.example.net')
    expect(fields[3]!.value).toBe('from client.example.net (client.example.net [192.0.2.30])\tby mx.example.net (Postfix) with ESMTP id ' + /id (\w+)/.exec(fields[3]!.value)![1] + '\tfor <carol@example.net>; Sat,  2 May 2026 10:00:00 +0000 (UTC)')
    expect(parseHeaderFields('Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?ISO-8859-1?Q?_K=F6ln?= ok\r\n')[0]?.decoded).toBe('Grüße Köln ok')
    expect(fieldValue(parseHeaderFields(splitMessage(alice.content).head), 'subject')).toBe('Grüße from the lab')
  })

  it('number Received: from the bottom up: hop 1 is the first server', () => {
    const trace = traceFields(parseHeaderFields(splitMessage(carol.content).head))
    expect(trace.map((t) => `${t.field.name}${t.hop ? ` #${t.hop}` : ''}`)).toEqual(['Return-Path', 'X-Original-To', 'Delivered-To', 'Received #2', 'Received #1'])
    expect(trace[4]!.clauses).toMatchObject({ from: 'localhost (localhost [127.0.0.1])', by: 'client.example.net (Postfix)', with: 'ESMTP' })
    expect(trace[3]!.clauses).toMatchObject({ by: 'mx.example.net (Postfix)', for: '<carol@example.net>', date: 'Sat,  2 May 2026 10:00:00 +0000 (UTC)' })
    expect(parseReceived('from a (b [1.2.3.4]) by c with SMTP id X; Sat, 2 May 2026')).toEqual({ from: 'a (b [1.2.3.4])', by: 'c', with: 'SMTP', id: 'X', date: 'Sat, 2 May 2026' })
  })
})

describe('the MIME tree (postal-mime)', () => {
  it('has every part with type, disposition and decoded size', async () => {
    const parsed = await parseMessage(alice.content)
    expect(parsed.fromParserTree).toBe(true) // postal-mime's parser tree is there (see mime.ts)
    expect(outline(parsed.tree)).toEqual(['multipart/mixed 0', '  multipart/alternative 0', '    text/plain 28', '    text/html 122', '  application/pdf (attachment) 19'].map((l) => l.replace(/ 0$/, '')))
    expect(parsed.tree.children[1]).toMatchObject({ path: '2', filename: 'report.pdf', encoding: 'base64' })
    expect(parsed.textParts.map((p) => p.text)).toEqual(['Hello Alice <b>not bold</b>\n'])
    expect(parsed.htmlParts).toHaveLength(1)
    expect(parsed.deliveryStatus).toBeNull()
  })

  it('shows a DSN as multipart/report with the returned message inside', async () => {
    const parsed = await parseMessage(bounce.content)
    expect(outline(parsed.tree).map((l) => l.replace(/ \d+$/, ''))).toEqual(['multipart/report', '  text/plain', '  message/delivery-status', '  message/rfc822', '    text/plain'])
    expect(parsed.textParts).toHaveLength(1) // the returned message's text is not the bounce's body
    expect(parsed.deliveryStatus).toContain('Final-Recipient: rfc822; x@example.invalid')
  })
})

describe('the delivery status', () => {
  it('is read into the per-message and per-recipient fields, each explained', async () => {
    const report = parseDeliveryStatus((await parseMessage(bounce.content)).deliveryStatus!)
    expect(report.perMessage.map((f) => f.name)).toEqual(['Reporting-MTA', 'X-Postfix-Queue-ID', 'X-Postfix-Sender', 'Arrival-Date'])
    expect(report.recipients).toHaveLength(1)
    const fields = Object.fromEntries(report.recipients[0]!.map((f) => [f.name, f]))
    expect(fields['Action']).toMatchObject({ value: 'failed', explanation: expect.stringMatching(/given up/) })
    expect(fields['Status']).toMatchObject({ value: '5.4.4', explanation: expect.stringMatching(/^Permanent failure.*unable to route/) })
    expect(fields['Diagnostic-Code']!.value).toBe('X-Postfix; Host or domain name not found. Name service error for name=example.invalid type=A: Host not found')
    for (const f of [...report.perMessage, ...report.recipients[0]!]) if (!f.name.startsWith('X-')) expect(f.explanation, f.name).not.toBe('')
  })

  it('spells out status codes', () => {
    expect(explainStatus('4.4.1')).toBe('Persistent transient failure (may work later): no answer from host (RFC 3463).')
    expect(explainStatus('5.1.1')).toMatch(/no such user/)
    expect(explainStatus('9.9')).toMatch(/Not an RFC 3463/)
  })
})

describe('the envelope beside the header', () => {
  it('marks recipients that are in the envelope and in no header field (the Bcc)', async () => {
    const email = (await parseMessage(bob.content)).email
    const header = { to: addressesOf(email.to), cc: addressesOf(email.cc), bcc: addressesOf(email.bcc) }
    const c = compareEnvelope(bob.envelope.recipients, header, bob.deliveredTo)
    expect(c.rows).toEqual([
      { address: 'alice@example.com', inEnvelope: true, fields: ['To'], deliveredHere: false },
      { address: 'bob@example.com', inEnvelope: true, fields: [], deliveredHere: true },
    ])
    expect(c.envelopeOnly).toEqual(['bob@example.com'])
    expect(compareEnvelope(['a@x.org'], { to: ['A@x.org', 'b@x.org'], cc: [], bcc: [] }, 'a@x.org').headerOnly).toEqual(['b@x.org'])
  })
})

describe('HTML bodies', () => {
  it('go into a document whose CSP loads nothing from the network', () => {
    const doc = sandboxedSrcdoc('<img src="https://t.example/p.png">')
    expect(doc.startsWith(`<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}">`)).toBe(true)
    expect(FRAME_CSP).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'")
    expect(remoteReferences('<img src="https://t.example/p.png"><div style="background:url(//cdn.example/x.gif)"><a href="https://ok.example">')).toEqual(['https://t.example/p.png', '//cdn.example/x.gif'])
  })
})
