/**
 * The conversation a hand-in's recording holds: the recording played again on a fresh runtime (as a reload plays
 * one), and what went over the wire read off as it happens — each session's client lines and the model's replies,
 * so the instructor reads what the model answered to what the student typed. Import lazily (it brings the runtime).
 */
import { replayRuntime } from '../../terminal/runtime'
import type { Recording } from '../../terminal/recording'
import type { SessionInfo } from '../../terminal/smtp-client'

export interface ConversationLine {
  /** Which connection (1, 2, …), in the order they were opened. */
  readonly session: number
  readonly from: 'client' | 'server' | 'open'
  readonly text: string
}

/** Every session's lines, in order; a line `open` says where each session connected. */
export function conversationOf(recording: Recording): ConversationLine[] {
  const lines: ConversationLine[] = []
  /** The `open` line of the newest session, until the session says where it connected (its greeting comes first). */
  let unnamed: number | null = null
  const numbers = new Map<number, number>()
  const name = (i: SessionInfo) => `${i.program} ${i.target} ${i.port}`
  replayRuntime(recording, {
    cols: 100,
    output: { write() {} },
    observer: {
      events() {},
      changed() {},
      replaced() {},
      explain() {},
      session(next) {
        if (!next) return
        const at = unnamed
        const line = at === null ? undefined : lines[at]
        if (at !== null && line) lines[at] = { ...line, text: name(next) }
        unnamed = null
      },
      wire(chunk) {
        let n = numbers.get(chunk.session)
        if (n === undefined) {
          n = numbers.size + 1
          numbers.set(chunk.session, n)
          unnamed = lines.length
          lines.push({ session: n, from: 'open', text: 'a session' })
        }
        for (const text of chunk.text.replace(/\r\n$/, '').split('\r\n')) lines.push({ session: n, from: chunk.from, text })
      },
    },
  })
  return lines
}
