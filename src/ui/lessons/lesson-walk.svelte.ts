/**
 * Walking one lesson in the pane: the step (the engine's Stepper, made reactive) and, inside an annotated transcript,
 * the line the reader is on (stops.ts). ←/→ move line by line through a transcript and step by step elsewhere; at
 * either end of a transcript they carry on into the neighbouring step. The reply code of the current line is what
 * the pane and the terminal highlight.
 */
import { Stepper, formatLessonHash, type Lesson, type ServerLine, type Step, type Transcript } from '../../lessons'
import { replyLineFor, transcriptStops } from './stops'

/** The transcript a step shows line by line, if any. */
export function transcriptOf(step: Step): Transcript | null {
  return step.kind === 'transcript' ? step.transcript : null
}

export class LessonWalk {
  readonly lesson: Lesson
  readonly #stepper: Stepper
  #index = $state(0)
  /** Position among the current transcript step's stops. */
  #stop = $state(0)

  constructor(lesson: Lesson, step: string | null = null) {
    this.lesson = lesson
    this.#stepper = new Stepper(lesson, step ?? 0)
    this.#index = this.#stepper.index
  }

  get index(): number {
    return this.#index
  }
  get step(): Step {
    return this.lesson.steps[this.#index] as Step
  }
  get count(): number {
    return this.lesson.steps.length
  }
  get hash(): string {
    return formatLessonHash(this.lesson.id, this.step.id)
  }
  get atStart(): boolean {
    return this.#index === 0 && this.#stop === 0
  }
  get atEnd(): boolean {
    return this.#index === this.count - 1 && this.#stop >= this.stops.length - 1
  }

  /** The current step's stops (transcript line indices); empty for steps without a transcript. */
  get stops(): number[] {
    const t = transcriptOf(this.step)
    return t ? transcriptStops(t) : []
  }
  get stop(): number {
    return this.#stop
  }
  /** The transcript line the reader is on, or null. */
  get line(): number | null {
    return this.stops[this.#stop] ?? null
  }
  /** The reply that line is about. */
  get replyLine(): ServerLine | null {
    const t = transcriptOf(this.step)
    const line = this.line
    return t && line !== null ? replyLineFor(t, line) : null
  }
  /** The reply code to highlight in the pane and the terminal. */
  get code(): number | null {
    return this.replyLine?.code ?? null
  }

  /** → : the next line of a transcript, else the next step. False at the very end. */
  next(): boolean {
    if (this.#stop < this.stops.length - 1) {
      this.#stop++
      return true
    }
    return this.nextStep()
  }
  /** ← : the previous line of a transcript, else the previous step (at its last line). False at the start. */
  prev(): boolean {
    if (this.#stop > 0) {
      this.#stop--
      return true
    }
    if (!this.#stepper.prev()) return false
    this.#index = this.#stepper.index
    this.#stop = Math.max(0, this.stops.length - 1)
    return true
  }
  nextStep(): boolean {
    if (!this.#stepper.next()) return false
    this.#index = this.#stepper.index
    this.#stop = 0
    return true
  }
  prevStep(): boolean {
    if (!this.#stepper.prev()) return false
    this.#index = this.#stepper.index
    this.#stop = 0
    return true
  }
  /** Home: the first step, first line. */
  first(): void {
    this.#stepper.goTo(0)
    this.#index = 0
    this.#stop = 0
  }
  /** End: the last step. */
  last(): void {
    this.#stepper.goTo(this.count - 1)
    this.#index = this.#stepper.index
    this.#stop = 0
  }
  /** A step by id or 1-based number (as in links). False if there is no such step. */
  goTo(step: string | number): boolean {
    if (!this.#stepper.goTo(step)) return false
    if (this.#stepper.index !== this.#index) this.#stop = 0
    this.#index = this.#stepper.index
    return true
  }
  /** Put the reader on a transcript line (the nearest stop at or before it). */
  showLine(lineIndex: number): void {
    const at = this.stops.findLastIndex((s) => s <= lineIndex)
    this.#stop = Math.max(0, at)
  }
}
