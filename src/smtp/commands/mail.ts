/** MAIL FROM: opens a transaction with the reverse-path and its parameters (RFC 5321 §4.1.1.2, §3.3). */
import type { Conversation } from '../conversation'
import type { Delivery } from '../events'
import { mailboxText } from '../grammar'
import { checkMailParams } from '../params'
import { outOfOrder } from '../state'
import { envelopeError, NON_ASCII, paramContext, parametersBefore1995, parseEnvelope, tolerated } from './envelope'
import { afterStartTlsWithoutEhlo } from './starttls'
import type { Verb } from './types'

export const mail: Verb = {
  verb: 'MAIL',
  syntax: 'MAIL FROM:<reverse-path> [parameters]',
  help: 'start a transaction (RFC 5321 4.1.1.2)',
  beforeTls: false,
  needsAuth: true,
  rfc821: true,
  handle: (c, argument) => openTransaction(c, argument, 'mail'),
}

/**
 * What MAIL and RFC 821's SEND, SOML and SAML share (RFC 821 §4.1.1: "FROM:<reverse-path>" for all four): open a
 * transaction with this reverse-path; `delivery` says where its message goes (the mailbox, or the terminal too).
 */
export function openTransaction(c: Conversation, argument: string, delivery: Delivery): void {
  const refused = outOfOrder(c, 'MAIL')
  if (refused) return c.refuse(refused)
  const parsed = parseEnvelope(c, argument, 'FROM')
  if (!parsed.ok) return envelopeError(c, parsed, 'mailSyntax', 'badSender')
  if (parametersBefore1995(c, parsed, 'mailSyntax')) return
  const params = checkMailParams(parsed.params, paramContext(c))
  if (!params.ok) return c.refuse(params.refusal)
  const mailbox = parsed.mailbox ? mailboxText(parsed.mailbox) : ''
  // RFC 821 §3.1: the reverse-path is a route back to the sender, kept as given; RFC 5321 §3.3 strips it.
  const honour = c.personality.sourceRoutes === 'honour' && parsed.route.length > 0
  const sender = honour ? `@${parsed.route.join(',@')}:${mailbox}` : mailbox
  if (c.personality.strictEnvelope && NON_ASCII.test(sender) && !params.value.smtputf8) {
    return c.reply('nonAsciiSender', {}, 'the address has UTF-8 in it, but MAIL did not say SMTPUTF8 (RFC 6531 §3.5)')
  }
  tolerated(c, parsed)
  if (parsed.route.length > 0 && !honour) c.emit({ type: 'source-route-stripped', role: 'sender', route: parsed.route, mailbox: sender })
  c.tx = { sender, mail: params.value, recipients: [], refused: 0, chunks: null, chunkSize: 0, ...(delivery === 'mail' ? {} : { delivery }) }
  c.overshoot = 0
  c.emit({ type: 'transaction-started', sender })
  c.reply('senderOk', {}, afterStartTlsWithoutEhlo(c) ?? undefined)
}
