/**
 * The course: every lesson file parsed, in order. One bad file yields its error and every other lesson still
 * loads (lessons/README.md). The app's course is compiled at build time (build/lessons.ts runs this); tests pass fixtures.
 */
import { isLessonError, parseLesson } from './format'
import type { Difference } from './runner'
import type { Lesson, LessonError } from './types'

export interface Catalogue {
  /** Lessons that loaded, by `order`, then id. */
  readonly lessons: readonly Lesson[]
  /** Problems, by file then line. A file with a parse error has no lesson above. */
  readonly errors: readonly LessonError[]
}

/** Files that live in lessons/ but are not lessons. */
const NOT_LESSONS = /(^|\/)(README|CONTRIBUTING|LICENSE)[^/]*$|(^|\/)_[^/]*$/i

/** Load lessons from path → text (e.g. `{'/lessons/01-first.md': '---\n…'}`). */
export function loadCatalogue(files: Readonly<Record<string, string>>): Catalogue {
  const lessons: Lesson[] = []
  const errors: LessonError[] = []
  for (const [file, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    if (NOT_LESSONS.test(file) || !/\.(md|json)$/i.test(file)) continue
    const parsed = parseLesson(file, text)
    if (isLessonError(parsed)) {
      errors.push(parsed)
      continue
    }
    const twin = lessons.find((l) => l.id === parsed.id)
    if (twin) {
      errors.push({ file, line: 1, message: `the id "${parsed.id}" is already used by ${twin.file}` })
      continue
    }
    lessons.push(parsed)
  }
  const ids = new Set(lessons.map((l) => l.id))
  for (const lesson of lessons) {
    for (const p of lesson.prerequisites) {
      if (!ids.has(p)) errors.push({ file: lesson.file, line: 1, message: `prerequisite "${p}" is not a lesson of this course` })
    }
  }
  lessons.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
  errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
  return { lessons, errors }
}

export function lessonById(catalogue: Catalogue, id: string): Lesson | undefined {
  return catalogue.lessons.find((l) => l.id === id)
}

/** The errors that belong to one file (the lesson pane shows them in place of the lesson). */
export function errorsFor(catalogue: Catalogue, file: string): LessonError[] {
  return catalogue.errors.filter((e) => e.file === file)
}

/** One line per error, `file:line: message`, as compilers print them. */
export function formatLessonError(e: LessonError): string {
  return `${e.file}:${e.line}: ${e.message}`
}

/** A line the model answers differently, as the replay test reports it: `file:line: message (expected "…")`. */
export function formatDifference(file: string, d: Difference): string {
  return `${file}:${d.line}: ${d.message}${d.expected ? ` (expected "${d.expected}")` : ''}`
}
