/**
 * The replay engine: a transcript played against the model, and a verdict for every line of it. One engine for
 * lesson transcripts (C:/S:/M:/L: lines and `~` directives), for session files (the `{ direction, data }` entries
 * of the session schema and the seed's annotated session, read by `readSession` below), for a learner's attempt,
 * and for whatever else shows a conversation next to what the model says (share links, rewind, the transcript
 * explainer, presenter mode).
 *
 * How it plays
 *  - Client lines are sent with CRLF (a `W:` line as its bytes), one write per line, or one write for a pipelined
 *    group (`~ pipeline`); the replies they cause queue up, each credited to the line that caused it.
 *  - Server lines are matched reply by reply: consecutive `S:` lines form one reply until a line without the
 *    continuation hyphen (RFC 5321 §4.2.1); each takes the next reply the model gave and compares line by line.
 *    A reply line the transcript does not show is `extra`; a line the model did not send is `missing`; `...` stands
 *    for the lines of the reply left out (all of them, or all but the last when the next S: line is that last line).
 *  - A line equals the model's when it is the same text, or the same but for what a server chooses itself: a queue
 *    id (any id after "queued as", or `<ID>`/`{id}` in the transcript) or a date (`{date}`): verdict `matches`.
 *  - `~ advance` runs the world's clock; `~ connect` opens a new session (what the model still owed the old one is
 *    reported first); `~ mailbox` then M: lines read a stored message; L: lines find lines of mail.log in order.
 *  - The greeting may be left out of a transcript; a line sent after the server closed is `unsent`.
 * Nothing is thrown for a transcript that does not fit the model: every mismatch is a verdict, with a message for
 * a learner. Pure: the world and its connections come from the caller.
 */
import { wireLines, type Connection, type ModelEvent, type Reply, type World } from '../smtp'
import { findMailbox } from './goals'
import { decodeWire, parseServerLine } from './transcript'
import type { ClientKind, CommentLine, ConnectDirective, LessonPort, ServerLine, Transcript, TranscriptLine } from './types'

export type Verdict =
  /** A server, message or log line exactly as the model has it. */
  | 'same'
  /** The same but for what the server chooses itself: a queue id, a date. */
  | 'matches'
  /** `...`: reply or message lines left out on purpose. */
  | 'skipped'
  | 'differs'
  /** The model sent (or has) nothing here. */
  | 'missing'
  /** A line the model sent that the transcript does not show (reported in `extra`, never for a transcript line). */
  | 'extra'
  /** A client line, sent: `replies` holds what it caused. */
  | 'sent'
  /** A client line the server never read: it had closed the connection. */
  | 'unsent'
  /** A directive or a comment: nothing to compare. */
  | 'done'

export interface LineVerdict {
  /** The transcript line this is about (for an extra line: the line that caused it; -1 the first greeting). */
  readonly index: number
  readonly verdict: Verdict
  /** The transcript's text (null for an extra line). */
  readonly expected: string | null
  /** The model's line it was compared with, or skipped lines joined by "\n" (null: nothing). */
  readonly actual: string | null
  /** For client lines and `~ connect`: the reply lines the model sent in answer, as on the wire without CRLF. */
  readonly replies: readonly string[]
  /** For a verdict other than same, matches, skipped, sent and done: what is wrong, for a learner. */
  readonly message: string | null
}

export interface Replay {
  /** Every line agrees: no differs, missing, unsent or extra. */
  readonly ok: boolean
  /** One verdict per transcript line, in order. */
  readonly lines: readonly LineVerdict[]
  /** Lines the model sent that no transcript line shows, in the order they were found. */
  readonly extra: readonly LineVerdict[]
  /** The reply lines of the first connection's greeting. */
  readonly greeting: readonly string[]
  /** Queue ids the transcript has where the model chose others: `expected → actual`. */
  readonly queueIds: readonly string[]
  readonly world: World
  readonly events: readonly ModelEvent[]
  /** With `openEnded`: the replies to the last client line, which the transcript does not show (a predict question). */
  readonly pending: readonly Reply[]
}

export interface ConnectTo {
  readonly client: ClientKind | null
  readonly host: string | null
  readonly port: LessonPort | null
}

export interface ReplayEnvironment {
  readonly world: World
  /** Open a session: with null for the first one, then once for each `~ connect` line. */
  connect(to: ConnectTo | null): Connection
}

// --- Comparing lines ----------------------------------------------------------------------------------------------

const ID_PATTERN = '[0-9A-Za-z]+'
const DATE_PATTERN = '[A-Z][a-z]{2}, [ \\d]?\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}(?: \\([A-Za-z]+\\))?'
const PLACEHOLDER = /<ID>|\{id\}|\{date\}/
const QUEUED = /^(.*\bqueued as )(\S+)(.*)$/

function pattern(expected: string): RegExp {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const withIds = escaped.replace(/<ID>|\\\{id\\\}/g, ID_PATTERN).replace(/\\\{date\\\}/g, DATE_PATTERN)
  return new RegExp(`^${withIds}$`)
}

/** Does a model line match an expected line, placeholders (`<ID>`, `{id}`, `{date}`) allowed? */
export function lineMatches(expected: string, actual: string): boolean {
  if (expected === actual) return true
  return PLACEHOLDER.test(expected) && pattern(expected).test(actual)
}

/** How a server line compares: exactly, up to placeholders or a queue id the server chose, or not at all. */
export function compareLine(expected: string, actual: string): 'same' | 'matches' | 'differs' {
  if (expected === actual) return 'same'
  if (lineMatches(expected, actual)) return 'matches'
  const e = QUEUED.exec(expected)
  const a = QUEUED.exec(actual)
  return e && a && e[1] === a[1] && e[3] === a[3] ? 'matches' : 'differs'
}

/** Folding white space: a continuation line's leading blanks may be a tab or spaces (RFC 5322 §2.2.3). */
const unfoldLead = (s: string) => s.replace(/^[ \t]+/, ' ')
const continues = (line: string) => /^\d{3}-/.test(line)
const decoder = new TextDecoder()

// --- Playing ------------------------------------------------------------------------------------------------------

/** A reply the model gave, waiting to be matched: its lines and the transcript line that caused it. */
interface Owed {
  readonly lines: readonly string[]
  readonly reply: Reply
  readonly cause: number
}

export function replay(transcript: Transcript, env: ReplayEnvironment, options: { readonly openEnded?: boolean } = {}): Replay {
  const { world } = env
  const lines = transcript.lines
  const verdicts: LineVerdict[] = []
  const extra: LineVerdict[] = []
  const events: ModelEvent[] = []
  const queueIds: string[] = []
  let owed: Owed[] = []
  /** The reply being matched: its lines and how many the transcript has shown so far. */
  let current = null as { owed: Owed; at: number } | null
  /** The last S: line ended with the continuation hyphen: the transcript's reply goes on. */
  let replyOpen = false

  const take = (evs: readonly ModelEvent[], cause: number): string[] => {
    events.push(...evs)
    const said: string[] = []
    for (const e of evs) {
      if (e.type !== 'reply') continue
      const lines = wireLines(e.reply)
      owed.push({ lines, reply: e.reply, cause })
      said.push(...lines)
    }
    return said
  }
  const verdict = (index: number, v: Verdict, expected: string | null, actual: string | null, message: string | null = null, replies: readonly string[] = []): LineVerdict => ({ index, verdict: v, expected, actual, replies, message })
  const extraLine = (index: number, text: string) => extra.push(verdict(index, 'extra', null, text, `the model also said "${text}" here, which the transcript does not show`))
  /** The rest of the reply being matched, which the transcript did not show. */
  const closeReply = (index: number) => {
    if (current) for (const text of current.owed.lines.slice(current.at)) extraLine(index, text)
    current = null
    replyOpen = false
  }
  const leftovers = () => {
    closeReply(current?.owed.cause ?? -1)
    for (const o of owed) for (const text of o.lines) extraLine(o.cause, text)
    owed = []
  }

  let connection = env.connect(null)
  const greeting = take(connection.start(), -1)
  let clientSeen = false
  let message = null as { lines: string[]; cursor: number; skipping: boolean } | null
  let logCursor = 0
  /** A pipelined group (`~ pipeline`): its bytes so far and the index of its last line. */
  let group = null as { chunk: string; last: number } | null
  let grouping = false

  /** Send one write; the replies are credited to line `index`. */
  const send = (chunk: string, index: number, text: string) => {
    if (connection.closed) verdicts[index] = verdict(index, 'unsent', text, null, 'the server had already closed the connection; this line was never read')
    else verdicts[index] = verdict(index, 'sent', text, null, null, take(connection.receive(chunk), index))
  }
  const flush = () => {
    const g = group
    group = null
    if (g) send(g.chunk, g.last, textOf(lines[g.last]))
  }

  for (let index = 0; index < lines.length; index++) {
    const item = lines[index]
    if (!item) continue
    if (grouping && item.kind !== 'client' && item.kind !== 'write') {
      flush()
      grouping = false
    }
    if (item.kind !== 'server' && current) closeReply(index - 1)
    switch (item.kind) {
      case 'client': {
        if (!clientSeen) owed = owed.filter((o) => o.cause !== -1) // a transcript may leave the greeting out
        clientSeen = true
        const wire = item.raw ? decodeWire(item.text) : item.text + '\r\n'
        verdicts.push(verdict(index, 'sent', item.text, null))
        if (grouping) group = { chunk: (group?.chunk ?? '') + wire, last: index }
        else send(wire, index, item.text)
        break
      }
      case 'server':
        verdicts.push(serverLine(item, index))
        break
      case 'write': {
        // An attempt's raw bytes (a lesson transcript writes them as a W: line, which is a client line).
        verdicts.push(verdict(index, 'sent', item.text, null))
        if (grouping) group = { chunk: (group?.chunk ?? '') + item.bytes, last: index }
        else send(item.bytes, index, item.text)
        break
      }
      case 'pipeline':
        grouping = true
        verdicts.push(verdict(index, 'done', item.text, null))
        break
      case 'advance':
        verdicts.push(verdict(index, 'done', item.text, null, null, take(world.advance(item.ms), index)))
        break
      case 'connect':
        leftovers()
        connection = env.connect(connectTo(item))
        clientSeen = false
        verdicts.push(verdict(index, 'done', item.text, null, null, take(connection.start(), -1)))
        break
      case 'mailbox':
        verdicts.push(openMailbox(item.address, item.index, index, item.text))
        break
      case 'message':
        verdicts.push(messageLine(item.text, item.elided, index))
        break
      case 'log':
        verdicts.push(logLine(item.text, index))
        break
      default: // comments, `~ end`
        verdicts.push(verdict(index, 'done', item.text, null))
    }
  }
  flush()
  closeReply(lines.length - 1)
  let pending: Reply[] = []
  if (options.openEnded) {
    const lastClient = lines.findLastIndex((l) => l.kind === 'client')
    pending = owed.filter((o) => o.cause === lastClient).map((o) => o.reply)
    owed = owed.filter((o) => o.cause !== lastClient)
  }
  leftovers()
  const ok = verdicts.every((v) => !['differs', 'missing', 'unsent'].includes(v.verdict)) && extra.length === 0
  return { ok, lines: verdicts, extra, greeting, queueIds, world, events, pending }

  function serverLine(item: ServerLine, index: number): LineVerdict {
    if (item.elided) {
      if (!current || (current.at >= current.owed.lines.length && !replyOpen)) current = nextReply()
      if (!current) return verdict(index, 'missing', '...', null, '"..." stands for reply lines left out, but the model said nothing more here')
      const next = lines[index + 1]
      const keepLast = next?.kind === 'server' && !next.elided
      const until = keepLast ? Math.max(current.at, current.owed.lines.length - 1) : current.owed.lines.length
      const skipped = current.owed.lines.slice(current.at, until)
      current.at = until
      if (!keepLast) current = null
      replyOpen = keepLast
      return verdict(index, 'skipped', '...', skipped.join('\n'))
    }
    if (!current || current.at >= current.owed.lines.length) {
      // The transcript's reply goes on where the model's ended: that line is missing, not the next reply's.
      current = replyOpen && current ? current : nextReply()
      if (current && current.at >= current.owed.lines.length) {
        const closed = !continues(item.text)
        if (closed) current = null
        replyOpen = !closed
        return verdict(index, 'missing', item.text, null, 'the model\'s reply ended before this line')
      }
    }
    if (!current) {
      replyOpen = false
      return verdict(index, 'missing', item.text, null, connection.closed ? 'the model said nothing more: the connection is closed' : 'the model said nothing here')
    }
    const actual = current.owed.lines[current.at] ?? ''
    current.at++
    const v = compareLine(item.text, actual)
    if (v === 'matches') {
      const e = QUEUED.exec(item.text)
      const a = QUEUED.exec(actual)
      if (e && a && e[2] !== a[2] && !PLACEHOLDER.test(e[2] ?? '')) queueIds.push(`${e[2]} → ${a[2]}`)
    }
    if (continues(item.text)) replyOpen = true
    else closeReply(index)
    return verdict(index, v, item.text, actual, v === 'differs' ? `the model said "${actual}"` : null)
  }

  function nextReply(): { owed: Owed; at: number } | null {
    const o = owed.shift()
    return o ? { owed: o, at: 0 } : null
  }

  function openMailbox(address: string, n: number | null, index: number, text: string): LineVerdict {
    message = null
    const box = findMailbox(world, address)
    const stored = box ? box.host.mailbox(box.name) : []
    const chosen = n === null ? stored.at(-1) : stored[n - 1]
    if (!chosen) return verdict(index, 'missing', text, null, !box ? `there is no mailbox ${address} in this world` : `${address} holds ${stored.length} message(s)`)
    const all = decoder.decode(chosen.content).split('\r\n')
    if (all.at(-1) === '') all.pop()
    message = { lines: all, cursor: 0, skipping: false }
    return verdict(index, 'done', text, null)
  }

  function messageLine(text: string, elided: boolean, index: number): LineVerdict {
    // Without a message, the ~ mailbox line already said why.
    if (!message) return verdict(index, 'missing', text, null)
    if (elided) {
      message.skipping = true
      return verdict(index, 'skipped', text, null)
    }
    const m = message
    const want = unfoldLead(text)
    const at = m.skipping ? m.lines.findIndex((l, i) => i >= m.cursor && lineMatches(want, unfoldLead(l))) : lineMatches(want, unfoldLead(m.lines[m.cursor] ?? '')) ? m.cursor : -1
    const skipping = m.skipping
    m.skipping = false
    if (at < 0) {
      const actual = skipping ? null : (m.lines[m.cursor] ?? null)
      m.cursor++
      const why = skipping ? 'no later line of the message is this' : actual === null ? 'the message has no more lines' : `the message has "${actual}" here`
      return verdict(index, actual === null ? 'missing' : 'differs', text, actual, why)
    }
    m.cursor = at + 1
    const actual = m.lines[at] ?? null
    return verdict(index, actual === text ? 'same' : 'matches', text, actual)
  }

  function logLine(text: string, index: number): LineVerdict {
    const all = world.log.tail(world.log.lines.length)
    const inner = new RegExp(pattern(text).source.slice(1, -1))
    const at = all.findIndex((l, i) => i >= logCursor && (l.includes(text) || inner.test(l)))
    if (at < 0) return verdict(index, 'missing', text, null, 'no line of mail.log (from the previous L: line on) contains this')
    logCursor = at // the next L: line may annotate the same log line
    return verdict(index, all[at]?.includes(text) ? 'same' : 'matches', text, all[at] ?? null)
  }
}

const textOf = (line: TranscriptLine | undefined) => (line && 'text' in line ? line.text : '')

function connectTo(d: ConnectDirective): ConnectTo {
  return { client: d.client, host: d.host, port: d.port }
}

// --- Reading session files ----------------------------------------------------------------------------------------

/** One entry of a session file (the session schema's `session`, the seed's annotated session). */
export interface SessionEntry {
  readonly direction?: unknown
  readonly data?: unknown
  readonly note?: unknown
}

/** Where a transcript line came from in the file: the entry, and the line within the entry's data (from 1). */
export interface EntryOrigin {
  readonly entry: number
  readonly part: number
}

export interface ReadSession {
  readonly transcript: Transcript
  /** One per transcript line. */
  readonly origins: readonly EntryOrigin[]
  /** Entries that cannot be read, by entry: the lesson loader refuses them, an import reports them. */
  readonly problems: readonly { readonly entry: number; readonly message: string }[]
}

/**
 * Session entries as a transcript: a client entry's data line by line (a DATA entry holds the whole message); a
 * server entry's lines as S: lines (a reply line that cannot be read is kept, to be compared as it is); an entry
 * with only a note as a comment. `line(entry)` gives each line the position it reports (a lesson file's line).
 * `anyQueueId`: a queue id after "queued as" is shown as `<ID>` (it is each server's own choice).
 */
export function readSession(entries: readonly SessionEntry[], options: { readonly line?: (entry: number) => number; readonly anyQueueId?: boolean } = {}): ReadSession {
  const lineOf = options.line ?? ((entry: number) => entry + 1)
  const out: TranscriptLine[] = []
  const origins: EntryOrigin[] = []
  const problems: { entry: number; message: string }[] = []
  entries.forEach((item, entry) => {
    const line = lineOf(entry)
    const note = typeof item.note === 'string' && item.note !== '' ? item.note : undefined
    const push = (l: TranscriptLine, part: number) => {
      out.push(part === 1 && note ? { ...l, note } : l)
      origins.push({ entry, part })
    }
    if (item.direction === undefined && item.data === undefined) {
      if (note) push({ kind: 'comment', text: note, line } satisfies CommentLine, 0)
      else problems.push({ entry, message: `session item ${entry + 1} has no direction, data or note` })
      return
    }
    if (item.direction !== 'client' && item.direction !== 'server') return void problems.push({ entry, message: `session item ${entry + 1}: direction must be "client" or "server"` })
    if (typeof item.data !== 'string') return void problems.push({ entry, message: `session item ${entry + 1}: data must be text` })
    const parts = item.data.split(/\r\n|\n/)
    if (item.direction === 'client') return parts.forEach((text, k) => push({ kind: 'client', text, spans: [], line }, k + 1))
    parts.forEach((text, k) => {
      const shown = options.anyQueueId ? text.replace(/(queued as )[0-9A-Za-z]+$/, '$1<ID>') : text
      const s = parseServerLine(`S: ${shown}`, line, { highlights: false })
      if (!s.ok) problems.push({ entry, message: `session item ${entry + 1}: ${s.problem.message}` })
      push(s.ok ? s.value : ({ kind: 'server', text, spans: [], elided: false, code: null, enhanced: null, line } satisfies ServerLine), k + 1)
    })
  })
  return { transcript: { lines: out }, origins, problems }
}
