/**
 * The learner's progress: which lessons are not started, in progress or done, the step they were on, and which
 * try/predict steps they completed. Kept in injected storage (localStorage in the app: it can be disabled or full,
 * so nothing here assumes it works) under one versioned key.
 *
 * What is read is validated, never trusted: corrupt JSON, an older or newer version, or a wrong shape resets the
 * progress and leaves a `notice` the UI shows once (svelte.dev's Persisted, with the notice it lacks). Export and
 * import go through the same validator.
 */
import type { Lesson } from './types'

/** What the store needs of localStorage. */
export interface ProgressStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

export const PROGRESS_VERSION = 1
export const PROGRESS_KEY = `smtp-sim:progress:v${PROGRESS_VERSION}`

export type LessonState = 'not-started' | 'in-progress' | 'done'
export const LESSON_STATES: readonly LessonState[] = ['not-started', 'in-progress', 'done']

export interface LessonProgress {
  readonly state: LessonState
  /** The step id the learner was last on. */
  readonly step: string | null
  /** Ids of the try and predict steps the learner completed. */
  readonly completed: readonly string[]
}

export interface ProgressData {
  readonly version: typeof PROGRESS_VERSION
  readonly lessons: Readonly<Record<string, LessonProgress>>
}

export type NoticeReason = 'corrupt' | 'version' | 'invalid' | 'unavailable'

/** Something the UI should tell the learner about their saved progress. */
export interface ProgressNotice {
  readonly reason: NoticeReason
  readonly message: string
}

export type Validation = { readonly ok: true; readonly data: ProgressData } | { readonly ok: false; readonly reason: Exclude<NoticeReason, 'unavailable'>; readonly message: string }

const EMPTY: ProgressData = { version: PROGRESS_VERSION, lessons: {} }
const NOT_STARTED: LessonProgress = { state: 'not-started', step: null, completed: [] }

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** Check parsed JSON against the v1 shape. */
export function validateProgress(value: unknown): Validation {
  if (!isRecord(value)) return { ok: false, reason: 'invalid', message: 'saved progress is not an object' }
  if (value.version !== PROGRESS_VERSION) {
    return { ok: false, reason: 'version', message: `saved progress has version ${JSON.stringify(value.version ?? null)}; this version of smtp-sim reads version ${PROGRESS_VERSION}` }
  }
  if (!isRecord(value.lessons)) return { ok: false, reason: 'invalid', message: 'saved progress has no "lessons" object' }
  // Entries, then Object.fromEntries: a lesson id such as "__proto__" becomes an own property, never the prototype.
  const lessons: [string, LessonProgress][] = []
  for (const [id, entry] of Object.entries(value.lessons)) {
    if (!isRecord(entry)) return { ok: false, reason: 'invalid', message: `progress for "${id}" is not an object` }
    if (!LESSON_STATES.includes(entry.state as LessonState)) return { ok: false, reason: 'invalid', message: `progress for "${id}" has an unknown state ${JSON.stringify(entry.state)}` }
    if (entry.step !== null && typeof entry.step !== 'string') return { ok: false, reason: 'invalid', message: `progress for "${id}": step must be a step id or null` }
    if (!Array.isArray(entry.completed) || !entry.completed.every((s) => typeof s === 'string')) return { ok: false, reason: 'invalid', message: `progress for "${id}": completed must be a list of step ids` }
    lessons.push([id, { state: entry.state as LessonState, step: entry.step, completed: [...new Set(entry.completed as string[])] }])
  }
  return { ok: true, data: { version: PROGRESS_VERSION, lessons: Object.fromEntries(lessons) } }
}

/** Parse and validate JSON text (what storage or an imported file holds). */
export function parseProgress(text: string): Validation {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'corrupt', message: 'saved progress is not valid JSON' }
  }
  return validateProgress(value)
}

const interactive = (lesson: Pick<Lesson, 'steps'>) => lesson.steps.filter((s) => s.kind === 'try' || s.kind === 'predict').map((s) => s.id)

export class ProgressStore {
  readonly #storage: ProgressStorage | null
  #data: ProgressData = EMPTY
  #notice: ProgressNotice | null = null

  /** `storage` null: keep progress in memory only (e.g. localStorage is disabled). */
  constructor(storage: ProgressStorage | null) {
    this.#storage = storage
    this.#load()
  }

  /** Set when saved progress was reset or cannot be saved; the UI shows it, then calls `dismissNotice`. */
  get notice(): ProgressNotice | null {
    return this.#notice
  }

  dismissNotice(): void {
    this.#notice = null
  }

  get data(): ProgressData {
    return this.#data
  }

  get(lessonId: string): LessonProgress {
    // An own property only: "constructor" or "toString" is not a lesson anyone has started.
    return Object.hasOwn(this.#data.lessons, lessonId) ? this.#data.lessons[lessonId]! : NOT_STARTED
  }

  state(lessonId: string): LessonState {
    return this.get(lessonId).state
  }

  /** The learner opened a step. A lesson without try/predict steps is done when its last step is reached. */
  visit(lesson: Pick<Lesson, 'id' | 'steps'>, stepId: string): void {
    const now = this.get(lesson.id)
    const last = lesson.steps.at(-1)?.id === stepId
    const state: LessonState = now.state === 'done' || (last && interactive(lesson).length === 0) ? 'done' : 'in-progress'
    this.#put(lesson.id, { ...now, state, step: stepId })
  }

  /** A try goal was met or a prediction answered right; the lesson is done when all of them are. */
  completeStep(lesson: Pick<Lesson, 'id' | 'steps'>, stepId: string): void {
    const now = this.get(lesson.id)
    const completed = now.completed.includes(stepId) ? now.completed : [...now.completed, stepId]
    const done = interactive(lesson).every((id) => completed.includes(id))
    this.#put(lesson.id, { state: done ? 'done' : 'in-progress', step: now.step ?? stepId, completed })
  }

  markDone(lessonId: string): void {
    this.#put(lessonId, { ...this.get(lessonId), state: 'done' })
  }

  /** Forget one lesson's progress, or everything (a clean start between classes). */
  reset(lessonId?: string): void {
    if (lessonId === undefined) this.#data = EMPTY
    else {
      const { [lessonId]: _dropped, ...rest } = this.#data.lessons
      this.#data = { version: PROGRESS_VERSION, lessons: rest }
    }
    this.#save()
  }

  /** The progress as JSON text, for a file download. */
  export(): string {
    return JSON.stringify(this.#data, null, 2)
  }

  /** Replace the progress with an exported file's; nothing changes unless it is valid. */
  import(text: string): { readonly ok: true } | { readonly ok: false; readonly message: string } {
    const v = parseProgress(text)
    if (!v.ok) return { ok: false, message: v.message }
    this.#data = v.data
    this.#save()
    return { ok: true }
  }

  #put(lessonId: string, progress: LessonProgress): void {
    this.#data = { version: PROGRESS_VERSION, lessons: { ...this.#data.lessons, [lessonId]: progress } }
    this.#save()
  }

  #load(): void {
    if (!this.#storage) return
    let text: string | null
    try {
      text = this.#storage.getItem(PROGRESS_KEY)
    } catch {
      this.#notice = { reason: 'unavailable', message: 'Progress cannot be read from this browser\'s storage; it is kept until the page is closed.' }
      return
    }
    if (text === null) return
    const v = parseProgress(text)
    if (v.ok) {
      this.#data = v.data
      return
    }
    this.#notice = { reason: v.reason, message: `Your saved progress was reset: ${v.message}.` }
    this.#data = EMPTY
    this.#save()
  }

  #save(): void {
    if (!this.#storage) return
    try {
      this.#storage.setItem(PROGRESS_KEY, JSON.stringify(this.#data))
    } catch {
      this.#notice ??= { reason: 'unavailable', message: 'Progress cannot be saved in this browser\'s storage; it is kept until the page is closed.' }
    }
  }
}

/** A Storage-like object in memory (tests, and browsers without localStorage). */
export function memoryStorage(initial: Record<string, string> = {}): ProgressStorage & { readonly items: Map<string, string> } {
  const items = new Map(Object.entries(initial))
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) }
}
