/** RCPT TO: adds a recipient, if the server's policy takes it (RFC 5321 §4.1.1.3, §3.3). */
import { mailboxText, type Mailbox } from '../grammar'
import { checkRcptParams } from '../params'
import { outOfOrder } from '../state'
import { envelopeError, NON_ASCII, paramContext, parseEnvelope, tolerated } from './envelope'
import type { Verb } from './types'

export const rcpt: Verb = {
  verb: 'RCPT',
  syntax: 'RCPT TO:<forward-path> [parameters]',
  help: 'add a recipient (RFC 5321 4.1.1.3)',
  beforeTls: false,
  needsAuth: true,
  handle(c, argument) {
    const refused = outOfOrder(c, 'RCPT')
    if (refused) return c.refuse(refused)
    const tx = c.tx
    if (!tx) return // out of order: the table answers RCPT outside a transaction
    const parsed = parseEnvelope(c, argument, 'TO')
    if (!parsed.ok) return envelopeError(c, parsed, 'rcptSyntax', 'badRecipient')
    const params = checkRcptParams(parsed.params, paramContext(c))
    if (!params.ok) return c.refuse(params.refusal)
    const mailbox = parsed.mailbox as Mailbox // TO never yields the null path
    const recipient = mailboxText(mailbox)
    if (c.personality.strictEnvelope && NON_ASCII.test(recipient) && !tx.mail.smtputf8) {
      return c.reply('nonAsciiRecipient', {}, 'the address has UTF-8 in it, but MAIL did not say SMTPUTF8 (RFC 6531 §3.5)')
    }
    const limit = c.personality.limits.recipients
    if (tx.recipients.length >= limit) {
      // Postfix counts these 452s as errors only past smtpd_recipient_overshoot_limit (fixture 2.6): a long pipelined
      // list of recipients must not end the session with 421.
      if (c.overshoot++ < c.personality.limits.recipientOvershoot) c.notAnError = true
      return c.reply('tooManyRecipients', {}, `this server takes at most ${limit} recipients per message; send the rest in another transaction`)
    }
    tolerated(c, parsed)
    if (parsed.route.length > 0) c.emit({ type: 'source-route-stripped', role: 'recipient', route: parsed.route, mailbox: recipient })
    const refusal = c.config.policy.checkRecipient(mailbox, c.peer)
    if (refusal) {
      c.tx = { ...tx, refused: tx.refused + 1 }
      c.refuse(refusal)
      c.emit({ type: 'recipient-rejected', recipient, code: c.lastReplyCode })
      return
    }
    c.tx = { ...tx, recipients: [...tx.recipients, { address: recipient, params: params.value }] }
    c.emit({ type: 'recipient-accepted', recipient, typed: argument })
    c.reply('recipientOk')
  },
}
