/**
 * What "Type the next line for me" does in a transcript step: the next client line to type, a `~ pipeline` group
 * to paste, or a directive the shell carries out (`sleep`, `telnet`). Pure; the pane carries the actions out
 * (drive.ts). The terminal follows the reader: pressed on a line the terminal has not reached, it first types the
 * lines before it; on a line the terminal is already past, it starts the session over.
 */
import type { Directive, Transcript } from '../../lessons'

/** What the button does for a transcript line: a line to type, a batch to paste, a shell action, or nothing. */
export type ShowAction =
  | { readonly kind: 'type'; readonly text: string; readonly index: number }
  | { readonly kind: 'paste'; readonly lines: readonly string[]; readonly index: number }
  | { readonly kind: 'shell'; readonly command: string; readonly index: number }
  | { readonly kind: 'raw'; readonly text: string; readonly index: number }

/**
 * The next thing to type after transcript line `from` (exclusive): the next client line, or a `~ pipeline`
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

/** The actions to carry out for one press, and whether the session starts over first. */
export interface TypingPlan {
  /** End the session the terminal is in (if any) and start from the transcript's beginning. */
  readonly restart: boolean
  /** In order: the catching-up actions, then the next line itself. Empty when nothing is left. */
  readonly actions: readonly ShowAction[]
}

/**
 * One press: `typed` is the last line typed so far (-1: none, from a fresh start), `shown` the lines the reader is
 * looking at. Type what lies before them first, then the next line at or after their start.
 */
export function planTyping(transcript: Transcript, typed: number, shown: { readonly from: number; readonly to: number } | null, connect: (d: Extract<Directive, { kind: 'connect' }>) => string): TypingPlan {
  const start = shown?.from ?? 0
  const restart = shown !== null && typed > shown.to
  let from = restart ? -1 : typed
  const actions: ShowAction[] = []
  for (let next = nextShowAction(transcript, from, connect); next; next = nextShowAction(transcript, from, connect)) {
    actions.push(next)
    from = next.index
    if (next.index >= start) break
  }
  return { restart, actions }
}
