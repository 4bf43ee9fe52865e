/**
 * Hand-in (issue 12 §8): "what I did" in a lesson, as a file a student saves and an instructor opens in the app —
 * which of the lesson's goals and questions the student met themselves (or left to "Solve", or had the answer
 * shown), and the terminal session as recorded (src/terminal/recording.ts), from which the app plays the
 * conversation back through the model when the file is opened (handin-conversation.ts). Versioned and validated
 * like every file the app reads; it proves nothing a student could not edit, and says so where it is shown.
 */
import { MET_BY, type Lesson, type MetBy } from '../../lessons'
import { isRecord } from '../../lessons/progress'
import { parseRecording, serializeRecording, type Recording } from '../../terminal/recording'

export const HANDIN_KIND = 'smtp-sim-hand-in'
export const HANDIN_VERSION = 1
/** A hand-in larger than this is refused (a recording is at most 512 KB). */
export const HANDIN_LIMIT = 2 * 1024 * 1024

export interface HandInStep {
  readonly id: string
  readonly title: string
  readonly kind: 'try' | 'predict'
  /** Who met it: the student, Solve, a revealed answer; null: not done. */
  readonly met: MetBy | null
}

export interface HandIn {
  readonly kind: typeof HANDIN_KIND
  readonly version: typeof HANDIN_VERSION
  readonly lesson: { readonly id: string; readonly title: string }
  /** The student's name as they typed it ('' if they did not). */
  readonly name: string
  /** When it was saved (ISO 8601). */
  readonly exported: string
  readonly steps: readonly HandInStep[]
  /** The terminal session since its world was last made afresh, serialized; null when the terminal keeps none. */
  readonly recording: string | null
}

/** The hand-in of a lesson: every goal and question with who met it, and the terminal's recording. */
export function makeHandIn(lesson: Pick<Lesson, 'id' | 'title' | 'steps'>, metBy: (stepId: string) => MetBy | null, recording: Recording | null, name: string, now: Date): HandIn {
  const steps: HandInStep[] = []
  for (const s of lesson.steps) if (s.kind === 'try' || s.kind === 'predict') steps.push({ id: s.id, title: s.title, kind: s.kind, met: metBy(s.id) })
  return {
    kind: HANDIN_KIND,
    version: HANDIN_VERSION,
    lesson: { id: lesson.id, title: lesson.title },
    name: name.trim().slice(0, 200),
    exported: now.toISOString(),
    steps,
    recording: recording ? serializeRecording(recording) : null,
  }
}

/** The file name to save it under: lesson and name, only characters every file system takes. */
export function handInFileName(handIn: Pick<HandIn, 'lesson' | 'name'>): string {
  const part = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  return ['hand-in', part(handIn.lesson.id), part(handIn.name)].filter(Boolean).join('-') + '.json'
}

/** Is this text a hand-in (rather than a lesson)? Only a look at its kind; parseHandIn checks the rest. */
export function looksLikeHandIn(text: string): boolean {
  return text.length < HANDIN_LIMIT && text.includes(`"${HANDIN_KIND}"`)
}

export type ReadHandIn = { readonly ok: true; readonly handIn: HandIn; readonly recording: Recording | null } | { readonly ok: false; readonly message: string }

/** Read a hand-in file, every field checked; its recording validated as a reload's would be. */
export function parseHandIn(text: string): ReadHandIn {
  if (text.length > HANDIN_LIMIT) return { ok: false, message: 'the file is larger than a hand-in can be' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, message: 'the file is not JSON' }
  }
  if (!isRecord(value) || value.kind !== HANDIN_KIND) return { ok: false, message: 'the file is not a hand-in' }
  if (value.version !== HANDIN_VERSION) return { ok: false, message: `the hand-in has version ${JSON.stringify(value.version)}; this app reads version ${HANDIN_VERSION}` }
  const { lesson, name, exported, steps, recording } = value
  if (!isRecord(lesson) || typeof lesson.id !== 'string' || typeof lesson.title !== 'string') return { ok: false, message: 'the hand-in does not say which lesson it is for' }
  if (typeof name !== 'string' || typeof exported !== 'string') return { ok: false, message: 'the hand-in lacks its name or date' }
  if (!Array.isArray(steps)) return { ok: false, message: 'the hand-in has no list of steps' }
  const read: HandInStep[] = []
  for (const [i, s] of steps.entries()) {
    if (!isRecord(s) || typeof s.id !== 'string' || typeof s.title !== 'string' || (s.kind !== 'try' && s.kind !== 'predict') || !(s.met === null || MET_BY.includes(s.met as MetBy))) {
      return { ok: false, message: `step ${i + 1} of the hand-in is not readable` }
    }
    read.push({ id: s.id, title: s.title, kind: s.kind, met: s.met as MetBy | null })
  }
  let parsed: Recording | null = null
  if (recording !== null) {
    if (typeof recording !== 'string') return { ok: false, message: 'the hand-in\'s terminal session is not readable' }
    const r = parseRecording(recording)
    if (!r.ok) return { ok: false, message: `the hand-in's terminal session: ${r.message}` }
    parsed = r.recording
  }
  return {
    ok: true,
    handIn: { kind: HANDIN_KIND, version: HANDIN_VERSION, lesson: { id: lesson.id, title: lesson.title }, name, exported, steps: read, recording: typeof recording === 'string' ? recording : null },
    recording: parsed,
  }
}

/** Who met a step, in words for the instructor. */
export function metLabel(met: MetBy | null, kind: 'try' | 'predict'): string {
  switch (met) {
    case 'learner':
      return kind === 'try' ? 'met by the student' : 'answered right by the student'
    case 'unrecorded':
      return 'done (before the app recorded by whom)'
    case 'solved':
      return 'met by Solve (the model answer), not the student'
    case 'revealed':
      return 'answer shown after two tries'
    default:
      return 'not done'
  }
}
