/**
 * The wire view's lines: each line exactly as it went on the wire, its line ending made visible (CR LF as ␍␊, a
 * lone LF as ␊, a lone CR as ␍, other control octets as their control pictures), its octet count, and what the
 * model said about it: a stuffing dot the server removed (and the line as stored), a lone LF or CR it reported
 * (src/smtp/events.ts gives their positions in the client's octet stream), and where TLS began. Nothing here decides
 * what a line means to SMTP: the chunks give the octets, the events the findings. Pure.
 */
import type { ModelEvent } from '../../smtp/events'
import type { WireChunk } from '../../terminal/smtp-client'

export type Mark =
  /** The CR LF that ends a line. */
  | 'crlf'
  /** A lone LF or CR the server reported (it ended a line, was stored as CR LF or a space, or got the message refused). */
  | 'bare'
  /** A lone LF or CR the server did not report (e.g. inside an AUTH answer). */
  | 'control'
  /** The dot the server removed from a line that starts with one (RFC 5321 §4.5.2). */
  | 'stuffed'

export interface Segment {
  readonly text: string
  readonly mark?: Mark
}

export interface WireLine {
  readonly id: number
  readonly from: 'client' | 'server'
  /** A line of octets, the point where the (simulated) TLS handshake happened, or lines left out. */
  readonly kind: 'line' | 'tls' | 'gap'
  readonly segments: readonly Segment[]
  /** Octets on the wire, line ending included (as sent; inside TLS this is the plaintext). */
  readonly octets: number
  readonly encrypted: boolean
  /** For a line whose stuffing dot was removed: the line as stored (visible form, without its ending). */
  readonly stored?: string
  /** What the server reported about a lone LF or CR in this line. */
  readonly bare?: readonly ('LF' | 'CR')[]
  /** The line does not end in this chunk (the next write goes on with it). */
  readonly open?: boolean
}

export interface WireFacts {
  /** Client-stream offsets of removed dots, lone LFs and lone CRs, from the conversation's events. */
  readonly stuffed: ReadonlySet<number>
  readonly bareLf: ReadonlySet<number>
  readonly bareCr: ReadonlySet<number>
}

/** The positions the model reported, from a conversation's events. */
export function wireFacts(events: readonly ModelEvent[]): WireFacts {
  const stuffed = new Set<number>()
  const bareLf = new Set<number>()
  const bareCr = new Set<number>()
  for (const e of events) {
    if (e.type === 'lines-unstuffed') for (const at of e.at ?? []) stuffed.add(at)
    if (e.type === 'bare-line-ending') for (const at of e.at ?? []) (e.kind === 'LF' ? bareLf : bareCr).add(at)
  }
  return { stuffed, bareLf, bareCr }
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const LF = 10
const CR = 13

/** A control octet's visible form: the Unicode control pictures (␀ … ␟, ␡). */
function picture(octet: number): string {
  return octet === 0x7f ? '\u2421' : String.fromCharCode(0x2400 + octet)
}

/** The ASCII names of the control octets 0–31 (and DEL), as their control pictures are drawn when a font lacks them. */
const CONTROL_NAMES = ['NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'HT', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI', 'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US']

/** The ASCII name of a control picture (␍ → "CR", ␡ → "DEL"), or null for any other character. */
export function controlName(char: string): string | null {
  const code = char.codePointAt(0) ?? 0
  if (char.length !== 1) return null
  if (code === 0x2421) return 'DEL'
  return code >= 0x2400 && code < 0x2420 ? (CONTROL_NAMES[code - 0x2400] ?? null) : null
}

/** Segments for the octets of one line; `base` is the line's first octet in the client's stream (null: server). */
function segmentsOf(bytes: Uint8Array, base: number | null, facts: WireFacts): { segments: Segment[]; stored?: string; bare: ('LF' | 'CR')[] } {
  const segments: Segment[] = []
  const bare: ('LF' | 'CR')[] = []
  let run = 0
  const flush = (to: number) => {
    if (to > run) segments.push({ text: decoder.decode(bytes.subarray(run, to)) })
  }
  let stuffed = false
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    const at = base === null ? -1 : base + i
    if (i === 0 && b === 0x2e && facts.stuffed.has(at)) {
      segments.push({ text: '.', mark: 'stuffed' })
      stuffed = true
      run = 1
      continue
    }
    if (b >= 0x20 && b !== 0x7f) continue
    flush(i)
    if (b === CR && bytes[i + 1] === LF && i + 2 === bytes.length) {
      segments.push({ text: '\u240d\u240a', mark: 'crlf' })
      run = bytes.length
      break
    }
    const reported = b === LF ? facts.bareLf.has(at) : b === CR ? facts.bareCr.has(at) : false
    if (reported) bare.push(b === LF ? 'LF' : 'CR')
    segments.push({ text: picture(b), mark: reported ? 'bare' : 'control' })
    run = i + 1
  }
  flush(bytes.length)
  if (!stuffed) return { segments, bare }
  // As stored: the line without the dot the server removed (its ending aside).
  const stored = segments
    .slice(1)
    .filter((s) => s.mark !== 'crlf')
    .map((s) => s.text)
    .join('')
  return { segments, stored, bare }
}

/** The wire view of a session's chunks, at most `limit` lines (a long paste keeps its head and tail). */
export function wireLines(wire: readonly WireChunk[], facts: WireFacts, limit = 600): WireLine[] {
  const out: WireLine[] = []
  let id = 0
  let clientOffset = 0
  for (const chunk of wire) {
    if (chunk.handshake) {
      out.push({ id: id++, from: chunk.from, kind: 'tls', segments: [{ text: chunk.text }], octets: 0, encrypted: false })
      continue
    }
    const bytes = encoder.encode(chunk.text)
    const client = chunk.from === 'client'
    let start = 0
    while (start < bytes.length) {
      const lf = bytes.indexOf(LF, start)
      const end = lf < 0 ? bytes.length : lf + 1
      const line = bytes.subarray(start, end)
      const { segments, stored, bare } = segmentsOf(line, client ? clientOffset + start : null, facts)
      out.push({
        id: id++,
        from: chunk.from,
        kind: 'line',
        segments,
        octets: line.length,
        encrypted: chunk.encrypted,
        ...(stored !== undefined ? { stored } : {}),
        ...(bare.length ? { bare } : {}),
        ...(lf < 0 ? { open: true } : {}),
      })
      start = end
    }
    if (client) clientOffset += bytes.length
  }
  if (out.length <= limit) return out
  const head = Math.floor(limit / 2)
  const left = out.length - limit
  return [...out.slice(0, head), { id: -1, from: 'client', kind: 'gap', segments: [{ text: `… ${left} lines not shown …` }], octets: 0, encrypted: false }, ...out.slice(-(limit - head))]
}
