/**
 * A session transcript in the seed session's shape (test/fixtures/seed-002-session.json): `{ direction: 'client' | 'server', data }` entries.
 *
 *  - A client entry is what the client sent, without the final CRLF (a DATA entry holds the whole message, CRLF
 *    inside, ending in the "." line). Replaying sends `data + CRLF`.
 *  - A server entry is one reply, its lines joined by "\n" and without CRLF: `250-mail.example.com\n250 SMTPUTF8`.
 *
 * These helpers build transcripts from what the model sends (a reply event's `wire`) and split replies into lines
 * and multi-line replies (RFC 5321 §4.2.1: `code-text` continues, `code SP text` ends). Pure.
 */
export interface TranscriptEntry {
  readonly direction: 'client' | 'server'
  readonly data: string
}

/** A client entry: the octets sent, as text, without the final CRLF. */
export function clientEntry(sent: string): TranscriptEntry {
  return { direction: 'client', data: sent.replace(/\r\n$/, '') }
}

/** Reply lines grouped into replies: a group ends with a line `NNN text` (or a line that is not `NNN-…`). */
export function replyGroups(lines: readonly string[]): string[][] {
  const groups: string[][] = []
  let current: string[] = []
  for (const line of lines) {
    current.push(line)
    if (!/^\d{3}-/.test(line)) {
      groups.push(current)
      current = []
    }
  }
  if (current.length > 0) groups.push(current)
  return groups
}

/** The lines of a server entry (CR dropped: some tools keep CRLF inside `data`). */
export function entryLines(data: string): string[] {
  return data.split('\n').map((l) => l.replace(/\r$/, ''))
}

/** What the server sent (the `wire` of reply events), one server entry per reply. */
export function serverEntries(wire: string): TranscriptEntry[] {
  const lines = wire.split('\r\n')
  if (lines.at(-1) === '') lines.pop()
  return replyGroups(lines).map((g) => ({ direction: 'server', data: g.join('\n') }))
}
