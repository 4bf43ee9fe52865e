/**
 * The clicker-driven demo of presenter mode: on a transcript step the terminal follows the presenter. Each step
 * starts from a known state (the step's world, a fresh screen, connected as the transcript's session is); moving
 * forward types the client lines up to the current stop into the terminal at a readable pace, and the model's own
 * replies appear there; moving back goes back by replay — the terminal's rewind when it has one (the controller's
 * recording played again up to that point), else the step begun afresh with the lines typed at once.
 * What to type comes from next-line.ts (the same plan as "Type the next line for me"); drive.ts carries it out.
 */
import type { LessonSettings, Transcript } from '../../lessons'
import { connectCommand, connectDirectiveCommand, endSession, perform, prepareTerminal } from './drive'
import { nextShowAction, type ShowAction } from './next-line'
import type { LessonTerminal } from './terminal-port'

/** Timers, injected so tests run without waiting. */
export interface DemoClock {
  later(task: () => void, ms: number): unknown
  cancel(handle: unknown): void
}

export const browserClock: DemoClock = {
  later: (task, ms) => setTimeout(task, ms),
  cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** A readable pace: a character every CHAR_MS, but no line takes longer than LINE_MS to type; a pause between lines. */
export const CHAR_MS = 40
export const LINE_MS = 1400
export const BETWEEN_MS = 350

/** Where the demo is in a transcript: the step it began and the transcript lines the terminal has been given. */
interface Mark {
  /** The transcript line the action typed (its last line, for a pasted group). */
  readonly index: number
  /** How many recorded actions the terminal's session held after it (for rewind), or null without a recording. */
  readonly actions: number | null
}

/** Does the transcript start at the shell (a `~ connect` or `~ advance` before any conversation)? */
function startsAtShell(transcript: Transcript): boolean {
  for (const line of transcript.lines) {
    if (line.kind === 'comment') continue
    return line.kind === 'connect' || line.kind === 'advance'
  }
  return false
}

export class DemoDriver {
  /** The last transcript line the terminal has been given (-1: none yet). */
  typed = $state(-1)
  /** Typing in progress. */
  busy = $state(false)
  /** Why the terminal could not follow (the mail program has it, still loading…), or ''. */
  problem = $state('')

  readonly #terminal: LessonTerminal
  readonly #clock: DemoClock
  #transcript: Transcript | null = null
  #settings: LessonSettings | null = null
  /** The recording's length once the step had begun (the point a full rewind goes back to). */
  #origin: number | null = null
  #marks: Mark[] = []
  /** Actions still to carry out, in order. */
  #queue: ShowAction[] = []
  /** The characters of the line being typed that are not typed yet. */
  #rest = ''
  #current: ShowAction | null = null
  #timer: unknown = null
  /** Bumps on every begin/stop: work scheduled for an earlier one is dropped. */
  #generation = 0

  constructor(terminal: LessonTerminal, clock: DemoClock = browserClock) {
    this.#terminal = terminal
    this.#clock = clock
  }

  /** The step's known start: its world and personality, a fresh screen, connected as its transcript's session is. */
  begin(transcript: Transcript, settings: LessonSettings): Promise<void> {
    this.#halt()
    const generation = ++this.#generation
    this.#transcript = transcript
    this.#settings = settings
    this.typed = -1
    this.#marks = []
    this.#origin = null
    this.problem = ''
    const terminal = this.#terminal
    const start = () => {
      if (generation !== this.#generation) return
      endSession(terminal)
      prepareTerminal(terminal, settings)
      if (!startsAtShell(transcript) && terminal.mode === 'shell') terminal.type(`${connectCommand(settings)}\n`)
      this.#origin = this.#recorded()
    }
    if (terminal.mode === 'loading' && terminal.ready) return terminal.ready.then(start)
    start()
    return Promise.resolve()
  }

  /**
   * Bring the terminal to transcript line `upTo`: every client line up to it typed (forward: at a readable pace,
   * or at once with `instant`), none after it (back: by replay).
   */
  follow(upTo: number, { instant = false }: { readonly instant?: boolean } = {}): void {
    const transcript = this.#transcript
    if (!transcript || !this.#settings) return
    if (this.#terminal.mode === 'loading') {
      // The step has not begun yet (the model is still loading): follow once it has.
      const generation = this.#generation
      void this.#terminal.ready?.then(() => generation === this.#generation && this.follow(upTo, { instant: true }))
      return
    }
    // Anything still being typed is finished at once: the presenter has moved on.
    this.#flush()
    const last = this.#lastBefore(upTo)
    if (last < this.typed) {
      this.#back(last)
      return
    }
    const planned = this.#plan(this.typed, upTo)
    if (planned.length === 0) return
    if (instant) {
      for (const action of planned) if (!this.#perform(action)) break
      return
    }
    this.#queue = planned
    this.busy = true
    this.#next()
  }

  /** Stop typing and forget the step (the terminal is left as it is). */
  stop(): void {
    this.#halt()
    this.#generation++
    this.#transcript = null
  }

  /** The index of the last action (line typed) at or before `upTo`, or -1. */
  #lastBefore(upTo: number): number {
    return this.#plan(-1, upTo).at(-1)?.index ?? -1
  }

  /** The actions (lines typed) after `from`, up to and including `upTo`. */
  #plan(from: number, upTo: number): ShowAction[] {
    const transcript = this.#transcript
    const settings = this.#settings
    if (!transcript || !settings) return []
    const connect = connectDirectiveCommand(settings)
    const actions: ShowAction[] = []
    for (let a = nextShowAction(transcript, from, connect); a && a.index <= upTo; a = nextShowAction(transcript, a.index, connect)) actions.push(a)
    return actions
  }

  /** Back to just after transcript line `to` (-1: the step's start). */
  #back(to: number): void {
    const terminal = this.#terminal
    const keep = this.#marks.filter((m) => m.index <= to)
    const point = to < 0 ? this.#origin : (keep.at(-1)?.actions ?? null)
    if (terminal.rewind && point !== null && terminal.rewind(point)) {
      this.#marks = keep
      this.typed = keep.at(-1)?.index ?? -1
      return
    }
    // No rewind: the step begun again, and its lines up to there typed at once.
    const transcript = this.#transcript
    const settings = this.#settings
    if (!transcript || !settings) return
    void this.begin(transcript, settings)
    this.follow(to, { instant: true })
  }

  /** Carry out one action whole; false (and `problem` says why) when the terminal cannot. */
  #perform(action: ShowAction): boolean {
    const settings = this.#settings
    if (!settings) return false
    const problem = perform(this.#terminal, action, settings)
    if (problem) {
      this.problem = problem
      this.#halt()
      return false
    }
    this.#done(action)
    return true
  }

  #done(action: ShowAction): void {
    this.typed = action.index
    this.#marks.push({ index: action.index, actions: this.#recorded() })
    this.problem = ''
  }

  #recorded(): number | null {
    return this.#terminal.recording?.actions.length ?? null
  }

  /** The next queued action: a line typed key by key (after connecting, if at the shell), anything else at once. */
  #next(): void {
    const action = this.#queue.shift()
    if (!action) {
      this.busy = false
      return
    }
    const terminal = this.#terminal
    const settings = this.#settings
    const typed = action.kind === 'type' || (action.kind === 'shell' && terminal.mode === 'shell')
    if (!typed || !settings || terminal.mode === 'foreground') {
      if (this.#perform(action)) this.#schedule(() => this.#next(), BETWEEN_MS)
      return
    }
    if (action.kind === 'type' && terminal.mode === 'shell') terminal.type(`${connectCommand(settings)}\n`)
    this.#current = action
    this.#rest = `${action.kind === 'type' ? action.text : action.command}\n`
    this.#tick()
  }

  #tick(): void {
    const action = this.#current
    if (!action) return
    const ch = this.#rest.charAt(0)
    this.#rest = this.#rest.slice(1)
    this.#terminal.type(ch)
    if (this.#rest === '') {
      this.#current = null
      this.#done(action)
      this.#schedule(() => this.#next(), BETWEEN_MS)
      return
    }
    const length = action.kind === 'type' ? action.text.length : action.kind === 'shell' ? action.command.length : 1
    this.#schedule(() => this.#tick(), Math.min(CHAR_MS, LINE_MS / Math.max(1, length)))
  }

  #schedule(task: () => void, ms: number): void {
    const generation = this.#generation
    this.#timer = this.#clock.later(() => {
      this.#timer = null
      if (generation === this.#generation) task()
    }, ms)
  }

  /** Type the rest of what is queued at once. */
  #flush(): void {
    if (!this.busy) return
    if (this.#timer !== null) this.#clock.cancel(this.#timer)
    this.#timer = null
    const current = this.#current
    if (current) {
      this.#terminal.type(this.#rest)
      this.#rest = ''
      this.#current = null
      this.#done(current)
    }
    const queue = this.#queue
    this.#queue = []
    this.busy = false
    for (const action of queue) if (!this.#perform(action)) break
  }

  /** Drop what is queued, typed or not. */
  #halt(): void {
    if (this.#timer !== null) this.#clock.cancel(this.#timer)
    this.#timer = null
    this.#queue = []
    this.#current = null
    this.#rest = ''
    this.busy = false
  }
}
