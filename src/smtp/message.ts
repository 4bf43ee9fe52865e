/**
 * An RFC 5322 message as lines: the header section, then an empty line, then the body (§2.1); header fields with
 * their folded continuation lines (§2.2, §2.2.3). The one place that knows where a header section ends and how a
 * field is unfolded: the session, the world's cleanup and submission fixes, the DSN writer, the lesson goals, the
 * shell's `mail` and the inspector all ask here.
 *
 * Line ends may be CR LF or, in a message that came by BDAT (which does not normalise them), a lone LF.
 * Works on octets or on text (one character per octet when decoded as latin1, so offsets stay octet offsets).
 */

const LF = 10
const CR = 13

export interface Sections {
  /** Offset just after the line end of the last header line (0 when the message starts with the empty line). */
  readonly headerEnd: number
  /** Offset of the body's first octet: after the empty line, or the length when there is none. */
  readonly bodyStart: number
}

/** Where the header section ends and the body starts: at the first empty line. */
export function sections(message: Uint8Array | string): Sections {
  const length = message.length
  const text = typeof message === 'string'
  // Only the header section is scanned, however long the body: from the start, each LF, to the empty line.
  for (let i = -1; i < length; i++) {
    if (i >= 0 && (text ? message.charCodeAt(i) : message[i]) !== LF) continue
    const a = text ? message.charCodeAt(i + 1) : message[i + 1]
    const empty = a === LF ? 1 : a === CR && (text ? message.charCodeAt(i + 2) : message[i + 2]) === LF ? 2 : 0
    if (empty > 0) return { headerEnd: i + 1, bodyStart: i + 1 + empty }
  }
  return { headerEnd: length, bodyStart: length }
}

/** The header section of a text, with its last line end, and the body after the empty line. */
export function splitMessage(text: string): { readonly head: string; readonly body: string } {
  const { headerEnd, bodyStart } = sections(text)
  return { head: text.slice(0, headerEnd), body: text.slice(bodyStart) }
}

const latin1 = new TextDecoder('latin1')

/**
 * The header fields of a message in octets, decoded one character per octet (so `start`/`end` are octet offsets):
 * right for the field names and the checks the model makes; decode UTF-8 yourself to show a value.
 */
export function headerOf(message: Uint8Array): HeaderField[] {
  return headerFields(latin1.decode(message.subarray(0, sections(message).headerEnd)))
}

export interface HeaderField {
  /** Position in the header section, from 0. */
  readonly index: number
  /** The field name as written; '' for a line that is not a field (no colon). */
  readonly name: string
  /** Unfolded (§2.2.3: each line end before white space removed, the white space kept), trimmed. */
  readonly value: string
  /** As written, folding included (CR LF between its lines), without the final line end. */
  readonly raw: string
  /** Offsets of the field in the header text: its first octet, and just after its last line end. */
  readonly start: number
  readonly end: number
}

/** The fields of a header section, in order. A line before the first field, or without a colon, is kept as a field named ''. */
export function headerFields(head: string): HeaderField[] {
  // Every stored message is read here a few times (loop count, cleanup, message-id), so no closure or line array
  // per call: a field's lines are joined as they come.
  const fields: HeaderField[] = []
  let start = -1
  let raw = ''
  let folded = false
  for (let p = 0; p < head.length; ) {
    const lf = head.indexOf('\n', p)
    const next = lf < 0 ? head.length : lf + 1
    const line = head.slice(p, lf < 0 ? head.length : lf > p && head[lf - 1] === '\r' ? lf - 1 : lf)
    const first = line.charCodeAt(0)
    if ((first === 32 || first === 9) && start >= 0) {
      raw += '\r\n' + line // a continuation line (§2.2.3)
      folded = true
    } else if (line !== '') {
      if (start >= 0) fields.push(headerField(fields.length, raw, folded, start, p))
      start = p
      raw = line
      folded = false
    }
    p = next
  }
  if (start >= 0) fields.push(headerField(fields.length, raw, folded, start, head.length))
  return fields
}

function headerField(index: number, raw: string, folded: boolean, start: number, end: number): HeaderField {
  const colon = raw.indexOf(':')
  const name = colon < 0 ? '' : raw.slice(0, colon).trim()
  const rest = colon < 0 ? raw : raw.slice(colon + 1)
  const value = (folded ? rest.replace(/\r\n/g, '') : rest).trim()
  return { index, name, value, raw, start, end }
}

/** The values of every field of that name (any case), in order. */
export function fieldValues(fields: readonly Pick<HeaderField, 'name' | 'value'>[], name: string): string[] {
  const lower = name.toLowerCase()
  return fields.filter((f) => f.name.toLowerCase() === lower).map((f) => f.value)
}

/** The first field of that name (any case), or null. */
export function fieldValue(fields: readonly Pick<HeaderField, 'name' | 'value'>[], name: string): string | null {
  return fieldValues(fields, name)[0] ?? null
}
