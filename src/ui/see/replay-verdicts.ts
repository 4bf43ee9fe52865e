/**
 * The transcript explainer's one call into the replay engine: the client's lines are sent to a fresh world's
 * mail.example.com and each server line of the transcript gets a verdict against what the model answered.
 *
 * The engine is the one replay engine (src/lessons/replay.ts), through session import's adapter over it
 * (src/ui/sessions/session-json.ts `replaySession`: it opens the connection the way a session file is replayed and
 * gives each server line its verdict by entry and line); the explainer only maps entries back to its own line numbers.
 */
import { replaySession, type Verdict } from '../sessions/session-json'

export type { Verdict }

/** One side of the conversation as the replay takes it: a client line, or a server reply (its lines, by line number). */
export type ReplayEntry =
  | { readonly direction: 'client'; readonly data: string }
  | { readonly direction: 'server'; readonly lines: readonly { readonly n: number; readonly text: string }[] }

export interface LineVerdict {
  readonly verdict: Verdict
  /** What the model said there (null: nothing). */
  readonly actual: string | null
}

/** Whether our model answered otherwise (another queue id is the same answer). */
export function answeredOtherwise(v: LineVerdict): boolean {
  return v.verdict !== 'same' && v.verdict !== 'queue-id'
}

export interface TranscriptReplay {
  /** Transcript line number → verdict, for every server line compared. */
  readonly verdicts: ReadonlyMap<number, LineVerdict>
  /** Lines the model said after the transcript's last reply. */
  readonly extra: readonly string[]
  readonly notes: readonly string[]
  readonly port: number
}

export function replayTranscript(entries: readonly ReplayEntry[], port: number): TranscriptReplay | { readonly error: string } {
  const session = entries.map((e) => (e.direction === 'client' ? { direction: 'client', data: e.data } : { direction: 'server', data: e.lines.map((l) => l.text).join('\n') }))
  const outcome = replaySession({ host: 'mail.example.com', port, session })
  if (!outcome.ok) return { error: outcome.error.message }
  const verdicts = new Map<number, LineVerdict>()
  const extra: string[] = []
  for (const line of outcome.report.lines) {
    const entry = entries[line.entry]
    const n = entry?.direction === 'server' ? entry.lines[line.line - 1]?.n : undefined
    if (n === undefined) {
      if (line.actual !== null) extra.push(line.actual)
      continue
    }
    verdicts.set(n, { verdict: line.verdict, actual: line.actual })
  }
  return { verdicts, extra, notes: outcome.report.notes, port: outcome.report.port }
}
