/** VRFY: ask whether a user exists; answered 252 as Postfix does, since a sure answer helps harvesters (RFC 5321 §3.5.3, §7.3). */
import type { Verb } from './types'

export const vrfy: Verb = {
  verb: 'VRFY',
  syntax: 'VRFY <user>',
  help: 'ask whether a user exists (RFC 5321 4.1.1.6)',
  beforeTls: false,
  needsAuth: true,
  rfc821: true,
  junk: true,
  ehlo: ({ personality }) => (personality.vrfy ? 'VRFY' : null),
  handle(c, argument) {
    if (!c.personality.vrfy) return c.reply('vrfyDisabled')
    if (argument === '') return c.reply('vrfySyntax', {}, 'VRFY needs a name or an address')
    // VRFY <address> [SMTPUTF8] (RFC 6531 §3.7.4): the parameter is taken, in any case, and not echoed.
    const address = argument.replace(/[ \t]+SMTPUTF8$/i, '')
    if (/[ \t]/.test(address.replace(/"[^"]*"/g, ''))) return c.reply('badRecipient', {}, 'VRFY takes one name or address')
    // The recipient checks RCPT would run, relaying included (Postfix; fixture 2.3).
    const answer = c.config.policy.verify(address, c.peer)
    if ('key' in answer) return c.refuse(answer)
    // RFC 821 §3.3 answered 250 with the mailbox; 252 ("cannot verify, will try") came with RFC 1123 §5.2.3.
    if (c.personality.wording === 'rfc821') return c.reply('vrfyOk', { arg: answer.mailbox })
    c.reply('vrfyWillTry', { arg: address }) // echoed as given, as Postfix does
  },
}
