/**
 * TURN (RFC 821 §4.1.1): "let us swap roles", so the server sends its queued mail to the client over the same
 * connection. Without authentication, any client that claims a host's name would receive that host's mail, so
 * servers refused it (502) long before RFC 5321 dropped it (App. F.1); ETRN (RFC 1985) and ATRN (RFC 2645) replaced
 * it. Only the `rfc821` personality knows it; modern servers answer 500.
 */
import type { Verb } from './types'

export const turn: Verb = {
  verb: 'TURN',
  syntax: 'TURN',
  help: 'swap the roles of client and server (RFC 821 4.1.1; refused here)',
  beforeTls: false,
  needsAuth: true,
  rfc821: true,
  obsolete: true,
  handle: (c) =>
    c.reply('turnRefused', {}, 'TURN would hand this host\'s queued mail to whoever claims to be its destination, with no proof: refused (RFC 5321 App. F.1; ETRN, RFC 1985, replaced it)'),
}
