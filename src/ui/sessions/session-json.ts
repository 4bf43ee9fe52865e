/**
 * Sessions as JSON in the session schema (./session.schema.json), and back.
 *
 * Export: the transcript (./transcript.ts) goes into an extra property `session`, which the schema allows (it does not
 * forbid additional properties); the schema's own fields come from the events the model emitted in the session:
 * `secure` (TLS from the start: tls; after STARTTLS: starttls), the login (`authenticated`), the client's HELO/EHLO
 * name (`helo`), the keywords of the last EHLO reply, and the last message accepted (`message-accepted`: sender,
 * recipients, size) or else the transaction still open. The document is checked against the schema file before it goes.
 *
 * Import: the JSON is validated against the schema file (compiled by ajv at build time: build/ajv-validators.ts) and
 * the transcript shape is checked; then the replay engine (src/lessons/replay.ts) plays it against a fresh world on
 * the port's profile and gives every server line a verdict. Queue ids are the server's own choice, so
 * `queued as <anything>` compares equal, and the report says so. Pure: no DOM.
 */
import { readSession, replay, type SessionEntry, type Verdict as ReplayVerdict } from '../../lessons/replay'
import { PERSONALITIES, World, type ClientInfo, type ModelEvent, type Personality, type ProfileName } from '../../smtp'
import { fieldErrors, type FieldError } from '../compose/schema-errors'
import { validate } from './session.schema.json?validator'
import type { TranscriptEntry } from './transcript'

export type { TranscriptEntry } from './transcript'

export type Secure = 'none' | 'tls' | 'starttls'
export type SchemaMechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'DIGEST-MD5' | 'XOAUTH2'
const MECHANISMS: readonly string[] = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'DIGEST-MD5', 'XOAUTH2']

export interface SessionMeta {
  readonly host: string
  readonly port: number
}

/** A session document: the schema's fields, and the transcript in `session`. */
export interface SessionDocument {
  host: string
  port: number
  secure: Secure
  authentication?: { mechanism: SchemaMechanism; username?: string }
  clientHostname?: string
  extensions?: string[]
  transaction?: { from?: string; recipients?: string[]; messageSize?: number }
  session: TranscriptEntry[]
}

export interface Exported {
  readonly document: SessionDocument
  /** The document as text, two-space indented. */
  readonly json: string
  /** What the export left out or could not tell, for the UI to show. */
  readonly notes: readonly string[]
  /** Errors of the document against the schema: empty unless something is wrong with the exporter itself. */
  readonly errors: readonly FieldError[]
}

// --- What the session did, from its events -------------------------------------------------------------------------

interface Facts {
  secure: Secure
  authentication: { mechanism: string; username: string } | null
  clientHostname: string | null
  extensions: string[] | null
  transaction: { from: string; recipients: string[]; messageSize: number | null } | null
}

function sessionFacts(events: readonly ModelEvent[]): Facts {
  const facts: Facts = { secure: 'none', authentication: null, clientHostname: null, extensions: null, transaction: null }
  let open: { from: string; recipients: string[] } | null = null
  for (const e of events) {
    switch (e.type) {
      case 'tls-started':
        facts.secure = e.implicit ? 'tls' : 'starttls'
        break
      case 'authenticated':
        facts.authentication = { mechanism: e.mechanism, username: e.user }
        break
      case 'helo':
        facts.clientHostname = e.name
        break
      case 'reply':
        if (e.reply.key === 'ehlo') facts.extensions = e.reply.lines.slice(1)
        break
      case 'transaction-started':
        open = { from: e.sender, recipients: [] }
        break
      case 'recipient-accepted':
        open?.recipients.push(e.recipient)
        break
      case 'transaction-reset':
      case 'message-rejected':
        open = null
        break
      case 'message-accepted':
        facts.transaction = { from: e.envelope.sender, recipients: [...e.envelope.recipients], messageSize: e.content.length }
        open = null
        break
    }
  }
  if (!facts.transaction && open) facts.transaction = { ...open, messageSize: null }
  return facts
}

// --- Export -------------------------------------------------------------------------------------------------------

/** The session as a document of the session schema, with the transcript in `session` and facts from its events. */
export function exportSession(transcript: readonly TranscriptEntry[], events: readonly ModelEvent[], meta: SessionMeta): Exported {
  const facts = sessionFacts(events)
  const notes: string[] = []
  const head: Omit<SessionDocument, 'session'> = { host: meta.host, port: meta.port, secure: facts.secure }
  if (facts.authentication) {
    const { mechanism, username } = facts.authentication
    if (MECHANISMS.includes(mechanism)) head.authentication = { mechanism: mechanism as SchemaMechanism, username }
    else notes.push(`AUTH ${mechanism} is not a mechanism the schema lists; authentication is left out.`)
  }
  if (facts.clientHostname !== null) head.clientHostname = facts.clientHostname
  if (facts.extensions !== null) head.extensions = facts.extensions
  if (facts.transaction) {
    const t = facts.transaction
    head.transaction = { ...(t.from !== '' ? { from: t.from } : {}), ...(t.recipients.length > 0 ? { recipients: [...t.recipients] } : {}), ...(t.messageSize !== null ? { messageSize: t.messageSize } : {}) }
    if (t.from === '') notes.push('MAIL FROM:<> (the null reverse-path of bounces) is no address of format "email"; transaction.from is left out.')
  }
  // The transcript last, after the schema's fields, as in the seed.
  const document: SessionDocument = { ...head, session: transcript.map((e) => ({ direction: e.direction, data: e.data })) }

  // Addresses the schema's "email" format refuses (postmaster without a domain, quoted local parts…) are left out.
  let errors = fieldErrors(validate(document) ? [] : validate.errors)
  const tx = document.transaction
  if (tx && errors.some((e) => e.pointer.startsWith('/transaction/'))) {
    const bad = new Set(errors.filter((e) => /^\/transaction\/recipients\/\d+$/.test(e.pointer)).map((e) => Number(e.pointer.split('/').at(-1))))
    if (errors.some((e) => e.pointer === '/transaction/from')) {
      notes.push(`transaction.from "${tx.from}" is not of the schema's "email" format; it is left out (the transcript has it).`)
      delete tx.from
    }
    if (tx.recipients && bad.size > 0) {
      notes.push(`${[...bad].map((i) => `"${tx.recipients![i]}"`).join(', ')}: not of the schema's "email" format; left out of transaction.recipients (the transcript has them).`)
      tx.recipients = tx.recipients.filter((_, i) => !bad.has(i))
      if (tx.recipients.length === 0) delete tx.recipients
    }
    errors = fieldErrors(validate(document) ? [] : validate.errors)
  }
  if (!facts.transaction) notes.push('No mail transaction in this session: transaction is left out.')
  return { document, json: JSON.stringify(document, null, 2), notes, errors }
}

// --- Validation ---------------------------------------------------------------------------------------------------

/** Errors of a value against the session schema file, and of its `session` transcript, path by path. */
export function validateSession(value: unknown): FieldError[] {
  const errors = validate(value) ? [] : fieldErrors(validate.errors)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return errors
  const session = (value as Record<string, unknown>)['session']
  const at = (pointer: string, message: string): FieldError => ({ path: pointer.slice(1).replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.'), message, pointer, schemaPath: '' })
  if (session === undefined) return [...errors, at('/session', 'is required to replay: the transcript, an array of { "direction": "client" | "server", "data": "…" }')]
  if (!Array.isArray(session)) return [...errors, at('/session', 'must be an array')]
  session.forEach((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return void errors.push(at(`/session/${i}`, 'must be an object'))
    const e = entry as Record<string, unknown>
    if (e['direction'] === undefined && e['data'] === undefined) return // an annotation only: "[ TLS handshake occurs ]"
    if (e['direction'] !== 'client' && e['direction'] !== 'server') errors.push(at(`/session/${i}/direction`, 'must be "client" or "server"'))
    if (typeof e['data'] !== 'string') errors.push(at(`/session/${i}/data`, 'must be a string'))
  })
  return errors
}

// --- Import and replay --------------------------------------------------------------------------------------------

export type Verdict = 'same' | 'queue-id' | 'differs' | 'missing' | 'extra'

export interface ReplayLine {
  /** The index of the server entry in `session` (-1: the model said more after the last entry). */
  readonly entry: number
  /** The line within that entry, from 1. */
  readonly line: number
  /** What the file says (null: the model sent a line the file does not have). */
  readonly expected: string | null
  /** What the model said (null: the model sent nothing there). */
  readonly actual: string | null
  readonly verdict: Verdict
}

export interface ReplayReport {
  readonly host: string
  readonly port: number
  readonly profile: ProfileName
  /** Server lines compared. */
  readonly compared: number
  /** Lines that differ, are missing or are extra. */
  readonly differences: number
  readonly lines: readonly ReplayLine[]
  readonly notes: readonly string[]
}

export interface ReplayOptions {
  /** The world to replay in; a fresh default world if not given. */
  readonly world?: World
  readonly personality?: Personality
  /** Who connects. Default: client.example.net (192.0.2.30), the learner's machine, as the terminal does. */
  readonly client?: ClientInfo
}

export type ImportResult =
  | { readonly ok: false; readonly errors: readonly FieldError[] }
  | { readonly ok: true; readonly document: Readonly<Record<string, unknown>>; readonly report: ReplayReport }

export type ReplayOutcome = { readonly ok: true; readonly report: ReplayReport } | { readonly ok: false; readonly error: FieldError }

const VERDICTS: Readonly<Record<ReplayVerdict, Verdict>> = {
  same: 'same', matches: 'queue-id', skipped: 'same', differs: 'differs', missing: 'missing', extra: 'extra', sent: 'same', unsent: 'missing', done: 'same',
}

/** Replay a validated document's transcript against the model, comparing every server line. */
export function replaySession(doc: Readonly<Record<string, unknown>>, options: ReplayOptions = {}): ReplayOutcome {
  const world = options.world ?? new World()
  const hostName = typeof doc['host'] === 'string' ? doc['host'] : 'mail.example.com'
  const port = typeof doc['port'] === 'number' ? doc['port'] : 25
  const notes: string[] = []
  const host = world.host(hostName)
  if (!host) return { ok: false, error: { path: 'host', message: `no host "${hostName}" in the simulated world (it has ${world.hosts.map((h) => h.name).join(', ')})`, pointer: '/host', schemaPath: '' } }
  if (typeof doc['host'] !== 'string') notes.push(`The file names no host: replayed against ${hostName}.`)
  const dial = (to: number) => world.connect(options.client ?? { ip: '192.0.2.30', name: 'client.example.net' }, hostName, to, options.personality ?? PERSONALITIES.postfix)
  let opened = dial(port)
  if (opened.kind !== 'connected') {
    notes.push(`Port ${port} is none of the model's (25, 587, 465): replayed as port 25.`)
    opened = dial(25)
  }
  if (opened.kind !== 'connected') return { ok: false, error: { path: 'port', message: `nothing answers on ${hostName} port 25`, pointer: '/port', schemaPath: '' } }
  const connection = opened.connection
  const profile = connection.session.profile
  const secure = doc['secure']
  if ((secure === 'tls') !== profile.implicitTls && secure !== undefined) notes.push(`"secure": "${String(secure)}" does not fit port ${profile.port}, where TLS is ${profile.implicitTls ? 'implicit (tls)' : 'none or starttls'}; the port decides.`)

  const entries = Array.isArray(doc['session']) ? (doc['session'] as SessionEntry[]) : []
  const read = readSession(entries)
  const r = replay(read.transcript, { world, connect: () => connection })

  // The engine's verdicts as rows of the report: each server line where its entry stands, the lines the model
  // added inside a reply right after it, and what the model said after the last entry at the end (entry -1).
  const lines: ReplayLine[] = []
  const counters = new Map<number, number>()
  const row = (entry: number, expected: string | null, actual: string | null, verdict: Verdict) => {
    const n = (counters.get(entry) ?? 0) + 1
    counters.set(entry, n)
    lines.push({ entry, line: n, expected, actual, verdict })
  }
  const unsent = new Set<number>()
  r.lines.forEach((v, i) => {
    const origin = read.origins[i]
    const item = read.transcript.lines[i]
    if (!origin || !item) return
    if (item.kind === 'client' && v.verdict === 'unsent') unsent.add(origin.entry)
    if (item.kind !== 'server') return
    row(origin.entry, v.expected, v.actual, VERDICTS[v.verdict])
    for (const x of r.extra) if (x.index === i) row(origin.entry, null, x.actual, 'extra')
  })
  for (const x of r.extra) if (read.transcript.lines[x.index]?.kind !== 'server') row(-1, null, x.actual, 'extra')
  for (const entry of unsent) notes.push(`Entry ${entry}: the model had closed the connection, so "${String(entries[entry]?.data ?? '').split(/\r?\n/)[0]}" was not sent.`)

  if (r.queueIds.length > 0) notes.push(`Queue ids differ (${r.queueIds.join(', ')}): a queue id is each server's own choice, so "queued as <anything>" counts as the same reply.`)
  const differences = lines.filter((l) => l.verdict !== 'same' && l.verdict !== 'queue-id').length
  return { ok: true, report: { host: host.name, port, profile: profile.name, compared: lines.length, differences, lines, notes } }
}

/** Parse, validate and replay a session file's text. */
export function importSession(json: string, options: ReplayOptions = {}): ImportResult {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (e) {
    return { ok: false, errors: [{ path: '', message: `not JSON: ${e instanceof Error ? e.message : String(e)}`, pointer: '', schemaPath: '' }] }
  }
  const errors = validateSession(value)
  if (errors.length > 0) return { ok: false, errors }
  const document = value as Record<string, unknown>
  const outcome = replaySession(document, options)
  return outcome.ok ? { ok: true, document, report: outcome.report } : { ok: false, errors: [outcome.error] }
}
