/**
 * The terminal controller: the one object the page (App, the terminal view, the explain pane, the lesson pane) uses
 * to drive and watch the learner's terminal. It loads the runtime (src/terminal/runtime.ts: the shell, its line
 * discipline and the session's recording) and turns what they report into reactive state. It is not in the echo's
 * path: the display sends keys to the runtime and gets output back through the port `attach` returns, and the
 * controller only hears afterwards that something happened.
 *
 * API for other panes:
 *  - `type(text)`      as if the learner typed it: visible, key by key ("\n" is Enter).
 *  - `play(clientText)` send a pipelined batch as one paste; at the shell, first connects (`telnet localhost 25`
 *                       unless told otherwise). `converse(clientText)` sends it line by line instead (Compose).
 *  - `highlight(code)`  mark replies with this code in the transcript (null clears).
 *  - `events`           the last model events (reactive), `lastReply`, `world`, `revision` (bumps when the world
 *                       may have changed), `session`, `mode`.
 *  - `eventSeq`, `eventsSince(n)`  events are numbered 1, 2, 3… (never reused, across fresh worlds too), so a
 *                       lesson's try step judges "the events since N" rather than finding its place in `events`.
 *  - `write(bytes)`     bytes as they are on the open session (the raw-write box); kept across a reload.
 *  - `reset(createWorld?, settings?)` a fresh world, screen cleared: from `settings` (a lesson's world, kept across
 *                       a reload), from `createWorld` (not kept: the recording stops), or the current world's again.
 *  - `afterLoad(action)` an action once the model has loaded, in order with the keys typed while it loads.
 *  - `setFaults(faults)` scripted faults on, for connections opened from now on (kept across a reload).
 *  - `startAfresh(settings, personality)` a clean start (presenter mode's reset between classes): a new session as
 *                       if the page had never been used — world, screen and scrollback, shell history, personality,
 *                       faults, events and the saved session.
 *  - `sessionSeq`       the `eventSeq` just before the connection of `wire` opened: `eventsSince(sessionSeq)` is that
 *                       conversation and what the world did after it (the sequence diagram reads it).
 *  - `points`, `rewind(n)`  the commands entered since the recording began (each with the number of recorded actions
 *                       after it); `rewind(n)` plays the first n actions again on a fresh world (screen, world and
 *                       history as they were then), and what is typed next continues from there: a branch.
 *  - `recording`, `open(recording)`  the session's recording (for a share link), and a recording played in its place.
 *
 * Reload: with `storage`, the session's recording is saved (shortly after each action, and on `flush()`) and played
 * again when the page comes back: the screen, the world and the shell history as they were. A saved session that is
 * unreadable gives a fresh world and a `notice` saying so.
 *
 * The model is loaded with a dynamic import, so the lab's first load is the page; keys typed before it arrives are kept
 * and processed in order. A deferred controller (a lesson's page) loads it only when `start()` is called.
 */
import type { ModelEvent } from '../../smtp/events'
import { isPersonalityName, type PersonalityName } from '../../smtp/settings'
import type { Fault } from '../../smtp/world/faults'
import type { World } from '../../smtp/world/world'
import type { Output } from '../../terminal/line-discipline'
import type { Action, Recording, RecordingStart, StopReason, WorldSettings } from '../../terminal/recording'
import type { replayRuntime as replayRuntimeFn, Runtime, RuntimeOptions } from '../../terminal/runtime'
import type { ShellObserver } from '../../terminal/shell'
import type { ReplyRecord, SessionInfo, WireChunk } from '../../terminal/smtp-client'
import type { StorageLike } from './preferences.svelte'
import { pointText } from './rewind'

export type TerminalMode = 'loading' | 'shell' | 'smtp' | 'data' | 'auth' | 'foreground'

export interface Announcement {
  readonly id: number
  readonly text: string
}

/** Something the page should tell the learner about the saved session. */
export interface SessionNotice {
  readonly kind: 'restored' | 'reset' | 'shared'
  readonly message: string
  /** Something the learner may do about it (e.g. go back to the session a share link replaced). */
  readonly action?: { readonly label: string; readonly run: () => void }
}

/** How many model events `events` keeps. */
export const EVENT_LIMIT = 300
/** How many wire chunks of the current session are kept. */
const WIRE_LIMIT = 2000
/** How many announcements the live region keeps readable (older ones are dropped silently). */
const ANNOUNCEMENT_LIMIT = 20
/** Where the lab's session is saved: the recording has its own version inside. */
export const SESSION_KEY = 'smtp-sim:lab-session'
/** How soon after an action the session is saved (typing saves once per pause, not per key). */
const SAVE_DELAY_MS = 400
/** How many rewind points are listed (the oldest are dropped; the recording itself is bounded by its size). */
const POINT_LIMIT = 500
/** Clears an xterm display and its scrollback before a session is drawn again from its recording. */
const CLEAR_DISPLAY = '\x1b[H\x1b[2J\x1b[3J'

/** A place in the recording to rewind to: just after a line was entered (or a setting changed). */
export interface RewindPoint {
  /** How many recorded actions lead here. */
  readonly actions: number
  /** What was entered: the line (a paste: its first line and how many more), or the setting. */
  readonly text: string
  /** Where it was entered: at the shell, in an SMTP session, in DATA… */
  readonly mode: TerminalMode
}

export interface ControllerOptions {
  /** Make a world (for the start and for `reset`); default: the default world (src/smtp/world/default-world.ts). Not kept across a reload. */
  readonly createWorld?: () => World
  readonly personality?: PersonalityName
  /** Run a task later (the browser passes a macrotask scheduler so a big paste is processed in slices). */
  readonly schedule?: (task: () => void) => void
  /** Where the session is saved for a reload; none: not saved. */
  readonly storage?: StorageLike
  /** The time a new session starts (its queue ids are seeded from it); default Date.now. */
  readonly now?: () => number
  /** Characters of session kept across a reload (default: the recording's limit). */
  readonly limit?: number
  /**
   * Load the model only when `start()` is called (a lesson's page: the terminal starts when the learner reaches for
   * it), or at once when there is a saved session to bring back. Default false: the model loads at once.
   */
  readonly deferred?: boolean
}

export interface PlayOptions {
  /** Where to connect when the terminal is at the shell. Default localhost (the learner's own MTA). */
  readonly host?: string
  readonly port?: number
}

/** What the display gets back from `attach`: keys in, size changes, and the way out. */
export interface TerminalPort {
  input(data: string): void
  resize(cols: number): void
  detach(): void
}

/** Output to the display if one is attached, else kept for it. */
class Screen implements Output {
  #display: Output | null = null
  #pending: string[] = []

  write(data: string): void {
    if (this.#display) this.#display.write(data)
    else this.#pending.push(data)
  }

  attach(display: Output): void {
    this.#display = display
    const pending = this.#pending.join('')
    this.#pending = []
    if (pending) display.write(pending)
  }

  detach(display: Output): void {
    if (this.#display === display) this.#display = null
  }

  /** Forget what no display has seen yet (a replay that failed half-way). */
  drop(): void {
    this.#pending = []
  }
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
  session = $state.raw<SessionInfo | null>(null)
  mode = $state<TerminalMode>('loading')
  /** The current (or last) session's chunks on the wire, in order. */
  wire = $state.raw<readonly WireChunk[]>([])
  /** A reply code to mark in the transcript, or null. */
  highlighted = $state<number | null>(null)
  /** What the terminal printed, for the live region: each once. */
  announcements = $state.raw<readonly Announcement[]>([])
  /** Bumps when the learner asks for the last reply's meaning (F1 or `?`). */
  explainRequests = $state(0)
  personality = $state<PersonalityName>('postfix')
  /** About the saved session: restored, or reset because it could not be read. */
  notice = $state.raw<SessionNotice | null>(null)
  /** Set when the session has grown past what is kept for a reload (or runs in a world that cannot be kept). */
  stopped = $state<StopReason | null>(null)
  /** `eventSeq` just before the connection whose chunks are in `wire` opened. */
  sessionSeq = $state(0)
  /** The session whose chunks are in `wire`, as it was last seen (kept after it closes). */
  conversation = $state.raw<SessionInfo | null>(null)
  /** The lines entered since the recording began, oldest first: where `rewind` can go back to. */
  points = $state.raw<readonly RewindPoint[]>([])

  /** Settles once the model has loaded (after `start()`, for a deferred controller). */
  readonly ready: Promise<void>
  /** Whether the model has been asked for (it loads, or has loaded); see ControllerOptions.deferred. */
  started = $state(false)
  /** Whether the terminal opens on a saved session (its screen), not on the host's welcome. */
  readonly restoring: boolean
  readonly #options: ControllerOptions
  #loaded: { resolve: () => void; reject: (error: unknown) => void } | null = null
  readonly #screen = new Screen()
  readonly #storage: StorageLike | undefined
  #runtime: Runtime | null = null
  /** Keys typed and actions asked for while the model loads, done in this order once it is here. */
  #pendingInput: Array<string | (() => void)> = []
  #cols = 80
  #announced = 0
  /** Bumps with every reply: `lastReply` reads the shell, its one owner. */
  #replies = $state(0)
  #restoring = false
  #saveTimer: ReturnType<typeof setTimeout> | null = null
  #serialize: ((recording: Recording) => string) | null = null
  /** A runtime for a session starting as described (set once the runtime module has loaded). */
  #create: ((start: RecordingStart) => Runtime) | null = null
  readonly #now: () => number
  #replayRuntime: typeof replayRuntimeFn | null = null
  #runtimeOptions: RuntimeOptions | null = null

  constructor(options: ControllerOptions = {}) {
    this.personality = isPersonalityName(options.personality) ? options.personality : 'postfix'
    this.#storage = options.storage
    this.#options = options
    this.#now = options.now ?? Date.now
    this.ready = new Promise<void>((resolve, reject) => (this.#loaded = { resolve, reject }))
    this.restoring = !options.createWorld && Boolean(this.#storage?.getItem(SESSION_KEY))
    if (!options.deferred || this.restoring) this.start()
  }

  /** Load the model now, if that has not begun (keys and actions meanwhile are kept, and done in order once it is here). */
  start(): void {
    if (this.started) return
    this.started = true
    this.#load(this.#options).then(this.#loaded?.resolve, this.#loaded?.reject)
  }

  async #load(options: ControllerOptions): Promise<void> {
    const { createRuntime, freshStart, replayRuntime } = await import('../../terminal/runtime')
    const { parseRecording, serializeRecording } = await import('../../terminal/recording')
    this.#serialize = serializeRecording
    this.#replayRuntime = replayRuntime
    const observer: ShellObserver = {
      events: (events) => this.#onEvents(events),
      wire: (chunk) => this.#onWire(chunk),
      session: (info) => this.#onSession(info),
      changed: () => this.revision++,
      replaced: (next) => {
        this.world = next
        // "Back as you left it" is no longer true of a fresh world (a lesson's, Reset the world, `reset`).
        if (!this.#restoring && this.notice?.kind === 'restored') this.notice = null
        this.events = []
        this.lastBatch = []
        this.#replies++
        this.revision++
      },
      explain: () => {
        if (!this.#restoring) this.explainRequests++
      },
    }
    const runtimeOptions: RuntimeOptions = {
      observer,
      cols: this.#cols,
      output: this.#screen,
      announce: (text: string) => this.#announce(text),
      onAction: () => this.#afterAction(),
      ...(options.schedule ? { schedule: options.schedule } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    }
    this.#create = (from) => createRuntime(from, { ...runtimeOptions, cols: this.#cols }) // at the width shown now
    this.#runtimeOptions = runtimeOptions
    const start = () => createRuntime(freshStart((options.now ?? Date.now)(), this.personality), { ...runtimeOptions, ...(options.createWorld ? { createWorld: options.createWorld } : {}) })

    const saved = options.createWorld ? null : this.#storage?.getItem(SESSION_KEY)
    let runtime: Runtime | null = null
    if (saved) {
      const parsed = parseRecording(saved)
      if (parsed.ok) {
        this.#restoring = true
        try {
          runtime = this.#replay(parsed.recording, runtimeOptions)
          this.notice = { kind: 'restored', message: 'Your lab session is back as you left it: the screen, the world and the shell history.' }
        } catch (error) {
          // A saved session that the model no longer plays the same way: start afresh, and say so.
          this.#screen.drop()
          this.#forget()
          this.notice = { kind: 'reset', message: `Your saved lab session could not be played again (${error instanceof Error ? error.message : 'unknown error'}), so this is a fresh world.` }
        } finally {
          this.#restoring = false
        }
      } else {
        this.notice = { kind: 'reset', message: `Your saved lab session was set aside: ${parsed.message}. This is a fresh world.` }
      }
    }
    runtime ??= start()
    this.#runtime = runtime
    this.world = runtime.shell.world
    this.personality = runtime.personality
    this.#replies++
    this.#afterAction()
    if (this.notice?.kind === 'reset') this.#save()
    const pending = this.#pendingInput
    this.#pendingInput = []
    for (const item of pending) {
      if (typeof item === 'string') runtime.input(item)
      else item()
    }
  }

  /**
   * Do `action` once the model has loaded (now, if it has), in order with the keys typed meanwhile: a lesson's world
   * asked for before the learner's first keys is put in before them, so what they typed goes to that world and is
   * not wiped by it arriving later.
   */
  afterLoad(action: () => void): void {
    if (this.#runtime) action()
    else this.#pendingInput.push(action)
  }

  // --- wiring to a terminal -------------------------------------------------------------------------------------

  /** Connect a display (xterm): what was written before is replayed to it. Keys go in through the port. */
  attach(display: Output, cols: number): TerminalPort {
    this.resize(cols)
    this.#screen.attach(display)
    return {
      input: (data) => this.input(data),
      resize: (c) => this.resize(c),
      detach: () => this.#screen.detach(display),
    }
  }

  /** Keys or a paste, as xterm's onData delivers them (and the page's own key buttons). */
  input(data: string): void {
    const runtime = this.#runtime
    if (!runtime) {
      this.#pendingInput.push(data)
      return
    }
    const mode = this.mode
    const before = runtime.discipline.line
    runtime.input(data)
    this.#point(runtime, data, before, mode)
  }

  resize(cols: number): void {
    if (cols === this.#cols) return
    this.#cols = cols
    this.#runtime?.resize(cols)
  }

  /** The line being edited. */
  get line(): string {
    return this.#runtime?.discipline.line ?? ''
  }

  /** Whether a paste is still being processed (or the model is still loading). */
  get busy(): boolean {
    return this.#runtime?.discipline.busy ?? true
  }

  /** The last reply of any session (the shell owns it; this is its reactive view). */
  get lastReply(): ReplyRecord | null {
    void this.#replies
    return this.#runtime?.shell.lastReply ?? null
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

  /**
   * Send a conversation line by line, as a person at telnet would: each line its own write, so each reply shows
   * right after its command (Compose). At the shell it connects first; it stops if the session ends. False when the
   * terminal cannot take it (the mail program has it, or the connection failed).
   */
  converse(clientText: string, options: PlayOptions = {}): boolean {
    if (this.mode === 'foreground' || this.mode === 'loading') return false
    if (this.line !== '') this.input('\x15')
    if (this.mode === 'shell') this.type(`telnet ${options.host ?? 'localhost'} ${options.port ?? 25}\n`)
    if (this.mode === 'shell') return false
    const lines = clientText.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n')
    const mode = (): TerminalMode => this.mode // read afresh after each line
    for (const line of lines) {
      if (mode() === 'shell') break // the server hung up: the rest would go to the shell
      this.input(line + '\r')
    }
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
    return this.#runtime.write(bytes)
  }

  highlight(code: number | null): void {
    this.highlighted = code
  }

  /** The settings the current world was built from (null: the default world, or a world built by code). */
  get worldSettings(): WorldSettings | null {
    return this.#runtime?.worldSettings ?? null
  }

  /**
   * A fresh world, the screen cleared, the shell prompt back: built from `settings` when given (a lesson's world,
   * kept across a reload), else by `createWorld` (kept for this visit only), else the current world's again.
   */
  reset(createWorld?: () => World, settings?: WorldSettings | null): void {
    const runtime = this.#runtime
    if (!runtime) return
    if (settings !== undefined) runtime.reset(settings)
    else if (createWorld) runtime.resetWith(createWorld)
    else runtime.reset(runtime.worldSettings)
    this.points = [] // the recording starts again here
  }

  /**
   * A clean start: a new session in a world built from `settings` (null: the default world), as if the page had
   * never been used — the screen and its scrollback cleared, no shell history, this personality, no faults but the
   * settings' own, no events or wire kept; the saved session is replaced by the new one. False while loading.
   */
  startAfresh(settings: WorldSettings | null, personality: PersonalityName = 'postfix'): boolean {
    const create = this.#create
    if (!create || this.busy || !isPersonalityName(personality)) return false
    this.#forget()
    this.notice = null
    this.#screen.write(CLEAR_DISPLAY)
    this.#adopt(create({ seed: this.#now(), personality, world: settings, worlds: 0, history: [] }))
    this.#save()
    return true
  }

  /** The session's recording as it stands (null until the model has loaded). */
  get recording(): Recording | null {
    return this.#runtime?.recorder.recording ?? null
  }

  /** Switch the server personality for connections opened from now on. */
  setPersonality(name: PersonalityName): void {
    if (!isPersonalityName(name)) return // a value from outside the type system (a select, a stored value)
    this.personality = name
    const runtime = this.#runtime
    runtime?.setPersonality(name)
    if (runtime) this.#point(runtime, { personality: name }, '', this.mode)
  }

  /** Switch scripted faults on (src/smtp/world/faults.ts), for connections opened from now on. */
  setFaults(faults: readonly Fault[]): void {
    const runtime = this.#runtime
    runtime?.setFaults(faults)
    this.revision++ // the world changed: views that list its faults read them again
    if (runtime) this.#point(runtime, { faults }, '', this.mode)
  }

  /** How many recorded actions lead to the start of the recording (a fresh world's reset, if it began with one). */
  get origin(): number {
    const first = this.#runtime?.recorder.first
    return first !== undefined && typeof first !== 'string' && 'reset' in first ? 1 : 0
  }

  /** How many actions the session's recording holds (0 until the model has loaded). */
  get recorded(): number {
    return this.#runtime?.recorder.count ?? 0
  }

  /**
   * Back to just after the first `actions` recorded actions: the session is played again on a fresh world (the screen,
   * the world, the clock and the shell history as they were then), and what is typed next is recorded after them —
   * a branch. False when that cannot be done (still loading, a paste being processed, past the recording's end).
   */
  rewind(actions: number): boolean {
    const recording = this.recording
    if (!recording || this.busy || actions < 0 || actions > recording.actions.length) return false
    this.open({ ...recording, actions: recording.actions.slice(0, actions) })
    return true
  }

  /**
   * One line back: just after the line entered before the last one (or to the start). With something typed since
   * the last line was entered, back to just after that line.
   */
  stepBack(): boolean {
    const length = this.recorded
    const points = this.points.filter((p) => p.actions <= length)
    const last = points.at(-1)
    const target = last && last.actions === length ? points.at(-2) : last
    return this.rewind(target?.actions ?? this.origin)
  }

  /**
   * Play `recording` in place of the current session (a shared link, a rewind): the display is cleared and drawn
   * again, the reactive state rebuilt from the replay. Throws what the replay throws (a recording the model cannot
   * play); the current session is then left as it was.
   */
  open(recording: Recording): void {
    const options = this.#runtimeOptions
    if (!this.#replayRuntime || !options) throw new Error('the terminal has not loaded yet')
    const held = { events: this.events, lastBatch: this.lastBatch, wire: this.wire, session: this.session, sessionSeq: this.sessionSeq, points: this.points, conversation: this.conversation }
    this.#forget()
    this.#restoring = true
    let runtime: Runtime
    try {
      this.#screen.write(CLEAR_DISPLAY)
      // At the terminal's width now, not the one it loaded with: the shell breaks its hints at that width.
      runtime = this.#replay(recording, { ...options, cols: this.#cols })
    } catch (error) {
      Object.assign(this, held)
      throw error
    } finally {
      this.#restoring = false
    }
    this.#adopt(runtime)
  }

  /** A runtime replaced the current one (a clean start, a replay): the reactive state follows it. */
  #adopt(runtime: Runtime): void {
    this.#runtime = runtime
    this.world = runtime.shell.world
    this.personality = runtime.personality
    this.#replies++
    this.revision++
    this.#afterAction()
  }

  /** The last reply's meaning, in the terminal and the explain pane (what F1 does). */
  explain(): void {
    this.#runtime?.explain()
  }

  /** Save the session now (the page is being hidden or closed). */
  flush(): void {
    if (this.#saveTimer !== null) {
      clearTimeout(this.#saveTimer)
      this.#saveTimer = null
      this.#save()
    }
  }

  /** The learner has read the notice about the saved session. */
  dismissNotice(): void {
    this.notice = null
  }

  // --- what the runtime reports -----------------------------------------------------------------------------------

  /** After each action: the mode may have changed, and the session is saved a moment later. */
  #afterAction(): void {
    const runtime = this.#runtime
    if (!runtime) return
    this.mode = runtime.shell.mode
    this.stopped = runtime.recorder.stopped ?? null
    if (this.#storage && this.#saveTimer === null && !this.#restoring) {
      this.#saveTimer = setTimeout(() => {
        this.#saveTimer = null
        this.#save()
      }, SAVE_DELAY_MS)
    }
  }

  #save(): void {
    const runtime = this.#runtime
    if (!runtime || !this.#storage || !this.#serialize) return
    this.#storage.setItem(SESSION_KEY, this.#serialize(runtime.recorder.recording))
  }

  /** Forget what a failed replay left in the reactive state. */
  #forget(): void {
    this.points = []
    this.sessionSeq = this.eventSeq
    this.conversation = null
    this.events = []
    this.lastBatch = []
    this.wire = []
    this.session = null
    this.announcements = []
  }

  /** Play a recording on a fresh runtime, noting its rewind points on the way (`points` starts afresh). */
  #replay(recording: Recording, options: RuntimeOptions): Runtime {
    const replayRuntime = this.#replayRuntime
    if (!replayRuntime) throw new Error('the terminal has not loaded yet')
    this.points = []
    let before = ''
    let mode: TerminalMode = 'shell'
    return replayRuntime(recording, options, undefined, {
      before: (_action, _index, runtime) => {
        before = runtime.discipline.line
        mode = runtime.shell.mode
      },
      after: (action, _index, runtime) => this.#point(runtime, action, before, mode),
    })
  }

  /** Note a place to rewind to, after `action` was recorded (none once the recording has stopped). */
  #point(runtime: Runtime, action: Action, before: string, mode: TerminalMode): void {
    const text = pointText(action, before)
    if (text === null || runtime.recorder.stopped) return
    const point: RewindPoint = { actions: runtime.recorder.count, text, mode }
    this.points = this.points.length >= POINT_LIMIT ? [...this.points.slice(1 - POINT_LIMIT), point] : [...this.points, point]
  }

  #announce(text: string): void {
    this.announcements = [...this.announcements, { id: ++this.#announced, text }].slice(-ANNOUNCEMENT_LIMIT)
  }

  #onEvents(batch: readonly ModelEvent[]): void {
    if (batch.length === 0) return
    const all = this.events.length + batch.length > EVENT_LIMIT ? [...this.events, ...batch].slice(-EVENT_LIMIT) : [...this.events, ...batch]
    this.events = all
    this.eventSeq += batch.length
    this.lastBatch = batch
    if (batch.some((e) => e.type === 'reply')) this.#replies++
  }

  #onWire(chunk: WireChunk): void {
    // A new connection starts a new wire log; the last one stays readable until then.
    const previous = this.wire.at(-1)
    // The model's events for this chunk come after it: the conversation's events are those numbered above this.
    if (!previous || previous.session !== chunk.session) this.sessionSeq = this.eventSeq
    const wire = previous && previous.session !== chunk.session ? [] : this.wire.length >= WIRE_LIMIT ? this.wire.slice(-WIRE_LIMIT + 1) : this.wire
    this.wire = [...wire, chunk]
  }

  #onSession(info: SessionInfo | null): void {
    this.session = info
    if (info) this.conversation = info
    if (this.#runtime) this.mode = this.#runtime.shell.mode
  }
}
