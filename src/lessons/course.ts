/**
 * The course as the page has it: the index (every lesson's summary, and the files that did not load) and the lessons
 * themselves, each fetched when it is opened. In the app both come from the build (compiled-course.ts); tests, and
 * lessons parsed in the page, make one from lessons already parsed (`courseOf`). No parser here: this module is in
 * the page's lesson pane.
 */
import type { Catalogue } from './catalogue'
import { estimateMinutes } from './duration'
import type { CourseIndex, Lesson, LessonSummary } from './types'

/** What the index shows of a lesson. */
export function summarize(lesson: Lesson): LessonSummary {
  const { id, title, summary, order, file } = lesson
  return { id, title, summary, order, minutes: estimateMinutes(lesson), file }
}

export interface Course extends CourseIndex {
  /** The lesson if it is already here (loaded, or given whole), else undefined. */
  get(id: string): Lesson | undefined
  /** The lesson, fetched if need be (once); undefined when the course has no such lesson. */
  load(id: string): Promise<Lesson | undefined>
}

/** A course from compiled data: the index, and one loader per lesson id (a dynamic import of its own chunk). */
export function compiledCourse(index: CourseIndex, loaders: Readonly<Record<string, () => Promise<Lesson>>>): Course {
  const loaded = new Map<string, Lesson>()
  const pending = new Map<string, Promise<Lesson | undefined>>()
  return {
    lessons: index.lessons,
    errors: index.errors,
    get: (id) => loaded.get(id),
    load(id) {
      const here = loaded.get(id)
      if (here) return Promise.resolve(here)
      const loader = Object.hasOwn(loaders, id) ? loaders[id] : undefined
      if (!loader) return Promise.resolve(undefined)
      let promise = pending.get(id)
      if (!promise) {
        promise = loader().then(
          (lesson) => {
            loaded.set(id, lesson)
            return lesson
          },
          (error: unknown) => {
            pending.delete(id) // a failed fetch (offline) may be tried again
            throw error
          },
        )
        pending.set(id, promise)
      }
      return promise
    },
  }
}

/** A course of lessons already parsed (tests; a lesson file opened in the page): every lesson is here at once. */
export function courseOf(catalogue: Catalogue): Course {
  const byId = new Map(catalogue.lessons.map((l) => [l.id, l]))
  return {
    lessons: catalogue.lessons.map(summarize),
    errors: catalogue.errors,
    get: (id) => byId.get(id),
    load: (id) => Promise.resolve(byId.get(id)),
  }
}

