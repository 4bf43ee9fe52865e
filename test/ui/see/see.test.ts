// Seeing the conversation, without a browser: the diagram's rows from the model's events, the wire view's lines,
// the swaks and Markdown exports, share links (8 KB of typed input and more), and the explainer's reading of
// transcripts (real swaks output made with `npm run serve` + swaks, real Postfix 3.7 log lines).
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { PERSONALITIES, World, type ModelEvent } from '../../../src/smtp'
import { Recorder, RECORDING_VERSION, serializeRecording, type Recording } from '../../../src/terminal/recording'
import { SmtpClient, type WireChunk } from '../../../src/terminal/smtp-client'
import { buildDiagram, type ArrowRow } from '../../../src/ui/see/diagram'
import { annotatedMarkdown, swaksText } from '../../../src/ui/see/exports'
import { explainTranscript, matchCatalogue } from '../../../src/ui/see/explain-transcript'
import { decodeShare, encodeShare } from '../../../src/ui/see/share'
import { parseTranscript } from '../../../src/ui/see/transcript-parse'
import { wireFacts, wireLines } from '../../../src/ui/see/wire-lines'
import { parseRoute, hrefOf } from '../../../src/ui/state/route.svelte'

/** A session through the terminal's SMTP client, as the lab runs it: its events and its wire chunks. */
function session(lines: readonly (string | readonly string[])[], options: { host?: string; write?: string } = {}) {
  const world = new World()
  const events: ModelEvent[] = []
  const wire: WireChunk[] = []
  // `telnet localhost 25`: the learner's own MTA, reached over the loopback.
  const local = options.host === 'client.example.net'
  const opened = world.connect(local ? { ip: '127.0.0.1', name: 'localhost' } : { ip: '192.0.2.30', name: 'client.example.net' }, options.host ?? 'mail.example.com', 25, PERSONALITIES.postfix)
  if (opened.kind !== 'connected') throw new Error('no connection')
  const client = new SmtpClient({ program: 'telnet', connection: opened.connection, target: options.host ?? 'mail.example.com', port: 25, observer: { events: (e) => events.push(...e), wire: (c) => wire.push(c) } })
  client.open()
  for (const line of lines) client.send(typeof line === 'string' ? [line] : line, () => '')
  if (options.write) client.write(options.write)
  return { events, wire, world }
}

const SESSION = ['EHLO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<nobody@example.com>', 'RCPT TO:<alice@example.com>', 'DATA', 'Subject: seen', '', '..a dot line', '.', 'QUIT']
const conversation = { server: 'mail.example.com', port: 25, client: 'client.example.net', program: 'telnet' }

describe('the sequence diagram, from the model\'s events', () => {
  test('one arrow per command and reply, the message as one arrow, labelled and toned; the state lane follows the events', () => {
    const { events } = session(SESSION)
    const d = buildDiagram(events, conversation)
    const arrows = d.rows.filter((r): r is ArrowRow => r.kind === 'arrow' && !r.hop)
    expect(arrows.map((a) => `${a.dir === 'client' ? '>' : '<'} ${a.label}`)).toEqual([
      '< 220', '> EHLO', '< 250', '> MAIL', '< 250 2.1.0', '> RCPT', '< 550 5.1.1', '> RCPT', '< 250 2.1.5', '> DATA', '< 354', '> message', '< 250 2.0.0', '> QUIT', '< 221 2.0.0',
    ])
    expect(arrows.find((a) => a.label === '550 5.1.1')?.tone).toBe(5)
    expect(arrows.find((a) => a.label === '354')?.tone).toBe(3)
    expect(arrows.find((a) => a.label === 'MAIL')?.answer?.reply.key).toBe('senderOk')
    expect(arrows.find((a) => a.label === 'message')?.detail).toMatch(/^the message \(\d+ octets as stored\)/)
    expect(d.lanes.map((l) => l.id)).toEqual(['client', 'mail.example.com', 'mailbox:mail.example.com:alice'])
    // The 250 to the final dot is drawn before the world's work on the message (queued, delivered).
    const labels = d.rows.map((r) => (r.kind === 'arrow' ? r.label : r.text))
    expect(labels.indexOf('250 2.0.0')).toBeLessThan(labels.indexOf('deliver'))
    expect(labels.findIndex((l) => l.startsWith('queued as'))).toBeGreaterThan(labels.indexOf('250 2.0.0'))
    const states = d.rows.map((r) => r.state).filter((s, i, all) => s !== all[i - 1])
    expect(states).toEqual(['connected', 'greeted', 'mail', 'rcpt', 'data', 'greeted', 'closed'])
  })

  test('a relay brings the next hop, its session\'s arrows coloured by their replies, and the mailbox it reaches', () => {
    const { events } = session(['EHLO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<carol@example.net>', 'DATA', 'Subject: far', '', 'hi', '.'], { host: 'client.example.net' })
    const d = buildDiagram(events, { ...conversation, server: 'client.example.net' })
    expect(d.lanes.map((l) => l.label)).toEqual(['you (telnet)', 'client.example.net', 'mx.example.net', 'carol'])
    const hop = d.rows.filter((r): r is ArrowRow => r.kind === 'arrow' && r.hop)
    expect(hop.slice(0, 4).map((a) => `${a.from}>${a.to} ${a.label}`)).toEqual(['mx.example.net>client.example.net 220', 'client.example.net>mx.example.net EHLO', 'mx.example.net>client.example.net 250', 'client.example.net>mx.example.net MAIL'])
    expect(hop.at(-1)).toMatchObject({ label: 'deliver', dir: 'server', from: 'mx.example.net', to: 'mailbox:mx.example.net:carol' })
  })

  test('TLS is a note and marks what follows encrypted; the newest rows are kept past the limit', () => {
    const { events } = session(['EHLO x', 'STARTTLS', 'EHLO x', 'NOOP'])
    const d = buildDiagram(events, conversation)
    const tls = d.rows.findIndex((r) => r.kind === 'note' && r.tone === 'tls')
    expect(tls).toBeGreaterThan(0)
    expect(d.rows.slice(tls + 1).every((r) => r.kind !== 'arrow' || r.encrypted)).toBe(true)
    expect(d.rows.slice(0, tls).some((r) => r.kind === 'arrow' && r.encrypted)).toBe(false)
    const small = buildDiagram(events, conversation, 3)
    expect(small.omitted).toBe(d.rows.length - 3)
    expect(small.rows).toEqual(d.rows.slice(-3))
  })
})

describe('the wire view\'s lines', () => {
  test('CR LF as ␍␊, octets counted, the stuffed dot marked with the line as stored', () => {
    const { events, wire } = session(SESSION)
    const lines = wireLines(wire, wireFacts(events))
    const text = (l: (typeof lines)[number]) => l.segments.map((s) => s.text).join('')
    const ehlo = lines.find((l) => text(l).startsWith('EHLO'))!
    expect(text(ehlo)).toBe('EHLO client.example.net␍␊')
    expect(ehlo.octets).toBe(25)
    const dotted = lines.find((l) => text(l).includes('a dot line'))!
    expect(dotted.segments[0]).toEqual({ text: '.', mark: 'stuffed' })
    expect(dotted.stored).toBe('.a dot line')
    // A line that starts with a dot but was not unstuffed (no event says so) is left alone: "." ends the data.
    expect(lines.find((l) => text(l) === '.␍␊')?.stored).toBeUndefined()
  })

  test('a bare LF the server reported is marked; a bare CR too; TLS is a boundary', () => {
    const { events, wire } = session(['EHLO x', 'MAIL FROM:<a@example.com>', 'RCPT TO:<alice@example.com>', 'DATA'], { write: 'one\ntw\ro\r\n.\r\n' })
    const lines = wireLines(wire, wireFacts(events))
    const one = lines.find((l) => l.segments.some((s) => s.text.includes('one')))!
    expect(one.segments).toEqual([{ text: 'one' }, { text: '␊', mark: 'bare' }])
    expect(one.bare).toEqual(['LF'])
    const two = lines.find((l) => l.segments.some((s) => s.text === 'tw'))!
    expect(two.segments.map((s) => s.mark ?? '')).toEqual(['', 'bare', '', 'crlf'])
    const tls = session(['EHLO x', 'STARTTLS', 'EHLO x'])
    const withTls = wireLines(tls.wire, wireFacts(tls.events))
    const boundary = withTls.findIndex((l) => l.kind === 'tls')
    expect(withTls.slice(boundary + 1).every((l) => l.encrypted)).toBe(true)
  })
})

describe('exports', () => {
  test('swaks-style text: ->/<-, <** for a refusal, ~>/<~ after TLS, as swaks prints them', () => {
    const { wire } = session(['EHLO client.example.net', 'RCPT TO:<x@example.com>', 'STARTTLS', 'EHLO client.example.net', 'QUIT'])
    const text = swaksText(wire, { host: 'mail.example.com', port: 25, client: 'client.example.net', closed: true })
    expect(text.split('\n').slice(0, 4)).toEqual(['=== Trying mail.example.com:25...', '=== Connected to mail.example.com.', '<-  220 mail.example.com ESMTP Postfix', ' -> EHLO client.example.net'])
    expect(text).toContain(' -> RCPT TO:<x@example.com>\n<** 503 5.5.1 Error: need MAIL command\n')
    expect(text).toContain(' -> STARTTLS\n<-  220 2.0.0 Ready to start TLS\n=== TLS started')
    expect(text).toContain(' ~> EHLO client.example.net\n<~  250-mail.example.com\n')
    expect(text).toMatch(/ ~> QUIT\n<~ {2}221 2\.0\.0 Bye\n=== Connection closed with remote host\.\n$/)
    // The same shape as a real swaks transcript of the bridge (test/fixtures/see).
    const real = readFileSync('test/fixtures/see/swaks-tls.txt', 'utf8')
    for (const prefix of ['<-  250-mail.example.com', ' -> STARTTLS', ' ~> EHLO client.example.net', '<~  250 2.1.0 Ok']) expect(real).toContain(prefix)
  })

  test('annotated Markdown: each command with its verb record, each reply with its meaning and RFC sections, the message as a block', () => {
    const { events, wire } = session(SESSION)
    const md = annotatedMarkdown(wire, events, { host: 'mail.example.com', port: 25, client: 'client.example.net', closed: true })
    expect(md).toContain('**C:** `MAIL FROM:<student@client.example.net>`  \n_MAIL: MAIL FROM:\\<reverse-path\\> \\[parameters\\] — start a transaction (RFC 5321 4.1.1.2)_')
    expect(md).toContain('> **550** — Requested action not taken: mailbox unavailable')
    expect(md).toContain('> **5.1.1** — permanent failure; addressing; Bad destination mailbox address')
    expect(md).toContain('> **354** — Start mail input; end with \\<CRLF\\>.\\<CRLF\\>.')
    expect(md).toContain('Here: No such mailbox here')
    expect(md).toContain('[RFC 5321 §4.2.2](https://www.rfc-editor.org/rfc/rfc5321#section-4.2.2)')
    expect(md).toContain('**C:** the message, ended by a line holding only "."\n\n```\nSubject: seen\n\n..a dot line\n.\n```')
    expect(md).toContain('## What happened next')
  })
})

describe('share links', () => {
  const start = { seed: 1_780_000_000_000, personality: 'postfix' as const, world: null, worlds: 0, history: [] }

  test('a round trip: the same recording comes back, the payload is URL-safe', async () => {
    const recording: Recording = { v: RECORDING_VERSION, start, actions: ['telnet mail.example.com 25\r', 'EHLO x\r', { personality: 'rfc' }, { faults: [{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }] }] }
    const payload = await encodeShare(recording)
    expect(payload).toMatch(/^1[A-Za-z0-9_-]+$/)
    const back = await decodeShare(payload)
    expect(back).toEqual({ ok: true, recording })
  })

  test('8 KB of input typed key by key stays a readable link (and 64 KB too)', async () => {
    for (const kb of [8, 64]) {
      const recorder = new Recorder(start)
      const line = 'RCPT TO:<someone.with.a.long.name@example.com>\r'
      let typed = 0
      while (typed < kb * 1024) for (const key of line) typed += recorder.record(key) ? key.length : 0
      const payload = await encodeShare(recorder.recording)
      const back = await decodeShare(payload)
      expect(back.ok && serializeRecording(back.recording)).toBe(serializeRecording(recorder.recording))
      expect(payload.length).toBeLessThan(serializeRecording(recorder.recording).length / 4)
    }
  })

  test.each([
    ['empty', '', 'holds no session'],
    ['cut', '1abc$', 'characters a shared session never has'],
    ['not deflate', '1' + 'A'.repeat(40), 'not readable'],
    ['a newer format', '2AAAA', 'newer version of smtp-sim'],
  ])('a %s link is refused with a reason', async (_what, payload, reason) => {
    const r = await decodeShare(payload)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.message).toContain(reason)
  })

  test('a newer recording version, and a recording that fails validation, say so', async () => {
    const newer = await encodeShare({ v: 2 as typeof RECORDING_VERSION, start, actions: [] })
    expect(await decodeShare(newer)).toMatchObject({ ok: false, message: expect.stringContaining('newer version of smtp-sim') })
    const bad = await encodeShare({ v: RECORDING_VERSION, start: { ...start, personality: '__proto__' as 'postfix' }, actions: [] })
    expect(await decodeShare(bad)).toMatchObject({ ok: false, message: expect.stringContaining('the shared session is not usable') })
  })

  test('a small link that inflates past the limit is stopped while it is read', async () => {
    const huge: Recording = { v: RECORDING_VERSION, start, actions: ['x'.repeat(2_000_000)] }
    const r = await decodeShare(await encodeShare(huge))
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('larger than') })
  })

  test('routes: #/s/<payload> is the lab with a shared session; #/explain the explainer', () => {
    expect(parseRoute('#/s/1abc-_')).toEqual({ view: 'lab', shared: '1abc-_' })
    expect(hrefOf({ view: 'lab', shared: '1abc' })).toBe('#/s/1abc')
    expect(parseRoute('#/explain')).toEqual({ view: 'explain' })
    expect(hrefOf({ view: 'explain' })).toBe('#/explain')
  })
})

describe('the transcript explainer', () => {
  test('reads swaks output, C:/S: lines, arrows and a telnet session; finds the port swaks used', () => {
    const swaks = parseTranscript(readFileSync('test/fixtures/see/swaks-plain.txt', 'utf8'))
    expect(swaks.ok && swaks.format).toBe('swaks output')
    expect(swaks.ok && swaks.port).toBe(5311)
    const kinds = (text: string) => {
      const r = parseTranscript(text)
      return r.ok ? r.lines.map((l) => l.kind) : r.message
    }
    expect(kinds('S: 220 x\nC: HELO y\nS: 250 x')).toEqual(['server', 'client', 'server'])
    expect(kinds('<- 220 x\n-> HELO y\n<- 250 x')).toEqual(['server', 'client', 'server'])
    expect(kinds('$ telnet mail.example.com 25\nTrying 192.0.2.10...\nConnected to mail.example.com.\n220 mail ESMTP\nHELO y\n250 mail')).toEqual(['note', 'note', 'note', 'server', 'client', 'server'])
  })

  test('a real swaks session replays line for line against our model; a 550 is taken apart from the catalogue', () => {
    const r = explainTranscript(readFileSync('test/fixtures/see/swaks-unknown-user.txt', 'utf8'))
    if (!r.ok) throw new Error(r.message)
    expect(r.compared).toEqual({ lines: 15, differ: 0, port: 25 })
    const refused = r.lines.find((l) => l.role === 'reply' && l.line.raw.includes('550'))!
    expect(refused.notes.join(' ')).toMatch(/^550: Requested action not taken: mailbox unavailable/)
    expect(refused.notes.join(' ')).toContain('Our Postfix model says this too: No such mailbox here')
    expect(refused.verdict?.verdict).toBe('same')
    expect(r.lines.find((l) => l.line.raw.includes('RCPT TO'))?.notes[0]).toBe('RCPT: RCPT TO:<forward-path> [parameters] — add a recipient (RFC 5321 4.1.1.3).')
  })

  test('the message lines, the stuffed dot and the end of data are told apart; a queue id is not a difference', () => {
    const r = explainTranscript(readFileSync('test/fixtures/see/swaks-plain.txt', 'utf8'))
    if (!r.ok) throw new Error(r.message)
    const byText = (t: string) => r.lines.find((l) => l.line.raw.endsWith(t))!
    expect(byText('..a line that starts with a dot').notes[0]).toContain('the server stores ".a line that starts with a dot"')
    expect(byText(' -> .').role).toBe('message')
    expect(byText('Subject: hello from swaks').notes[0]).toContain('header field')
    expect(r.lines.find((l) => l.line.raw.includes('queued as'))?.verdict?.verdict).toBe('queue-id')
    expect(r.compared?.differ).toBe(0)
  })

  test('where our model would answer differently, the line says what it would say', () => {
    const r = explainTranscript('S: 220 mx.example.org ESMTP\nC: EHLO me.example\nS: 250 mx.example.org\nC: MAIL FROM:<a@me.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@gmail.com>\nS: 250 2.1.5 Ok\n')
    if (!r.ok) throw new Error(r.message)
    const last = r.lines.at(-1)!
    expect(last.verdict).toEqual({ verdict: 'differs', actual: '554 5.7.1 <bob@gmail.com>: Relay access denied' })
  })

  test('real Postfix 3.7 log lines: programs, fields, the DSN code, a reject and how our model words it', () => {
    const r = explainTranscript(readFileSync('test/fixtures/see/postfix-log-excerpt.txt', 'utf8'))
    if (!r.ok) throw new Error(r.message)
    expect(r.format).toBe('Postfix log lines')
    expect(r.compared).toBeNull()
    const sent = r.lines.find((l) => l.line.raw.includes('status=sent'))!
    expect(sent.notes.join(' ')).toContain('to <alice@example.com>: delivered')
    expect(sent.notes.join(' ')).toContain('dsn=2.0.0: Success')
    expect(sent.tone).toBe(2)
    const unknown = r.lines.find((l) => l.line.raw.includes('550 5.1.1'))!
    expect(unknown.notes.join(' ')).toContain('Our Postfix model says this too')
    const relay = r.lines.find((l) => l.line.raw.includes('NOQUEUE'))!
    expect(relay.notes[0]).toContain('the submission service')
    expect(relay.differs).toBe('our model words it the same but answers 554 5.7.1')
    expect(r.lines.find((l) => l.line.raw.includes('disconnect'))?.notes[1]).toContain('bdat: 1 of 2 accepted')
  })

  test('the catalogue read backwards: codes first, the words second', () => {
    expect(matchCatalogue(250, '2.1.5', 'Ok')).toEqual({ key: 'recipientOk', exact: true })
    expect(matchCatalogue(454, '4.7.1', '<a@b>: Relay access denied')).toEqual({ key: 'relayDenied', exact: false })
    expect(matchCatalogue(250, null, 'mx.google.com at your service', 'EHLO')).toEqual({ key: 'ehlo', exact: true })
    expect(matchCatalogue(550, '5.7.1', 'Go away')).toBeNull()
  })

  test.each([
    ['binary data', '\u0000\u0001\u0002\u0003 ELF', 'binary data'],
    ['5 MB', '250 ok\n'.repeat(750_000), 'million characters long'],
    ['no recognisable lines', 'Dear Alice,\nhow are you?', 'No line here looks like SMTP'],
  ])('%s: a clear message, no explanation', (_what, text, message) => {
    const r = explainTranscript(text)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.message).toContain(message)
  })
})
