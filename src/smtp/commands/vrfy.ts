/** VRFY: ask whether a user exists; answered 252 as Postfix does, since a sure answer helps harvesters (RFC 5321 §3.5.3, §7.3). */
import type { Verb } from './types'

export const vrfy: Verb = {
  verb: 'VRFY',
  syntax: 'VRFY <user>',
  help: 'ask whether a user exists (RFC 5321 4.1.1.6)',
  beforeTls: false,
  needsAuth: true,
  junk: true,
  ehlo: ({ personality }) => (personality.vrfy ? 'VRFY' : null),
  handle(c, argument) {
    if (!c.personality.vrfy) return c.reply('vrfyDisabled')
    if (argument === '') return c.reply('vrfySyntax', {}, 'VRFY needs a name or an address')
    if (/[ \t]/.test(argument.replace(/"[^"]*"/g, ''))) return c.reply('badRecipient', {}, 'VRFY takes one name or address')
    const answer = c.config.policy.verify(argument)
    if ('key' in answer) return c.refuse(answer)
    c.reply('vrfyWillTry', { arg: argument }) // echoed as given, as Postfix does
  },
}
