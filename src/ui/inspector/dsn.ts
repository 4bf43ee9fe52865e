/**
 * Delivery status notifications (RFC 3464) made readable: the `message/delivery-status` part is one group of
 * per-message fields, then a group per recipient, separated by empty lines; each field gets a one-line explanation,
 * and Status: codes (RFC 3463) are spelled out. Pure.
 */

export interface DsnField {
  readonly name: string
  readonly value: string
  readonly explanation: string
}

export interface DsnReport {
  readonly perMessage: readonly DsnField[]
  readonly recipients: readonly (readonly DsnField[])[]
}

const ACTIONS: Record<string, string> = {
  failed: 'could not be delivered, and the MTA has given up',
  delayed: 'not delivered yet; the MTA keeps trying (this is a warning)',
  delivered: 'delivered to the recipient\'s mailbox',
  relayed: 'passed on to a system that does not send such reports',
  expanded: 'delivered to an alias or list, which sent it on to its members',
}

const CLASS: Record<string, string> = { '2': 'Success', '4': 'Persistent transient failure (may work later)', '5': 'Permanent failure (retrying will not help)' }

/** RFC 3463 §3: subject and detail, the ones mail systems use. */
const DETAIL: Record<string, string> = {
  '0.0': 'other or undefined status',
  '1.0': 'other address status',
  '1.1': 'bad destination mailbox: no such user here',
  '1.2': 'bad destination system: no such domain, or it does not accept mail',
  '1.3': 'bad destination mailbox address syntax',
  '1.4': 'destination mailbox address ambiguous',
  '1.5': 'destination address valid',
  '1.6': 'destination mailbox has moved, no forwarding address',
  '1.7': 'bad sender\'s mailbox address syntax',
  '1.8': 'bad sender\'s system address',
  '1.10': 'recipient address has a null MX (RFC 7505)',
  '2.0': 'other or undefined mailbox status',
  '2.1': 'mailbox disabled, not accepting messages',
  '2.2': 'mailbox full',
  '2.3': 'message longer than the mailbox accepts',
  '2.4': 'mailing list expansion problem',
  '3.0': 'other or undefined mail system status',
  '3.1': 'mail system full',
  '3.2': 'system not accepting network messages',
  '3.3': 'system not capable of selected features',
  '3.4': 'message too big for the system',
  '3.5': 'system incorrectly configured',
  '4.0': 'other or undefined network or routing status',
  '4.1': 'no answer from host',
  '4.2': 'bad connection',
  '4.3': 'directory (DNS) server failure',
  '4.4': 'unable to route: no MX or A record for the domain',
  '4.5': 'mail system congestion',
  '4.6': 'routing loop detected',
  '4.7': 'delivery time expired: the queue lifetime ran out',
  '5.0': 'other or undefined protocol status',
  '5.1': 'invalid command',
  '5.2': 'syntax error',
  '5.3': 'too many recipients',
  '5.4': 'invalid command arguments',
  '5.5': 'wrong protocol version',
  '6.0': 'other or undefined media error',
  '6.1': 'media not supported',
  '6.2': 'conversion required and prohibited',
  '6.3': 'conversion required but not supported',
  '7.0': 'other or undefined security status',
  '7.1': 'delivery not authorized, message refused (e.g. relaying denied)',
  '7.7': 'message integrity failure',
  '7.8': 'authentication credentials invalid',
}

/** `5.1.1` → "Permanent failure (…): bad destination mailbox: no such user here". */
export function explainStatus(code: string): string {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(code.trim())
  if (!m) return 'Not an RFC 3463 status code (class.subject.detail).'
  const [, cls = '', subject = '', detail = ''] = m
  const what = DETAIL[`${subject}.${detail}`] ?? DETAIL[`${subject}.0`] ?? 'unknown subject'
  return `${CLASS[cls]}: ${what} (RFC 3463).`
}

function explain(name: string, value: string): string {
  switch (name.toLowerCase()) {
    case 'reporting-mta':
      return 'The mail server that wrote this report (RFC 3464 §2.2.2).'
    case 'arrival-date':
      return 'When the reporting server accepted the message (§2.2.5).'
    case 'original-envelope-id':
      return 'The ENVID the sender gave with MAIL FROM, to match this report to what was sent (§2.2.1).'
    case 'received-from-mta':
      return 'The server the reporting server got the message from (§2.2.4).'
    case 'x-postfix-queue-id':
      return 'The queue id the message had on the reporting server: find it in its mail log (Postfix extension).'
    case 'x-postfix-sender':
      return 'The envelope sender (MAIL FROM) of the message (Postfix extension).'
    case 'final-recipient':
      return 'The recipient this group is about, as the reporting server last knew it, after aliases (§2.3.2).'
    case 'original-recipient':
      return 'The recipient as the sender gave it in RCPT TO (ORCPT, RFC 3461) (§2.3.1).'
    case 'action': {
      const a = ACTIONS[value.trim().toLowerCase()]
      return a ? `What happened: ${a} (§2.3.3).` : 'What happened to the message for this recipient (§2.3.3).'
    }
    case 'status':
      return explainStatus(value)
    case 'remote-mta':
      return 'The server that gave the answer in Diagnostic-Code (§2.3.5).'
    case 'diagnostic-code':
      return /^smtp;/i.test(value) ? 'The remote server\'s own SMTP reply, word for word (§2.3.6).' : 'The reporting server\'s own reason: no remote server answered (§2.3.6).'
    case 'last-attempt-date':
      return 'When delivery was last tried (§2.3.7).'
    case 'will-retry-until':
      return 'Until when the server keeps trying, for a delayed message (§2.3.9).'
    default:
      return ''
  }
}

/** Parse the text of a message/delivery-status part. */
export function parseDeliveryStatus(text: string): DsnReport {
  const groups = text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ') // unfold
    .split(/\n\s*\n/)
    .map((group) =>
      group
        .split('\n')
        .filter((line) => line.includes(':'))
        .map((line) => {
          const colon = line.indexOf(':')
          const name = line.slice(0, colon).trim()
          const value = line.slice(colon + 1).trim().replace(/\s+/g, ' ')
          return { name, value, explanation: explain(name, value) }
        }),
    )
    .filter((g) => g.length > 0)
  const [perMessage = [], ...recipients] = groups
  return { perMessage, recipients }
}
