/**
 * The terminal controller: the one object the page (App, the terminal view, the explain pane, and the lesson pane to
 * come) uses to drive and watch the learner's terminal. It owns the simulated shell and its line discipline (pure
 * modules in src/terminal) and turns what they report into reactive state.
 *
 * API for other panes:
 *  - `type(text)`      as if the learner typed it: visible, key by key ("\n" is Enter).
 *  - `play(clientText)` send a pipelined batch (e.g. from Compose) as one paste; at the shell, first connects
 *                       (`telnet localhost 25` unless told otherwise).
 *  - `highlight(code)`  mark replies with this code in the transcript (null clears).
 *  - `events`           the last model events (reactive), `lastReply`, `world`, `revision` (bumps when the world
 *                       may have changed), `session`, `mode`.
 *  - `eventSeq`, `eventsSince(n)`  events are numbered 1, 2, 3… (never reused, across fresh worlds too), so a
 *                       lesson's try step judges "the events since N" rather than finding its place in `events`.
 *  - `reset()`          a fresh world (optionally from a factory: a lesson's variant), screen cleared.
 *
 * The model (src/smtp's World and everything behind it) is loaded with a dynamic import, so the lab's first load is
 * the terminal and the page; keys typed before it arrives are kept and processed in order.
 */
import type { ModelEvent } from '../../smtp/events'
import { isPersonalityName, type PersonalityName } from '../../smtp/settings'
import type { World } from '../../smtp/world/world'
import type { Output } from '../../terminal/line-discipline'
import type { Runtime } from '../../terminal/runtime'
import type { ShellObserver } from '../../terminal/shell'
import type { ReplyRecord, SessionInfo, WireChunk } from '../../terminal/smtp-client'

export type TerminalMode = 'loading' | 'shell' | 'smtp' | 'data' | 'auth' | 'foreground'

export interface Announcement {
  readonly id: number
  readonly text: string
}

/** How many model events `events` keeps. */
export const EVENT_LIMIT = 300
/** How many wire chunks of the current session are kept. */
const WIRE_LIMIT = 2000

export interface ControllerOptions {
  /** Make a world (for the start and for `reset`); default: the default world of design §3. */
  readonly createWorld?: () => World
  readonly personality?: PersonalityName
  /** Run a task later (the browser passes a macrotask scheduler so a big paste is processed in slices). */
  readonly schedule?: (task: () => void) => void
}

export interface PlayOptions {
  /** Where to connect when the terminal is at the shell. Default localhost (the learner's own MTA). */
  readonly host?: string
  readonly port?: number
}

export class TerminalController {
  /** The world the shell lives in (null until the model has loaded). */
  world = $state.raw<World | null>(null)
  /** Bumps whenever the world may have changed: views that read the world depend on it. */
  revision = $state(0)
  /** The last EVENT_LIMIT model events, oldest first. */
  events = $state.raw<readonly ModelEvent[]>([])
  /** The sequence number of the newest model event (0: none yet). Only grows, across fresh worlds too. */
  eventSeq = $state(0)
  /** The events of the latest batch that had any (for contextual notes). */
  lastBatch = $state.raw<readonly ModelEvent[]>([])
  lastReply = $state.raw<ReplyRecord | null>(null)
  session = $state.raw<SessionInfo | null>(null)
  mode = $state<TerminalMode>('loading')
  /** The current (or last) session's chunks on the wire, in order. */
  wire = $state.raw<readonly WireChunk[]>([])
  /** A reply code to mark in the transcript, or null. */
  highlighted = $state<number | null>(null)
  /** Replies for the aria-live region: each once. */
  announcements = $state.raw<readonly Announcement[]>([])
  /** Bumps when the learner asks for the last reply's meaning (F1 or `?`). */
  explainRequests = $state(0)
  personality = $state<PersonalityName>('postfix')

  readonly ready: Promise<void>
  #runtime: Runtime | null = null
  #sink: Output | null = null
  #pendingOutput: string[] = []
  #pendingInput: string[] = []
  #cols = 80
  #announced = 0

  constructor(options: ControllerOptions = {}) {
    this.personality = isPersonalityName(options.personality) ? options.personality : 'postfix'
    this.ready = this.#load(options)
  }

  async #load(options: ControllerOptions): Promise<void> {
    const { createRuntime } = await import('../../terminal/runtime')
    const observer: ShellObserver = {
      events: (events) => this.#onEvents(events),
      wire: (chunk) => this.#onWire(chunk),
      session: (info) => this.#onSession(info),
      changed: () => this.revision++,
      replaced: (next) => {
        this.world = next
        this.events = []
        this.lastBatch = []
        this.lastReply = null
        this.revision++
      },
      explain: (record) => {
        if (record) this.lastReply = record
        this.explainRequests++
      },
    }
    this.#runtime = createRuntime({
      personality: this.personality,
      observer,
      cols: this.#cols,
      output: { write: (data) => this.#write(data) },
      ...(options.createWorld ? { createWorld: options.createWorld } : {}),
      ...(options.schedule ? { schedule: options.schedule } : {}),
    })
    this.world = this.#runtime.shell.world
    this.#syncMode()
    const pending = this.#pendingInput
    this.#pendingInput = []
    for (const data of pending) this.input(data)
  }

  // --- wiring to a terminal -------------------------------------------------------------------------------------

  /** Connect a display (xterm): what was written before is replayed to it. Returns the function that detaches it. */
  attach(sink: Output, cols: number): () => void {
    this.#sink = sink
    this.resize(cols)
    const pending = this.#pendingOutput.join('')
    this.#pendingOutput = []
    if (pending) sink.write(pending)
    return () => {
      if (this.#sink === sink) this.#sink = null
    }
  }

  /** Keys or a paste from the terminal (xterm's onData). */
  input(data: string): void {
    if (!this.#runtime) {
      this.#pendingInput.push(data)
      return
    }
    this.#runtime.discipline.input(data)
    this.#syncMode()
  }

  resize(cols: number): void {
    if (cols === this.#cols) return
    this.#cols = cols
    this.#runtime?.discipline.resize(cols)
  }

  /** The line being edited. */
  get line(): string {
    return this.#runtime?.discipline.line ?? ''
  }

  /** Whether a paste is still being processed (or the model is still loading). */
  get busy(): boolean {
    return this.#runtime?.discipline.busy ?? true
  }

  // --- API for other panes ----------------------------------------------------------------------------------------

  /** As if typed: key by key, visible; "\n" (or "\r\n") is Enter. */
  type(text: string): void {
    for (const ch of text.replace(/\r\n?/g, '\n')) this.input(ch === '\n' ? '\r' : ch)
  }

  /**
   * Send a pipelined batch (lines separated by CRLF or LF) as one paste. At the shell it first connects (typed,
   * visible); in a session it goes to the server; anywhere else (the mail program) it is refused: returns false.
   */
  play(clientText: string, options: PlayOptions = {}): boolean {
    if (this.mode === 'foreground' || this.mode === 'loading') return false
    if (this.line !== '') this.input('\x15') // Ctrl-U: the batch starts on a clean line
    if (this.mode === 'shell') this.type(`telnet ${options.host ?? 'localhost'} ${options.port ?? 25}\n`)
    if (this.mode === 'shell') return false // the connection failed; the terminal says why
    const text = clientText.replace(/\r\n?/g, '\n')
    this.input(text.endsWith('\n') ? text : text + '\n')
    return true
  }

  /** The model events numbered above `seq`, oldest first, as far as the window of `events` reaches back. */
  eventsSince(seq: number): readonly ModelEvent[] {
    const count = Math.min(this.events.length, Math.max(0, this.eventSeq - seq))
    return count === 0 ? [] : this.events.slice(-count)
  }

  /**
   * Bytes written exactly as they are on the open SMTP session, in one write (the lesson pane's raw-write box):
   * `<CR>`/`<LF>` handling is the caller's. False when no session is open.
   */
  write(bytes: string): boolean {
    if (!this.#runtime || (this.mode !== 'smtp' && this.mode !== 'data' && this.mode !== 'auth')) return false
    const ok = this.#runtime.write(bytes)
    this.#syncMode()
    return ok
  }

  highlight(code: number | null): void {
    this.highlighted = code
  }

  /** A fresh world (from `createWorld` if given: a lesson's variant), the screen cleared, the shell prompt back. */
  reset(createWorld?: () => World): void {
    this.#runtime?.reset(createWorld)
    this.#syncMode()
  }

  /** Switch the server personality for connections opened from now on. */
  setPersonality(name: PersonalityName): void {
    if (!isPersonalityName(name)) return // a value from outside the type system (a select, a stored value)
    this.personality = name
    this.#runtime?.setPersonality(name)
  }

  /** Ask for the last reply's meaning, as F1 does. */
  explain(): void {
    this.input('\x1bOP')
  }

  // --- what the shell reports -----------------------------------------------------------------------------------

  #write(data: string): void {
    if (this.#sink) this.#sink.write(data)
    else this.#pendingOutput.push(data)
  }

  #syncMode(): void {
    this.mode = this.#runtime?.shell.mode ?? 'loading'
  }

  #onEvents(batch: readonly ModelEvent[]): void {
    if (batch.length === 0) return
    const all = this.events.length + batch.length > EVENT_LIMIT ? [...this.events, ...batch].slice(-EVENT_LIMIT) : [...this.events, ...batch]
    this.events = all
    this.eventSeq += batch.length
    this.lastBatch = batch
    const announcements: Announcement[] = []
    for (const event of batch) {
      if (event.type !== 'reply') continue
      this.lastReply = event.cause ? { reply: event.reply, cause: event.cause } : { reply: event.reply }
      const text = event.reply.lines.map((line, i) => `${i === 0 ? `${event.reply.code} ` : ''}${i === 0 && event.reply.enhanced ? event.reply.enhanced + ' ' : ''}${line}`).join('. ')
      announcements.push({ id: ++this.#announced, text: `Server: ${text}` })
    }
    if (announcements.length > 0) this.announcements = [...this.announcements, ...announcements].slice(-8)
  }

  #onWire(chunk: WireChunk): void {
    // A new connection starts a new wire log; the last one stays readable until then.
    const previous = this.wire.at(-1)
    const wire = previous && previous.session !== chunk.session ? [] : this.wire.length >= WIRE_LIMIT ? this.wire.slice(-WIRE_LIMIT + 1) : this.wire
    this.wire = [...wire, chunk]
  }

  #onSession(info: SessionInfo | null): void {
    this.session = info
    this.#syncMode()
  }
}
