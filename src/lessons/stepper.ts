/**
 * Walking a lesson's steps, and the deep links to them (`#/lessons/<lesson>/<step>`, design §1).
 *
 * A Stepper is a plain value-holding class (no runes): the lesson pane wraps it in its own reactive state. Steps
 * are named in links by their id (from the heading, or `{#id}`); a 1-based number is accepted too.
 */
import type { Lesson, Step } from './types'

export class Stepper {
  readonly lesson: Lesson
  #index: number

  constructor(lesson: Lesson, start: string | number = 0) {
    this.lesson = lesson
    this.#index = Math.max(0, stepIndex(lesson, start) ?? 0)
  }

  get index(): number {
    return this.#index
  }
  get current(): Step {
    return this.lesson.steps[this.#index] as Step // a parsed lesson always has at least one step
  }
  get count(): number {
    return this.lesson.steps.length
  }
  get atStart(): boolean {
    return this.#index === 0
  }
  get atEnd(): boolean {
    return this.#index === this.lesson.steps.length - 1
  }
  /** The deep link to the current step. */
  get hash(): string {
    return formatLessonHash(this.lesson.id, this.current.id)
  }

  /** Move forward; false at the last step. */
  next(): boolean {
    if (this.atEnd) return false
    this.#index++
    return true
  }
  /** Move back; false at the first step. */
  prev(): boolean {
    if (this.atStart) return false
    this.#index--
    return true
  }
  /** Go to a step by id, 1-based number, or index (a number is 1-based when given as text). False if unknown. */
  goTo(step: string | number): boolean {
    const i = stepIndex(this.lesson, step)
    if (i === null) return false
    this.#index = i
    return true
  }
}

/** The index of a step by id, by "3" (1-based, as in links), or by a 0-based number. */
export function stepIndex(lesson: Pick<Lesson, 'steps'>, step: string | number): number | null {
  if (typeof step === 'number') return Number.isInteger(step) && step >= 0 && step < lesson.steps.length ? step : null
  const byId = lesson.steps.findIndex((s) => s.id === step)
  if (byId >= 0) return byId
  if (/^[1-9]\d*$/.test(step)) {
    const n = Number(step) - 1
    return n < lesson.steps.length ? n : null
  }
  return null
}

export type LessonRoute =
  | { readonly kind: 'index' }
  | { readonly kind: 'lesson'; readonly lesson: string; readonly step: string | null }

/** `#/lessons` → the course index; `#/lessons/<id>[/<step>]` → a lesson and step. Anything else → null. */
export function parseLessonHash(hash: string): LessonRoute | null {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '')
  if (path === '/lessons') return { kind: 'index' }
  const m = /^\/lessons\/([^/]+)(?:\/([^/]+))?$/.exec(path)
  if (!m) return null
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  }
  return { kind: 'lesson', lesson: decode(m[1] ?? ''), step: m[2] === undefined ? null : decode(m[2]) }
}

export function formatLessonHash(lessonId: string, stepId?: string | null): string {
  return `#/lessons/${encodeURIComponent(lessonId)}${stepId ? `/${encodeURIComponent(stepId)}` : ''}`
}
