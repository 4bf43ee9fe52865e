/**
 * A try-it step, judged live: the goal is evaluated by the engine (evaluateGoal) on the terminal's world and the
 * model events since the step began — plus those of the raw-write box — never on the text typed. The hint is the
 * engine's choice for what the learner actually got (chooseHint). Messages that were in the mailboxes when the step
 * began do not count (takeBaseline); a fresh world (reset) starts the count again.
 */
import { chooseHint, decisiveReply, evaluateGoal, takeBaseline, type Baseline, type GoalCheck, type Hint, type TryStep } from '../../lessons'
import type { ModelEvent, Reply, World } from '../../smtp'
import type { LessonTerminal } from './terminal-port'

export interface TryResult {
  readonly met: boolean
  readonly checks: readonly GoalCheck[]
  readonly hint: Hint | null
  readonly decisive: Reply | null
  /** The learner has not done anything yet. */
  readonly nothing: boolean
}

export class TryCheck {
  result = $state.raw<TryResult | null>(null)
  #world: World | null = null
  #baseline: Baseline = new Map()
  /** The last event before the step began (events are a bounded window, so found by identity). */
  #mark: ModelEvent | null = null

  /** Start judging from now: what is already in the world and the event log does not count. */
  begin(terminal: LessonTerminal): void {
    this.#world = terminal.world
    this.#baseline = terminal.world ? takeBaseline(terminal.world) : new Map()
    this.#mark = terminal.events.at(-1) ?? null
    this.result = null
  }

  /** The terminal's events that belong to this attempt. */
  eventsSince(terminal: LessonTerminal): readonly ModelEvent[] {
    if (terminal.world !== this.#world) return terminal.events // a fresh world: everything in it is new
    if (this.#mark === null) return terminal.events
    const at = terminal.events.lastIndexOf(this.#mark)
    return at < 0 ? terminal.events : terminal.events.slice(at + 1)
  }

  /** Judge the attempt so far. `extra`: events from the raw-write box, which talks to the same world. */
  check(terminal: LessonTerminal, step: TryStep, extra: readonly ModelEvent[] = []): TryResult | null {
    const world = terminal.world
    if (!world) return null
    const baseline = world === this.#world ? this.#baseline : new Map<string, number>()
    const events = [...this.eventsSince(terminal), ...extra]
    const goal = evaluateGoal(step.goal, { world, events, baseline })
    const nothing = !events.some((e) => e.type === 'command' || e.type === 'reply')
    this.result = {
      met: goal.met,
      checks: goal.checks,
      hint: goal.met ? null : chooseHint(step.hints, events),
      decisive: decisiveReply(events),
      nothing,
    }
    return this.result
  }
}
