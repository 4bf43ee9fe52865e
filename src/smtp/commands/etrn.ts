/** ETRN (RFC 1985): ask the server to send on the mail it queued for a domain. This server keeps no such queue. */
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
    if (argument === '') return c.reply('etrnSyntax')
    const refused = outOfOrder(c, 'ETRN')
    if (refused) return c.refuse(refused)
    c.reply('etrnUnavailable', { domain: argument.replace(/^[@#]/, '') }, 'this server keeps no queue to flush on request (as Postfix without fast_flush_domains)')
  },
}
