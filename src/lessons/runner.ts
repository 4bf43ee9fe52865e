/**
 * The runner: lessons against the model, on the replay engine (replay.ts). A lesson can never show a reply the model
 * would not give.
 *
 *  - `replayTranscript` replays a transcript step on a fresh world built from the lesson's settings and reports the
 *    differences on the lesson's own lines (and, per line, what the model said, for the lesson pane).
 *  - `runAttempt` plays what a learner (or a model solution) typed in a try step and judges the goal.
 *  - `replayPredict` plays a predict step's context and returns the reply the model gives to its last line.
 *  - `replayLesson` does all of these for every step: the lesson replay test runs it on every lesson.
 */
import { wireLines, type ModelEvent, type Reply, type World } from '../smtp'
import { chooseHint, decisiveReply, evaluateGoal, hintApplies, type GoalResult } from './goals'
import { choiceMatches } from './predict'
import { replay, type LineVerdict, type Replay, type ReplayEnvironment } from './replay'
import { settingsFor } from './settings'
import { createLessonWorld, openConnection } from './setup'
import type { AttemptInput, Hint, Lesson, LessonSettings, PredictStep, Transcript, TranscriptLine, TryStep } from './types'

export { lineMatches } from './replay'

export interface Difference {
  /** 1-based line in the lesson file. */
  readonly line: number
  readonly expected: string
  /** What the model said instead; null when it said nothing. */
  readonly actual: string | null
  readonly message: string
}

export interface LineResult {
  readonly ok: boolean
  /** For S:, M: and L: lines: the model's line it was compared with. */
  readonly actual: string | null
  /** For C: lines: the reply lines this line caused (in order, as on the wire). */
  readonly replies: readonly string[]
}

export interface ReplayResult {
  readonly ok: boolean
  readonly differences: readonly Difference[]
  /** One entry per transcript line, in order. */
  readonly lines: readonly LineResult[]
  readonly world: World
  readonly events: readonly ModelEvent[]
  /** Replies the last C: line caused that no S: line showed (only with `openEnded`, for predict steps). */
  readonly pending: readonly Reply[]
  /** The engine's verdicts, line by line. */
  readonly replay: Replay
}

/** A fresh world from the lesson's settings, and its connections as the settings and `~ connect` lines say. */
export function lessonEnvironment(settings: LessonSettings): ReplayEnvironment {
  const world = createLessonWorld(settings)
  return { world, connect: (to) => (to ? openConnection(world, settings, to.client ?? settings.client, to.host, to.port) : openConnection(world, settings)) }
}

const BAD = new Set(['differs', 'missing', 'unsent'])

/** The engine's verdicts as a lesson reports them: differences on the lesson's lines, and a result per line. */
function asLessonResult(r: Replay, transcript: Transcript): ReplayResult {
  const lines = transcript.lines
  const lineOf = (index: number) => lines[index]?.line ?? lines[0]?.line ?? 0
  const differences: Difference[] = []
  for (const v of r.lines) if (v.message !== null && BAD.has(v.verdict)) differences.push({ line: lineOf(v.index), expected: v.expected ?? '', actual: v.actual, message: v.message })
  for (const v of r.extra) differences.push({ line: lineOf(v.index), expected: '', actual: v.actual, message: v.message ?? '' })
  differences.sort((a, b) => a.line - b.line)
  const results = r.lines.map((v: LineVerdict) => ({
    ok: !BAD.has(v.verdict),
    actual: v.verdict === 'sent' || v.verdict === 'unsent' ? null : v.actual,
    replies: lines[v.index]?.kind === 'client' || lines[v.index]?.kind === 'write' ? v.replies : [],
  }))
  return { ok: r.ok, differences, lines: results, world: r.world, events: r.events, pending: r.pending, replay: r }
}

/**
 * Replay a transcript against a fresh world. `openEnded`: the replies to the final C: line are not expected in the
 * transcript (a predict question); they are returned in `pending`.
 */
export function replayTranscript(transcript: Transcript, settings: LessonSettings, opts: { openEnded?: boolean } = {}): ReplayResult {
  return asLessonResult(replay(transcript, lessonEnvironment(settings), opts), transcript)
}

// --- Try steps ------------------------------------------------------------------------------------------------------

export interface AttemptResult {
  readonly met: boolean
  readonly goal: GoalResult
  /** The hint for what the learner got; null when the goal is met. */
  readonly hint: Hint | null
  /** The reply that decided the attempt (the last 4xx/5xx, else the last reply). */
  readonly decisive: Reply | null
  readonly events: readonly ModelEvent[]
  readonly world: World
  /** The session as it went: what was typed and what came back. */
  readonly transcript: readonly { readonly from: 'client' | 'server' | 'world'; readonly text: string }[]
}

/**
 * Play an attempt on a fresh world with the step's settings and judge it: the lines as typed (CRLF added), shell
 * actions as directives (`~ advance 5d` is `sleep 5d`, `~ connect localhost` a new telnet). The step's own
 * `advance` then lets time pass before the goal is checked.
 */
export function runAttempt(lesson: Pick<Lesson, 'settings'>, step: TryStep, input: readonly AttemptInput[]): AttemptResult {
  const settings = settingsFor(lesson, step.settings)
  const lines: TranscriptLine[] = input.map((item) => (typeof item === 'string' ? { kind: 'client', text: item, spans: [], line: 0 } : item))
  const r = replay({ lines }, lessonEnvironment(settings))
  const transcript: { from: 'client' | 'server' | 'world'; text: string }[] = r.greeting.map((text) => ({ from: 'server', text }))
  r.lines.forEach((v, i) => {
    const kind = lines[i]?.kind
    if (kind === 'client' || kind === 'write') transcript.push({ from: 'client', text: v.expected ?? '' })
    else if (kind === 'advance' || kind === 'connect') transcript.push({ from: 'world', text: v.expected ?? '' })
    for (const text of v.replies) transcript.push({ from: 'server', text })
  })
  const events = [...r.events]
  if (step.advanceMs > 0) events.push(...r.world.advance(step.advanceMs))
  const goal = evaluateGoal(step.goal, { world: r.world, events })
  return { met: goal.met, goal, hint: goal.met ? null : chooseHint(step.hints, events), decisive: decisiveReply(events), events, world: r.world, transcript }
}

// --- Predict steps --------------------------------------------------------------------------------------------------

export interface PredictReplay {
  readonly context: ReplayResult
  /** The model's reply to the question's line (null if it said nothing). */
  readonly reply: Reply | null
  /** Its lines as on the wire. */
  readonly lines: readonly string[]
}

export function replayPredict(lesson: Pick<Lesson, 'settings'>, step: PredictStep): PredictReplay {
  const context = replayTranscript(step.transcript, settingsFor(lesson, step.settings), { openEnded: true })
  const reply = context.pending[0] ?? null
  const lines = reply ? wireLines(reply) : []
  return { context, reply, lines }
}

// --- Whole lessons ----------------------------------------------------------------------------------------------------

export interface StepCheck {
  readonly step: string
  readonly kind: string
  readonly ok: boolean
  readonly problems: readonly Difference[]
}

export interface LessonReplay {
  readonly lesson: string
  readonly file: string
  readonly ok: boolean
  readonly steps: readonly StepCheck[]
}

/**
 * Check a whole lesson against the model: transcripts replay line for line; each predict step's context replays
 * and its correct choice (or answer) is what the model says, its wrong ones are not; each try step's solution meets
 * its goal, and each of its wrong attempts does not and gets the hint it names.
 */
export function replayLesson(lesson: Lesson): LessonReplay {
  const steps: StepCheck[] = []
  for (const step of lesson.steps) {
    const problems: Difference[] = []
    const problem = (message: string, expected = '', actual: string | null = null) => problems.push({ line: step.line, expected, actual, message })
    if (step.kind === 'transcript') {
      problems.push(...replayTranscript(step.transcript, settingsFor(lesson, step.settings)).differences)
    } else if (step.kind === 'predict') {
      const r = replayPredict(lesson, step)
      problems.push(...r.context.differences)
      if (!r.reply) problem('the model gives no reply to the question\'s line')
      else if (step.mode === 'answer') {
        if (r.reply.code !== step.answer) problem(`the answer is ${step.answer}, but the model replies ${r.reply.code}`, String(step.answer), r.lines[0] ?? null)
      } else {
        for (const c of step.choices) {
          const matches = choiceMatches(c.text, r.lines)
          if (c.correct && !matches) problem(`the correct choice "${c.text}" is not what the model replies`, c.text, r.lines[0] ?? null)
          if (!c.correct && matches) problem(`the wrong choice "${c.text}" is what the model replies`, c.text, r.lines[0] ?? null)
        }
      }
    } else if (step.kind === 'try') {
      const solved = runAttempt(lesson, step, step.solution)
      if (!solved.met) problem(`the solution does not meet the goal: ${solved.goal.checks.filter((c) => !c.met).map((c) => `${c.label} (${c.detail})`).join('; ')}`)
      for (const wrong of step.wrong) {
        const attempt = runAttempt(lesson, step, wrong.input)
        if (attempt.met) {
          problems.push({ line: wrong.line, expected: '', actual: null, message: 'this wrong attempt meets the goal' })
          continue
        }
        const expected = wrong.hint === null ? step.hints.find((h) => h.on === null) : step.hints.find((h) => h.on !== null && JSON.stringify(h.on) === JSON.stringify(wrong.hint))
        if (!expected) problems.push({ line: wrong.line, expected: '', actual: null, message: 'no hint has this "on"' })
        else if (attempt.hint !== expected) {
          const got = attempt.hint?.on ? JSON.stringify(attempt.hint.on) : 'the default hint'
          problems.push({ line: wrong.line, expected: JSON.stringify(wrong.hint ?? 'default'), actual: got, message: `this wrong attempt gets ${got} (decisive reply: ${attempt.decisive ? attempt.decisive.code : 'none'})` })
        } else if (wrong.hint && !hintApplies(wrong.hint, attempt.events)) {
          problems.push({ line: wrong.line, expected: JSON.stringify(wrong.hint), actual: null, message: 'the hint does not apply to this attempt' })
        }
      }
    }
    steps.push({ step: step.id, kind: step.kind, ok: problems.length === 0, problems })
  }
  return { lesson: lesson.id, file: lesson.file, ok: steps.every((s) => s.ok), steps }
}
