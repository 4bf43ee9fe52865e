/** NOOP: do nothing, answer 250 (RFC 5321 §4.1.1.9); an argument is ignored. */
import type { Verb } from './types'

export const noop: Verb = {
  verb: 'NOOP',
  syntax: 'NOOP',
  help: 'do nothing, answer 250 (RFC 5321 4.1.1.9)',
  beforeTls: true,
  needsAuth: false,
  rfc821: true,
  junk: true,
  handle: (c) => c.reply('noop'),
}
