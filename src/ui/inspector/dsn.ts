/**
 * Delivery status notifications (RFC 3464) made readable: the `message/delivery-status` part is one group of
 * per-message fields, then a group per recipient, separated by empty lines; each field gets a one-line explanation,
 * and Status: codes (RFC 3463) are spelled out from the model's table (src/smtp/codes.ts). Pure.
 */
import { explainStatus } from '../../smtp/codes'
import { headerFields, splitMessage } from '../../smtp/message'

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

/**
 * Parse the text of a message/delivery-status part: blocks of header fields, each ended by an empty line
 * (RFC 3464 §2.1), read with the model's header parser.
 */
export function parseDeliveryStatus(text: string): DsnReport {
  const groups: DsnField[][] = []
  for (let rest = text; rest !== ''; ) {
    const { head, body } = splitMessage(rest)
    const fields = headerFields(head).filter((f) => f.name !== '')
    const group = fields.map(({ name, value }) => ({ name, value: value.replace(/\s+/g, ' ') }))
    if (group.length > 0) groups.push(group.map((f) => ({ ...f, explanation: explain(f.name, f.value) })))
    rest = body
  }
  const [perMessage = [], ...recipients] = groups
  return { perMessage, recipients }
}
