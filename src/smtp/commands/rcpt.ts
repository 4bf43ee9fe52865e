/** RCPT TO: adds a recipient, if the server's policy takes it (RFC 5321 §4.1.1.3, §3.3). */
import { mailboxText, type Mailbox } from '../grammar'
import { checkRcptParams } from '../params'
import { outOfOrder } from '../state'
import { envelopeError, NON_ASCII, paramContext, parametersBefore1995, parseEnvelope, tolerated } from './envelope'
import type { Verb } from './types'

export const rcpt: Verb = {
  verb: 'RCPT',
  syntax: 'RCPT TO:<forward-path> [parameters]',
  help: 'add a recipient (RFC 5321 4.1.1.3)',
  beforeTls: false,
  needsAuth: true,
  rfc821: true,
  handle(c, argument) {
    const refused = outOfOrder(c, 'RCPT')
    if (refused) return c.refuse(refused)
    const tx = c.tx
    if (!tx) return // out of order: the table answers RCPT outside a transaction
    const parsed = parseEnvelope(c, argument, 'TO')
    if (!parsed.ok) return envelopeError(c, parsed, 'rcptSyntax', 'badRecipient')
    if (parametersBefore1995(c, parsed, 'rcptSyntax')) return
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
    const honour = c.personality.sourceRoutes === 'honour' && parsed.route.length > 0
    // RFC 821 §3.6: the first host of the route should be this one; it takes its name off and relays to the next.
    const route = honour && parsed.route[0]?.toLowerCase() === c.config.hostname.toLowerCase() ? parsed.route.slice(1) : parsed.route
    const address = honour && route.length > 0 ? `@${route.join(',@')}:${recipient}` : recipient
    if (honour) c.emit({ type: 'source-route-honoured', route: parsed.route, mailbox: recipient, next: route[0] ?? mailbox.domain })
    else if (parsed.route.length > 0) c.emit({ type: 'source-route-stripped', role: 'recipient', route: parsed.route, mailbox: recipient })
    // Where the message goes next decides the policy: the next host of a route is a relay request.
    const refusal =
      c.config.policy.checkRecipient(honour && route[0] ? { local: mailbox.local, domain: route[0] } : mailbox, c.peer, tx.sender) ??
      (tx.delivery === 'send' && c.config.policy.loggedIn?.(mailbox) === false
        ? { key: 'notLoggedIn' as const, params: { addr: recipient }, cause: `SEND writes to the terminal, and ${mailbox.local} is not logged in on ${c.config.hostname} (RFC 821 §4.1.1)` }
        : null)
    if (refusal) {
      c.tx = { ...tx, refused: tx.refused + 1 }
      c.refuse(refusal)
      c.emit({ type: 'recipient-rejected', recipient, code: c.lastReplyCode })
      return
    }
    c.tx = { ...tx, recipients: [...tx.recipients, { address, params: params.value, ...(honour ? { routed: true } : {}) }] }
    c.emit({ type: 'recipient-accepted', recipient: address, typed: argument })
    // RFC 821 §3.4: a server that takes a recipient it will send on to another host may say so with 251. A source
    // route was the client's own request, answered 250 OK as in RFC 821 Appendix F; Postfix always says 250.
    if (c.personality.wording === 'rfc821' && !honour && c.config.policy.forwards?.(mailbox)) return c.reply('forwarded', { addr: recipient })
    c.reply('recipientOk')
  },
}
