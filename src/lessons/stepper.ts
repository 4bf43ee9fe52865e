/**
 * Walking a lesson: its steps, and the stops inside an annotated transcript. Steps are named in links
 * (`#/lessons/<lesson>/<step>`, read and written by the app's router) by their id (from the heading, or `{#id}`);
 * a 1-based number is accepted too.
 */
import type { Lesson, ServerLine, Step, Transcript } from './types'

/**
 * Where ←/→ stop inside an annotated transcript: at each line with a note. Lines without a note go with the next
 * noted line (one click shows the commands and replies a note is about); lines after the last note make a last
 * stop of their own, at the transcript's last line.
 */
export function transcriptStops(transcript: Transcript): number[] {
  const stops: number[] = []
  transcript.lines.forEach((line, i) => {
    if ('note' in line && line.note) stops.push(i)
  })
  const last = transcript.lines.length - 1
  if (last >= 0 && (stops.at(-1) ?? -1) < last) stops.push(last)
  return stops
}

/** The reply line a transcript line points at: itself for a server line, the first reply line after a client line. */
export function replyLineFor(transcript: Transcript, index: number): ServerLine | null {
  const line = transcript.lines[index]
  if (!line) return null
  if (line.kind === 'server') return line.elided ? null : line
  if (line.kind !== 'client') return null
  for (let i = index + 1; i < transcript.lines.length; i++) {
    const next = transcript.lines[i]
    if (!next || next.kind === 'client') return null
    if (next.kind === 'server' && !next.elided) return next
  }
  return null
}

const transcriptOf = (step: Step): Transcript | null => (step.kind === 'transcript' ? step.transcript : null)

/**
 * A reader's place in a lesson: the step, and inside an annotated transcript the stop (transcriptStops). ←/→ move
 * stop by stop through a transcript and step by step elsewhere; at either end of a transcript they carry on into the
 * neighbouring step. A plain value-holding class (no runes): the lesson pane reads it through a reactive wrapper.
 */
export class Stepper {
  readonly lesson: Lesson
  #index: number
  #stop = 0
  /** A line of the current stop's group the reader picked (clicked), shown as the current line until they move. */
  #focus: number | null = null

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
  /** The current step's stops (transcript line indices); empty for a step without a transcript. */
  get stops(): number[] {
    const t = transcriptOf(this.current)
    return t ? transcriptStops(t) : []
  }
  /** Position among the current step's stops. */
  get stop(): number {
    return this.#stop
  }
  /** The transcript line the reader is on: the one they picked, else the current stop's noted line; or null. */
  get line(): number | null {
    return this.#focus ?? this.stops[this.#stop] ?? null
  }
  /** The line the reader picked inside the current group, if any. */
  get focus(): number | null {
    return this.#focus
  }
  /** The lines the current stop shows: from after the previous stop to the stop's line. */
  get group(): { readonly from: number; readonly to: number } | null {
    const to = this.stops[this.#stop]
    if (to === undefined) return null
    return { from: this.#stop === 0 ? 0 : (this.stops[this.#stop - 1] ?? -1) + 1, to }
  }
  /** The reply the current stop is about. */
  get replyLine(): ServerLine | null {
    const t = transcriptOf(this.current)
    const line = this.line
    return t && line !== null ? replyLineFor(t, line) : null
  }
  get atStart(): boolean {
    return this.#index === 0 && this.#stop === 0
  }
  get atEnd(): boolean {
    return this.#index === this.lesson.steps.length - 1 && this.#stop >= this.stops.length - 1
  }

  /** → : the next stop of a transcript (from a picked line: its group's noted line), else the next step. */
  next(): boolean {
    const focus = this.#focus
    this.#focus = null
    if (focus !== null && focus < (this.stops[this.#stop] ?? -1)) return true
    if (this.#stop < this.stops.length - 1) {
      this.#stop++
      return true
    }
    return this.nextStep()
  }
  /** ← : the previous stop of a transcript, else the previous step (at its last stop). False at the start. */
  prev(): boolean {
    this.#focus = null
    if (this.#stop > 0) {
      this.#stop--
      return true
    }
    if (this.#index === 0) return false
    this.#index--
    this.#stop = Math.max(0, this.stops.length - 1)
    return true
  }
  /** The next step, at its first stop; false at the last step. */
  nextStep(): boolean {
    if (this.#index === this.lesson.steps.length - 1) return false
    this.#index++
    this.#stop = 0
    this.#focus = null
    return true
  }
  /** Home: the first step, first stop. */
  first(): void {
    this.#index = 0
    this.#stop = 0
    this.#focus = null
  }
  /** End: the last step, at its first stop. */
  last(): void {
    this.#index = this.lesson.steps.length - 1
    this.#stop = 0
    this.#focus = null
  }
  /** Go to a step by id, 1-based number, or index (a number is 1-based when given as text). False if unknown. */
  goTo(step: string | number): boolean {
    const i = stepIndex(this.lesson, step)
    if (i === null) return false
    if (i !== this.#index) {
      this.#stop = 0
      this.#focus = null
    }
    this.#index = i
    return true
  }
  /**
   * Put the reader on transcript line `index`: the stop whose group shows it (the first stop at or after it), with
   * the line itself as the current one.
   */
  showLine(index: number): void {
    const at = this.stops.findIndex((s) => s >= index)
    this.#stop = at < 0 ? Math.max(0, this.stops.length - 1) : at
    const to = this.stops[this.#stop]
    this.#focus = to !== undefined && index >= 0 && index < to ? index : null
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
