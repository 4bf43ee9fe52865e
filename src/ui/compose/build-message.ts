/**
 * A message of the schema (./message.ts) → the RFC 5322 / MIME text a mail client would write, CRLF line ends.
 *
 *  - Header fields: From, To, Cc, Reply-To, Subject, Date, Message-ID, the extra `headers`, then MIME-Version and
 *    the content fields. Bcc is never written (RFC 5322 §3.6.3 allows leaving it out; the envelope carries it).
 *    Non-ASCII text becomes encoded-words (RFC 2047).
 *  - Body: text/plain, text/html, or multipart/alternative when there are both (plain first: RFC 2046 §5.1.4 puts
 *    the preferred last); inside multipart/mixed when there are attachments. 7bit when the text allows it, else
 *    quoted-printable, so the message needs neither 8BITMIME nor SMTPUTF8.
 *  - Attachments carry no content in the schema: each gets a short deterministic placeholder text, base64-encoded,
 *    and a note says so.
 *  - Date: and Message-ID: come from the input, else from the injected clock and id source.
 * Dot-stuffing is the transcript's business (build-transcript.ts), not the message's. Pure: no DOM, no clock.
 */
import { addressList, type AttachmentInput, type MessageInput } from './message'
import { messageDate, rfc5322FromIso } from '../../smtp/time'
import { base64Lines, crlf, fold, headerField, is7bit, mimeParameter, quotedPrintable } from './mime-encode'

export interface BuildOptions {
  /** Milliseconds since the epoch, for a missing Date:. */
  readonly now: () => number
  /** A fresh unique token, for a missing Message-ID: (`<token@from-domain>`). */
  readonly newId: () => string
}

export interface BuiltMessage {
  /** The message, CRLF line ends, ending in CRLF. */
  readonly text: string
  /** What the builder decided on the writer's behalf (placeholders, fields dropped), for the UI to show. */
  readonly notes: readonly string[]
}

const CRLF = '\r\n'
const encoder = new TextEncoder()

/** Fields the builder writes itself; the extra `headers` cannot replace them. */
const OWN_FIELDS = new Set(['from', 'to', 'cc', 'reply-to', 'subject', 'date', 'message-id', 'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition'])
/** field-name = 1*ftext; ftext = %d33-57 / %d59-126 (RFC 5322 §3.6.8). */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/
/** type "/" subtype as RFC 6838 §4.2 names them. */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/

interface Part {
  readonly headers: readonly string[]
  readonly body: string
}

function textPart(subtype: 'plain' | 'html', text: string): Part {
  const seven = is7bit(text)
  return {
    headers: [`Content-Type: text/${subtype}; charset=utf-8${CRLF}`, `Content-Transfer-Encoding: ${seven ? '7bit' : 'quoted-printable'}${CRLF}`],
    body: seven ? crlf(text) : quotedPrintable(text),
  }
}

/** The placeholder an attachment carries: the schema has its name, type and size, never its content. */
export function placeholderText(a: AttachmentInput): string {
  const size = a.size === undefined ? '' : `, ${a.size} bytes in the original`
  return `Placeholder for "${a.filename}" (${a.contentType}${size}): the message schema describes attachments but does not carry their content.${CRLF}`
}

function attachmentPart(a: AttachmentInput, notes: string[]): Part {
  let type = a.contentType.trim().toLowerCase()
  if (!MEDIA_TYPE.test(type) || /^(multipart|message)\//.test(type)) {
    notes.push(`Attachment "${a.filename}": "${a.contentType}" cannot label a base64 part, so it is sent as application/octet-stream.`)
    type = 'application/octet-stream'
  }
  const disposition = a.disposition ?? 'attachment'
  const headers = [
    fold(`Content-Type: ${type}; ${mimeParameter('name', a.filename)}`) + CRLF,
    fold(`Content-Disposition: ${disposition}; ${mimeParameter('filename', a.filename)}`) + CRLF,
    'Content-Transfer-Encoding: base64' + CRLF,
  ]
  if (a.contentId !== undefined) {
    const id = a.contentId.replace(/[\s<>]/g, '')
    if (id) headers.push(`Content-ID: <${id}>${CRLF}`)
  }
  return { headers, body: base64Lines(encoder.encode(placeholderText(a))) }
}

function serialize(part: Part): string {
  return part.headers.join('') + CRLF + part.body
}

/** FNV-1a, to make boundaries that depend on the content only (the same input gives the same message). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h.toString(16).padStart(8, '0')
}

/** Boundaries that no line of the parts can contain: `=_` never occurs in base64 or quoted-printable output. */
function multipart(subtype: 'alternative' | 'mixed', parts: readonly Part[], depth: number): Part {
  const inner = parts.map(serialize).join(CRLF)
  let salt = 0
  let boundary = ''
  do boundary = `=_smtp-sim_${subtype}_${depth}_${fnv1a(inner + salt++)}`
  while (inner.includes('--' + boundary))
  return {
    headers: [`Content-Type: multipart/${subtype};${CRLF} boundary="${boundary}"${CRLF}`],
    body: ['This is a multi-part message in MIME format.', ...parts.map((p) => `--${boundary}${CRLF}${serialize(p)}`), `--${boundary}--`].join(CRLF),
  }
}

/** `<token@domain>`, whatever the writer typed around it. */
function messageIdOf(given: string | undefined, from: string, newId: () => string, notes: string[]): string {
  if (given !== undefined && given.trim() !== '') {
    const bare = given.trim().replace(/^<|>$/g, '')
    if (/^[^\s<>@]+@[^\s<>@]+$/.test(bare)) return `<${bare}>`
    notes.push(`messageId "${given}" is not of the form <local@domain>; a new one was made.`)
  }
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'localhost'
  return `<${newId()}@${domain}>`
}

export function buildMessage(message: MessageInput, options: BuildOptions): BuiltMessage {
  const notes: string[] = []
  const head: string[] = []
  const add = (name: string, value: string) => head.push(headerField(name, value))
  const list = (name: string, addresses: readonly string[]) => {
    if (addresses.length > 0) head.push(fold(`${name}: ${addresses.join(', ')}`) + CRLF)
  }

  head.push(`From: ${message.from}${CRLF}`)
  list('To', addressList(message.to))
  list('Cc', addressList(message.cc))
  if (message.replyTo !== undefined) head.push(`Reply-To: ${message.replyTo}${CRLF}`)
  add('Subject', message.subject)
  let date = message.date === undefined ? null : rfc5322FromIso(message.date)
  if (message.date !== undefined && date === null) notes.push(`date "${message.date}" is not an RFC 3339 date-time; the current time was used.`)
  date ??= messageDate(options.now())
  add('Date', date)
  head.push(`Message-ID: ${messageIdOf(message.messageId, message.from, options.newId, notes)}${CRLF}`)
  if (addressList(message.bcc).length > 0) notes.push('Bcc: its addresses are RCPT TO recipients only; no Bcc: field is written, so no recipient sees them.')

  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const key = name.toLowerCase()
    if (!FIELD_NAME.test(name)) notes.push(`Header "${name}" left out: a field name is printable ASCII without spaces or colons (RFC 5322 §3.6.8).`)
    else if (key === 'bcc') notes.push('Header "Bcc" left out: Bcc recipients belong in the envelope only.')
    else if (OWN_FIELDS.has(key)) notes.push(`Header "${name}" left out: the builder writes that field from the message itself.`)
    else add(name, value)
  }

  const text = message.body?.text
  const html = message.body?.html
  const bodyParts = [...(text !== undefined ? [textPart('plain', text)] : []), ...(html !== undefined ? [textPart('html', html)] : [])]
  let part: Part = bodyParts.length === 0 ? textPart('plain', '') : bodyParts.length === 1 ? bodyParts[0]! : multipart('alternative', bodyParts, 1)
  const attachments = message.attachments ?? []
  if (attachments.length > 0) {
    part = multipart('mixed', [part, ...attachments.map((a) => attachmentPart(a, notes))], 0)
    notes.push(`Attachments: the schema carries no content, so ${attachments.length === 1 ? 'the attachment holds' : 'each attachment holds'} a short placeholder text, base64-encoded.`)
  }
  const built = /^Content-Type: ([^;\r\n]+)/.exec(part.headers[0] ?? '')?.[1] ?? 'text/plain'
  const asked = message.body?.mimeType?.trim().toLowerCase()
  if (asked && asked !== built) notes.push(`body.mimeType "${message.body?.mimeType}" was not followed: the parts given make ${built}.`)

  // The message ends with CRLF; a body that already does is not given an empty line more.
  const body = serialize(part)
  const textOut = head.join('') + 'MIME-Version: 1.0' + CRLF + body + (body.endsWith(CRLF) ? '' : CRLF)
  return { text: textOut, notes }
}
