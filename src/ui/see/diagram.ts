/**
 * The sequence diagram's content, from the model's events (design §2: the diagram reads the same events as the explain
 * pane and the lesson engine, and re-parses no reply text). Pure: events in, lanes and rows out; SequenceDiagram.svelte
 * draws them.
 *
 *  - Lanes: the learner's client, the server it talks to, then every host and mailbox the message reaches, in the
 *    order they appear (a `relayed` event brings the next hop and the transcript of that hop's session; `delivered`
 *    the mailbox).
 *  - Rows, top to bottom: one arrow per command (`command` events: labelled with the verb) and per reply (`reply`
 *    events: labelled with the code, coloured by its class); the message itself as one arrow after 354; notes for
 *    what is not a line on the wire (TLS starts, the queue, a deferral, a bounce, the connection closing).
 *  - The session state lane: connected → greeted → mail → rcpt → data → greeted … → closed, moved only by the events
 *    that say so (helo, transaction-started, recipient-accepted, data-started, message-accepted/-rejected,
 *    transaction-reset, tls-started, closed).
 */
import type { ModelEvent } from '../../smtp/events'
import type { Reply } from '../../smtp/replies'
import { LEARNER } from '../../terminal/learner'

export type SessionState = 'connected' | 'greeted' | 'mail' | 'rcpt' | 'data' | 'closed'

export interface Lane {
  readonly id: string
  readonly label: string
  /** A second line: the port, "you", "mailbox". */
  readonly sub: string
  readonly kind: 'client' | 'host' | 'mailbox'
}

export interface ArrowRow {
  readonly kind: 'arrow'
  /** A command or the message (client → server), or a reply (server → client). Other checks rely on these names. */
  readonly dir: 'client' | 'server'
  readonly from: string
  readonly to: string
  /** The verb, or the code and enhanced code. */
  readonly label: string
  /** The whole line (or what the arrow stands for), for its accessible name and the explain pane. */
  readonly detail: string
  /** Reply class 2–5 for replies; 0 for commands and the message. */
  readonly tone: number
  /** Sent inside (simulated) TLS. */
  readonly encrypted: boolean
  /** Between two hosts of the world (a relay), not the learner's own session. */
  readonly hop: boolean
  readonly reply?: Reply
  readonly cause?: string
  /** For a command: its verb and line. */
  readonly command?: { readonly verb: string; readonly line: string }
  /** For a command: the reply it got (the explain pane shows both). */
  answer?: { readonly reply: Reply; readonly cause?: string }
  readonly state: SessionState
}

export interface NoteRow {
  readonly kind: 'note'
  /** The lanes the note spans (one, or from–to). */
  readonly lanes: readonly string[]
  readonly text: string
  readonly tone: 'tls' | 'info' | 'good' | 'warn' | 'bad'
  readonly state: SessionState
}

export type Row = ArrowRow | NoteRow

export interface Diagram {
  readonly lanes: readonly Lane[]
  readonly rows: readonly Row[]
  /** Rows left out at the top (the diagram keeps the newest `limit`). */
  readonly omitted: number
}

export interface Conversation {
  /** The host the learner's client connected to, and its port (null: no session yet; hosts appear as they act). */
  readonly server: string | null
  readonly port: number | null
  /** The learner's host, and the program the learner talks through (telnet, nc, openssl). */
  readonly client: string
  readonly program?: string
}

/**
 * Where a live diagram reads its conversation: the terminal controller (src/ui/state/terminal.svelte.ts), or any
 * view of it (the lesson pane's LessonTerminal).
 */
export interface DiagramSource {
  eventsSince(seq: number): readonly ModelEvent[]
  /** The event number just before the conversation's connection opened. */
  readonly sessionSeq?: number
  /** The conversation's server, port and client program (kept after it closes). */
  readonly conversation?: { readonly server: string; readonly port: number; readonly program: string } | null
}

/** The diagram of a source's current conversation (the live view draws it; the SVG export draws it when the view is closed). */
export function diagramOf(source: DiagramSource): Diagram {
  const info = source.conversation ?? null
  return buildDiagram(source.eventsSince(source.sessionSeq ?? 0), { server: info?.server ?? null, port: info?.port ?? null, client: LEARNER.host, ...(info ? { program: info.program } : {}) })
}

export const CLIENT_LANE = 'client'
const mailboxLane = (host: string, mailbox: string) => `mailbox:${host}:${mailbox}`

const CLOSE_REASONS: Readonly<Record<string, string>> = {
  quit: 'after QUIT',
  'too-many-errors': 'too many errors',
  timeout: 'idle too long',
  dropped: 'the line dropped (a scripted fault)',
  shutdown: 'the server shut down',
  'message-text': 'message text sent as a command',
  'client-closed': 'the client hung up',
}

/** The diagram of a conversation and what the world did after it. Keeps the newest `limit` rows. */
export function buildDiagram(events: readonly ModelEvent[], conversation: Conversation, limit = 400): Diagram {
  const lanes: Lane[] = []
  const rows: Row[] = []
  const lane = (id: string, make: () => Lane) => {
    if (!lanes.some((l) => l.id === id)) lanes.push(make())
    return id
  }
  const hostLane = (host: string) => lane(host, () => ({ id: host, label: host, sub: host === conversation.client ? 'your MTA' : 'mail host', kind: 'host' }))
  if (conversation.server) {
    lane(CLIENT_LANE, () => ({ id: CLIENT_LANE, label: `you (${conversation.program ?? 'client'})`, sub: conversation.client, kind: 'client' }))
    lane(conversation.server, () => ({ id: conversation.server!, label: conversation.server!, sub: `server, port ${conversation.port ?? 25}`, kind: 'host' }))
  }
  const server = conversation.server

  let state: SessionState = 'connected'
  let encrypted = false
  /** After 354: the next thing is the message itself. */
  let awaitingMessage = false
  let pendingStart = false
  let lastCommand: ArrowRow | null = null
  /**
   * The world's events for a message the server just took (queued, relayed, delivered…) come from the model before
   * the reply to the final dot; on the wire the reply comes first and the world works afterwards, so they are drawn
   * after that reply.
   */
  let holding = false
  const held: ModelEvent[] = []
  /** The message's arrow, until the message's size is known. */
  const message: { current: { row: ArrowRow; index: number } | null } = { current: null }

  const arrow = (row: Omit<ArrowRow, 'kind' | 'state' | 'encrypted' | 'hop'> & { hop?: boolean; encrypted?: boolean }): ArrowRow => {
    const made: ArrowRow = { kind: 'arrow', hop: false, encrypted, state, ...row }
    rows.push(made)
    return made
  }
  const note = (lanesOf: readonly string[], text: string, tone: NoteRow['tone']) => rows.push({ kind: 'note', lanes: lanesOf, text, tone, state })
  const pushMessage = () => {
    if (!awaitingMessage || !server) return
    awaitingMessage = false
    const row = arrow({ dir: 'client', from: CLIENT_LANE, to: server, label: 'message', detail: 'the message, then a line holding only "." (<CRLF>.<CRLF>)', tone: 0 })
    message.current = { row, index: rows.length - 1 }
  }

  const WORLD: ReadonlySet<ModelEvent['type']> = new Set(['queued', 'relayed', 'delivered', 'deferred', 'bounced'])
  const release = () => {
    holding = false
    for (const e of held.splice(0)) handle(e)
  }
  for (const e of events) {
    if (holding && WORLD.has(e.type)) held.push(e)
    else {
      handle(e)
      if (holding && (e.type === 'reply' || e.type === 'closed')) release()
    }
  }
  release()

  function handle(e: ModelEvent): void {
    switch (e.type) {
      case 'command': {
        if (!server) break
        const verb = e.verb || '(empty)'
        lastCommand = arrow({ dir: 'client', from: CLIENT_LANE, to: server, label: verb, detail: e.line, tone: 0, command: { verb: e.verb, line: e.line } })
        break
      }
      case 'reply': {
        if (!server) break
        pushMessage()
        const r = e.reply
        const label = r.enhanced ? `${r.code} ${r.enhanced}` : String(r.code)
        const more = r.lines.length > 1 ? ` (+${r.lines.length - 1} lines)` : ''
        arrow({ dir: 'server', from: server, to: CLIENT_LANE, label, detail: `${label} ${r.lines[0] ?? ''}${more}`.trim(), tone: Math.floor(r.code / 100), reply: r, ...(e.cause ? { cause: e.cause } : {}) })
        if (lastCommand && !lastCommand.answer) lastCommand.answer = e.cause ? { reply: r, cause: e.cause } : { reply: r }
        lastCommand = null
        if (pendingStart) {
          pendingStart = false
          awaitingMessage = r.code === 354
        }
        break
      }
      case 'helo':
        state = 'greeted'
        break
      case 'transaction-started':
        state = 'mail'
        break
      case 'recipient-accepted':
        state = 'rcpt'
        break
      case 'data-started':
        state = 'data'
        pendingStart = true
        break
      case 'lines-unstuffed':
      case 'bare-line-ending':
      case 'nonstandard-end-of-data':
      case 'line-too-long':
        if (e.type !== 'line-too-long' || e.where === 'data') pushMessage()
        break
      case 'message-accepted':
      case 'message-rejected': {
        pushMessage()
        const held = message.current
        if (held && e.type === 'message-accepted') {
          rows[held.index] = { ...held.row, detail: `the message (${e.content.length} octets as stored), then a line holding only "." (<CRLF>.<CRLF>)` }
        }
        message.current = null
        state = 'greeted'
        holding = true
        break
      }
      case 'transaction-reset':
        if (state !== 'connected') state = 'greeted'
        break
      case 'tls-started':
        encrypted = true
        if (!e.implicit) state = 'connected' // the server forgets the HELO (RFC 3207 §4.2)
        if (server) note([CLIENT_LANE, server], 'TLS handshake (simulated): encrypted from here on', 'tls')
        break
      case 'authenticated':
        if (server) note([server], `logged in as ${e.user} (${e.mechanism})`, 'good')
        break
      case 'closed':
        pushMessage()
        awaitingMessage = false
        state = 'closed'
        if (server) note([CLIENT_LANE, server], `connection closed: ${CLOSE_REASONS[e.reason] ?? e.reason}`, 'info')
        break
      case 'queued':
        note([hostLane(e.host)], `queued as ${e.queueId}`, 'info')
        break
      case 'relayed': {
        const from = hostLane(e.host)
        const to = hostLane(e.to)
        relay(e.transcript, from, to, arrow)
        break
      }
      case 'delivered': {
        const from = hostLane(e.host)
        const to = lane(mailboxLane(e.host, e.mailbox), () => ({ id: mailboxLane(e.host, e.mailbox), label: e.mailbox, sub: `mailbox at ${e.host}`, kind: 'mailbox' }))
        // The server acts: data-arrow="server" (only commands and the message are "client").
        arrow({ dir: 'server', from, to, label: 'deliver', detail: `${e.queueId} delivered to ${e.recipient}`, tone: 2, hop: true, encrypted: false })
        break
      }
      case 'deferred':
        note([hostLane(e.host)], `deferred ${e.status} (${e.recipient}): ${e.reason}`, 'warn')
        break
      case 'bounced':
        note([hostLane(e.host)], `bounced ${e.status} (${e.recipient})${e.dsnQueueId ? `; a bounce message goes back (${e.dsnQueueId})` : ''}`, 'bad')
        break
      default:
        break
    }
  }
  const omitted = Math.max(0, rows.length - limit)
  return { lanes, rows: omitted ? rows.slice(omitted) : rows, omitted }
}

/** The arrows of one hop's session, from the `relayed` event's transcript: each command, and each reply (its first line carries it). */
function relay(
  transcript: Extract<ModelEvent, { type: 'relayed' }>['transcript'],
  from: string,
  to: string,
  arrow: (row: Omit<ArrowRow, 'kind' | 'state' | 'encrypted' | 'hop'> & { hop?: boolean; encrypted?: boolean }) => ArrowRow,
): void {
  let inMessage = false
  let command: ArrowRow | null = null
  for (const line of transcript) {
    if (line.from === 'client') {
      // The relay's transcript stands the message in as one line in parentheses, and "." after it.
      if (line.text.startsWith('(')) {
        inMessage = true
        arrow({ dir: 'client', from, to, label: 'message', detail: line.text.slice(1, -1), tone: 0, hop: true, encrypted: false })
        continue
      }
      if (inMessage && line.text === '.') {
        inMessage = false
        continue
      }
      const verb = line.text.split(' ')[0] ?? line.text
      command = arrow({ dir: 'client', from, to, label: verb, detail: line.text, tone: 0, hop: true, encrypted: false, command: { verb, line: line.text } })
    } else if (line.reply) {
      const r = line.reply
      const label = r.enhanced ? `${r.code} ${r.enhanced}` : String(r.code)
      arrow({ dir: 'server', from: to, to: from, label, detail: line.text, tone: Math.floor(r.code / 100), hop: true, encrypted: false, reply: r })
      if (command && !command.answer) command.answer = { reply: r }
      command = null
    }
  }
}

/** Words for a row, for its accessible name and the exported text. */
export function describeRow(row: Row, lanes: readonly Lane[]): string {
  const name = (id: string) => lanes.find((l) => l.id === id)?.label ?? id
  if (row.kind === 'note') return `Note at ${row.lanes.map(name).join(' and ')}: ${row.text}`
  return `${name(row.from)} to ${name(row.to)}${row.encrypted ? ', encrypted' : ''}: ${row.detail}`
}
