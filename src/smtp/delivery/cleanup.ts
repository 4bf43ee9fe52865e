/**
 * What a server's cleanup does to a message's header section before queueing it (Postfix's cleanup daemon):
 * it removes the fields that must not travel — Bcc (RFC 5322 §3.6.3: blind copies stay blind), Resent-Bcc,
 * Return-Path (only final delivery writes it, RFC 5321 §4.4) and Content-Length (meaningless after transport) —
 * as Postfix's `message_drop_headers` does by default.
 */

const DROPPED = ['bcc', 'resent-bcc', 'return-path', 'content-length']
const latin1 = new TextDecoder('latin1')

export interface Cleaned {
  readonly content: Uint8Array
  /** The names of the fields removed, as they were written. */
  readonly removed: readonly string[]
}

/** Remove the dropped fields (with their folded continuation lines) from the header section. */
export function dropHeaders(content: Uint8Array): Cleaned {
  const text = latin1.decode(content)
  const blank = /\r?\n\r?\n/.exec(text) // the first line ending of this pair is the last header line's
  const headerEnd = blank ? blank.index + (text[blank.index] === '\r' ? 2 : 1) : text.length
  const removed: string[] = []
  const keep: [number, number][] = []
  let from = 0
  let skipping = false
  let runStart = 0
  for (let p = 0; p < headerEnd; ) {
    const lf = text.indexOf('\n', p)
    const next = lf < 0 || lf >= headerEnd ? headerEnd : lf + 1
    const continuation = text[p] === ' ' || text[p] === '\t'
    if (!continuation) {
      const name = /^([!-9;-~]+):/.exec(text.slice(p, Math.min(next, p + 80)))?.[1]
      const drop = name !== undefined && DROPPED.includes(name.toLowerCase())
      if (drop && !skipping) {
        keep.push([runStart, p])
        skipping = true
        removed.push(name)
      } else if (drop && name) {
        removed.push(name)
      } else if (!drop && skipping) {
        skipping = false
        runStart = p
      }
    }
    p = next
    from = p
  }
  if (removed.length === 0) return { content, removed }
  if (!skipping) keep.push([runStart, from])
  keep.push([headerEnd, content.length])
  const total = keep.reduce((n, [a, b]) => n + (b - a), 0)
  const out = new Uint8Array(total)
  let at = 0
  for (const [a, b] of keep) {
    out.set(content.subarray(a, b), at)
    at += b - a
  }
  return { content: out, removed }
}
