/**
 * DATA framing: from the octets after 354 to the message content (RFC 5321 §4.1.1.4, §4.5.2).
 *
 *  - The data ends with a line holding only "." — `<CRLF>.<CRLF>`, where the first CRLF ends the previous line and
 *    belongs to the message. The terminator may be split across any number of chunks.
 *  - A line that starts with "." and has more on it loses that first dot (dot-unstuffing, §4.5.2).
 *  - Lone LF and lone CR are handled as the personality says (settings.ts, `BareLineEndings`). Where it does not
 *    refuse them, a lone CR is stored as a space, as Postfix's cleanup does (cleanup_replace_stray_cr_lf).
 *
 * Speed matters (10 MB messages): each chunk is scanned once, line by line with native `indexOf`, and the content
 * is kept as views of the caller's chunks, never copied here. Only the few bytes the reader changes (a CR added
 * before a bare LF, a dot that turns out to be content) are written out separately.
 *
 * Memory matters too: a client that drips the message one octet per TCP segment would otherwise leave one view
 * (about 100 octets of heap, and the chunk it views) per octet. Pieces shorter than SMALL_PIECE are copied into
 * shared blocks instead, so the content costs about its own size however it was chunked.
 */
import type { BareLineEndings } from './settings'
import { MAX_POSITIONS, type BareKind } from './events'

const LF = 10
const CR = 13
const DOT = 46
const CR_BYTES = new Uint8Array([CR])
const SPACE_BYTES = new Uint8Array([32])
/** Pieces shorter than this are copied into a block rather than kept as views. */
const SMALL_PIECE = 256
/**
 * A message's first block is small, and each next one twice the last, up to BLOCK: most messages are a few hundred
 * octets and need one small block, while a dripped message still gets few, large ones.
 */
const FIRST_BLOCK = 1024
const BLOCK = 16 * 1024

/** Where the reader stands between two octets. */
type State =
  | 'line-start' // just after a line ending (or at the start of the data)
  | 'mid-line'
  | 'dot' // a "." at the start of a line, held back until the next octet says what it is
  | 'dot-cr' // ".\r" at the start of a line

export interface DataLimits {
  readonly textLine: number
  readonly messageSize: number
}

export interface DataSummary {
  readonly content: Uint8Array
  /** Octets of content, counted even past the size limit. */
  readonly size: number
  readonly unstuffed: number
  /** Where each removed dot was, in the stream `feed`'s `base` counts in (the first MAX_POSITIONS). */
  readonly unstuffedAt: readonly number[]
  readonly bare: Readonly<Record<BareKind, number>>
  /** Where each lone LF and lone CR was (the first MAX_POSITIONS of each). */
  readonly bareAt: Readonly<Record<BareKind, readonly number[]>>
  readonly longestLine: number
  readonly overSize: boolean
  /** The first non-standard end-of-data sequence seen (<LF>.<LF>, <CR><LF>.<LF>, <LF>.<CR><LF>), if any. */
  readonly nonstandardEnd: string | null
  /** Whether it ended the data (lenient) or was dropped as a line and the data went on (normalize). */
  readonly nonstandardEnded: boolean
}

const decoder = new TextDecoder('latin1')

/**
 * Octets as a string of the same length, one UTF-16 unit per octet, so that string indexes are octet offsets and
 * the engine's native `indexOf` can scan them. Only ASCII matters to framing, so windows-1252 (what 'latin1' means
 * to TextDecoder) does as well as true Latin-1. Tiny chunks (a key typed, a byte fed) skip the decoder's overhead.
 */
export function octetsAsText(octets: Uint8Array): string {
  return octets.length <= 16 ? String.fromCharCode(...octets) : decoder.decode(octets)
}

/** `text.indexOf(c, from)`, or the text's length when there is none. */
function indexOrEnd(text: string, c: string, from: number): number {
  const i = text.indexOf(c, from)
  return i < 0 ? text.length : i
}

export class DataReader {
  readonly #policy: BareLineEndings
  readonly #limits: DataLimits
  #state: State = 'line-start'
  /** The line that is starting now followed a lone LF, not a CRLF. */
  #afterBareLf = false
  /** The last octet of the previous chunk was a CR in mid-line: half of a CRLF, or a lone CR. */
  #pendingCr = false
  /** The octet just before the current position was a CR (it came from an earlier chunk or was held back). */
  #crBefore = false
  #lineLength = 0
  #longestLine = 0
  #segments: Uint8Array[] = []
  /** Where small pieces are copied: `#block[#blockStart, #blockUsed)` is not yet in #segments. */
  #block: Uint8Array | null = null
  #blockStart = 0
  #blockUsed = 0
  #size = 0
  #unstuffed = 0
  #bareLf = 0
  #bareCr = 0
  #nonstandardEnd: string | null = null
  #nonstandardEnded = false
  /** The current chunk's first octet in the client's stream. */
  #base = 0
  /** Where the held-back dot at the start of a line was, and a CR held back after it or at a chunk's end. */
  #dotAt = 0
  #crAt = 0
  readonly #unstuffedAt: number[] = []
  readonly #bareAt: Record<BareKind, number[]> = { LF: [], CR: [] }

  constructor(policy: BareLineEndings, limits: DataLimits) {
    this.#policy = policy
    this.#limits = limits
  }

  /**
   * Read `chunk` from offset `start`; `text` is the chunk decoded one UTF-16 unit per octet (see `octetsAsText`), so
   * that the native string search can be used. Returns the offset just past the end-of-data line when the data
   * ended inside this chunk (the rest of the chunk is commands again, 5321 §3.3 and RFC 2920 §3.1), or -1.
   * `base`: where the chunk starts in the client's octet stream, for the positions the summary reports.
   */
  feed(chunk: Uint8Array, text: string, start = 0, base = 0): number {
    const n = text.length
    this.#base = base
    let p = start
    let keepFrom = start // start of the run of octets to store
    let nextCr = -1 // the next CR at or after p, or n when there is none; -1: not searched yet
    // A CR at the end of the last chunk: is it half of a CRLF, or a lone CR?
    // A CR held back at the end of the last chunk: half of a CRLF, or a lone CR?
    this.#crBefore = this.#pendingCr
    if (this.#pendingCr && n > start) {
      this.#pendingCr = false
      if (text.charCodeAt(start) === LF) this.#store(CR_BYTES)
      else this.#loneCr(this.#crAt)
    }
    while (p < n) {
      switch (this.#state) {
        case 'line-start': {
          if (text.charCodeAt(p) === DOT) {
            this.#keep(chunk, keepFrom, p)
            keepFrom = p + 1 // the dot is held back
            this.#dotAt = base + p
            this.#state = 'dot'
            p++
            continue
          }
          this.#state = 'mid-line'
          break
        }
        case 'dot': {
          const c = text.charCodeAt(p)
          if (c === CR) {
            this.#crAt = base + p
            this.#state = 'dot-cr'
            keepFrom = p + 1
            p++
            continue
          }
          if (c === LF && this.#policy === 'pass') {
            // ".<LF>…": to a server that ends lines only at CR LF, a line that starts with a stuffing dot.
            this.#unstuffed++
            keepFrom = p
            this.#state = 'mid-line'
            continue
          }
          if (c === LF) {
            // ".<LF>": a lone dot on a line ended by a lone LF. Only the lenient personality takes it as the end;
            // the others drop the line and read on, as Postfix does with smtpd_forbid_bare_newline=normalize.
            const sequence = this.#afterBareLf ? '<LF>.<LF>' : '<CR><LF>.<LF>'
            if (this.#policy === 'lenient') return this.#end(p + 1, sequence)
            this.#nonstandardEnd ??= sequence
            this.#bareLfAt(base + p)
            this.#afterBareLf = true
            keepFrom = p + 1
            this.#state = 'line-start'
            p++
            continue
          }
          this.#unstuff() // ".text": the dot was stuffing (5321 §4.5.2)
          keepFrom = p
          this.#state = 'mid-line'
          continue
        }
        case 'dot-cr': {
          if (text.charCodeAt(p) === LF) {
            if (!this.#afterBareLf) return this.#end(p + 1, null)
            if (this.#policy === 'lenient') return this.#end(p + 1, '<LF>.<CR><LF>')
            // "<LF>.<CR><LF>" is not the end under the RFC: the dot line is dropped, and the data goes on.
            this.#nonstandardEnd ??= '<LF>.<CR><LF>'
            this.#afterBareLf = false
            keepFrom = p + 1
            this.#state = 'line-start'
            p++
            continue
          }
          // ".<CR>x": stuffing dot removed, and the CR is a lone CR.
          this.#unstuff()
          this.#loneCr(this.#crAt)
          keepFrom = p
          this.#state = 'mid-line'
          this.#lineLength = 1
          continue
        }
        case 'mid-line':
          break
      }
      // mid-line: find the end of this line, and any CR in it that is not the one before its LF (a lone CR).
      // The next CR is remembered across lines, so each line costs one search for LF and one for CR.
      const lf = text.indexOf('\n', p)
      const end = lf < 0 ? n : lf
      if (nextCr < p) nextCr = indexOrEnd(text, '\r', p)
      while (nextCr < end) {
        const endsLine = lf >= 0 ? nextCr === lf - 1 : nextCr === n - 1 // the last one is decided by the next chunk
        if (!endsLine) {
          this.#keep(chunk, keepFrom, nextCr)
          this.#loneCr(base + nextCr)
          keepFrom = nextCr + 1
        }
        nextCr = indexOrEnd(text, '\r', nextCr + 1)
      }
      if (lf < 0) {
        this.#lineLength += n - p
        if (text.charCodeAt(n - 1) === CR) {
          this.#keep(chunk, keepFrom, n - 1) // held back until the next chunk says what it is
          keepFrom = n
          this.#pendingCr = true
          this.#crAt = base + n - 1
        }
        p = n
        break
      }
      const crlf = lf > p ? text.charCodeAt(lf - 1) === CR : this.#crBefore
      this.#lineLength += lf + 1 - p
      if (!crlf && this.#policy === 'pass') {
        // Only CR LF ends a line here: the lone LF is one more octet of this line, kept as it came, so a dot after it
        // is no line's first character (the outbound half of SMTP smuggling).
        this.#bareLf++
        p = lf + 1
        this.#crBefore = false
        continue
      }
      this.#endLine()
      if (crlf) {
        this.#afterBareLf = false
      } else {
        this.#bareLfAt(base + lf)
        this.#afterBareLf = true
        if (this.#policy === 'normalize') {
          this.#keep(chunk, keepFrom, lf)
          this.#store(CR_BYTES) // the lone LF is stored as CRLF
          keepFrom = lf
        }
      }
      p = lf + 1
      this.#state = 'line-start'
      this.#crBefore = false
    }
    this.#keep(chunk, keepFrom, n)
    return -1
  }

  /** A CR not followed by LF: counted, and stored as a space unless the personality refuses such messages. */
  #loneCr(at: number): void {
    this.#bareCr++
    if (this.#bareAt.CR.length < MAX_POSITIONS) this.#bareAt.CR.push(at)
    this.#store(this.#policy === 'reject' ? CR_BYTES : SPACE_BYTES)
  }

  /** Keep chunk[from, to) as content: the chunk itself when it is all kept, else a view of it (never a copy). */
  #keep(chunk: Uint8Array, from: number, to: number): void {
    if (to > from) this.#store(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to))
  }

  #bareLfAt(at: number): void {
    this.#bareLf++
    if (this.#bareAt.LF.length < MAX_POSITIONS) this.#bareAt.LF.push(at)
  }

  #unstuff(): void {
    this.#unstuffed++
    if (this.#unstuffedAt.length < MAX_POSITIONS) this.#unstuffedAt.push(this.#dotAt)
  }

  #endLine(): void {
    if (this.#lineLength > this.#longestLine) this.#longestLine = this.#lineLength
    this.#lineLength = 0
  }

  #store(bytes: Uint8Array): void {
    this.#size += bytes.length
    if (this.#limits.messageSize > 0 && this.#size > this.#limits.messageSize) return // counted, not kept
    if (bytes.length >= SMALL_PIECE) {
      this.#flushBlock()
      this.#segments.push(bytes)
      return
    }
    if (!this.#block || this.#blockUsed + bytes.length > this.#block.length) {
      this.#flushBlock()
      this.#block = new Uint8Array(this.#block ? Math.min(BLOCK, this.#block.length * 2) : FIRST_BLOCK)
      this.#blockStart = this.#blockUsed = 0
    }
    this.#block.set(bytes, this.#blockUsed)
    this.#blockUsed += bytes.length
  }

  /** Move the small pieces copied so far into #segments, keeping their place among the views. */
  #flushBlock(): void {
    if (!this.#block || this.#blockUsed === this.#blockStart) return
    this.#segments.push(this.#block.subarray(this.#blockStart, this.#blockUsed))
    this.#blockStart = this.#blockUsed
  }

  #end(offset: number, nonstandard: string | null): number {
    if (nonstandard) {
      this.#nonstandardEnd = nonstandard
      this.#nonstandardEnded = true
    }
    return offset
  }

  /** What was read, once `feed` has returned an end offset. Joins the kept views into one buffer. */
  finish(): DataSummary {
    this.#flushBlock()
    const overSize = this.#limits.messageSize > 0 && this.#size > this.#limits.messageSize
    return {
      content: overSize ? new Uint8Array(0) : concat(this.#segments, this.#size),
      size: this.#size,
      unstuffed: this.#unstuffed,
      unstuffedAt: this.#unstuffedAt,
      bare: { LF: this.#bareLf, CR: this.#bareCr },
      bareAt: this.#bareAt,
      longestLine: this.#longestLine,
      overSize,
      nonstandardEnd: this.#nonstandardEnd,
      nonstandardEnded: this.#nonstandardEnded,
    }
  }
}

export function concat(parts: readonly Uint8Array[], total = parts.reduce((s, p) => s + p.length, 0)): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0].slice()
  const out = new Uint8Array(total)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
