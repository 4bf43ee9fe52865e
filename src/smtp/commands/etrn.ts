/** ETRN (RFC 1985): ask the server to send on the mail it queued for a domain. This server keeps no such queue. */
import { checkAddressLiteral, checkDomain } from '../grammar'
import { outOfOrder } from '../state'
import type { Verb } from './types'

export const etrn: Verb = {
  verb: 'ETRN',
  syntax: 'ETRN <domain>',
  help: null,
  beforeTls: false,
  needsAuth: true,
  junk: true,
  ehlo: () => 'ETRN',
  handle(c, argument) {
    if (!c.offers('ETRN')) return c.reply('notImplemented', {}, `ETRN is not offered on port ${c.profile.port}`)
    // Postfix's order (fixture 2.4-2.5): a transaction first, then one argument, then a valid domain name.
    const refused = outOfOrder(c, 'ETRN')
    if (refused) return c.refuse(refused)
    if (argument === '' || /[ \t]/.test(argument)) return c.reply('etrnSyntax')
    const domain = argument.replace(/^[@#]/, '')
    const valid = domain.startsWith('[') ? checkAddressLiteral(domain) : checkDomain(domain, 255, { underscore: true })
    if (!valid.ok) return c.reply('etrnInvalid', {}, valid.why)
    c.reply('etrnUnavailable', { domain }, 'this server keeps no queue to flush on request (as Postfix without fast_flush_domains)')
  },
}
