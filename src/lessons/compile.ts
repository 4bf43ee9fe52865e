/**
 * Lesson sources → the data the page ships (issue 13). The page never parses a lesson file: at build time the Vite
 * plugin (build/lessons.ts) runs `compileCourse` over lessons/ and ships the course index (titles, summaries, order,
 * estimated minutes, and the problems of files that did not load) and each lesson as plain data of its own, loaded
 * when opened. In the page, `parseLessonSource` is the one entry point for a lesson file a learner opens — import
 * this module lazily (`await import('…/lessons/compile')`): it brings the YAML parser and the validation with it.
 */
import { loadCatalogue } from './catalogue'
import { summarize } from './course'
import { isLessonError, parseLesson } from './format'
import type { CourseIndex, Lesson, LessonError } from './types'

export interface CompiledCourse {
  readonly index: CourseIndex
  /** Every lesson that loaded, in the index's order. */
  readonly lessons: readonly Lesson[]
}

/** The course from its files (path → text), checked as the app loads it (catalogue.ts): one bad file does not stop the rest. */
export function compileCourse(files: Readonly<Record<string, string>>): CompiledCourse {
  const catalogue = loadCatalogue(files)
  return { index: { lessons: catalogue.lessons.map(summarize), errors: catalogue.errors }, lessons: catalogue.lessons }
}

export interface ParsedSource {
  /** The lesson, or null when the file has a problem that stops it loading. */
  readonly lesson: Lesson | null
  /** Every problem found, `file:line: message` (formatLessonError); some leave the lesson usable. */
  readonly errors: readonly LessonError[]
}

/**
 * One lesson file, parsed and validated: the lesson and its problems. With `course`, the lesson's prerequisites
 * must be lessons of that course (as at build time); its id may be one of them (an edited copy of a lesson).
 */
export function parseLessonSource(file: string, text: string, course?: Pick<CourseIndex, 'lessons'>): ParsedSource {
  const parsed = parseLesson(file, text)
  if (isLessonError(parsed)) return { lesson: null, errors: [parsed] }
  const ids = new Set([...(course?.lessons.map((l) => l.id) ?? []), parsed.id])
  const errors = course
    ? parsed.prerequisites.filter((p) => !ids.has(p)).map((p) => ({ file, line: 1, message: `prerequisite "${p}" is not a lesson of this course` }))
    : []
  return { lesson: parsed, errors }
}
