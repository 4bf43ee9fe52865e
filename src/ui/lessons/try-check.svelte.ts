/**
 * A try-it step, judged live: the goal is evaluated by the engine (evaluateGoal) on the terminal's world and the
 * model events since the step began — the terminal numbers its events, so "since" is a number, not a place found
 * again in a bounded window. The engine judges only the latest attempt (the last transaction or connection,
 * whichever the goal is about), so a wrong try does not stand in the way of the next; the hint is the engine's
 * choice for what that attempt got (chooseHint). "Solve" marks the world it types into: a goal met there was met
 * by the solution, not by the learner, until the attempt is started over.
 */
import { attemptEvents, chooseHint, decisiveReply, evaluateGoal, type GoalCheck, type Hint, type TryStep } from '../../lessons'
import type { ModelEvent, Reply, World } from '../../smtp'
import type { LessonTerminal } from './terminal-port'

export interface TryResult {
  readonly met: boolean
  readonly checks: readonly GoalCheck[]
  readonly hint: Hint | null
  /** The reply that decided the latest attempt (a failure not since put right, else the last reply). */
  readonly decisive: Reply | null
  /** The learner has not done anything yet in this step. */
  readonly nothing: boolean
  /** Who met the goal: the learner, or "Solve" typing the model answer. */
  readonly by: 'learner' | 'solved'
}

export class TryCheck {
  result = $state.raw<TryResult | null>(null)
  /** "Solve" typed into the current world: what is met there is the solution's doing. */
  solved = $state(false)
  #world: World | null = null
  /** The terminal's event number up to which events have been taken in. */
  #seen = 0
  /** The events of this step so far, in the current world. */
  #events: ModelEvent[] = []

  /** Start judging from now: what the terminal did before does not count. */
  begin(terminal: LessonTerminal): void {
    this.#world = terminal.world
    this.#seen = terminal.eventSeq
    this.#events = []
    this.solved = false
    this.result = null
  }

  /** The events of this step so far (a fresh world starts them again). */
  events(terminal: LessonTerminal): readonly ModelEvent[] {
    if (terminal.world !== this.#world) {
      this.#world = terminal.world
      this.#events = []
      this.solved = false
    }
    if (terminal.eventSeq !== this.#seen) {
      this.#events.push(...terminal.eventsSince(this.#seen))
      this.#seen = terminal.eventSeq
    }
    return this.#events
  }

  /** "Solve" is about to type into the current world. */
  markSolved(): void {
    this.solved = true
  }

  /** Judge the latest attempt. */
  check(terminal: LessonTerminal, step: TryStep): TryResult | null {
    const world = terminal.world
    if (!world) return null
    const events = this.events(terminal)
    const goal = evaluateGoal(step.goal, { world, events })
    const attempt = attemptEvents(step.goal, events)
    this.result = {
      met: goal.met,
      checks: goal.checks,
      hint: goal.met ? null : chooseHint(step.hints, attempt),
      decisive: decisiveReply(attempt),
      nothing: !events.some((e) => e.type === 'command' || e.type === 'reply'),
      by: this.solved ? 'solved' : 'learner',
    }
    return this.result
  }
}
