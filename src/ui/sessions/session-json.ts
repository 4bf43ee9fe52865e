/**
 * Sessions as JSON in the session schema (./session.schema.json), and back.
 *
 * Export: the transcript (./transcript.ts) goes into an extra property `session`, which the schema allows (it does not
 * forbid additional properties); the schema's own fields are read off the transcript: host and port, `secure`
 * (465: tls; a STARTTLS answered 220: starttls), the AUTH mechanism and user name of a login that got 235, the
 * client's EHLO/HELO name, the keywords of the last EHLO reply, and the last mail transaction (MAIL FROM, accepted
 * RCPT TOs, the message size after dot-unstuffing). The document is checked against the schema file before it goes.
 *
 * Import: the JSON is validated against the schema file (compiled by ajv at build time: build/ajv-validators.ts) and the transcript
 * shape is checked; then the client entries are REPLAYED against a fresh model world on the port's profile, and every
 * server entry is compared line by line with the model's replies. Queue ids are the server's own choice, so
 * `queued as <anything>` compares equal, and the report says so. Pure: no DOM.
 */
import { PERSONALITIES, World, decodeBase64, profileForPort, type ClientInfo, type ModelEvent, type Personality, type ProfileName } from '../../smtp'
import { fieldErrors, type FieldError } from '../compose/schema-errors'
import { validate } from './session.schema.json?validator'
import { entryLines, replyGroups, type TranscriptEntry } from './transcript'

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

// --- Reading a transcript -----------------------------------------------------------------------------------------

interface Facts {
  secure: Secure
  authentication: { mechanism: string; username: string | null } | null
  clientHostname: string | null
  extensions: string[] | null
  transaction: { from: string; recipients: string[]; messageSize: number | null } | null
  notes: string[]
}

type Pending =
  | { readonly kind: 'command'; readonly verb: string; readonly argument: string }
  | { readonly kind: 'sasl'; readonly line: string }
  /** The message after DATA, up to the "." line; `lines` in case DATA turns out to have been refused. */
  | { readonly kind: 'end-of-data'; readonly size: number; readonly lines: readonly string[] }

const utf8 = new TextEncoder()
const text = (b: Uint8Array) => new TextDecoder().decode(b)

/** `<path>` of MAIL FROM / RCPT TO, without a source route (RFC 5321 Appendix C). */
function pathOf(argument: string, keyword: 'FROM' | 'TO'): string | null {
  const m = new RegExp(`^${keyword}:\\s*<([^>]*)>`, 'i').exec(argument)
  if (!m) return null
  const path = m[1] ?? ''
  return path.startsWith('@') ? path.slice(path.indexOf(':') + 1) : path
}

/** The user name in a successful SASL exchange: the first response for LOGIN, the authcid for PLAIN, and so on. */
function saslUser(mechanism: string, responses: readonly string[]): string | null {
  const decoded = responses.map((r) => decodeBase64(r)).map((b) => (b ? text(b) : null))
  switch (mechanism) {
    case 'PLAIN':
      return decoded.at(-1)?.split('\0')[1] ?? null
    case 'LOGIN':
      return decoded[0] ?? null
    case 'CRAM-MD5':
      return decoded[0]?.replace(/ [0-9a-f]+$/i, '') ?? null
    case 'XOAUTH2':
      return /^user=([^\x01]*)/.exec(decoded[0] ?? '')?.[1] ?? null
    default:
      return null
  }
}

function interpret(transcript: readonly TranscriptEntry[], port: number): Facts {
  const facts: Facts = { secure: profileForPort(port)?.implicitTls ? 'tls' : 'none', authentication: null, clientHostname: null, extensions: null, transaction: null, notes: [] }
  const pending: Pending[] = []
  let mode: 'command' | 'data' | 'sasl' = 'command'
  let data: string[] = []
  let sasl: { mechanism: string; responses: string[] } | null = null
  const tx: { open: { from: string; recipients: string[] } | null } = { open: null } // assigned in the closures below
  let greeted = false

  const command = (line: string): Pending => {
    const m = /^(\S+)\s?(.*)$/.exec(line)
    return { kind: 'command', verb: (m?.[1] ?? '').toUpperCase(), argument: m?.[2] ?? '' }
  }
  // After DATA, the lines are taken as the message at once, before the 354 arrives: a client that plays a whole
  // transaction as one batch (Compose does) sends it so. If DATA is then refused, they were commands after all.
  const clientLine = (line: string) => {
    if (mode === 'data') {
      if (line !== '.') return void data.push(line)
      const message = data.map((l) => (l.startsWith('.') ? l.slice(1) : l) + '\r\n').join('')
      pending.push({ kind: 'end-of-data', size: utf8.encode(message).length, lines: [...data, line] })
      mode = 'command'
      data = []
      return
    }
    if (mode === 'sasl') return void pending.push({ kind: 'sasl', line })
    const p = command(line)
    pending.push(p)
    if (p.kind === 'command' && p.verb === 'DATA' && p.argument === '') mode = 'data'
  }
  const dataRefused = () => {
    if (mode === 'data') {
      const lines = data
      mode = 'command'
      data = []
      lines.forEach(clientLine)
    } else if (pending[0]?.kind === 'end-of-data') pending.splice(0, 1, ...pending[0].lines.map(command))
  }

  const serverReply = (lines: readonly string[]) => {
    const code = Number(lines[0]?.slice(0, 3))
    if (!greeted) {
      greeted = true
      return // the greeting answers no command
    }
    const p = pending.shift()
    if (!p) return
    if (p.kind === 'end-of-data') {
      if (code === 250 && tx.open) facts.transaction = { ...tx.open, messageSize: p.size }
      tx.open = null
      return
    }
    if (p.kind === 'sasl') {
      if (!sasl) return
      if (p.line !== '*') sasl.responses.push(p.line)
      if (code === 334) return
      if (code === 235) facts.authentication = { mechanism: sasl.mechanism, username: saslUser(sasl.mechanism, sasl.responses) }
      mode = 'command'
      sasl = null
      return
    }
    const ok = code >= 200 && code < 300
    switch (p.verb) {
      case 'EHLO': // a new EHLO/HELO, and STARTTLS, clear the transaction (5321 §4.1.4, 3207 §4.2)
        if (ok) {
          facts.clientHostname = p.argument.trim()
          facts.extensions = lines.slice(1).map((l) => l.slice(4))
          tx.open = null
        }
        break
      case 'HELO':
        if (ok) {
          facts.clientHostname = p.argument.trim()
          tx.open = null
        }
        break
      case 'STARTTLS':
        if (code === 220) {
          facts.secure = 'starttls'
          tx.open = null
        }
        break
      case 'AUTH': {
        const [mechanism = '', initial] = p.argument.trim().split(/\s+/)
        const responses = initial === undefined ? [] : [initial]
        if (code === 235) facts.authentication = { mechanism: mechanism.toUpperCase(), username: saslUser(mechanism.toUpperCase(), responses) }
        else if (code === 334) {
          mode = 'sasl'
          sasl = { mechanism: mechanism.toUpperCase(), responses }
        }
        break
      }
      case 'MAIL': {
        const from = pathOf(p.argument, 'FROM')
        if (ok && from !== null) tx.open = { from, recipients: [] }
        break
      }
      case 'RCPT': {
        const to = pathOf(p.argument, 'TO')
        if (ok && to !== null && tx.open) tx.open.recipients.push(to)
        break
      }
      case 'DATA':
        if (code !== 354) dataRefused()
        break
      case 'BDAT':
        facts.notes.push('BDAT chunks are kept in the transcript; transaction.messageSize counts DATA messages only.')
        break
      case 'RSET':
        if (ok) tx.open = null
        break
    }
  }

  for (const entry of transcript) {
    if (entry.direction === 'client') {
      const lines = entry.data.split('\r\n')
      for (const line of lines) clientLine(line)
    } else {
      for (const group of replyGroups(entryLines(entry.data))) serverReply(group)
    }
  }
  if (!facts.transaction && tx.open) facts.transaction = { ...tx.open, messageSize: null }
  return facts
}

// --- Export -------------------------------------------------------------------------------------------------------

/** The session as a document of the session schema, with the transcript in `session`. */
export function exportSession(transcript: readonly TranscriptEntry[], meta: SessionMeta): Exported {
  const facts = interpret(transcript, meta.port)
  const notes = [...facts.notes]
  const head: Omit<SessionDocument, 'session'> = { host: meta.host, port: meta.port, secure: facts.secure }
  if (facts.authentication) {
    const { mechanism, username } = facts.authentication
    if (MECHANISMS.includes(mechanism)) head.authentication = { mechanism: mechanism as SchemaMechanism, ...(username !== null ? { username } : {}) }
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

const QUEUED = /^(.*\bqueued as )(\S+)(.*)$/

function compareLine(expected: string, actual: string): Verdict {
  if (expected === actual) return 'same'
  const e = QUEUED.exec(expected)
  const a = QUEUED.exec(actual)
  return e && a && e[1] === a[1] && e[3] === a[3] ? 'queue-id' : 'differs'
}

export type ReplayOutcome = { readonly ok: true; readonly report: ReplayReport } | { readonly ok: false; readonly error: FieldError }

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

  const queue: string[][] = []
  const take = (events: readonly ModelEvent[]) => {
    for (const e of events) if (e.type === 'reply') queue.push(e.wire.split('\r\n').filter((l, i, all) => i < all.length - 1 || l !== ''))
  }
  take(connection.start())

  const lines: ReplayLine[] = []
  const queueIds: string[] = []
  const entries = Array.isArray(doc['session']) ? (doc['session'] as { direction?: string; data?: string }[]) : []
  entries.forEach((entry, index) => {
    if (entry.direction === 'client' && typeof entry.data === 'string') {
      if (connection.closed) notes.push(`Entry ${index}: the model had closed the connection, so "${entry.data.split('\r\n')[0]}" was not sent.`)
      else take(connection.receive(entry.data + '\r\n'))
      return
    }
    if (entry.direction !== 'server' || typeof entry.data !== 'string') return
    let n = 0
    for (const expectedGroup of replyGroups(entryLines(entry.data))) {
      const actualGroup = queue.shift() ?? []
      for (let i = 0; i < Math.max(expectedGroup.length, actualGroup.length); i++) {
        const expected = expectedGroup[i] ?? null
        const actual = actualGroup[i] ?? null
        const verdict: Verdict = expected === null ? 'extra' : actual === null ? 'missing' : compareLine(expected, actual)
        if (verdict === 'queue-id') queueIds.push(`${QUEUED.exec(expected!)?.[2]} → ${QUEUED.exec(actual!)?.[2]}`)
        lines.push({ entry: index, line: ++n, expected, actual, verdict })
      }
    }
  })
  let n = 0
  for (const group of queue) for (const actual of group) lines.push({ entry: -1, line: ++n, expected: null, actual, verdict: 'extra' })

  if (queueIds.length > 0) notes.push(`Queue ids differ (${queueIds.join(', ')}): a queue id is each server's own choice, so "queued as <anything>" counts as the same reply.`)
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
