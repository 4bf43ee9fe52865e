/**
 * The header section of a stored message, field by field, in order (RFC 5322 §2.2): each field unfolded (§2.2.3:
 * a CRLF followed by white space is removed), its raw folded text kept, and encoded-words (RFC 2047) decoded for
 * display. Also the trace fields (Return-Path:, Received:, §3.6.7) picked out and numbered: Received: lines are
 * prepended by every server on the way, so the bottom one is the first hop and they read from the bottom up.
 * Pure: no DOM, no postal-mime (the mailbox list needs these synchronously).
 */

export interface HeaderField {
  /** Position in the header, from 0. */
  readonly index: number
  readonly name: string
  /** Unfolded: the CRLFs of folding removed, the white space after them kept. */
  readonly value: string
  /** As it stands in the message, folding included (CRLF line ends). */
  readonly raw: string
  /** The value with encoded-words decoded, when it has any. */
  readonly decoded: string | null
}

const utf8 = new TextDecoder('utf-8')

/** Where the header section ends and the body starts (after the empty line). */
export function splitMessage(content: Uint8Array): { head: string; bodyOffset: number } {
  for (let i = 0; i + 1 < content.length; i++) {
    if (content[i] === 10 && (content[i + 1] === 10 || (content[i + 1] === 13 && content[i + 2] === 10))) {
      return { head: utf8.decode(content.subarray(0, i + 1)), bodyOffset: i + (content[i + 1] === 10 ? 2 : 3) }
    }
  }
  return { head: utf8.decode(content), bodyOffset: content.length }
}

function decodeWord(charset: string, encoding: string, text: string): string | null {
  let bytes: Uint8Array
  if (encoding.toUpperCase() === 'B') {
    try {
      const binary = atob(text)
      bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
    } catch {
      return null
    }
  } else {
    const q = text.replace(/_/g, ' ')
    const out: number[] = []
    for (let i = 0; i < q.length; i++) {
      const hex = q[i] === '=' ? q.slice(i + 1, i + 3) : ''
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16))
        i += 2
      } else out.push(q.charCodeAt(i) & 0xff)
    }
    bytes = new Uint8Array(out)
  }
  try {
    return new TextDecoder(charset.replace(/\*.*$/, '')).decode(bytes) // RFC 2231 §5 language suffix dropped
  } catch {
    return null
  }
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g

/** Decode RFC 2047 encoded-words; white space between two adjacent encoded-words is dropped (§6.2). */
export function decodeEncodedWords(value: string): string {
  return value.replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)/g, '$1').replace(ENCODED_WORD, (word, charset: string, enc: string, text: string) => decodeWord(charset, enc, text) ?? word)
}

/** The fields of a header section, in order. Lines before the first field, or without a colon, are kept as they are. */
export function parseHeaderFields(head: string): HeaderField[] {
  const lines = head.replace(/\r?\n$/, '').split(/\r?\n/)
  const raws: string[] = []
  for (const line of lines) {
    if (/^[ \t]/.test(line) && raws.length > 0) raws[raws.length - 1] += '\r\n' + line
    else if (line !== '') raws.push(line)
  }
  return raws.map((raw, index) => {
    const colon = raw.indexOf(':')
    const name = colon < 0 ? '' : raw.slice(0, colon).trim()
    const value = (colon < 0 ? raw : raw.slice(colon + 1)).replace(/\r\n/g, '').trim()
    const decoded = /=\?[^?\s]+\?[BbQq]\?/.test(value) ? decodeEncodedWords(value) : null
    return { index, name, value, raw, decoded: decoded !== value ? decoded : null }
  })
}

/** The first field of a name (any case), as displayed: decoded when it had encoded-words. */
export function fieldValue(fields: readonly HeaderField[], name: string): string | null {
  const f = fields.find((x) => x.name.toLowerCase() === name.toLowerCase())
  return f ? (f.decoded ?? f.value) : null
}

// --- Trace fields ---------------------------------------------------------------------------------------------------

/** The clauses of a Received: field (RFC 5321 §4.4 Stamp), comments kept with the clause they follow. */
export interface ReceivedClauses {
  readonly from?: string
  readonly by?: string
  readonly via?: string
  readonly with?: string
  readonly id?: string
  readonly for?: string
  readonly date?: string
}

export interface TraceField {
  readonly field: HeaderField
  /** Received: only: 1 is the bottom one, the first server the message passed, counting upwards. */
  readonly hop: number | null
  readonly clauses: ReceivedClauses | null
}

const CLAUSE = new Set(['from', 'by', 'via', 'with', 'id', 'for'])

export function parseReceived(value: string): ReceivedClauses {
  const semicolon = value.lastIndexOf(';')
  const stamp = semicolon < 0 ? value : value.slice(0, semicolon)
  const clauses: Record<string, string> = {}
  let key: string | null = null
  let depth = 0
  let word = ''
  const words: string[] = []
  for (const ch of stamp + ' ') {
    if (ch === '(') depth++
    if (ch === ')') depth = Math.max(0, depth - 1)
    if (/\s/.test(ch) && depth === 0) {
      if (word) words.push(word)
      word = ''
    } else word += ch
  }
  for (const w of words) {
    if (CLAUSE.has(w.toLowerCase()) && !(key && clauses[key] === '')) {
      key = w.toLowerCase()
      clauses[key] = ''
    } else if (key) clauses[key] = clauses[key] ? `${clauses[key]} ${w}` : w
  }
  if (semicolon >= 0) clauses['date'] = value.slice(semicolon + 1).trim()
  return clauses
}

/** Return-Path: and Received: (and the Delivered-To:/X-Original-To: a Postfix local delivery adds), in order. */
export function traceFields(fields: readonly HeaderField[]): TraceField[] {
  const received = fields.filter((f) => f.name.toLowerCase() === 'received')
  return fields
    .filter((f) => ['return-path', 'received', 'delivered-to', 'x-original-to'].includes(f.name.toLowerCase()))
    .map((field) => {
      const isReceived = field.name.toLowerCase() === 'received'
      return { field, hop: isReceived ? received.length - received.indexOf(field) : null, clauses: isReceived ? parseReceived(field.value) : null }
    })
}
