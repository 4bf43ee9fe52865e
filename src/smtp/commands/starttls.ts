/**
 * STARTTLS (RFC 3207): after 220 the TLS handshake (simulated: a state change, no cryptography), and the session
 * starts over — no HELO, no transaction, no login — with whatever was pipelined in the clear thrown away
 * (RFC 3207 §4.2, CVE-2011-0411). As in Postfix, the next command need not be EHLO (smtpd_helo_required = no);
 * MAIL and AUTH then say in their cause that the client has not said EHLO since the handshake.
 */
import type { Conversation } from '../conversation'
import type { Verb } from './types'

/**
 * For the learner, when a command is taken after STARTTLS without a new EHLO (RFC 3207 §4.2): what this server did
 * and why the client should have said EHLO all the same. null when the client did say EHLO (or TLS was implicit).
 */
export function afterStartTlsWithoutEhlo(c: Conversation): string | null {
  if (!c.tls || c.profile.implicitTls || c.helo) return null
  return 'taken with no EHLO since STARTTLS: like Postfix (smtpd_helo_required = no) this server does not insist, but RFC 3207 §4.2 says the client SHOULD send EHLO again: the server forgot the old one, and only the EHLO reply over TLS says what is offered now (AUTH, for one) — the list seen in the clear may have been tampered with'
}

export const starttls: Verb = {
  verb: 'STARTTLS',
  syntax: 'STARTTLS',
  help: null,
  beforeTls: true,
  needsAuth: false,
  ehlo: ({ profile, tls }) => (profile.startTls && !tls ? 'STARTTLS' : null), // never twice (RFC 3207 §4.2)
  handle(c, argument) {
    // Postfix's order: the argument, then TLS already up, then not offered (fixture 2.1; 501 before 502).
    if (argument !== '') return c.reply('startTlsSyntax', {}, 'STARTTLS takes no argument')
    if (c.tls) return c.reply('tlsAlreadyActive', {}, 'the channel is already encrypted')
    if (!c.profile.startTls) return c.reply('notImplemented', {}, `STARTTLS is not offered on port ${c.profile.port}`)
    c.reply('readyForTls')
    c.resetTransaction('STARTTLS')
    c.helo = null
    c.user = null
    c.tls = true
    c.discardInput = true
    c.emit({ type: 'tls-started', implicit: false })
  },
}
