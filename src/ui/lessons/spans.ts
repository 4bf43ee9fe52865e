/**
 * A transcript line as the lesson pane shows it: its text cut into segments, each either plain or one of the
 * lesson's highlighted spans (`[[...]]`), classified so a reply code, an enhanced code, a dot and a route each get
 * their own look; and the placeholders a line may hold — `<CR>`/`<LF>` in a W: line (bytes, not text) and `<ID>`
 * for a queue id — marked as such. Pure; no DOM.
 */
import type { Span, TranscriptLine } from '../../lessons'

export type MarkKind = 'code' | 'enhanced' | 'dot' | 'route' | 'other'
export type Token = 'cr' | 'lf' | 'id'

export interface Segment {
  readonly text: string
  /** Highlighted by the lesson, and as what. */
  readonly mark: MarkKind | null
  /** A placeholder rather than text. */
  readonly token: Token | null
}

/** What a highlighted span holds. */
export function classifySpan(text: string): MarkKind {
  const t = text.trim()
  if (/^[2-5][0-5]\d$/.test(t)) return 'code'
  if (/^[245]\.\d{1,3}\.\d{1,3}$/.test(t)) return 'enhanced'
  if (/^\.+$/.test(t) || /^(<LF>|<CR>)*\.(<LF>|<CR>)*$/.test(t)) return 'dot'
  if (/^<?@[^@\s]+(,@[^@\s]+)*:/.test(t) || /%/.test(t)) return 'route'
  return 'other'
}

const TOKENS: Readonly<Record<string, Token>> = { '<CR>': 'cr', '<LF>': 'lf', '<ID>': 'id', '{id}': 'id' }

/** Split text on placeholders: in raw (W:) lines `<CR>` and `<LF>`, anywhere `<ID>`/`{id}`. */
function tokenize(text: string, mark: MarkKind | null, raw: boolean): Segment[] {
  const re = raw ? /<CR>|<LF>|<ID>|\{id\}/g : /<ID>|\{id\}/g
  const out: Segment[] = []
  let at = 0
  for (const m of text.matchAll(re)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index), mark, token: null })
    out.push({ text: m[0], mark, token: TOKENS[m[0]] ?? null })
    at = m.index + m[0].length
  }
  if (at < text.length) out.push({ text: text.slice(at), mark, token: null })
  return out
}

/** The segments of a text with highlighted spans. */
export function segments(text: string, spans: readonly Span[], options: { raw?: boolean } = {}): Segment[] {
  const raw = options.raw ?? false
  const out: Segment[] = []
  let at = 0
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue
    if (span.start > at) out.push(...tokenize(text.slice(at, span.start), null, raw))
    const inner = text.slice(span.start, span.end)
    out.push(...tokenize(inner, classifySpan(inner), raw))
    at = span.end
  }
  if (at < text.length) out.push(...tokenize(text.slice(at), null, raw))
  return out
}

/**
 * The segments of a transcript line (directives and comments are plain). `markCode`: highlight the reply code of a
 * server line even where the lesson did not (the reply the reader is on).
 */
export function lineSegments(line: TranscriptLine, markCode = false): Segment[] {
  if (line.kind === 'client') return segments(line.text, line.spans, { raw: line.raw ?? false })
  if (line.kind === 'server') {
    const coded = markCode && line.code !== null && !line.spans.some((s) => s.start === 0)
    return segments(line.text, coded ? [{ start: 0, end: 3 }, ...line.spans] : line.spans)
  }
  if (line.kind === 'message' || line.kind === 'log') return segments(line.text, line.spans)
  return [{ text: line.text, mark: null, token: null }]
}

/** The tag a line is written with in a lesson file. */
export function lineTag(line: TranscriptLine): string {
  switch (line.kind) {
    case 'client':
      return line.raw ? 'W' : 'C'
    case 'server':
      return 'S'
    case 'message':
      return 'M'
    case 'log':
      return 'L'
    case 'comment':
      return '#'
    default:
      return '~'
  }
}
