/** QUIT: 221, then the server closes; an open transaction is lost (RFC 5321 §4.1.1.10). */
import type { Verb } from './types'

export const quit: Verb = {
  verb: 'QUIT',
  syntax: 'QUIT',
  help: 'close the session (RFC 5321 4.1.1.10)',
  beforeTls: true,
  needsAuth: false,
  handle(c) {
    c.resetTransaction('QUIT')
    c.reply('quit')
    c.close('quit')
  },
}
