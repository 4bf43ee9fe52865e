/** MAIL FROM: opens a transaction with the reverse-path and its parameters (RFC 5321 §4.1.1.2, §3.3). */
import { mailboxText } from '../grammar'
import { checkMailParams } from '../params'
import { outOfOrder } from '../state'
import { envelopeError, NON_ASCII, paramContext, parseEnvelope, tolerated } from './envelope'
import { afterStartTlsWithoutEhlo } from './starttls'
import type { Verb } from './types'

export const mail: Verb = {
  verb: 'MAIL',
  syntax: 'MAIL FROM:<reverse-path> [parameters]',
  help: 'start a transaction (RFC 5321 4.1.1.2)',
  beforeTls: false,
  needsAuth: true,
  handle(c, argument) {
    const refused = outOfOrder(c, 'MAIL')
    if (refused) return c.refuse(refused)
    const parsed = parseEnvelope(c, argument, 'FROM')
    if (!parsed.ok) return envelopeError(c, parsed, 'mailSyntax', 'badSender')
    const params = checkMailParams(parsed.params, paramContext(c))
    if (!params.ok) return c.refuse(params.refusal)
    const sender = parsed.mailbox ? mailboxText(parsed.mailbox) : ''
    if (c.personality.strictEnvelope && NON_ASCII.test(sender) && !params.value.smtputf8) {
      return c.reply('nonAsciiSender', {}, 'the address has UTF-8 in it, but MAIL did not say SMTPUTF8 (RFC 6531 §3.5)')
    }
    tolerated(c, parsed)
    if (parsed.route.length > 0) c.emit({ type: 'source-route-stripped', role: 'sender', route: parsed.route, mailbox: sender })
    c.tx = { sender, mail: params.value, recipients: [], refused: 0, chunks: null, chunkSize: 0 }
    c.overshoot = 0
    c.emit({ type: 'transaction-started', sender })
    c.reply('senderOk', {}, afterStartTlsWithoutEhlo(c) ?? undefined)
  },
}
