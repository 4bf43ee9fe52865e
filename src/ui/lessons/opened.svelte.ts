/**
 * The lessons opened in this browser, reactive (issue 12 §7): what the lessons view lists beside the course and the
 * lesson pane opens like any other. Kept as source text by src/lessons/opened.ts; parsed again when the page
 * loads, by the same lazily-loaded checker that checks a newly opened file (src/lessons/check-file.ts). Nothing
 * leaves the browser: a file is read with File.text() and kept in localStorage.
 */
import type { Lesson, LessonSummary, ProgressStorage } from '../../lessons'
import { OPENED_COUNT_LIMIT, OPENED_FILE_LIMIT, readOpened, writeOpened, type OpenedFile } from '../../lessons/opened'

/** What opening a file did, for the instructor. */
export interface OpenResult {
  readonly file: string
  /** Added to the course (or replaced the lesson opened before with this id). */
  readonly added: boolean
  readonly id: string | null
  /** What stops it loading: `file:line: message`. */
  readonly errors: readonly string[]
  /** Lines the model would answer differently: `file:line: message`. */
  readonly differences: readonly string[]
  /** A sentence about the outcome. */
  readonly message: string
}

const checker = () => import('../../lessons/check-file')

export class OpenedLessons {
  /** The files kept, in the order they were added. */
  files = $state.raw<readonly OpenedFile[]>([])
  /** The kept files that parse, by id. */
  #lessons = $state.raw<ReadonlyMap<string, Lesson>>(new Map())
  /** Kept files that no longer load (the checker changed since): their problems. */
  problems = $state.raw<ReadonlyMap<string, readonly string[]>>(new Map())
  /** Why the saved ones were set aside, if they were. */
  notice = $state<string | null>(null)
  /** Settles once the kept files are parsed (at once when there are none). */
  readonly ready: Promise<void>
  readonly #storage: ProgressStorage | null
  readonly #course: () => readonly LessonSummary[]

  /** `course`: the course's own lessons (the index). */
  constructor(storage: ProgressStorage | null, course: () => readonly LessonSummary[]) {
    this.#storage = storage
    this.#course = course
    const read = readOpened(storage)
    this.files = read.lessons
    this.notice = read.notice
    this.ready = this.files.length > 0 ? this.#parseAll() : Promise.resolve()
  }

  get(id: string): Lesson | undefined {
    return this.#lessons.get(id)
  }

  get lessons(): readonly Lesson[] {
    return this.files.map((f) => this.#lessons.get(f.id)).filter((l): l is Lesson => l !== undefined)
  }

  async #parseAll(): Promise<void> {
    const { checkLessonFile } = await checker()
    const lessons = new Map<string, Lesson>()
    const problems = new Map<string, readonly string[]>()
    const course = this.#course()
    for (const f of this.files) {
      const check = checkLessonFile(f.file, f.text, course, this.files)
      if (check.lesson) lessons.set(check.lesson.id, check.lesson)
      else problems.set(f.id, check.errors)
    }
    this.#lessons = lessons
    this.problems = problems
  }

  /**
   * A file the instructor opened: checked, and added to the course when it loads (lines the model answers
   * differently are listed, and do not stop it). A file that does not load changes nothing.
   */
  async open(name: string, read: () => Promise<string>, size: number): Promise<OpenResult> {
    const refuse = (message: string, errors: readonly string[] = []): OpenResult => ({ file: name, added: false, id: null, errors, differences: [], message })
    if (!/\.(md|json)$/i.test(name)) return refuse(`${name} is not a lesson file: a lesson is a .md file, or the seed session's .json shape.`)
    if (size > OPENED_FILE_LIMIT) return refuse(`${name} is larger than a lesson can be (${Math.round(OPENED_FILE_LIMIT / 1024)} KB at most).`)
    let text: string
    try {
      text = await read()
    } catch {
      return refuse(`${name} could not be read.`)
    }
    await this.ready
    const { checkLessonFile } = await checker()
    const check = checkLessonFile(name, text, this.#course(), this.files)
    const lesson = check.lesson
    if (!lesson) return { ...refuse(`${name} was not added: ${check.errors.length === 1 ? 'it has a problem' : `it has ${check.errors.length} problems`}. Nothing else changed.`, check.errors) }
    const replacing = this.files.some((f) => f.id === lesson.id)
    if (!replacing && this.files.length >= OPENED_COUNT_LIMIT) return refuse(`${name} was not added: ${OPENED_COUNT_LIMIT} lessons are opened already. Remove one first.`)
    const entry: OpenedFile = { file: name, id: lesson.id, title: lesson.title, text, added: new Date().toISOString() }
    const files = replacing ? this.files.map((f) => (f.id === lesson.id ? entry : f)) : [...this.files, entry]
    const kept = writeOpened(this.#storage, files)
    this.files = files
    this.#lessons = new Map([...this.#lessons, [lesson.id, lesson]])
    const problems = new Map(this.problems)
    problems.delete(lesson.id)
    this.problems = problems
    const same = check.differences.length === 0 ? 'The model answers every line as the file says.' : `The model would answer ${check.differences.length === 1 ? 'one line' : `${check.differences.length} lines`} differently (listed below).`
    return {
      file: name,
      added: true,
      id: lesson.id,
      errors: [],
      differences: check.differences,
      message: `“${lesson.title}” ${replacing ? 'replaced the lesson opened before with the same id' : 'was added to the course'}${kept ? ' for this browser' : ' for this visit (this browser does not let the page keep it)'}. ${same}`,
    }
  }

  /** Take an opened lesson out of the course (its file is forgotten). */
  remove(id: string): void {
    const files = this.files.filter((f) => f.id !== id)
    writeOpened(this.#storage, files)
    this.files = files
    const lessons = new Map(this.#lessons)
    lessons.delete(id)
    this.#lessons = lessons
    if (this.problems.has(id)) {
      const problems = new Map(this.problems)
      problems.delete(id)
      this.problems = problems
    }
  }
}
