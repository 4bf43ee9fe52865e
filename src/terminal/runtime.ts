/**
 * Everything behind the terminal that needs the model, in one module the page loads lazily: the world, the simulated
 * shell and the line discipline wired together, and the recording of what reached them (recording.ts), from which
 * the same session can be played again (reload restore). The page's first load is then xterm and the page itself;
 * this arrives a moment later (the page keeps keys typed meanwhile).
 *
 * Keys go straight from the terminal to `input` and the output straight back to the display: nothing of the page
 * sits in the echo's path. `onAction` tells the page afterwards that something happened (the mode may have changed,
 * the recording grew).
 */
import { CounterIds, type IdSource } from '../smtp/deps'
import { PERSONALITIES, type PersonalityName } from '../smtp/settings'
import type { Fault } from '../smtp/world/faults'
import { World } from '../smtp/world/world'
import { DEFAULT_SETTINGS } from '../lessons/settings'
import { createLessonWorld } from '../lessons/setup'
import { LineDiscipline, type Output } from './line-discipline'
import { Recorder, replay, type Recording, type RecordingStart, type ReplayHooks, type ReplayTarget, type WorldSettings } from './recording'
import { renderHint, wrapProse } from './render'
import { Shell, type ShellObserver } from './shell'

export { World }

export interface RuntimeOptions {
  readonly observer: ShellObserver
  readonly output: Output
  readonly cols: number
  readonly schedule?: (task: () => void) => void
  /** Program output as plain text, once, for screen readers (see LineDiscipline). */
  readonly announce?: (text: string) => void
  /** Called after each action (input, reset, personality, faults), once it has been carried out. */
  readonly onAction?: () => void
  /** Characters of recording kept (default RECORDING_LIMIT). */
  readonly limit?: number
  /** A world built by code for the start (tests, embedders): used as it is, and the session is not recorded. */
  readonly createWorld?: () => World
}

export interface Runtime extends ReplayTarget {
  readonly shell: Shell
  readonly discipline: LineDiscipline
  readonly recorder: Recorder
  /** The settings the current world was built from (null: the default world). */
  readonly worldSettings: WorldSettings | null
  /** The server personality for connections opened from now on. */
  readonly personality: PersonalityName
  resize(cols: number): void
  /** The explanation of the last reply, as F1 gives it. */
  explain(): void
  /** Bytes written as they are on the open session, shown above the line being edited; false without a session. */
  write(bytes: string): boolean
  /**
   * A world built by code, not from settings (a lesson that has not said which settings): used as it is, but the
   * recording stops here, since a replay could not build it again.
   */
  resetWith(createWorld: () => World): void
}

/** Queue ids for the `index`-th world of a session that started at `seed`: different each session, the same in a replay. */
export function seededIds(seed: number, index: number): (host: string, hostIndex: number) => IdSource {
  return (_host, hostIndex) => new CounterIds((seed + index * 0x9e3779b1 + hostIndex * 0x1000193) >>> 0)
}

/** A session starting now: postfix unless told, the default world, no history. */
export function freshStart(seed: number, personality: PersonalityName = 'postfix'): RecordingStart {
  return { seed, personality, world: null, worlds: 0, history: [] }
}

/** A runtime that starts as `start` describes, greeting the learner; every action from here on is recorded. */
export function createRuntime(start: RecordingStart, options: RuntimeOptions): Runtime {
  let settings = start.world
  let index = start.worlds
  let personality = start.personality
  let custom: (() => World) | null = options.createWorld ?? null
  const build = () => custom?.() ?? createLessonWorld(settings ?? DEFAULT_SETTINGS, seededIds(start.seed, index))
  const shell = new Shell({
    world: build(),
    createWorld: () => {
      index++
      return build()
    },
    observer: options.observer,
    personality: start.personality,
  })
  for (const line of start.history) shell.histories.shell.add(line)
  // The width the session started at (a replay lays out the welcome as it was then; replayRuntime resizes after).
  const cols = start.cols ?? options.cols
  shell.cols = cols
  const discipline = new LineDiscipline({
    program: shell,
    cols,
    output: options.output,
    ...(options.schedule ? { schedule: options.schedule } : {}),
    ...(options.announce ? { announce: options.announce } : {}),
  })
  const recorder = new Recorder({ ...start, cols }, options.limit)
  if (custom) recorder.stop('world')
  const done = () => options.onAction?.()
  discipline.start()

  /** A fresh world: the screen cleared, the prompt back, and the recording starts again from here. */
  const renew = (next: () => void) => {
    const from: RecordingStart = { seed: start.seed, personality, world: settings, worlds: index, history: [...shell.histories.shell.entries], cols: shell.cols }
    next()
    shell.reset()
    discipline.restart(renderHint('(A fresh world: every mailbox and queue is empty.)'))
    return from
  }

  return {
    shell,
    discipline,
    recorder,
    get worldSettings() {
      return settings
    },
    get personality() {
      return personality
    },
    input(data) {
      recorder.record(data)
      discipline.input(data)
      done()
    },
    resize(cols) {
      if (cols === shell.cols) return
      recorder.record({ cols })
      shell.cols = cols
      discipline.resize(cols)
    },
    explain() {
      recorder.record({ explain: true })
      discipline.explain()
      done()
    },
    setPersonality(name) {
      recorder.record({ personality: name })
      personality = name
      shell.personality = PERSONALITIES[name]
      discipline.notice(wrapProse(renderHint(`(Connections opened from now on talk to the "${name}" personality.)`), shell.cols))
      done()
    },
    write(bytes) {
      // Recorded whether or not a session takes it: a replay then meets the same terminal and does the same.
      recorder.record({ write: bytes })
      const out = shell.write(bytes)
      if (out !== null) discipline.notice(out)
      done()
      return out !== null
    },
    setFaults(faults: readonly Fault[]) {
      recorder.record({ faults })
      shell.world.setFaults(faults)
      done()
    },
    reset(world) {
      // What came before no longer shows on the screen or in the world: the recording restarts with this reset.
      // (A recording that had stopped starts again too: this world can be built from its settings.)
      const from = renew(() => {
        custom = null
        settings = world
      })
      recorder.restart(from, [{ reset: world }])
      done()
    },
    resetWith(createWorld) {
      renew(() => (custom = createWorld))
      recorder.stop('world')
      done()
    },
  }
}

/**
 * A runtime playing `recording` again (its first `upTo` actions): the screen, the world and the history it left.
 * The replay runs at once, big pastes included, and announces nothing: the learner has heard it before.
 */
export function replayRuntime(recording: Recording, options: RuntimeOptions, upTo?: number, hooks?: ReplayHooks<Runtime>): Runtime {
  let replaying = true
  const { announce, onAction } = options
  const runtime = createRuntime(recording.start, {
    ...options,
    ...(announce ? { announce: (text: string) => replaying || announce(text) } : {}),
    onAction: () => replaying || onAction?.(),
  })
  runtime.discipline.synchronous = true
  replay(recording, runtime, upTo, hooks)
  runtime.discipline.synchronous = false
  replaying = false
  // From here on at the terminal's width now (recorded, if it differs from the one the replay ended at).
  runtime.resize(options.cols)
  if (recording.stopped && (upTo === undefined || upTo >= recording.actions.length)) runtime.recorder.stop(recording.stopped)
  return runtime
}
