/**
 * The session as text, from the wire chunks the terminal recorded: C:/S: lines for the plain-HTML transcript view,
 * and `{ direction, data }` entries in the seed session's shape (test/fixtures/seed-002-session.json) for export. Pure.
 */
import type { ModelEvent } from '../smtp/events'
import type { Reply } from '../smtp/replies'
import type { WireChunk } from '../terminal/smtp-client'

export interface TranscriptLine {
  readonly id: number
  readonly from: 'C' | 'S' | 'note'
  readonly text: string
  /** Sent inside TLS. */
  readonly encrypted: boolean
  /** For S: lines, the reply they belong to, and what caused it. */
  readonly reply?: Reply
  readonly cause?: string
}

function splitLines(text: string): string[] {
  const lines = text.split('\r\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/** C:/S: lines, at most `limit` (a long paste keeps its head and tail, with a note of what was left out between). */
export function transcriptLines(wire: readonly WireChunk[], limit = 600): TranscriptLine[] {
  const all: TranscriptLine[] = []
  let id = 0
  for (const chunk of wire) {
    if (chunk.handshake) {
      all.push({ id: id++, from: 'note', text: chunk.text, encrypted: false })
      continue
    }
    for (const text of splitLines(chunk.text)) {
      const line: TranscriptLine = { id: id++, from: chunk.from === 'client' ? 'C' : 'S', text, encrypted: chunk.encrypted }
      all.push(chunk.reply ? { ...line, reply: chunk.reply, ...(chunk.cause ? { cause: chunk.cause } : {}) } : line)
    }
  }
  if (all.length <= limit) return all
  const head = Math.floor(limit / 2)
  const tail = limit - head
  return [...all.slice(0, head), { id: -1, from: 'note', text: `… ${all.length - limit} lines not shown …`, encrypted: false }, ...all.slice(-tail)]
}

/** One entry of a session in the seed's shape. */
export interface SessionEntry {
  readonly direction: 'client' | 'server'
  readonly data: string
}

/**
 * The seed's entries: each client chunk without its final CRLF (a pasted batch stays one entry, as it was one write),
 * each reply its lines joined by "\n" without CRLF. The simulated handshake note is not part of SMTP and is left out.
 */
export function sessionEntries(wire: readonly WireChunk[]): SessionEntry[] {
  return wire
    .filter((chunk) => !chunk.handshake)
    .map((chunk) =>
      chunk.from === 'client' ? { direction: 'client', data: chunk.text.replace(/\r\n$/, '') } : { direction: 'server', data: splitLines(chunk.text).join('\n') },
    )
}

/** The model events of the session, in order, as its reply chunks carry them (session export reads its facts here). */
export function sessionEvents(wire: readonly WireChunk[]): ModelEvent[] {
  return wire.flatMap((chunk) => chunk.events ?? [])
}
