/**
 * What a server offers on each port (RFC 5321, RFC 6409, RFC 8314), as data:
 *  - `mta` (port 25): MTA-to-MTA; no AUTH, relaying refused to strangers. STARTTLS offered, as Debian's Postfix does
 *    with its snakeoil certificate (smtpd_tls_security_level = may; fixture part 2); the bridge does real TLS then.
 *  - `submission` (port 587): STARTTLS, then AUTH, before MAIL; an authenticated user may relay (RFC 6409 §3.3, §4.3).
 *  - `submissions` (port 465): TLS from the first octet (RFC 8314 §3.3), then as 587.
 * Which EHLO keywords a port offers is worked out from the verb and extension records (commands/index.ts).
 */
import type { Personality } from './settings'

export type ProfileName = 'mta' | 'submission' | 'submissions'

export interface Profile {
  readonly name: ProfileName
  readonly port: number
  /** TLS from the start (465). */
  readonly implicitTls: boolean
  /** STARTTLS is offered while the channel is not yet encrypted. */
  readonly startTls: boolean
  /** Only EHLO, HELO, NOOP, QUIT and STARTTLS before TLS (Postfix's smtpd_tls_security_level = encrypt; RFC 3207 §4). */
  readonly requireTls: boolean
  /** AUTH is offered (after TLS, unless plaintext AUTH is allowed). */
  readonly auth: boolean
  /** MAIL needs a successful AUTH first (RFC 6409 §4.3; RFC 4954 §6: 530 5.7.0). */
  readonly authRequired: boolean
  /** The submission server adds a missing Message-ID: and Date: (RFC 6409 §8). */
  readonly fixHeaders: boolean
  /** EHLO keywords this port leaves out, as Postfix's smtpd_discard_ehlo_keywords would in master.cf. */
  readonly ehloDiscards: readonly string[]
}

/** The submission ports do not offer the MTA's VRFY, EXPN and ETRN. */
const SUBMISSION_DISCARDS = ['VRFY', 'EXPN', 'ETRN']

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  mta: { name: 'mta', port: 25, implicitTls: false, startTls: true, requireTls: false, auth: false, authRequired: false, fixHeaders: false, ehloDiscards: [] },
  submission: { name: 'submission', port: 587, implicitTls: false, startTls: true, requireTls: true, auth: true, authRequired: true, fixHeaders: true, ehloDiscards: SUBMISSION_DISCARDS },
  submissions: { name: 'submissions', port: 465, implicitTls: true, startTls: false, requireTls: true, auth: true, authRequired: true, fixHeaders: true, ehloDiscards: SUBMISSION_DISCARDS },
}

export function profileForPort(port: number): Profile | undefined {
  return Object.values(PROFILES).find((p) => p.port === port)
}

/** The largest message this port takes: the personality's limit on port 25, its submission size on 587/465 (RFC 1870). */
export function sizeLimit(personality: Personality, profile: Profile): number {
  return profile.name === 'mta' ? personality.limits.messageSize : personality.submissionMessageSize
}
