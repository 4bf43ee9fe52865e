/**
 * Walking one lesson in the pane: the engine's Stepper (the step, and the stop inside an annotated transcript),
 * read through one reactive tick so the pane re-renders when it moves. The walk keeps no position of its own:
 * every getter asks the stepper.
 */
import { Stepper, type Lesson, type ServerLine, type Step } from '../../lessons'

export class LessonWalk {
  readonly lesson: Lesson
  readonly #stepper: Stepper
  /** Bumps on every move: the stepper itself is plain data. */
  #tick = $state(0)

  constructor(lesson: Lesson, step: string | null = null) {
    this.lesson = lesson
    this.#stepper = new Stepper(lesson, step ?? 0)
  }

  #read(): Stepper {
    void this.#tick
    return this.#stepper
  }

  #move<T>(how: (s: Stepper) => T): T {
    const result = how(this.#stepper)
    this.#tick++
    return result
  }

  get index(): number {
    return this.#read().index
  }
  get step(): Step {
    return this.#read().current
  }
  get count(): number {
    return this.#read().count
  }
  get atStart(): boolean {
    return this.#read().atStart
  }
  get atEnd(): boolean {
    return this.#read().atEnd
  }
  /** The current step's stops (transcript line indices); empty for steps without a transcript. */
  get stops(): readonly number[] {
    return this.#read().stops
  }
  get stop(): number {
    return this.#read().stop
  }
  /** The transcript line the reader is on (the noted line of the stop), or null. */
  get line(): number | null {
    return this.#read().line
  }
  /** The line the reader picked inside the current group, if any. */
  get focus(): number | null {
    return this.#read().focus
  }
  /** The lines the current stop shows together. */
  get group(): { readonly from: number; readonly to: number } | null {
    return this.#read().group
  }
  /** The reply the current stop is about. */
  get replyLine(): ServerLine | null {
    return this.#read().replyLine
  }
  /** The reply code to highlight in the pane and the terminal. */
  get code(): number | null {
    return this.replyLine?.code ?? null
  }

  next(): boolean {
    return this.#move((s) => s.next())
  }
  prev(): boolean {
    return this.#move((s) => s.prev())
  }
  nextStep(): boolean {
    return this.#move((s) => s.nextStep())
  }
  first(): void {
    this.#move((s) => s.first())
  }
  last(): void {
    this.#move((s) => s.last())
  }
  goTo(step: string | number): boolean {
    return this.#move((s) => s.goTo(step))
  }
  showLine(lineIndex: number): void {
    this.#move((s) => s.showLine(lineIndex))
  }
}
