/** EHLO: the client names itself and asks for the service extensions, one keyword a line (RFC 5321 §4.1.1.1). */
import { hello } from './helo'
import type { Verb } from './types'

export const ehlo: Verb = {
  verb: 'EHLO',
  syntax: 'EHLO <domain>',
  help: 'say hello and ask for the extensions (RFC 5321 4.1.1.1)',
  beforeTls: true,
  needsAuth: false,
  junk: true, // Postfix counts HELO and EHLO as junk commands too (fixture 2.6)
  handle: (c, argument) => hello(c, 'EHLO', argument),
}
