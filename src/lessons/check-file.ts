/**
 * A lesson file opened in the page (issue 12 §7), checked as the tests check the course: parsed and validated, each
 * problem `file:line: message` as the tests print it, then replayed against the model (replayLesson, over the one
 * replay engine), every line the model would answer differently listed the same way. Import this module lazily:
 * it brings the lesson parser, YAML and the replay with it, which the page otherwise does without.
 */
import { formatDifference, formatLessonError } from './catalogue'
import { parseLessonSource } from './compile'
import { replayLesson } from './runner'
import type { Lesson, LessonSummary } from './types'

export interface FileCheck {
  /** The lesson, or null when a problem stops it loading. */
  readonly lesson: Lesson | null
  /** What stops it loading: `file:line: message`. */
  readonly errors: readonly string[]
  /** Lines the model answers differently than the file says (the lesson still loads): `file:line: message`. */
  readonly differences: readonly string[]
}

/** A lesson opened before, as far as a prerequisite needs it. */
export interface OtherLesson {
  readonly id: string
  readonly title: string
  readonly file: string
}

/**
 * Parse, validate (parseLessonSource, the page's one entry point for a lesson file) and replay one lesson file.
 * `course`: the course's own lessons (an opened lesson may not reuse one's id; a prerequisite may name any of them),
 * `opened`: the lessons opened before (a prerequisite may name them too).
 */
export function checkLessonFile(file: string, text: string, course: readonly LessonSummary[] = [], opened: readonly OtherLesson[] = []): FileCheck {
  const known: LessonSummary[] = [...course, ...opened.map((o) => ({ id: o.id, title: o.title, file: o.file, summary: '', order: 0, minutes: 0 }))]
  const { lesson, errors } = parseLessonSource(file, text, { lessons: known })
  if (!lesson || errors.length > 0) return { lesson: null, errors: errors.map(formatLessonError), differences: [] }
  if (course.some((l) => l.id === lesson.id)) {
    return { lesson: null, errors: [formatLessonError({ file, line: 1, message: `the id "${lesson.id}" is already a lesson of this course: give this one an id of its own` })], differences: [] }
  }
  const replay = replayLesson(lesson)
  return { lesson, errors: [], differences: replay.steps.flatMap((s) => s.problems.map((d) => formatDifference(file, d))) }
}
