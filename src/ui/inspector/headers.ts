/**
 * The header section of a stored message, field by field, in order, as the inspector shows it: the fields are the
 * model's (src/smtp/message.ts: RFC 5322 §2.2, unfolded), with encoded-words (RFC 2047) decoded for display by
 * postal-mime. Also the trace fields (Return-Path:, Received:, §3.6.7) picked out and numbered: Received: lines are
 * prepended by every server on the way, so the bottom one is the first hop and they read from the bottom up.
 */
import { decodeWords } from 'postal-mime'
import { headerFields, sections, type HeaderField as ModelField } from '../../smtp/message'

export interface HeaderField extends Pick<ModelField, 'index' | 'name' | 'value' | 'raw'> {
  /** The value with encoded-words decoded, when it has any. */
  readonly decoded: string | null
}

const utf8 = new TextDecoder('utf-8')

/** The header section (as UTF-8 text) and where the body starts. */
export function splitMessage(content: Uint8Array): { head: string; bodyOffset: number } {
  const { headerEnd, bodyStart } = sections(content)
  return { head: utf8.decode(content.subarray(0, headerEnd)), bodyOffset: bodyStart }
}

/** The fields of a header section, in order. Lines before the first field, or without a colon, are kept as they are. */
export function parseHeaderFields(head: string): HeaderField[] {
  return headerFields(head).map(({ index, name, value, raw }) => {
    const decoded = /=\?[^?\s]+\?[BbQq]\?/.test(value) ? decodeWords(value) : null
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
