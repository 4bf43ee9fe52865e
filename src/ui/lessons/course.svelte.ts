/**
 * The course as the lesson pane sees it: the index (lessons and the errors of files that did not load), the lessons
 * opened so far (each fetched when first opened: `request`), and the learner's progress, reactive. Progress lives in
 * the engine's ProgressStore (validated, versioned, reset with a notice); this class only makes it observable, so the
 * index and the steps re-render when it changes.
 */
import { ProgressStore, type Lesson, type LessonError, type LessonProgress, type LessonState, type LessonSummary, type MetBy, type ProgressNotice, type ProgressStorage } from '../../lessons'
import type { Course } from '../../lessons/course'

/** localStorage when the browser lets us use it; null (progress kept in memory) when it does not. */
export function browserStorage(): ProgressStorage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null // SecurityError when storage is disabled
  }
}

/** The id a lesson file would have: its name without the numeric prefix and the extension. */
export function idOfFile(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.(md|json)$/i, '').replace(/^\d+-/, '').toLowerCase()
}

/** A file that did not load, with its problems (the pane shows them in place of the lesson). */
export interface BrokenLesson {
  readonly file: string
  readonly id: string
  readonly errors: readonly LessonError[]
}

/** Where a lesson of the index is: here, being fetched, or not fetched (the network failed). */
export type LessonLoad = 'ready' | 'loading' | 'failed'

export class CourseState {
  readonly course: Course
  readonly #store: ProgressStore
  /** Bumps on every change of the store, which is not reactive itself. */
  #tick = $state(0)
  /** Lessons fetched since the pane opened, and the ones that could not be. */
  #loaded = $state.raw<ReadonlyMap<string, Lesson>>(new Map())
  #failed = $state.raw<ReadonlySet<string>>(new Set())
  readonly #requested = new Set<string>()

  constructor(course: Course, storage: ProgressStorage | null) {
    this.course = course
    this.#store = new ProgressStore(storage)
  }

  /** The index: every lesson that loaded at build time, in course order. */
  get lessons(): readonly LessonSummary[] {
    return this.course.lessons
  }

  /** Files that failed to load (their lesson is absent from `lessons`). */
  get broken(): readonly BrokenLesson[] {
    const loaded = new Set(this.course.lessons.map((l) => l.file))
    const files = [...new Set(this.course.errors.map((e) => e.file))].filter((f) => !loaded.has(f))
    return files.map((file) => ({ file, id: idOfFile(file), errors: this.course.errors.filter((e) => e.file === file) }))
  }

  /** Problems of loaded lessons (e.g. an unknown prerequisite): shown in the index, the lesson still works. */
  get warnings(): readonly LessonError[] {
    const loaded = new Set(this.course.lessons.map((l) => l.file))
    return this.course.errors.filter((e) => loaded.has(e.file))
  }

  /** Whether the index has this lesson. */
  has(id: string): boolean {
    return this.course.lessons.some((l) => l.id === id)
  }

  /** The lesson, if it is here (see `request`). */
  lesson(id: string): Lesson | undefined {
    return this.#loaded.get(id) ?? this.course.get(id)
  }

  /** Where a lesson of the index is; null for an id the index does not have. */
  loadState(id: string): LessonLoad | null {
    if (!this.has(id)) return null
    if (this.lesson(id)) return 'ready'
    return this.#failed.has(id) ? 'failed' : 'loading'
  }

  /** Fetch a lesson of the index (once; again after a failure). Call it from an effect, not while rendering. */
  request(id: string): void {
    if (!this.has(id) || this.lesson(id) || (this.#requested.has(id) && !this.#failed.has(id))) return
    this.#requested.add(id)
    if (this.#failed.has(id)) this.#failed = new Set([...this.#failed].filter((f) => f !== id))
    this.course.load(id).then(
      (lesson) => {
        if (lesson) this.#loaded = new Map([...this.#loaded, [id, lesson]])
        else this.#failed = new Set([...this.#failed, id])
      },
      () => (this.#failed = new Set([...this.#failed, id])),
    )
  }

  brokenLesson(id: string): BrokenLesson | undefined {
    return this.broken.find((b) => b.id === id)
  }

  get notice(): ProgressNotice | null {
    void this.#tick
    return this.#store.notice
  }

  dismissNotice(): void {
    this.#store.dismissNotice()
    this.#tick++
  }

  state(lessonId: string): LessonState {
    void this.#tick
    return this.#store.state(lessonId)
  }

  progress(lessonId: string): LessonProgress {
    void this.#tick
    return this.#store.get(lessonId)
  }

  completed(lessonId: string, stepId: string): boolean {
    return this.metBy(lessonId, stepId) !== null
  }

  /** Who completed a step (the learner, "Solve", a revealed answer), or null. */
  metBy(lessonId: string, stepId: string): MetBy | null {
    void this.#tick
    return this.#store.metBy(lessonId, stepId)
  }

  /** The lesson that comes after this one in the course, if any. */
  after(lessonId: string): LessonSummary | null {
    const i = this.lessons.findIndex((l) => l.id === lessonId)
    return i < 0 ? null : (this.lessons[i + 1] ?? null)
  }

  visit(lesson: Lesson, stepId: string): void {
    const before = this.#store.get(lesson.id)
    this.#store.visit(lesson, stepId)
    if (this.#store.get(lesson.id) !== before) this.#tick++
  }

  complete(lesson: Lesson, stepId: string, by: MetBy = 'learner'): void {
    const before = this.#store.get(lesson.id)
    this.#store.completeStep(lesson, stepId, by)
    if (this.#store.get(lesson.id) !== before) this.#tick++
  }

  /** The learner reached the end of the lesson (done, for a lesson without exercises). */
  finish(lesson: Lesson): void {
    const before = this.#store.get(lesson.id)
    this.#store.finish(lesson)
    if (this.#store.get(lesson.id) !== before) this.#tick++
  }

  /** Forget all progress (the clean start between classes). */
  resetAll(): void {
    this.#store.reset()
    this.#tick++
  }

  export(): string {
    return this.#store.export()
  }

  import(text: string): { readonly ok: true } | { readonly ok: false; readonly message: string } {
    const result = this.#store.import(text)
    this.#tick++
    return result
  }
}
