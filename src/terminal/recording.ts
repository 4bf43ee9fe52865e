/**
 * The lab recording: a pure, versioned value from which a terminal session can be played again exactly — the same
 * terminal text, the same world (mailboxes, queue, log, clock), the same shell history. It holds where the session
 * started and every action that reached the terminal's runtime, in order:
 *
 *   { v: 1, start: { seed, personality, world, worlds, history }, actions: [ "t", "e", "\r", {personality}, … ] }
 *
 *  - a string is input as xterm's onData delivered it (a key, an escape sequence, a whole paste);
 *  - `{ personality }` switches the server personality, `{ reset }` builds a fresh world from settings (null: the
 *    default world of design §3), `{ faults }` switches scripted faults on, `{ explain }` asks for the explanation
 *    of the last reply from outside the keyboard, `{ write }` puts bytes as they are on the open session, `{ cols }`
 *    is the terminal's new width (the shell lays out help, hints and mail's list by it, so a replay must too).
 * Time and ids are part of the world: the clock only moves by `sleep` (input), and queue ids are seeded from
 * `start.seed` (the session's start time) and the number of worlds built before, so a replay hands out the same ids
 * and two sessions do not (issue 10 item 12).
 *
 * API: `Recorder` (record actions, bounded in size), `serializeRecording` / `parseRecording` (JSON text, validated
 * like lesson progress: anything unexpected is refused with a reason, never trusted), `replay` (play the actions,
 * or the first N of them, on anything that implements `ReplayTarget` — the terminal runtime). Used for reload
 * restore; meant for rewind, share links and a clean reset too.
 */
import { REPLIES, type ReplyKey } from '../smtp/replies'
import { isPersonalityName, type PersonalityName } from '../smtp/settings'
import { BARE_LF_HANDLINGS, type BareLfHandling, type Fault } from '../smtp/world/faults'
import type { ClientKind, LessonPort, LessonSettings } from '../lessons/types'

export const RECORDING_VERSION = 1

/**
 * How many characters of recording are kept. localStorage holds about 5 million characters per origin, shared with
 * lesson progress and settings; a session of typing is a few kilobytes, a big paste (a 10 MB message for SIZE) is not.
 */
export const RECORDING_LIMIT = 512 * 1024

/** A world as a lesson describes it (src/lessons/setup.ts builds it): plain data, so it can be stored. */
export type WorldSettings = LessonSettings

export interface RecordingStart {
  /** When the session started (ms since 1970): queue ids are seeded from it. */
  readonly seed: number
  readonly personality: PersonalityName
  /** The world the session starts in; null: the default world. */
  readonly world: WorldSettings | null
  /** How many worlds were built before this one in the session (each world's ids differ). */
  readonly worlds: number
  /** The shell's history at the start (↑ still finds earlier commands after a fresh world). */
  readonly history: readonly string[]
  /** The terminal's width in cells at the start; absent in older recordings (they replay at today's width). */
  readonly cols?: number
}

export type Action =
  /** Input, exactly as the terminal delivered it. */
  | string
  | { readonly personality: PersonalityName }
  /** A fresh world from these settings (null: the default world); the shell's `reset` builds this one again. */
  | { readonly reset: WorldSettings | null }
  | { readonly faults: readonly Fault[] }
  /** The explanation of the last reply asked for from outside the keyboard (the page's button; F1 is input). */
  | { readonly explain: true }
  /** Bytes written as they are on the open session (the lesson pane's raw-write box). */
  | { readonly write: string }
  /** The terminal's width changed to this many cells. */
  | { readonly cols: number }

/** Why a recording stopped growing: it reached its size limit, or the world came from code that cannot be stored. */
export type StopReason = 'size' | 'world'

export interface Recording {
  readonly v: typeof RECORDING_VERSION
  readonly start: RecordingStart
  readonly actions: readonly Action[]
  /** Set when later actions were not kept: a replay ends where the recording stopped. */
  readonly stopped?: StopReason
}

/** What a replay drives: the terminal runtime (src/terminal/runtime.ts), or a fake in tests. */
export interface ReplayTarget {
  input(data: string): void
  setPersonality(name: PersonalityName): void
  reset(world: WorldSettings | null): void
  setFaults(faults: readonly Fault[]): void
  explain(): void
  write(bytes: string): unknown
  resize(cols: number): void
}

/** Called around each action a replay plays: e.g. to note where each line was entered (the rewind list). */
export interface ReplayHooks<T extends ReplayTarget = ReplayTarget> {
  before?(action: Action, index: number, target: T): void
  after?(action: Action, index: number, target: T): void
}

/** Play a recording's actions, or only the first `upTo` of them, on a target that starts as `recording.start`. */
export function replay<T extends ReplayTarget>(recording: Recording, target: T, upTo = recording.actions.length, hooks: ReplayHooks<T> = {}): void {
  recording.actions.slice(0, Math.max(0, upTo)).forEach((action, index) => {
    hooks.before?.(action, index, target)
    play(action, target)
    hooks.after?.(action, index, target)
  })
}

function play(action: Action, target: ReplayTarget): void {
  if (typeof action === 'string') target.input(action)
  else if ('personality' in action) target.setPersonality(action.personality)
  else if ('reset' in action) target.reset(action.reset)
  else if ('faults' in action) target.setFaults(action.faults)
  else if ('write' in action) target.write(action.write)
  else if ('cols' in action) target.resize(action.cols)
  else target.explain()
}

const sizeOf = (value: unknown) => JSON.stringify(value).length + 1

/** Records actions as they happen, up to `limit` characters of JSON; past that it stops and says so. */
export class Recorder {
  readonly #limit: number
  #start: RecordingStart
  #actions: Action[] = []
  #size: number
  #stopped: StopReason | undefined

  constructor(start: RecordingStart, limit = RECORDING_LIMIT) {
    this.#limit = limit
    this.#start = start
    this.#size = sizeOf(start) + 32
  }

  /** Keep one action. False when it was not kept (the recording has stopped). */
  record(action: Action): boolean {
    if (this.#stopped) return false
    // A window being resized sends many widths: only the last of a run of them matters.
    const last = this.#actions.at(-1)
    if (typeof action === 'object' && 'cols' in action && typeof last === 'object' && 'cols' in last) {
      this.#actions.pop()
      this.#size -= sizeOf(last)
    }
    const size = sizeOf(action)
    if (this.#size + size > this.#limit) {
      this.#stopped = 'size'
      return false
    }
    this.#actions.push(action)
    this.#size += size
    return true
  }

  /** Stop recording: what follows cannot be kept (e.g. a world built by code, not from settings). */
  stop(reason: StopReason): void {
    this.#stopped ??= reason
  }

  /**
   * Start over from `start`, with `actions` (e.g. the reset that began a fresh world): what came before no longer
   * matters to the screen or the world, so a long day in the lab stays small.
   */
  restart(start: RecordingStart, actions: readonly Action[] = []): void {
    this.#start = start
    this.#actions = []
    this.#size = sizeOf(start) + 32
    this.#stopped = undefined
    for (const action of actions) this.record(action)
  }

  get stopped(): StopReason | undefined {
    return this.#stopped
  }

  /** How many actions are kept. */
  get count(): number {
    return this.#actions.length
  }

  /** The first action kept (without copying the recording, as `recording` does). */
  get first(): Action | undefined {
    return this.#actions[0]
  }

  /** Characters of JSON the recording takes (about). */
  get size(): number {
    return this.#size
  }

  get limit(): number {
    return this.#limit
  }

  get recording(): Recording {
    return { v: RECORDING_VERSION, start: this.#start, actions: [...this.#actions], ...(this.#stopped ? { stopped: this.#stopped } : {}) }
  }
}

export function serializeRecording(recording: Recording): string {
  return JSON.stringify(recording)
}

export type ParsedRecording =
  | { readonly ok: true; readonly recording: Recording }
  | { readonly ok: false; readonly reason: 'corrupt' | 'version' | 'invalid'; readonly message: string }

/** Parse and validate stored text. Nothing is trusted by name: every key is an own property checked against a schema. */
export function parseRecording(text: string, limit = RECORDING_LIMIT * 2): ParsedRecording {
  if (text.length > limit) return { ok: false, reason: 'invalid', message: `the saved session is larger than ${limit} characters` }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'corrupt', message: 'the saved session is not valid JSON' }
  }
  if (!isRecord(value)) return invalid('the saved session is not an object')
  if (own(value, 'v') !== RECORDING_VERSION) {
    return { ok: false, reason: 'version', message: `the saved session has version ${JSON.stringify(own(value, 'v') ?? null)}; this version of smtp-sim reads version ${RECORDING_VERSION}` }
  }
  try {
    const start = readStart(own(value, 'start'))
    const rawActions = own(value, 'actions')
    if (!Array.isArray(rawActions)) throw new Invalid('"actions" is not a list')
    const actions = rawActions.map((a, i) => readAction(a, i))
    const stopped = own(value, 'stopped')
    if (stopped !== undefined && stopped !== 'size' && stopped !== 'world') throw new Invalid('"stopped" is neither "size" nor "world"')
    return { ok: true, recording: { v: RECORDING_VERSION, start, actions, ...(stopped ? { stopped } : {}) } }
  } catch (error) {
    if (error instanceof Invalid) return invalid(error.message)
    throw error
  }
}

// --- validation -------------------------------------------------------------------------------------------------

class Invalid extends Error {}

const invalid = (message: string): ParsedRecording => ({ ok: false, reason: 'invalid', message: `the saved session is not usable: ${message}` })

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** An own property's value, never one inherited from Object.prototype (`constructor`, `__proto__`). */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

function text(value: unknown, what: string, max = 1000): string {
  if (typeof value !== 'string' || value.length > max) throw new Invalid(`${what} is not a text of at most ${max} characters`)
  return value
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Invalid(`${what} is not a whole number`)
  return value
}

function personality(value: unknown, what: string): PersonalityName {
  if (!isPersonalityName(value)) throw new Invalid(`${what} ${JSON.stringify(value ?? null)} is not a server personality`)
  return value
}

function readStart(value: unknown): RecordingStart {
  if (!isRecord(value)) throw new Invalid('"start" is not an object')
  const seed = own(value, 'seed')
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new Invalid('"start.seed" is not a number')
  const history = own(value, 'history')
  if (!Array.isArray(history) || history.length > 1000) throw new Invalid('"start.history" is not a list of lines')
  const world = own(value, 'world')
  return {
    seed,
    personality: personality(own(value, 'personality'), '"start.personality"'),
    world: world === null ? null : readWorld(world, '"start.world"'),
    worlds: count(own(value, 'worlds'), '"start.worlds"'),
    history: history.map((line, i) => text(line, `history line ${i + 1}`, 100_000)),
    ...(own(value, 'cols') === undefined ? {} : { cols: width(own(value, 'cols'), '"start.cols"') }),
  }
}

/** A terminal width in cells: a whole number a screen can have. */
function width(value: unknown, what: string): number {
  const n = count(value, what)
  if (n < 2 || n > 10_000) throw new Invalid(`${what} is not a terminal width`)
  return n
}

function readAction(value: unknown, index: number): Action {
  const what = `action ${index + 1}`
  if (typeof value === 'string') return value
  if (!isRecord(value)) throw new Invalid(`${what} is neither input nor an object`)
  const keys = Object.keys(value)
  if (keys.length !== 1) throw new Invalid(`${what} has ${keys.length} keys; one of personality, reset, faults, explain, write, cols`)
  const [key] = keys
  if (key === 'personality') return { personality: personality(value.personality, what) }
  if (key === 'reset') return { reset: value.reset === null ? null : readWorld(value.reset, what) }
  if (key === 'faults') return { faults: readFaults(value.faults, what) }
  if (key === 'explain' && value.explain === true) return { explain: true }
  if (key === 'write') return { write: text(value.write, what, RECORDING_LIMIT) }
  if (key === 'cols') return { cols: width(value.cols, what) }
  throw new Invalid(`${what} is an unknown action ${JSON.stringify(key)}`)
}

const CLIENT_KINDS: readonly ClientKind[] = ['stranger', 'localhost']
const PORTS: readonly LessonPort[] = [25, 587, 465]

function readWorld(value: unknown, what: string): WorldSettings {
  if (!isRecord(value)) throw new Invalid(`${what}: the world is not an object`)
  const client = own(value, 'client')
  if (!CLIENT_KINDS.includes(client as ClientKind)) throw new Invalid(`${what}: unknown client ${JSON.stringify(client ?? null)}`)
  const port = own(value, 'port')
  if (!PORTS.includes(port as LessonPort)) throw new Invalid(`${what}: port ${JSON.stringify(port ?? null)} is not 25, 587 or 465`)
  const users = own(value, 'users')
  if (!isRecord(users) || Object.keys(users).length > 100) throw new Invalid(`${what}: "users" is not an object`)
  return {
    personality: personality(own(value, 'personality'), `${what}: the world's personality`),
    host: text(own(value, 'host'), `${what}: the host`, 253),
    client: client as ClientKind,
    port: port as LessonPort,
    faults: readFaults(own(value, 'faults'), what),
    // Entries, then fromEntries: a user named "__proto__" is an own property, never the prototype.
    users: Object.fromEntries(Object.entries(users).map(([user, password]) => [text(user, `${what}: a user name`, 64), text(password, `${what}: a password`, 256)])),
  }
}

function readFaults(value: unknown, what: string): Fault[] {
  if (!Array.isArray(value) || value.length > 100) throw new Invalid(`${what}: the faults are not a list`)
  return value.map((f, i) => readFault(f, `${what}, fault ${i + 1}`))
}

function reply(value: unknown, what: string): ReplyKey | 'drop' {
  if (value === 'drop' || (typeof value === 'string' && Object.hasOwn(REPLIES, value))) return value as ReplyKey | 'drop'
  throw new Invalid(`${what}: ${JSON.stringify(value ?? null)} is not "drop" or a reply of the catalogue`)
}

function readFault(value: unknown, what: string): Fault {
  if (!isRecord(value)) throw new Invalid(`${what} is not an object`)
  const host = text(own(value, 'host'), `${what}: the host`, 253)
  const kind = own(value, 'kind')
  switch (kind) {
    case 'command': {
      const verb = text(own(value, 'verb'), `${what}: the verb`, 16)
      if (!/^[A-Z]+$/.test(verb)) throw new Invalid(`${what}: the verb is not an SMTP verb`)
      const nth = count(own(value, 'nth'), `${what}: nth`)
      return { kind, host, verb, nth, reply: reply(own(value, 'reply'), what) }
    }
    case 'after-data':
      return { kind, host, reply: reply(own(value, 'reply'), what) }
    case 'drop-during-data':
      return { kind, host }
    case 'mailbox-unavailable': {
      const until = own(value, 'until')
      if (typeof until !== 'number' || !Number.isFinite(until)) throw new Invalid(`${what}: "until" is not a time`)
      return { kind, host, mailbox: text(own(value, 'mailbox'), `${what}: the mailbox`, 64), until }
    }
    case 'mailbox-full':
      return { kind, host, mailbox: text(own(value, 'mailbox'), `${what}: the mailbox`, 64) }
    case 'greylist': {
      const delay = own(value, 'delay')
      if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) throw new Invalid(`${what}: "delay" is not a duration`)
      const mailbox = own(value, 'mailbox')
      return { kind, host, delay, ...(mailbox === undefined ? {} : { mailbox: text(mailbox, `${what}: the mailbox`, 64) }) }
    }
    case 'host-down': {
      const until = own(value, 'until')
      if (typeof until !== 'number' || !Number.isFinite(until)) throw new Invalid(`${what}: "until" is not a time`)
      return { kind, host, until }
    }
    case 'vrfy-off':
      return { kind, host }
    case 'bare-lf': {
      const handling = own(value, 'handling')
      if (!BARE_LF_HANDLINGS.includes(handling as BareLfHandling)) throw new Invalid(`${what}: ${JSON.stringify(handling ?? null)} is not a way with a bare LF`)
      return { kind, host, handling: handling as BareLfHandling }
    }
    default:
      throw new Invalid(`${what}: unknown kind ${JSON.stringify(kind ?? null)}`)
  }
}
