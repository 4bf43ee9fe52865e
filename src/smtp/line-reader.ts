/**
 * Command-line framing: from octets to one line at a time, for commands and SASL exchange lines (RFC 5321 §2.3.8,
 * §4.5.3.1.4; RFC 4954 §4). Its sibling data-reader.ts frames message data.
 *
 *  - A line ends at LF. CR LF is the SMTP line ending; a lone LF is reported (`bareLf`) and the caller's personality
 *    decides what to do with it.
 *  - A line may arrive in any number of chunks; the pieces are kept as views, not copied, until the LF comes.
 *  - Past the limit (line ending included) the excess is skipped, not stored, and the line is marked `overrun`: what
 *    fits before the CR LF is kept, as Postfix keeps a truncated line.
 */
import { concat } from './data-reader'

const CR = 13

export interface Line {
  /** The line without its ending; after an overrun, the first `limit - 2` octets. */
  readonly bytes: Uint8Array
  /** Octets as received, the LF included. */
  readonly length: number
  /** Longer than the limit. */
  readonly overrun: boolean
  /** Ended in LF without CR (not reported for a line that overran: its end was not kept). */
  readonly bareLf: boolean
}

export class LineReader {
  #parts: Uint8Array[] = []
  #length = 0
  #overrun = false

  /**
   * Read from `chunk` (and `text`, the same octets as a string: see data-reader's `octetsAsText`) at `start`, up to and
   * including the next LF. Returns the line and the offset after its LF, or null when the chunk ended first (what was
   * read is kept for the next call).
   */
  read(chunk: Uint8Array, text: string, start: number, limit: number): { line: Line; next: number } | null {
    const lf = text.indexOf('\n', start)
    this.#append(chunk.subarray(start, lf < 0 ? text.length : lf), limit)
    if (lf < 0) return null
    return { line: this.#complete(limit), next: lf + 1 }
  }

  /** Forget a partial line (the session is over). */
  clear(): void {
    this.#parts = []
    this.#length = 0
    this.#overrun = false
  }

  /** Keep at most `limit` octets of a line, its LF included; note an overrun. */
  #append(part: Uint8Array, limit: number): void {
    const room = limit - 1 - this.#length
    if (part.length > room) this.#overrun = true
    if (room > 0) this.#parts.push(part.length > room ? part.subarray(0, room) : part)
    this.#length += part.length
  }

  #complete(limit: number): Line {
    const parts = this.#parts
    const bytes = parts.length === 1 && parts[0] ? parts[0] : concat(parts)
    const overrun = this.#overrun
    const length = this.#length + 1
    this.clear()
    const crlf = bytes[bytes.length - 1] === CR
    if (overrun) return { bytes: bytes.subarray(0, limit - 2), length, overrun, bareLf: false }
    return { bytes: crlf ? bytes.subarray(0, bytes.length - 1) : bytes, length, overrun, bareLf: !crlf }
  }
}
