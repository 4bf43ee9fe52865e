/** HELO: the client names itself; plain SMTP, no extensions (RFC 5321 §4.1.1.1). EHLO shares `hello`. */
import type { Conversation } from '../conversation'
import { checkAddressLiteral, checkDomain } from '../grammar'
import { replyLines } from '../replies'
import type { Verb } from './types'

export function hello(c: Conversation, verb: 'HELO' | 'EHLO', argument: string): void {
  if (argument === '') return c.reply(verb === 'HELO' ? 'heloSyntax' : 'ehloSyntax', {}, `${verb} needs your host name`)
  const name = argument.split(c.personality.postfixTokens ? /[ \t\r\v\f]/ : /[ \t]/)[0] ?? '' // the first word, as the session split it
  if (c.personality.strictHelo) {
    const check = name.startsWith('[') ? checkAddressLiteral(name) : checkDomain(name)
    if (!check.ok) return c.reply('heloInvalid', { arg: name }, check.why)
  }
  c.resetTransaction(verb)
  c.helo = { verb, name }
  c.emit({ type: 'helo', verb, name })
  if (verb === 'HELO') return c.reply('helo', { host: c.config.hostname })
  c.send(replyLines('ehlo', [c.config.hostname, ...c.capabilities]))
}

export const helo: Verb = {
  verb: 'HELO',
  syntax: 'HELO <domain>',
  help: 'say hello, plain SMTP (RFC 5321 4.1.1.1)',
  beforeTls: true,
  needsAuth: false,
  junk: true, // Postfix counts HELO and EHLO as junk commands too (fixture 2.6)
  rfc821: true,
  handle: (c, argument) => hello(c, 'HELO', argument),
}
