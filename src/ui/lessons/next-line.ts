/**
 * Where ←/→ stop inside an annotated transcript, and which reply each stop points at. Pure; the walk
 * (lesson-walk.svelte.ts) moves through these, the pane highlights the line and the terminal the reply code.
 *
 * A stop is every line a reader should look at: each client line, each directive, each line with a note or a
 * highlight, and the first line of every reply. Continuation lines of a multi-line reply or a message, and `...`,
 * are passed over unless they are annotated.
 */
import type { Directive, ServerLine, Transcript, TranscriptLine } from '../../lessons'

const interesting = (line: TranscriptLine) => ('note' in line && !!line.note) || ('spans' in line && line.spans.length > 0)

/** Indices of the stops of a transcript, in order (never empty for a transcript with lines). */
export function transcriptStops(transcript: Transcript): number[] {
  const stops: number[] = []
  transcript.lines.forEach((line, i) => {
    const prev = transcript.lines[i - 1]
    const continuation = (line.kind === 'server' || line.kind === 'message') && prev?.kind === line.kind
    const elided = (line.kind === 'server' || line.kind === 'message') && line.elided
    if (interesting(line) || (!continuation && !elided)) stops.push(i)
  })
  return stops.length > 0 ? stops : transcript.lines.length > 0 ? [0] : []
}

/** The reply line a transcript line points at: itself for a server line, the first reply line after a client line. */
export function replyLineFor(transcript: Transcript, index: number): ServerLine | null {
  const line = transcript.lines[index]
  if (!line) return null
  if (line.kind === 'server') return line.elided ? null : line
  if (line.kind !== 'client') return null
  for (let i = index + 1; i < transcript.lines.length; i++) {
    const next = transcript.lines[i]
    if (!next || next.kind === 'client') return null
    if (next.kind === 'server' && !next.elided) return next
  }
  return null
}

/** What "show me" does for a transcript line: a line to type, a batch to paste, a shell action, or nothing. */
export type ShowAction =
  | { readonly kind: 'type'; readonly text: string; readonly index: number }
  | { readonly kind: 'paste'; readonly lines: readonly string[]; readonly index: number }
  | { readonly kind: 'shell'; readonly command: string; readonly index: number }
  | { readonly kind: 'raw'; readonly text: string; readonly index: number }

/**
 * The next thing "show me" does after transcript line `from` (exclusive): the next client line, or a `~ pipeline`
 * group as one paste, or a directive the shell can carry out (`sleep`, `telnet`). Null when nothing is left.
 */
export function nextShowAction(transcript: Transcript, from: number, connectCommand: (d: Extract<Directive, { kind: 'connect' }>) => string): ShowAction | null {
  const lines = transcript.lines
  for (let i = from + 1; i < lines.length; i++) {
    const line = lines[i]
    if (!line) continue
    if (line.kind === 'client') return line.raw ? { kind: 'raw', text: line.text, index: i } : { kind: 'type', text: line.text, index: i }
    if (line.kind === 'advance') return { kind: 'shell', command: `sleep ${line.text.replace(/^~\s*(advance|sleep)\s+/, '')}`, index: i }
    if (line.kind === 'connect') return { kind: 'shell', command: connectCommand(line), index: i }
    if (line.kind === 'pipeline') {
      const group: string[] = []
      let last = i
      for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j]
        if (!l || l.kind !== 'client' || l.raw) break
        group.push(l.text)
        last = j
      }
      if (group.length > 0) return { kind: 'paste', lines: group, index: last }
    }
  }
  return null
}
