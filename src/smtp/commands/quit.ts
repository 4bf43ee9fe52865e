/** QUIT: 221, then the server closes; an open transaction is lost (RFC 5321 §4.1.1.10). */
import type { Verb } from './types'

export const quit: Verb = {
  verb: 'QUIT',
  syntax: 'QUIT',
  help: 'close the session (RFC 5321 4.1.1.10)',
  beforeTls: true,
  needsAuth: false,
  rfc821: true,
  handle(c) {
    c.resetTransaction('QUIT')
    c.reply('quit', { host: c.config.hostname }) // RFC 821's text names the host; Postfix's does not
    c.close('quit')
  },
}
