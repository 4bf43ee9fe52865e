/**
 * Delivery status notifications (RFC 3464): the bounce a host sends to the reverse-path when it cannot deliver
 * what it accepted (5321 §6.1). `multipart/report; report-type=delivery-status` with three parts: a text for people,
 * the machine-readable `message/delivery-status`, and the original message (or its header only, RET=HDRS).
 * The wording of the human part follows Postfix's bounce template.
 */
import { rfc5322Date } from '../time'
import { sections } from '../message'

export interface FailedRecipient {
  readonly recipient: string
  /** ORCPT, when the client gave one (RFC 3461 §4.2). */
  readonly original?: string
  readonly action: 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded'
  /** RFC 3463 status, e.g. 5.1.1. */
  readonly status: string
  /** The host that answered, when the failure came from another MTA. */
  readonly remoteMta?: string
  /** `smtp; 550 5.1.1 …` when a remote MTA answered, else `X-Postfix; …`. */
  readonly diagnostic: string
  /** The same reason, wrapped for people, for the notification text. */
  readonly reason: string
  /** The alias this recipient is a member of, as Postfix's text says: "(expanded from <info@example.com>)". */
  readonly expandedFrom?: string
}

export interface DsnInput {
  readonly reportingMta: string
  readonly queueId: string
  readonly dsnQueueId: string
  readonly sender: string
  readonly arrivalDate: number
  readonly now: number
  readonly recipients: readonly FailedRecipient[]
  readonly original: Uint8Array
  /** RET=HDRS (RFC 3461 §4.3): return only the header of the original. */
  readonly headersOnly?: boolean
  readonly envelopeId?: string
}

const encoder = new TextEncoder()

/** The header section of a message, its last line end included (what RET=HDRS returns). */
export function headerPart(message: Uint8Array): Uint8Array {
  return message.subarray(0, sections(message).headerEnd)
}

/** Fold a long `Field: value` line at spaces, continuation lines indented (RFC 5322 §2.2.3). */
function fold(line: string, width = 78): string {
  if (line.length <= width) return line
  const words = line.split(' ')
  const out: string[] = []
  let current = ''
  for (const w of words) {
    if (current && current.length + 1 + w.length > width) {
      out.push(current)
      current = '    ' + w
    } else current = current ? current + ' ' + w : w
  }
  out.push(current)
  return out.join('\r\n')
}

export function buildDsn(d: DsnInput): Uint8Array {
  const boundary = `${d.queueId}.${Math.floor(d.now / 1000)}/${d.reportingMta}`
  const delayed = d.recipients.every((r) => r.action === 'delayed')
  const delivered = d.recipients.every((r) => r.action === 'delivered')
  const subject = delivered ? 'Successful Mail Delivery Report' : delayed ? 'Delayed Mail (still being retried)' : 'Undelivered Mail Returned to Sender'
  const human = delivered
    ? [`This is the mail system at host ${d.reportingMta}.`, '', 'Your message was successfully delivered to the destination(s)', 'listed below. If the message was delivered to mailbox you will', 'receive no further notifications. Otherwise you may still receive', 'notifications of mail delivery errors from other systems.', '', '                   The mail system']
    : delayed
    ? ['This is the mail system at host ' + d.reportingMta + '.', '', '####################################################################', '# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #', '####################################################################', '', 'Your message could not be delivered for some time. The mail system will keep trying.']
    : [
        `This is the mail system at host ${d.reportingMta}.`,
        '',
        "I'm sorry to have to inform you that your message could not",
        "be delivered to one or more recipients. It's attached below.",
        '',
        'For further assistance, please send mail to postmaster.',
        '',
        'If you do so, please include this problem report. You can',
        'delete your own text from the attached returned message.',
        '',
        '                   The mail system',
      ]
  const perRecipient = d.recipients.map((r) => fold(`<${r.recipient}>${r.expandedFrom ? ` (expanded from <${r.expandedFrom}>)` : ''}: ${r.reason}`))
  const messageFields = [
    ...(d.envelopeId ? [`Original-Envelope-Id: ${d.envelopeId}`] : []),
    `Reporting-MTA: dns; ${d.reportingMta}`,
    `X-Postfix-Queue-ID: ${d.queueId}`,
    `X-Postfix-Sender: rfc822; ${d.sender}`,
    `Arrival-Date: ${rfc5322Date(d.arrivalDate)}`,
  ]
  const recipientGroups = d.recipients.map((r) =>
    [
      `Final-Recipient: rfc822; ${r.recipient}`,
      ...(r.original ? [`Original-Recipient: rfc822;${r.original}`] : []),
      `Action: ${r.action}`,
      `Status: ${r.status}`,
      ...(r.remoteMta ? [`Remote-MTA: dns; ${r.remoteMta}`] : []),
      fold(`Diagnostic-Code: ${r.diagnostic}`),
    ].join('\r\n'),
  )
  const returned = d.headersOnly ? headerPart(d.original) : d.original
  const head = [
    `From: MAILER-DAEMON@${d.reportingMta} (Mail Delivery System)`,
    `Subject: ${subject}`,
    `To: ${d.sender}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary="${boundary}"`,
    'Content-Transfer-Encoding: 8bit',
    `Message-Id: <${d.dsnQueueId}@${d.reportingMta}>`,
    `Date: ${rfc5322Date(d.now)}`,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    ...human,
    '',
    ...perRecipient,
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    messageFields.join('\r\n'),
    '',
    recipientGroups.join('\r\n\r\n'),
    '',
    `--${boundary}`,
    `Content-Description: ${d.headersOnly ? 'Undelivered Message Headers' : 'Undelivered Message'}`,
    `Content-Type: ${d.headersOnly ? 'text/rfc822-headers' : 'message/rfc822'}`,
    '',
    '',
  ].join('\r\n')
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`)
  const headBytes = encoder.encode(head)
  const out = new Uint8Array(headBytes.length + returned.length + tail.length)
  out.set(headBytes)
  out.set(returned, headBytes.length)
  out.set(tail, headBytes.length + returned.length)
  return out
}
