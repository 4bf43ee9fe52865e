/**
 * The SMTP client side of relaying: one host hands a message to the next (5321 §3.6.2, §4.1.1).
 * It drives a server Connection of the world with the commands a real MTA sends, dot-stuffs the content
 * (5321 §4.5.2), and records a transcript for the UI. Each recipient gets the reply that decided its fate.
 */
import type { ModelEvent } from '../events'
import { wireLines, type Reply } from '../replies'

export interface TranscriptLine {
  readonly from: 'client' | 'server'
  readonly text: string
  /** On a reply's first line: the reply itself, so a view colours and explains it without reading the text. */
  readonly reply?: Reply
}

/** A reply as the client saw it; `code` 0 with a text means the connection broke first. */
export interface Outcome {
  readonly code: number
  readonly enhanced: string | null
  readonly text: string
}

export interface RelayResult {
  readonly transcript: readonly TranscriptLine[]
  /** recipient → the reply that decided it. */
  readonly outcomes: ReadonlyMap<string, Outcome>
  /** What happened at the next hop meanwhile (queued, delivered, relayed on, bounced …), in order. */
  readonly remoteEvents: readonly ModelEvent[]
}

/** What the client needs of a server connection: the world's Connection fits. */
export interface ServerEnd {
  start(): ModelEvent[]
  receive(chunk: Uint8Array | string): ModelEvent[]
  readonly closed: boolean
}

const encoder = new TextEncoder()

export function outcomeText(o: Outcome): string {
  return o.code === 0 ? o.text : `${o.code} ${o.enhanced ? o.enhanced + ' ' : ''}${o.text}`
}

function toOutcome(r: Reply): Outcome {
  return { code: r.code, enhanced: r.enhanced, text: r.lines.join(' ') }
}

/**
 * Double every dot that starts a line (5321 §4.5.2), and make sure the content ends with CRLF. `crlfOnly`: lines end
 * only at CR LF, so a dot after a bare LF is not stuffed and `<LF>.<LF>` goes out as it came (a server with the
 * `pass` way with bare LF, the outbound half of SMTP smuggling).
 */
export function dotStuff(content: Uint8Array, crlfOnly = false): Uint8Array {
  const lineStart = (i: number) => i === 0 || (content[i - 1] === 10 && (!crlfOnly || content[i - 2] === 13))
  let dots = 0
  for (let i = 0; i < content.length; i++) if (content[i] === 46 && lineStart(i)) dots++
  const endsWithCrlf = content.length >= 2 && content[content.length - 2] === 13 && content[content.length - 1] === 10
  const out = new Uint8Array(content.length + dots + (endsWithCrlf || content.length === 0 ? 0 : 2))
  let at = 0
  for (let i = 0; i < content.length; i++) {
    const b = content[i] ?? 0
    if (b === 46 && lineStart(i)) out[at++] = 46
    out[at++] = b
  }
  if (!endsWithCrlf && content.length > 0) {
    out[at++] = 13
    out[at++] = 10
  }
  return out
}

export interface OutgoingMessage {
  readonly helo: string
  readonly sender: string
  readonly recipients: readonly string[]
  readonly content: Uint8Array
  /** `name[address]` of the next hop, for messages about it. */
  readonly peer: string
  /** MAIL and RCPT parameters to send when the server advertised DSN (RFC 3461). */
  readonly mailParams?: string
  readonly rcptParams?: (recipient: string) => string
  /** Lines end only at CR LF for this sender: a bare LF goes out unchanged (see dotStuff). */
  readonly crlfOnly?: boolean
}

export function relayMessage(server: ServerEnd, message: OutgoingMessage): RelayResult {
  const transcript: TranscriptLine[] = []
  const outcomes = new Map<string, Outcome>()
  const remoteEvents: ModelEvent[] = []
  const WORLD_EVENTS: ReadonlySet<ModelEvent['type']> = new Set(['queued', 'delivered', 'relayed', 'deferred', 'bounced', 'percent-hack', 'forwarded', 'headers-removed', 'headers-added'])
  const lost = (phase: string): Outcome => ({ code: 0, enhanced: '4.4.2', text: `lost connection with ${message.peer} while ${phase}` })

  let dsn = false
  const withParams = (base: string, params: string | undefined) => (dsn && params ? `${base} ${params}` : base)
  /** The reply to what was sent: the last one, or with `first` the first (the rest answer smuggled commands). */
  const replyOf = (events: ModelEvent[], first = false): Reply | null => {
    let answer: Reply | null = null
    for (const e of events) {
      if (WORLD_EVENTS.has(e.type)) remoteEvents.push(e)
      if (e.type !== 'reply') continue
      wireLines(e.reply).forEach((line, i) => transcript.push(i === 0 ? { from: 'server', text: line, reply: e.reply } : { from: 'server', text: line }))
      if (!first || !answer) answer = e.reply
    }
    return answer
  }
  const say = (line: string): Reply | null => {
    transcript.push({ from: 'client', text: line })
    return server.closed ? null : replyOf(server.receive(line + '\r\n'))
  }
  const failAll = (o: Outcome, who: readonly string[]) => who.forEach((r) => outcomes.has(r) || outcomes.set(r, o))
  const finish = () => {
    if (!server.closed) say('QUIT')
    return { transcript, outcomes, remoteEvents }
  }

  const greeting = replyOf(server.start())
  if (!greeting) return failAll(lost('receiving the initial server greeting'), message.recipients), finish()
  if (greeting.code !== 220) return failAll(toOutcome(greeting), message.recipients), finish()

  let hello = say(`EHLO ${message.helo}`)
  if (hello && hello.code >= 500) hello = say(`HELO ${message.helo}`)
  if (!hello) return failAll(lost('performing the EHLO handshake'), message.recipients), finish()
  if (hello.code !== 250) return failAll(toOutcome(hello), message.recipients), finish()
  dsn = hello.lines.some((l) => l.toUpperCase() === 'DSN')

  const mail = say(withParams(`MAIL FROM:<${message.sender}>`, message.mailParams))
  if (!mail) return failAll(lost('sending MAIL FROM'), message.recipients), finish()
  if (mail.code !== 250) return failAll(toOutcome(mail), message.recipients), finish()

  const accepted: string[] = []
  for (const r of message.recipients) {
    const rcpt = say(withParams(`RCPT TO:<${r}>`, message.rcptParams?.(r)))
    if (!rcpt) return failAll(lost('sending RCPT TO'), message.recipients), finish()
    if (rcpt.code === 250 || rcpt.code === 251) accepted.push(r)
    else outcomes.set(r, toOutcome(rcpt))
  }
  if (accepted.length === 0) return finish()

  const data = say('DATA')
  if (!data) return failAll(lost('sending DATA'), accepted), finish()
  if (data.code !== 354) return failAll(toOutcome(data), accepted), finish()

  const body = dotStuff(message.content, message.crlfOnly ?? false)
  transcript.push({ from: 'client', text: `(message: ${message.content.length} octets, dot-stuffed)` }, { from: 'client', text: '.' })
  const end = new Uint8Array(body.length + 3)
  end.set(body)
  end.set(encoder.encode('.\r\n'), body.length)
  // A server that ends the data early (<LF>.<LF>, SMTP smuggling) answers the message first, then whatever followed.
  const final = server.closed ? null : replyOf(server.receive(end), true)
  failAll(final ? toOutcome(final) : lost('sending message body'), accepted)
  return finish()
}
