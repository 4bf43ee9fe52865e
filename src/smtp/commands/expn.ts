/** EXPN: list the members of an alias or mailing list, one per line (RFC 5321 §3.5.4, §4.1.1.7). */
import { replyLines } from '../replies'
import type { Verb } from './types'

export const expn: Verb = {
  verb: 'EXPN',
  syntax: 'EXPN <list>',
  help: 'list the members of a mailing list or alias (RFC 5321 4.1.1.7)',
  beforeTls: false,
  needsAuth: true,
  rfc821: true,
  ehlo: ({ personality }) => (personality.helpAndExpn ? 'EXPN' : null),
  absent: { when: (p) => !p.helpAndExpn, key: 'expnNotImplemented' },
  handle(c, argument) {
    if (argument === '') return c.reply('expnSyntax', {}, 'EXPN needs the name of a list or alias')
    const answer = c.config.policy.expand(argument)
    if ('key' in answer) return c.refuse(answer)
    c.send(replyLines('expnMember', answer.members))
  },
}
