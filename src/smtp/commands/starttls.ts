/**
 * STARTTLS (RFC 3207): after 220 the TLS handshake (simulated: a state change, no cryptography), and the session
 * starts over — no HELO, no transaction, no login — with whatever was pipelined in the clear thrown away
 * (RFC 3207 §4.2, CVE-2011-0411).
 */
import type { Verb } from './types'

export const starttls: Verb = {
  verb: 'STARTTLS',
  syntax: 'STARTTLS',
  help: null,
  beforeTls: true,
  needsAuth: false,
  ehlo: ({ profile, tls }) => (profile.startTls && !tls ? 'STARTTLS' : null), // never twice (RFC 3207 §4.2)
  handle(c, argument) {
    if (!c.profile.startTls && !c.tls) return c.reply('notImplemented', {}, `STARTTLS is not offered on port ${c.profile.port}`)
    if (argument !== '') return c.reply('startTlsSyntax', {}, 'STARTTLS takes no argument')
    if (c.tls) return c.reply('tlsAlreadyActive', {}, 'the channel is already encrypted')
    c.reply('readyForTls')
    c.resetTransaction('STARTTLS')
    c.helo = null
    c.user = null
    c.tls = true
    c.discardInput = true
    c.emit({ type: 'tls-started', implicit: false })
  },
}
