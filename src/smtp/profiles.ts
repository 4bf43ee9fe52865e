/**
 * What a server offers on each port (design §4, RFC 6409, RFC 8314), as data:
 *  - `mta` (port 25): MTA-to-MTA; no AUTH, relaying refused to strangers. No STARTTLS: the default world's port 25 is
 *    the Postfix of the reference transcripts, which has no certificate (and real clients of the TCP bridge would try
 *    a real TLS handshake).
 *  - `submission` (port 587): STARTTLS, then AUTH, before MAIL; an authenticated user may relay (RFC 6409 §4.1).
 *  - `submissions` (port 465): TLS from the first octet (RFC 8314 §3.3), then as 587.
 * EHLO keywords depend on the personality, the port and whether TLS is up (RFC 3207 §4.2: never STARTTLS twice).
 */
import type { Mechanism } from './sasl'
import type { Personality } from './settings'

export type ProfileName = 'mta' | 'submission' | 'submissions'

export interface Profile {
  readonly name: ProfileName
  readonly port: number
  /** TLS from the start (465). */
  readonly implicitTls: boolean
  /** STARTTLS is offered while the channel is not yet encrypted. */
  readonly startTls: boolean
  /** AUTH is offered (after TLS, unless plaintext AUTH is allowed). */
  readonly auth: boolean
  /** MAIL needs a successful AUTH first (RFC 6409 §4.1: 530 5.7.0). */
  readonly authRequired: boolean
  /** The submission server adds a missing Message-ID: and Date: (RFC 6409 §8). */
  readonly fixHeaders: boolean
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  mta: { name: 'mta', port: 25, implicitTls: false, startTls: false, auth: false, authRequired: false, fixHeaders: false },
  submission: { name: 'submission', port: 587, implicitTls: false, startTls: true, auth: true, authRequired: true, fixHeaders: true },
  submissions: { name: 'submissions', port: 465, implicitTls: true, startTls: false, auth: true, authRequired: true, fixHeaders: true },
}

export function profileForPort(port: number): Profile | undefined {
  return Object.values(PROFILES).find((p) => p.port === port)
}

export interface ChannelState {
  readonly tls: boolean
  /** Plaintext AUTH allowed without TLS (the bridge's --allow-plaintext-auth, for clients without TLS). */
  readonly plaintextAuth: boolean
}

/**
 * The EHLO keywords, in the order the personality lists them. The `postfix` submission lists are the seed session's
 * (shared/seeds/002), so it replays line for line: note that after STARTTLS that Postfix no longer lists
 * PIPELINING and SIZE.
 */
export function capabilities(p: Personality, profile: Profile, channel: ChannelState): string[] {
  const size = `SIZE ${p.limits.messageSize}`
  const auth = profile.auth && (channel.tls || channel.plaintextAuth) ? [`AUTH ${p.mechanisms.join(' ')}`] : []
  const starttls = profile.startTls && !channel.tls ? ['STARTTLS'] : []
  if (profile.name === 'mta') {
    return ['PIPELINING', size, ...(p.vrfy ? ['VRFY'] : []), 'EXPN', 'ETRN', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING']
  }
  if (p.name === 'postfix') {
    // The seed advertises AUTH before TLS too (and answers AUTH there with 530 5.7.0).
    const seedAuth = profile.auth ? [`AUTH ${p.mechanisms.join(' ')}`] : []
    return channel.tls ? [...seedAuth, '8BITMIME', 'SMTPUTF8'] : ['PIPELINING', `SIZE ${p.submissionMessageSize}`, ...starttls, ...seedAuth, '8BITMIME', 'SMTPUTF8']
  }
  return ['PIPELINING', size, ...starttls, ...auth, 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING']
}
