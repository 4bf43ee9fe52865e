/**
 * The runner: lessons against the model. A lesson can never show a reply the model would not give (issue 7).
 *
 *  - `replayTranscript` sends every `C:` line, with CRLF, to a fresh world built from the lesson's settings, exactly
 *    as a learner typing it would (DATA lines one by one, the final "." included), and compares every `S:` line with
 *    the model's reply lines, every `M:` line with the stored message, every `L:` line with the mail log. The result
 *    lists the differences line by line, and what the model said for each transcript line (for the lesson pane).
 *  - `runAttempt` plays what a learner (or a model solution) typed in a try step and judges the goal.
 *  - `replayPredict` plays a predict step's context and returns the reply the model gives to its last line.
 *  - `replayLesson` does all of these for every step: the lesson replay test runs it on every lesson.
 *
 * Placeholders in expected lines: `<ID>` or `{id}` stands for a queue id, `{date}` for an RFC 5322 date.
 */
import { formatReply, wireOf, type Connection, type ModelEvent, type Reply, type World } from '../smtp'
import { chooseHint, decisiveReply, evaluateGoal, findMailbox, hintApplies, type GoalResult } from './goals'
import { choiceMatches } from './predict'
import { createLessonWorld, openConnection, settingsFor } from './setup'
import { decodeWire } from './transcript'
import type { AttemptInput, ClientLine, Hint, Lesson, LessonSettings, PredictStep, Transcript, TryStep } from './types'

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
}

/** Model features this runner can replay; a lesson that `requires` anything else is skipped, and says why. */
export const MODEL_FEATURES: ReadonlySet<string> = new Set<string>(['esmtp-submission'])

/** The features a lesson needs that the model does not have yet. */
export function missingFeatures(lesson: Pick<Lesson, 'requires'>, features: ReadonlySet<string> = MODEL_FEATURES): string[] {
  return lesson.requires.filter((r) => !features.has(r))
}

const ID_PATTERN = '[0-9A-Za-z]+'
const DATE_PATTERN = '[A-Z][a-z]{2}, [ \\d]?\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}(?: \\([A-Za-z]+\\))?'

function pattern(expected: string): RegExp {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const withIds = escaped.replace(/<ID>|\\\{id\\\}/g, ID_PATTERN).replace(/\\\{date\\\}/g, DATE_PATTERN)
  return new RegExp(`^${withIds}$`)
}

/** Does a model line match an expected line (placeholders allowed)? */
export function lineMatches(expected: string, actual: string): boolean {
  if (expected === actual) return true
  return /<ID>|\{id\}|\{date\}/.test(expected) && pattern(expected).test(actual)
}

/** Folding white space: a continuation line's leading blanks may be a tab or spaces (RFC 5322 §2.2.3). */
const unfoldLead = (s: string) => s.replace(/^[ \t]+/, ' ')

const decoder = new TextDecoder()

/** Lines of the world's mail.log, as `tail mail.log` prints them. */
function logLines(world: World): string[] {
  return world.log.tail(world.log.lines.length)
}

interface Queued {
  readonly text: string
  readonly reply: Reply
  /** Which reply of the session it belongs to, and whether it is that reply's last line. */
  readonly replyId: number
  readonly last: boolean
  /** The transcript index of the C: line that caused it (-1: the greeting). */
  readonly cause: number
}

/**
 * Replay a transcript against a fresh world. `openEnded`: the replies to the final C: line are not expected in the
 * transcript (a predict question); they are returned in `pending`.
 */
export function replayTranscript(transcript: Transcript, settings: LessonSettings, opts: { openEnded?: boolean } = {}): ReplayResult {
  const world = createLessonWorld(settings)
  const differences: Difference[] = []
  const results: LineResult[] = []
  const events: ModelEvent[] = []
  let queue: Queued[] = []
  let replyCount = 0
  let connection: Connection = openConnection(world, settings)
  let clientSeen = false
  const lines = transcript.lines

  const take = (evs: readonly ModelEvent[], cause: number): string[] => {
    events.push(...evs)
    const said: string[] = []
    for (const e of evs) {
      if (e.type !== 'reply') continue
      const replyLines = e.wire.split('\r\n').filter((l, i, all) => i < all.length - 1 || l !== '')
      const id = replyCount++
      replyLines.forEach((text, i) => queue.push({ text, reply: e.reply, replyId: id, last: i === replyLines.length - 1, cause }))
      said.push(...replyLines)
    }
    return said
  }
  const diff = (line: number, expected: string, actual: string | null, message: string) => differences.push({ line, expected, actual, message })
  const leftovers = () => {
    for (const q of queue) {
      const at = lines[q.cause]?.line ?? lines[0]?.line ?? 0
      diff(at, '', q.text, `the model also said "${q.text}" here, which the transcript does not show`)
    }
    queue = []
  }

  take(connection.start(), -1)
  let message: { lines: string[]; cursor: number; skipping: boolean } | null = null
  let logCursor = 0
  /** A pipelined group (`~ pipeline`): its bytes so far, its first line (for errors) and the index of its last. */
  let group = null as { chunk: string; last: number; first: ClientLine } | null
  let grouping = false

  /** Send one write, the replies credited to transcript line `index`; a closed connection is a difference. */
  const send = (chunk: string, index: number, item: ClientLine) => {
    if (connection.closed) {
      diff(item.line, item.text, null, 'the server had already closed the connection; this line was never read')
      results[index] = { ok: false, actual: null, replies: [] }
      return
    }
    results[index] = { ok: true, actual: null, replies: take(connection.receive(chunk), index) }
  }
  const flush = () => {
    const g = group
    group = null
    if (g) send(g.chunk, g.last, g.first)
  }

  for (let index = 0; index < lines.length; index++) {
    const item = lines[index]
    if (!item) continue
    if (grouping && item.kind !== 'client') {
      flush()
      grouping = false
    }
    switch (item.kind) {
      case 'client': {
        if (!clientSeen) queue = queue.filter((q) => q.cause !== -1) // a transcript may leave the greeting out
        clientSeen = true
        const wire = item.raw ? decodeWire(item.text) : item.text + '\r\n'
        results.push({ ok: true, actual: null, replies: [] })
        if (grouping) group = { chunk: (group?.chunk ?? '') + wire, last: index, first: group?.first ?? item }
        else send(wire, index, item)
        break
      }
      case 'pipeline':
        grouping = true
        results.push({ ok: true, actual: null, replies: [] })
        break
      case 'end':
      case 'write': // attempts only: format.ts refuses it in a transcript
        results.push({ ok: true, actual: null, replies: [] })
        break
      case 'server': {
        if (item.elided) {
          const head = queue[0]
          if (!head) {
            diff(item.line, '...', null, '"..." stands for reply lines left out, but the model said nothing more here')
            results.push({ ok: false, actual: null, replies: [] })
            break
          }
          const next = lines[index + 1]
          const keepLast = next?.kind === 'server' && !next.elided
          const group = queue.filter((q) => q.replyId === head.replyId)
          const drop = keepLast ? group.filter((q) => !q.last) : group
          queue = queue.filter((q) => !drop.includes(q))
          results.push({ ok: true, actual: drop.map((q) => q.text).join('\n'), replies: [] })
          break
        }
        const got = queue.shift()
        if (!got) {
          diff(item.line, item.text, null, connection.closed ? 'the model said nothing more: the connection is closed' : 'the model said nothing here')
          results.push({ ok: false, actual: null, replies: [] })
          break
        }
        const same = lineMatches(item.text, got.text)
        if (!same) diff(item.line, item.text, got.text, `the model said "${got.text}"`)
        results.push({ ok: same, actual: got.text, replies: [] })
        break
      }
      case 'advance': {
        take(world.advance(item.ms), index)
        results.push({ ok: true, actual: null, replies: [] })
        break
      }
      case 'connect': {
        leftovers()
        connection = openConnection(world, settings, item.client, item.host, item.port)
        clientSeen = false
        take(connection.start(), -1)
        results.push({ ok: true, actual: null, replies: [] })
        break
      }
      case 'mailbox': {
        message = null
        const box = findMailbox(world, item.address)
        const stored = box ? box.host.mailbox(box.name) : []
        const chosen = item.index === null ? stored.at(-1) : stored[item.index - 1]
        if (!chosen) {
          const why = !box ? `there is no mailbox ${item.address} in this world` : `${item.address} holds ${stored.length} message(s)`
          diff(item.line, item.text, null, why)
          results.push({ ok: false, actual: null, replies: [] })
          break
        }
        const text = decoder.decode(chosen.content).split('\r\n')
        if (text.at(-1) === '') text.pop()
        message = { lines: text, cursor: 0, skipping: false }
        results.push({ ok: true, actual: null, replies: [] })
        break
      }
      case 'message': {
        if (!message) {
          results.push({ ok: false, actual: null, replies: [] }) // the mailbox directive already reported why
          break
        }
        if (item.elided) {
          message.skipping = true
          results.push({ ok: true, actual: null, replies: [] })
          break
        }
        const want = unfoldLead(item.text)
        const at = message.skipping
          ? message.lines.findIndex((l, i) => i >= (message?.cursor ?? 0) && lineMatches(want, unfoldLead(l)))
          : lineMatches(want, unfoldLead(message.lines[message.cursor] ?? '')) ? message.cursor : -1
        if (at < 0) {
          const actual = message.skipping ? null : (message.lines[message.cursor] ?? null)
          diff(item.line, item.text, actual, message.skipping ? 'no later line of the message is this' : actual === null ? 'the message has no more lines' : `the message has "${actual}" here`)
          results.push({ ok: false, actual, replies: [] })
          message.cursor++
        } else {
          results.push({ ok: true, actual: message.lines[at] ?? null, replies: [] })
          message.cursor = at + 1
        }
        message.skipping = false
        break
      }
      case 'log': {
        const all = logLines(world)
        const re = pattern(item.text)
        const contains = (l: string) => l.includes(item.text) || new RegExp(re.source.slice(1, -1)).test(l)
        const at = all.findIndex((l, i) => i >= logCursor && contains(l))
        if (at < 0) {
          diff(item.line, item.text, null, 'no line of mail.log (from the previous L: line on) contains this')
          results.push({ ok: false, actual: null, replies: [] })
        } else {
          results.push({ ok: true, actual: all[at] ?? null, replies: [] })
          logCursor = at // the next L: line may annotate the same log line
        }
        break
      }
      case 'comment':
        results.push({ ok: true, actual: null, replies: [] })
        break
    }
  }

  flush()
  let pending: Reply[] = []
  if (opts.openEnded) {
    const lastClient = lines.findLastIndex((l) => l.kind === 'client')
    const ids = [...new Set(queue.filter((q) => q.cause === lastClient).map((q) => q.replyId))]
    pending = ids.map((id) => queue.find((q) => q.replyId === id)?.reply).filter((r): r is Reply => r !== undefined)
    queue = queue.filter((q) => q.cause !== lastClient)
  }
  leftovers()
  differences.sort((a, b) => a.line - b.line)
  return { ok: differences.length === 0, differences, lines: results, world, events, pending }
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
  const world = createLessonWorld(settings)
  const events: ModelEvent[] = []
  const transcript: { from: 'client' | 'server' | 'world'; text: string }[] = []
  const record = (evs: readonly ModelEvent[]) => {
    events.push(...evs)
    const wire = wireOf(evs)
    for (const l of wire.split('\r\n').filter(Boolean)) transcript.push({ from: 'server', text: l })
  }
  let connection = openConnection(world, settings)
  record(connection.start())
  /** The bytes of an open `~ pipeline` group, sent in one write at `~ end` (or at the end of the input). */
  let group: string | null = null
  const write = (chunk: string) => {
    if (group !== null) group += chunk
    else if (!connection.closed) record(connection.receive(chunk))
  }
  const flush = () => {
    const chunk = group
    group = null
    if (chunk && !connection.closed) record(connection.receive(chunk))
  }
  for (const item of input) {
    if (typeof item === 'string') {
      transcript.push({ from: 'client', text: item })
      write(item + '\r\n')
    } else if (item.kind === 'write') {
      transcript.push({ from: 'client', text: item.text })
      write(item.bytes)
    } else if (item.kind === 'pipeline') {
      flush()
      group = ''
    } else if (item.kind === 'end') {
      flush()
    } else if (item.kind === 'advance') {
      flush()
      transcript.push({ from: 'world', text: item.text })
      record(world.advance(item.ms))
    } else if (item.kind === 'connect') {
      flush()
      transcript.push({ from: 'world', text: item.text })
      connection = openConnection(world, settings, item.client, item.host, item.port)
      record(connection.start())
    }
  }
  flush()
  if (step.advanceMs > 0) record(world.advance(step.advanceMs))
  const goal = evaluateGoal(step.goal, { world, events })
  return { met: goal.met, goal, hint: goal.met ? null : chooseHint(step.hints, events), decisive: decisiveReply(events), events, world, transcript }
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
  const lines = reply ? formatReply(reply).split('\r\n').filter(Boolean) : []
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
