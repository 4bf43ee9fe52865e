/** RSET: abort the transaction; the session (HELO name, TLS, login) stays (RFC 5321 §4.1.1.5). */
import type { Verb } from './types'

export const rset: Verb = {
  verb: 'RSET',
  syntax: 'RSET',
  help: 'abort the transaction (RFC 5321 4.1.1.5)',
  beforeTls: false, // Postfix answers RSET 530 on a port that wants TLS first (fixture 2.1)
  needsAuth: false,
  rfc821: true,
  junk: true,
  handle(c, argument) {
    if (argument !== '') return c.reply('resetSyntax', {}, 'RSET takes no argument')
    c.resetTransaction('RSET')
    c.reply('resetOk')
  },
}
