// Sessions in the seed's session schema: a live session exports as a valid document and replays with no
// differences; the seed 002 replays on port 587; a tampered line, and every other difference, is reported.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CounterIds, DEFAULT_WORLD, PERSONALITIES, PROFILES, World, encodeBase64, wireOf, type Connection, type ModelEvent } from '../../../src/smtp'
import { exportSession, importSession, validateSession, type TranscriptEntry } from '../../../src/ui/sessions/session-json'
import { validate as compiled } from '../../../src/ui/sessions/session.schema.json?validator'
import { clientEntry, replyGroups, serverEntries } from '../../../src/ui/sessions/transcript'
import { readSchema } from '../compose/read-schema'
import { runtimeValidator } from '../../../build/ajv-validators'

const schema = readSchema(new URL('../../../src/ui/sessions/session.schema.json', import.meta.url))
const runtime = runtimeValidator(schema)

/** A live session: every client line and the wire text of the replies it caused, as the app records them. */
function record(connection: Connection, lines: readonly string[], events: ModelEvent[] = []): TranscriptEntry[] {
  const seen = (e: ModelEvent[]) => (events.push(...e), wireOf(e))
  const entries: TranscriptEntry[] = serverEntries(seen(connection.start()))
  for (const line of lines) {
    entries.push(clientEntry(line))
    entries.push(...serverEntries(seen(connection.receive(line + '\r\n'))))
  }
  return entries
}

const MESSAGE = 'From: student@client.example.net\r\nTo: alice@example.com\r\nSubject: Hi\r\n\r\nHello\r\n..a dot line\r\n.'

describe('export of a live session', () => {
  it('on port 25: valid against schema 000, the schema fields read off the transcript, and it replays with no differences', () => {
    const world = new World(undefined, undefined, (host, i) => new CounterIds(0x1234 + i, 'LIVE')) // other queue ids than a fresh world
    const connection = world.host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' })
    const events: ModelEvent[] = []
    const transcript = record(connection, ['EHLO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<alice@example.com>', 'RCPT TO:<nobody@example.com>', 'RCPT TO:<bob@example.com>', 'DATA', MESSAGE, 'QUIT'], events)
    const accepted = events.find((e) => e.type === 'message-accepted')
    expect(accepted?.type === 'message-accepted' && accepted.content.length).toBe(92) // what the server took: unstuffed
    const { document, json, notes, errors } = exportSession(transcript, events, { host: 'mail.example.com', port: 25 })
    expect(errors).toEqual([])
    expect(runtime(JSON.parse(json))).toBe(true) // ajv itself, from the schema file, agrees
    expect(document).toMatchObject({
      host: 'mail.example.com',
      port: 25,
      secure: 'none',
      clientHostname: 'client.example.net',
      extensions: ['PIPELINING', 'SIZE 10240000', 'VRFY', 'ETRN', 'STARTTLS', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'],
      transaction: { from: 'student@client.example.net', recipients: ['alice@example.com', 'bob@example.com'], messageSize: 92 },
    })
    expect(document.authentication).toBeUndefined()
    expect(document.session).toEqual(transcript)
    expect(notes).toEqual([])

    const imported = importSession(json)
    expect(imported.ok).toBe(true)
    if (!imported.ok) return
    expect(imported.report.differences).toBe(0)
    expect(imported.report.compared).toBe(transcript.filter((e) => e.direction === 'server').reduce((n, e) => n + e.data.split('\n').length, 0))
    expect(imported.report.lines.filter((l) => l.verdict === 'queue-id')).toHaveLength(1)
    expect(imported.report.notes.join('\n')).toMatch(/queued as <anything>/)
  })

  it('on port 587 with STARTTLS and AUTH LOGIN: secure starttls, the mechanism and user name', () => {
    const world = new World()
    const connection = world.host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' }, PERSONALITIES.postfix, { profile: PROFILES.submission })
    const events: ModelEvent[] = []
    const transcript = record(connection, ['EHLO laptop.example.net', 'STARTTLS', 'EHLO laptop.example.net', 'AUTH LOGIN', encodeBase64('alice'), encodeBase64('wonderland'), 'MAIL FROM:<alice@example.com>', 'RCPT TO:<carol@example.net>', 'DATA', 'Subject: x\r\n\r\nbody\r\n.', 'QUIT'], events)
    const { document, errors, json } = exportSession(transcript, events, { host: 'mail.example.com', port: 587 })
    expect(errors).toEqual([])
    expect(document).toMatchObject({ port: 587, secure: 'starttls', clientHostname: 'laptop.example.net', authentication: { mechanism: 'LOGIN', username: 'alice' }, extensions: ['AUTH LOGIN PLAIN', '8BITMIME', 'SMTPUTF8'] })
    expect(document.transaction).toEqual({ from: 'alice@example.com', recipients: ['carol@example.net'], messageSize: 20 })
    const imported = importSession(json)
    expect(imported.ok && imported.report.differences).toBe(0)
    expect(imported.ok && imported.report.profile).toBe('submission')
  })

  it('reads a whole transaction played as one batch (as Compose sends it), and replays it', () => {
    const connection = new World().host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' })
    const batch = `EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n${MESSAGE}\r\nQUIT`
    // One client entry, and one server entry holding every reply: the shape of a pasted batch.
    const events: ModelEvent[] = [...connection.start()]
    const greeting = serverEntries(wireOf(events))
    const answers = connection.receive(batch + '\r\n')
    events.push(...answers)
    const transcript: TranscriptEntry[] = [...greeting, clientEntry(batch), { direction: 'server', data: serverEntries(wireOf(answers)).map((e) => e.data).join('\n') }]
    const { document, json } = exportSession(transcript, events, { host: 'mail.example.com', port: 25 })
    expect(document.transaction).toEqual({ from: 'student@client.example.net', recipients: ['alice@example.com', 'bob@example.com'], messageSize: 92 })
    const imported = importSession(json)
    expect(imported.ok && imported.report.differences).toBe(0)
  })

  it('takes the lines after a refused DATA as commands again', () => {
    const connection = new World().host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' })
    const events: ModelEvent[] = []
    const transcript = record(connection, ['HELO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<nobody@example.com>', 'DATA', 'RCPT TO:<bob@example.com>', 'DATA', 'Subject: x\r\n\r\nx\r\n.', 'QUIT'], events)
    expect(transcript.find((e) => e.direction === 'server' && e.data.startsWith('554'))).toBeDefined()
    expect(exportSession(transcript, events, { host: 'mail.example.com', port: 25 }).document.transaction).toEqual({ from: 'student@client.example.net', recipients: ['bob@example.com'], messageSize: 17 })
  })

  it('takes its fields from the model\'s events, not from reply text: BDAT messages and PLAIN logins too', () => {
    const connection = new World().host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' }, PERSONALITIES.postfix, { profile: PROFILES.submission, plaintextAuth: true })
    const events: ModelEvent[] = []
    const transcript = record(connection, ['EHLO laptop.example.net', `AUTH PLAIN ${encodeBase64('\0alice\0wonderland')}`, 'MAIL FROM:<alice@example.com>', 'RCPT TO:<bob@example.com>'], events)
    events.push(...connection.receive('BDAT 12 LAST\r\nSubject: x\r\n'))
    const { document } = exportSession(transcript, events, { host: 'mail.example.com', port: 587 })
    expect(document).toMatchObject({ authentication: { mechanism: 'PLAIN', username: 'alice' }, clientHostname: 'laptop.example.net', transaction: { from: 'alice@example.com', recipients: ['bob@example.com'], messageSize: 12 } })
    // The transcript only goes into `session`: facts come from the events alone.
    expect(exportSession([], events, { host: 'mail.example.com', port: 587 }).document).toMatchObject({ authentication: { username: 'alice' }, transaction: { messageSize: 12 } })
  })

  it('leaves out what the schema cannot hold, and says so', () => {
    const world = new World()
    const connection = world.host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' })
    const events: ModelEvent[] = []
    const transcript = record(connection, ['HELO client.example.net', 'MAIL FROM:<>', 'RCPT TO:<postmaster>', 'DATA', 'Subject: bounce\r\n\r\nx\r\n.'], events)
    const { document, errors, notes } = exportSession(transcript, events, { host: 'mail.example.com', port: 25 })
    expect(errors).toEqual([])
    expect(document.transaction).toEqual({ messageSize: 22 })
    expect(notes.join('\n')).toMatch(/MAIL FROM:<>/)
    expect(notes.join('\n')).toMatch(/"postmaster": not of the schema's "email" format/)
    expect(document.extensions).toBeUndefined()
  })
})

interface SeedStep {
  readonly direction?: 'client' | 'server'
  readonly data?: string
  readonly note: string
}

/** The seed with the lines an HTML filter ate restored, exactly as test/smtp/seed-session.test.ts does. */
function restoredSeed(): Record<string, unknown> & { session: SeedStep[] } {
  const seed = JSON.parse(readFileSync(new URL('../../fixtures/seed-002-session.json', import.meta.url), 'utf8')) as Record<string, unknown> & { session: SeedStep[] }
  const restore = (data: string) =>
    data
      .replace(/^MAIL FROM:$/, 'MAIL FROM:<alice@sender.com>')
      .replace(/^RCPT TO:$/, 'RCPT TO:<bob@example.com>')
      .replace(/^354 End data with \.$/, '354 End data with <CR><LF>.<CR><LF>')
      .replace('From: Alice Smith \r\n', 'From: Alice Smith <alice@sender.com>\r\n')
      .replace('To: Bob Jones \r\n', 'To: Bob Jones <bob@example.com>\r\n')
  return { ...seed, session: seed.session.map((s) => (s.data === undefined ? s : { ...s, data: restore(s.data) })) }
}

/** The default world with the seed's user ("username", "password") on mail.example.com. */
function seedWorld(): World {
  const hosts = DEFAULT_WORLD.hosts.map((h) => (h.name === 'mail.example.com' ? { ...h, users: { ...h.users, username: { password: 'password' } } } : h))
  return new World({ ...DEFAULT_WORLD, hosts })
}

describe('import of the seed session 002', () => {
  it('validates, and replays on port 587 with no differences (the queue id aside)', () => {
    const seed = restoredSeed()
    expect(validateSession(seed)).toEqual([])
    const result = importSession(JSON.stringify(seed), { world: seedWorld(), client: { ip: '192.0.2.99', name: 'client.sender.com' } })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { report } = result
    expect(report).toMatchObject({ host: 'mail.example.com', port: 587, profile: 'submission', differences: 0 })
    expect(report.compared).toBe(19)
    expect(report.lines.find((l) => l.verdict === 'queue-id')).toMatchObject({ expected: '250 2.0.0 Ok: queued as A1B2C3D4E5' })
    expect(report.notes.some((n) => n.startsWith('The file names no host'))).toBe(true)
  })

  it('in the default world, reports the refused login and everything it causes', () => {
    const result = importSession(JSON.stringify(restoredSeed()))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const differing = result.report.lines.filter((l) => l.verdict === 'differs')
    expect(differing[0]).toMatchObject({ expected: '235 2.7.0 Authentication successful', actual: '535 5.7.8 Error: authentication failed: authentication failure' })
    expect(result.report.differences).toBeGreaterThan(1)
  })

  it('reports a tampered server line, by entry and line', () => {
    const seed = restoredSeed()
    const index = seed.session.findIndex((s) => s.data?.startsWith('250-mail.example.com\n250-PIPELINING'))
    seed.session[index] = { ...seed.session[index]!, data: seed.session[index]!.data!.replace('SIZE 52428800', 'SIZE 1000') }
    const result = importSession(JSON.stringify(seed), { world: seedWorld() })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.report.differences).toBe(1)
    expect(result.report.lines.filter((l) => l.verdict === 'differs')).toEqual([{ entry: index, line: 3, expected: '250-SIZE 1000', actual: '250-SIZE 52428800', verdict: 'differs' }])
  })

  it('reports lines the model did not send, and lines it sent that the file lacks', () => {
    const seed = restoredSeed()
    const quitReply = seed.session.findIndex((s) => s.data === '221 2.0.0 Bye')
    const ehlo2 = seed.session.findIndex((s) => s.data === '250-mail.example.com\n250-AUTH LOGIN PLAIN\n250-8BITMIME\n250 SMTPUTF8')
    seed.session[ehlo2] = { ...seed.session[ehlo2]!, data: '250-mail.example.com\n250-AUTH LOGIN PLAIN\n250-8BITMIME\n250-CHUNKING\n250 SMTPUTF8' }
    seed.session.splice(quitReply, 1)
    const result = importSession(JSON.stringify(seed), { world: seedWorld() })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const odd = result.report.lines.filter((l) => l.verdict !== 'same' && l.verdict !== 'queue-id')
    expect(odd).toEqual([
      { entry: ehlo2, line: 4, expected: '250-CHUNKING', actual: '250 SMTPUTF8', verdict: 'differs' },
      { entry: ehlo2, line: 5, expected: '250 SMTPUTF8', actual: null, verdict: 'missing' },
      { entry: -1, line: 1, expected: null, actual: '221 2.0.0 Bye', verdict: 'extra' },
    ])
  })
})

describe('validation', () => {
  it('has a validator compiled at build time that agrees with ajv\'s own', () => {
    for (const sample of [restoredSeed(), { port: '25' }, { secure: 'ssl', transaction: { recipients: [] } }, []]) expect(compiled(sample)).toBe(runtime(sample))
  })

  it('reports schema errors and transcript errors by path', () => {
    const errors = validateSession({ port: 25.5, secure: 'ssl', authentication: { mechanism: 'NTLM' }, transaction: { from: 'x', recipients: [] }, session: [{ direction: 'client', data: 'EHLO x' }, { direction: 'up', data: 1 }, 'text', { note: 'only a note' }] })
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'port: must be an integer',
      'secure: must be one of: "none", "tls", "starttls"',
      'authentication.mechanism: must be one of: "PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "XOAUTH2"',
      'transaction.from: must be an email address (format "email"), like alice@example.com',
      'transaction.recipients: must have at least 1 item',
      'session[1].direction: must be "client" or "server"',
      'session[1].data: must be a string',
      'session[2]: must be an object',
    ])
    expect(validateSession({ port: 25 }).map((e) => e.path)).toEqual(['session'])
  })

  it('refuses what is not JSON, and hosts the world does not have', () => {
    expect(importSession('{ "port": 25,')).toMatchObject({ ok: false, errors: [{ path: '', message: expect.stringMatching(/^not JSON/) }] })
    expect(importSession(JSON.stringify({ host: 'mx.example.org', session: [] }))).toMatchObject({ ok: false, errors: [{ path: 'host' }] })
  })
})

describe('transcript helpers', () => {
  it('groups reply lines into replies, one server entry per reply', () => {
    expect(replyGroups(['250-a', '250-b', '250 c', '354 go', 'junk'])).toEqual([['250-a', '250-b', '250 c'], ['354 go'], ['junk']])
    expect(serverEntries('250 2.1.0 Ok\r\n250-x\r\n250 y\r\n')).toEqual([
      { direction: 'server', data: '250 2.1.0 Ok' },
      { direction: 'server', data: '250-x\n250 y' },
    ])
    expect(clientEntry('QUIT\r\n')).toEqual({ direction: 'client', data: 'QUIT' })
  })
})
