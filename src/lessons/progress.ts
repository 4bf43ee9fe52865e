/**
 * The learner's progress: which lessons are not started, in progress or done, the step they were on, and which
 * try/predict steps they completed. Kept in injected storage (localStorage in the app: it can be disabled or full,
 * so nothing here assumes it works) under one versioned key.
 *
 * What is read is validated, never trusted: corrupt JSON, an unknown version, or a wrong shape resets the progress
 * and leaves a `notice` the UI shows once (svelte.dev's Persisted, with the notice it lacks). Version 2 records who
 * completed each step (the learner, "Solve", a revealed answer); version 1's progress is carried over, with a notice.
 * Export and import go through the same validator.
 */
import type { Lesson } from './types'

/** What the store needs of localStorage. */
export interface ProgressStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

export const PROGRESS_VERSION = 2
export const PROGRESS_KEY = `smtp-sim:progress:v${PROGRESS_VERSION}`
/** Where version 1 kept its progress: read once, carried over, and left as it was. */
export const PROGRESS_KEY_V1 = 'smtp-sim:progress:v1'

export type LessonState = 'not-started' | 'in-progress' | 'done'
export const LESSON_STATES: readonly LessonState[] = ['not-started', 'in-progress', 'done']

/**
 * Who completed a try or predict step: the learner; "Solve" (the model answer typed for them); the answer revealed
 * after two wrong predictions; or unknown, for steps completed before smtp-sim recorded it (version 1).
 */
export type MetBy = 'learner' | 'solved' | 'revealed' | 'unrecorded'
export const MET_BY: readonly MetBy[] = ['learner', 'solved', 'revealed', 'unrecorded']

export interface LessonProgress {
  readonly state: LessonState
  /** The step id the learner was last on. */
  readonly step: string | null
  /** The try and predict steps completed, each with who completed it. */
  readonly completed: Readonly<Record<string, MetBy>>
}

export interface ProgressData {
  readonly version: typeof PROGRESS_VERSION
  readonly lessons: Readonly<Record<string, LessonProgress>>
}

export type NoticeReason = 'corrupt' | 'version' | 'invalid' | 'unavailable' | 'migrated'

/** Something the UI should tell the learner about their saved progress. */
export interface ProgressNotice {
  readonly reason: NoticeReason
  readonly message: string
}

export type Validation =
  | { readonly ok: true; readonly data: ProgressData; readonly migrated: boolean }
  | { readonly ok: false; readonly reason: Exclude<NoticeReason, 'unavailable' | 'migrated'>; readonly message: string }

const EMPTY: ProgressData = { version: PROGRESS_VERSION, lessons: {} }
const NOT_STARTED: LessonProgress = { state: 'not-started', step: null, completed: {} }

/** A plain object (not null, not an array): what a JSON value must be before its fields are read. */
export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const own = (o: Record<string, unknown>, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined)

/**
 * Check parsed JSON against the shape of version 2, or of version 1 (carried over: its completed steps become
 * "unrecorded"). Own properties only, so `__proto__` or `constructor` in a file are plain (unknown) names.
 */
export function validateProgress(value: unknown): Validation {
  if (!isRecord(value)) return { ok: false, reason: 'invalid', message: 'saved progress is not an object' }
  const version = own(value, 'version')
  if (version !== PROGRESS_VERSION && version !== 1) {
    return { ok: false, reason: 'version', message: `saved progress has version ${JSON.stringify(version ?? null)}; this version of smtp-sim reads versions 1 and ${PROGRESS_VERSION}` }
  }
  const list = own(value, 'lessons')
  if (!isRecord(list)) return { ok: false, reason: 'invalid', message: 'saved progress has no "lessons" object' }
  // Entries, then Object.fromEntries: an id such as "__proto__" becomes an own property, never a prototype.
  const lessons: [string, LessonProgress][] = []
  for (const id of Object.keys(list)) {
    const entry = list[id]
    if (!isRecord(entry)) return { ok: false, reason: 'invalid', message: `progress for "${id}" is not an object` }
    const state = own(entry, 'state')
    const step = own(entry, 'step')
    const completed = own(entry, 'completed')
    if (!LESSON_STATES.includes(state as LessonState)) return { ok: false, reason: 'invalid', message: `progress for "${id}" has an unknown state ${JSON.stringify(state)}` }
    if (step !== null && typeof step !== 'string') return { ok: false, reason: 'invalid', message: `progress for "${id}": step must be a step id or null` }
    const done: [string, MetBy][] = []
    if (version === 1) {
      if (!Array.isArray(completed) || !completed.every((s) => typeof s === 'string')) return { ok: false, reason: 'invalid', message: `progress for "${id}": completed must be a list of step ids` }
      for (const s of new Set(completed as string[])) done.push([s, 'unrecorded'])
    } else {
      if (!isRecord(completed)) return { ok: false, reason: 'invalid', message: `progress for "${id}": completed must map step ids to who completed them` }
      for (const s of Object.keys(completed)) {
        const by = completed[s]
        if (!MET_BY.includes(by as MetBy)) return { ok: false, reason: 'invalid', message: `progress for "${id}": step "${s}" was completed by ${JSON.stringify(by)}, not one of ${MET_BY.join(', ')}` }
        done.push([s, by as MetBy])
      }
    }
    lessons.push([id, { state: state as LessonState, step: step as string | null, completed: Object.fromEntries(done) }])
  }
  return { ok: true, data: { version: PROGRESS_VERSION, lessons: Object.fromEntries(lessons) }, migrated: version === 1 }
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

/** Of two ways a step was completed, the one that counts: the learner's own over any other. */
function better(a: MetBy | undefined, b: MetBy): MetBy {
  if (a === undefined) return b
  return a === 'learner' || b === 'learner' ? 'learner' : b
}

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
    return Object.hasOwn(this.#data.lessons, lessonId) ? (this.#data.lessons[lessonId] as LessonProgress) : NOT_STARTED
  }

  state(lessonId: string): LessonState {
    return this.get(lessonId).state
  }

  /** The learner opened a step. */
  visit(lesson: Pick<Lesson, 'id' | 'steps'>, stepId: string): void {
    const now = this.get(lesson.id)
    if (now.step === stepId && now.state !== 'not-started') return
    this.#put(lesson.id, { ...now, state: now.state === 'done' ? 'done' : 'in-progress', step: stepId })
  }

  /**
   * The learner reached the end of a lesson (its last step, its last line). A lesson without try or predict steps
   * is done then; one with them is done when all of them are.
   */
  finish(lesson: Pick<Lesson, 'id' | 'steps'>): void {
    const now = this.get(lesson.id)
    if (now.state === 'done' || interactive(lesson).length > 0) return
    this.#put(lesson.id, { ...now, state: 'done' })
  }

  /** A try goal was met or a prediction answered (by whom); the lesson is done when all of them are. */
  completeStep(lesson: Pick<Lesson, 'id' | 'steps'>, stepId: string, by: MetBy = 'learner'): void {
    const now = this.get(lesson.id)
    const was = Object.hasOwn(now.completed, stepId) ? now.completed[stepId] : undefined
    const completed = { ...now.completed, [stepId]: better(was, by) }
    if (was === completed[stepId]) return
    const done = interactive(lesson).every((id) => Object.hasOwn(completed, id))
    this.#put(lesson.id, { state: done ? 'done' : 'in-progress', step: now.step ?? stepId, completed })
  }

  /** Who completed a step, or null if nobody yet. */
  metBy(lessonId: string, stepId: string): MetBy | null {
    const completed = this.get(lessonId).completed
    return Object.hasOwn(completed, stepId) ? (completed[stepId] as MetBy) : null
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

  /** The progress as JSON text, for a file download: each completed step says who completed it. */
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
    let older = false
    try {
      text = this.#storage.getItem(PROGRESS_KEY)
      if (text === null) {
        text = this.#storage.getItem(PROGRESS_KEY_V1)
        older = text !== null
      }
    } catch {
      this.#notice = { reason: 'unavailable', message: 'Progress cannot be read from this browser\'s storage; it is kept until the page is closed.' }
      return
    }
    if (text === null) return
    const v = parseProgress(text)
    if (v.ok) {
      this.#data = v.data
      if (older || v.migrated) {
        this.#notice = { reason: 'migrated', message: 'Your saved progress was carried over from an older version of smtp-sim. Steps you completed before do not say whether you or “Solve” completed them.' }
        this.#save()
      }
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
