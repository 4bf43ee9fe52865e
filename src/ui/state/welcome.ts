/**
 * The first-run card's memory (issue 10 item 11): whether this browser has been here before, and the lesson step the
 * learner was on last, for "continue where you left off". Small on purpose: it runs on the lab's first load, the card
 * itself (and the course it reads) is loaded only when there is something to say. Stored values are validated.
 */
import type { StorageLike } from './preferences.svelte'

const KEYS = {
  /** Set once the learner has chosen on the first-run card (a lesson, or the lab). */
  seen: 'smtp-sim:welcome',
  lastLesson: 'smtp-sim:last-lesson',
  /** What else says this browser has been here: lesson progress (any version) and a saved lab session. */
  traces: ['smtp-sim:progress:v1', 'smtp-sim:progress:v2', 'smtp-sim:lab-session'],
} as const

export interface LessonPlace {
  readonly id: string
  /** A step id or 1-based number, as in links; null: the lesson's start. */
  readonly step: string | null
}

/** What the card should say: a first visit, a learner with a lesson to go back to, or nothing. */
export type Welcome = { readonly kind: 'first' } | { readonly kind: 'returning'; readonly last: LessonPlace }

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/

/** The lesson step last opened, if a valid one was stored. */
export function lastLesson(storage: StorageLike): LessonPlace | null {
  let value: unknown
  try {
    value = JSON.parse(storage.getItem(KEYS.lastLesson) ?? 'null')
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const id = Object.hasOwn(value, 'id') ? (value as { id: unknown }).id : undefined
  const step = Object.hasOwn(value, 'step') ? (value as { step: unknown }).step : null
  if (typeof id !== 'string' || !NAME.test(id)) return null
  if (step !== null && (typeof step !== 'string' || !NAME.test(step))) return null
  return { id, step }
}

/** Note the lesson step the learner opened (from the route). */
export function rememberLesson(storage: StorageLike, path: readonly string[]): void {
  const [id, step = null] = path
  if (id === undefined || !NAME.test(id) || (step !== null && !NAME.test(step))) return
  const text = JSON.stringify({ id, step })
  if (storage.getItem(KEYS.lastLesson) !== text) storage.setItem(KEYS.lastLesson, text)
}

/** What to welcome the learner with on this visit. */
export function welcomeFor(storage: StorageLike): Welcome | null {
  const last = lastLesson(storage)
  if (last) return { kind: 'returning', last }
  if (storage.getItem(KEYS.seen) !== null || KEYS.traces.some((k) => storage.getItem(k) !== null)) return null
  return { kind: 'first' }
}

/** The learner chose on the first-run card: it does not come back. */
export function welcomeSeen(storage: StorageLike): void {
  storage.setItem(KEYS.seen, '1')
}
