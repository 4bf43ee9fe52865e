/**
 * The compose form's fields (all text, as inputs hold them) ↔ a JSON value in the message schema's shape.
 * The form adds no rules of its own: what it cannot express (an empty To, a size that is not a number) is passed on
 * as it is, so the schema reports it. The one thing only the form can get wrong is a header line without a colon.
 */
import type { FieldError } from './schema-errors'

export interface AttachmentRow {
  filename: string
  contentType: string
  contentId: string
  disposition: '' | 'attachment' | 'inline'
  size: string
}

export interface ComposeForm {
  from: string
  /** Addresses separated by commas, semicolons or new lines. */
  to: string
  cc: string
  bcc: string
  replyTo: string
  subject: string
  date: string
  messageId: string
  text: string
  html: string
  mimeType: string
  /** One `Name: value` per line. */
  headers: string
  attachments: AttachmentRow[]
}

export function emptyForm(from = ''): ComposeForm {
  return { from, to: '', cc: '', bcc: '', replyTo: '', subject: '', date: '', messageId: '', text: '', html: '', mimeType: '', headers: '', attachments: [] }
}

export function emptyAttachment(): AttachmentRow {
  return { filename: '', contentType: 'application/octet-stream', contentId: '', disposition: '', size: '' }
}

function addresses(text: string): string | string[] | undefined {
  const list = text.split(/[,;\n]/).map((a) => a.trim()).filter((a) => a !== '')
  return list.length === 0 ? undefined : list.length === 1 ? list[0] : list
}

/** The form as a JSON value for the schema, and the header lines it could not read. */
export function formToValue(form: ComposeForm): { value: Record<string, unknown>; errors: FieldError[] } {
  const value: Record<string, unknown> = { from: form.from.trim() }
  const set = (key: string, v: unknown) => {
    if (v !== undefined && v !== '') value[key] = v
  }
  set('to', addresses(form.to))
  set('cc', addresses(form.cc))
  set('bcc', addresses(form.bcc))
  set('replyTo', form.replyTo.trim())
  value['subject'] = form.subject
  set('date', form.date.trim())
  set('messageId', form.messageId.trim())
  const body: Record<string, string> = {}
  if (form.text !== '') body['text'] = form.text
  if (form.html !== '') body['html'] = form.html
  if (form.mimeType.trim() !== '') body['mimeType'] = form.mimeType.trim()
  if (Object.keys(body).length > 0) value['body'] = body

  const errors: FieldError[] = []
  const headers: Record<string, string> = {}
  form.headers.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    const colon = line.indexOf(':')
    if (colon <= 0) {
      errors.push({ path: 'headers', message: `line ${i + 1}: write "Name: value"`, pointer: '/headers', schemaPath: '' })
      return
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
  })
  if (Object.keys(headers).length > 0) value['headers'] = headers

  if (form.attachments.length > 0) {
    value['attachments'] = form.attachments.map((a) => {
      const out: Record<string, unknown> = { filename: a.filename, contentType: a.contentType }
      if (a.contentId.trim() !== '') out['contentId'] = a.contentId.trim()
      if (a.disposition !== '') out['disposition'] = a.disposition
      const size = a.size.trim()
      if (size !== '') out['size'] = /^-?\d+$/.test(size) ? Number(size) : size // not a number: the schema says so
      return out
    })
  }
  return { value, errors }
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v))
const list = (v: unknown): string => (Array.isArray(v) ? v.map(str).join(', ') : str(v))

/** A JSON value (from the JSON tab) in the form's fields; null if it is not an object. */
export function valueToForm(value: unknown): ComposeForm | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const v = value as Record<string, unknown>
  const body = (typeof v['body'] === 'object' && v['body'] !== null ? v['body'] : {}) as Record<string, unknown>
  const headers = typeof v['headers'] === 'object' && v['headers'] !== null ? Object.entries(v['headers'] as Record<string, unknown>) : []
  const attachments = Array.isArray(v['attachments']) ? (v['attachments'] as unknown[]) : []
  return {
    from: str(v['from']),
    to: list(v['to']),
    cc: list(v['cc']),
    bcc: list(v['bcc']),
    replyTo: str(v['replyTo']),
    subject: str(v['subject']),
    date: str(v['date']),
    messageId: str(v['messageId']),
    text: str(body['text']),
    html: str(body['html']),
    mimeType: str(body['mimeType']),
    headers: headers.map(([k, val]) => `${k}: ${str(val)}`).join('\n'),
    attachments: attachments.map((a) => {
      const o = (typeof a === 'object' && a !== null ? a : {}) as Record<string, unknown>
      const d = o['disposition']
      return { filename: str(o['filename']), contentType: str(o['contentType']), contentId: str(o['contentId']), disposition: d === 'attachment' || d === 'inline' ? d : '', size: str(o['size']) }
    }),
  }
}

/** The form's fields as a learner reads them, by their path in the schema (`body.mimeType` is "MIME type"). */
const LABELS: Readonly<Record<string, string>> = {
  from: 'From',
  to: 'To',
  cc: 'Cc',
  bcc: 'Bcc',
  replyTo: 'Reply-To',
  subject: 'Subject',
  date: 'Date',
  messageId: 'Message-ID',
  headers: 'Other header fields',
  body: 'The body',
  'body.text': 'Plain text',
  'body.html': 'HTML',
  'body.mimeType': 'MIME type',
  attachments: 'Attachments',
}

const ATTACHMENT_FIELDS: Readonly<Record<string, string>> = { filename: 'file name', contentType: 'content type', contentId: 'Content-ID', disposition: 'disposition', size: 'size' }

/**
 * The field an error is about, as the form names it: "To", "To, address 2", "Attachment 1, size". Errors of the
 * message as a whole (path '') are "The message".
 */
export function fieldLabel(path: string): string {
  if (path === '') return 'The message'
  const attachment = /^attachments\[(\d+)\](?:\.(\w+))?$/.exec(path)
  if (attachment) {
    const field = attachment[2] ? (Object.hasOwn(ATTACHMENT_FIELDS, attachment[2]) ? ATTACHMENT_FIELDS[attachment[2]] : attachment[2]) : null
    return `Attachment ${Number(attachment[1]) + 1}${field ? `, ${field}` : ''}`
  }
  const item = /^(\w+)\[(\d+)\]$/.exec(path)
  if (item && Object.hasOwn(LABELS, item[1]!)) return `${LABELS[item[1]!]}, address ${Number(item[2]) + 1}`
  return Object.hasOwn(LABELS, path) ? LABELS[path]! : path
}

/** The form field an error belongs to (its input's key): `to[1]` → to, `attachments[0].size` → a0-size. */
export function fieldKey(path: string): string {
  const attachment = /^attachments\[(\d+)\](?:\.(\w+))?/.exec(path)
  if (attachment) return attachment[2] ? `a${attachment[1]}-${attachment[2]}` : `a${attachment[1]}`
  return path.replace(/\[\d+\]$/, '')
}
