/**
 * Where RFC 5321 leaves room, real servers choose. Every such choice is a row of data here, never an `if` spread
 * through the model (README, "Server personalities"). A personality bundles the limits and the line-ending policy a server follows.
 *
 * RFC 5321 §4.5.3.1 gives sizes every implementation MUST accept; they are minimums, and a server may accept more.
 * The `postfix` row behaves as Postfix with default settings; the `strict` row enforces the minimums exactly.
 */

import type { ProfileName } from './profiles'
import type { Mechanism } from './sasl'

/** What to do when a limit is exceeded. */
export type OverLimit = 'accept' | 'reject'

export interface Limits {
  /** Longest command line, CRLF included (5321 §4.5.3.1.4: at least 512). */
  readonly commandLine: number
  /** Over `commandLine`: Postfix skips the excess and reads the truncated line; a strict server answers 500. */
  readonly commandLineOver: 'truncate' | 'reject'
  /** Longest text line in DATA, CRLF included, a stuffed dot not counted (5321 §4.5.3.1.6: at least 1000). */
  readonly textLine: number
  /** Over `textLine`: accept the message (Postfix keeps long lines) or refuse it after the final dot. */
  readonly textLineOver: OverLimit
  /** Local part (5321 §4.5.3.1.1: at least 64), domain (§4.5.3.1.2: 255), path with brackets (§4.5.3.1.3: 256). */
  readonly localPart: number
  readonly domain: number
  readonly path: number
  /** Path limits: Postfix does not enforce them; a strict server answers 501. */
  readonly pathOver: OverLimit
  /** Recipients per message (5321 §4.5.3.1.8: at least 100). Beyond it: 452 4.5.3 (§4.5.3.1.10). */
  readonly recipients: number
  /** Largest message in octets, advertised as SIZE (RFC 1870); 0 means no limit. */
  readonly messageSize: number
  /** Replies of class 4 or 5 before the server gives up with 421 4.7.0 (Postfix's smtpd_hard_error_limit). */
  readonly hardErrors: number
  /** NOOP, RSET, VRFY beyond this many count as errors too (Postfix's smtpd_junk_command_limit). */
  readonly junkCommands: number
  /** Idle time before 421 4.4.2, in ms (5321 §4.5.3.2.7: at least 5 minutes; Postfix's smtpd_timeout = 300s). */
  readonly idleTimeout: number
  /** Received: lines a message may carry before it is refused as a loop (5321 §6.3; Postfix's hopcount_limit). */
  readonly hops: number
  /** RCPTs past `recipients` answered 452 without counting as errors (Postfix's smtpd_recipient_overshoot_limit). */
  readonly recipientOvershoot: number
}

/** A strict RFC 5321 server: the §4.5.3.1 minimums, refused when exceeded. */
const STRICT_LIMITS: Limits = {
  commandLine: 512,
  commandLineOver: 'reject',
  textLine: 1000,
  textLineOver: 'reject',
  localPart: 64,
  domain: 255,
  path: 256,
  pathOver: 'reject',
  recipients: 100,
  messageSize: 10240000,
  hardErrors: 20,
  junkCommands: 100,
  idleTimeout: 300_000,
  hops: 100,
  recipientOvershoot: 1000,
}

export const LIMITS = {
  postfix: {
    commandLine: 2050, // Postfix's line_length_limit = 2048, not counting CRLF
    commandLineOver: 'truncate',
    textLine: 2048,
    textLineOver: 'accept',
    localPart: 64,
    domain: 255,
    path: 256,
    pathOver: 'accept',
    recipients: 1000,
    messageSize: 10240000,
    hardErrors: 20,
    junkCommands: 100,
    idleTimeout: 300_000,
    hops: 50,
    recipientOvershoot: 1000,
  },
  strict: STRICT_LIMITS,
  /**
   * RFC 821 §4.5.3's minimums, where they differ from RFC 5321's: a domain of at most 64 octets (5321 raised it to
   * 255); and fewer RCPTs past the limit forgiven before they count as errors.
   */
  rfc821: { ...STRICT_LIMITS, domain: 64, recipientOvershoot: 100 },
} as const satisfies Record<string, Limits>

/**
 * What a server does with a line that ends in a lone LF or a lone CR (5321 §2.3.8: only CRLF ends a line).
 *  - `normalize`: Postfix since its 2024 smuggling fix: bare LF ends a line and is stored as CRLF, a bare CR is kept
 *    as data; only <CRLF>.<CRLF> ends the data.
 *  - `reject`: refuse the line (in commands) or the message (in DATA) and say why; only <CRLF>.<CRLF> ends the data.
 *  - `lenient`: the pre-2024 behaviour: bare LF ends a line, and <LF>.<LF> or <LF>.<CRLF> end the data, which is
 *    what made SMTP smuggling possible.
 *  - `pass`: only CRLF ends a line; a bare LF is an ordinary octet, kept and sent on unchanged, so <LF>.<LF> passes
 *    through to the next hop: the outbound half of SMTP smuggling (no personality has it; a world fault gives it to
 *    a host, faults.ts).
 */
export type BareLineEndings = 'normalize' | 'reject' | 'lenient' | 'pass'

export interface Personality {
  readonly name: string
  readonly summary: string
  /**
   * What the greeting says after the host name (5321 §4.3.1 leaves the text free; "ESMTP" tells a client it may
   * try EHLO). Postfix's smtpd_banner is `$myhostname ESMTP $mail_name`, which names the software.
   */
  readonly banner: string
  readonly limits: Limits
  readonly bareLineEndings: BareLineEndings
  /** Check the HELO/EHLO argument's syntax (Postfix does not by default). */
  readonly strictHelo: boolean
  /** Refuse MAIL before HELO/EHLO (5321 §4.1.4). Postfix's smtpd_helo_required is off by default. */
  readonly requireHelo: boolean
  /**
   * Envelope syntax exactly as 5321 §4.1.1.2-3 writes it. When false (Postfix's default), a space after the colon
   * and a path without angle brackets are tolerated, and the model says so in a `syntax-tolerated` event.
   */
  readonly strictEnvelope: boolean
  /** Answer VRFY (on in every personality, for teaching: README, "The world"). */
  readonly vrfy: boolean
  /**
   * Hang up with 221 2.7.0 on a command line that is plainly message text: one starting with "." or whose first
   * word ends in ":" (a header). Postfix does this, against clients that send the body after a refused DATA.
   */
  readonly hangUpOnMessageText: boolean
  /**
   * Command lines as Postfix reads them: CR, VT and FF separate words like SP and TAB, and a NUL ends the line
   * (smtpd's tokenizer works on a C string). Otherwise only SP and TAB separate, and the rest is part of a word.
   */
  readonly postfixTokens: boolean
  /**
   * Hang up with 221 2.7.0 on lines that are not SMTP: CONNECT, GET or POST, or a first word that does not start
   * with a letter (Postfix's smtpd_forbidden_commands), besides the message text of `hangUpOnMessageText`.
   */
  readonly forbiddenCommands: boolean
  /** HELP and EXPN are implemented (RFC 5321 §4.1.1.7-8); Postfix has neither and answers 500. */
  readonly helpAndExpn: boolean
  /**
   * Extension verbs known but not offered (ATRN, BURL) get 502 "not implemented" (RFC 5321 §4.2.4); Postfix does not
   * know them at all and answers 500 (fixture part 1, "More unknown verbs").
   */
  readonly knowsUnofferedVerbs: boolean
  /** SASL mechanisms offered on the submission ports, in EHLO order (alice / wonderland, README "Real clients"). */
  readonly mechanisms: readonly Mechanism[]
  /** The SIZE of the submission ports (the seed session's Postfix says 52428800). */
  readonly submissionMessageSize: number
  /**
   * EHLO keywords left out, by port, before TLS and after (Postfix's smtpd_discard_ehlo_keywords). The `postfix`
   * lists for 587 and 465 are those of the seed session's server (test/fixtures/seed-002-session.json), so that it
   * replays line for line: that server no longer lists PIPELINING and SIZE after STARTTLS.
   */
  readonly ehloDiscards: Readonly<Partial<Record<ProfileName, { readonly plain: readonly string[]; readonly tls: readonly string[] }>>>
  /** List AUTH on the submission ports before TLS too (the seed's server does, and answers AUTH there 530 5.7.0). */
  readonly authBeforeTls: boolean
  /**
   * Which command set the server knows: `modern` is RFC 5321 with its extensions (SEND, SOML, SAML and TURN are gone,
   * RFC 5321 App. F.4, F.6: answered 500 as Postfix does); `rfc821` is 1982's (RFC 821 §4.1.1): HELO only, EHLO and
   * every extension verb unknown (500), SEND/SOML/SAML/TURN known.
   */
  readonly commands: 'modern' | 'rfc821'
  /**
   * A source route in RCPT TO (`<@a.example:user@b.example>`): `strip` it and deliver to the mailbox, as RFC 5321
   * §3.6.1 and App. C say a server should; or `honour` it as RFC 821 §3.6 did: the first host takes its own name off
   * the forward-path, puts it in front of the reverse-path, and relays to the next host of the route.
   */
  readonly sourceRoutes: 'strip' | 'honour'
  /** Relay for anyone, as every host did before RFC 2505 (1999) made open relays a spammer's tool. */
  readonly openRelay: boolean
  /**
   * Reply texts: Postfix's (`postfix`), or RFC 821's own wording without enhanced status codes, which came in 1996
   * (RFC 1893) and are sent only after EHLO (RFC 2034 §3).
   */
  readonly wording: 'postfix' | 'rfc821'
}

const SEED_DISCARDS = {
  plain: ['ENHANCEDSTATUSCODES', 'DSN', 'CHUNKING'],
  tls: ['PIPELINING', 'SIZE', 'ENHANCEDSTATUSCODES', 'DSN', 'CHUNKING'],
}


export const PERSONALITIES = {
  postfix: {
    name: 'postfix',
    banner: 'ESMTP Postfix',
    summary: 'Postfix 3.x with default settings: generous limits, bare LF normalized, any HELO name accepted.',
    limits: LIMITS.postfix,
    bareLineEndings: 'normalize',
    strictHelo: false,
    requireHelo: false,
    strictEnvelope: false,
    vrfy: true,
    hangUpOnMessageText: true,
    postfixTokens: true,
    forbiddenCommands: true,
    helpAndExpn: false,
    knowsUnofferedVerbs: false,
    mechanisms: ['LOGIN', 'PLAIN'],
    submissionMessageSize: 52428800,
    ehloDiscards: { submission: SEED_DISCARDS, submissions: SEED_DISCARDS },
    authBeforeTls: true,
    commands: 'modern',
    sourceRoutes: 'strip',
    openRelay: false,
    wording: 'postfix',
  },
  rfc: {
    name: 'rfc',
    banner: 'ESMTP',
    summary: 'The strictest reading of RFC 5321: the minimum limits enforced, bare LF and CR refused, HELO checked.',
    limits: LIMITS.strict,
    bareLineEndings: 'reject',
    strictHelo: true,
    requireHelo: true,
    strictEnvelope: true,
    vrfy: true,
    hangUpOnMessageText: false,
    postfixTokens: false,
    forbiddenCommands: false,
    helpAndExpn: true,
    knowsUnofferedVerbs: true,
    mechanisms: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
    submissionMessageSize: 52428800,
    ehloDiscards: {},
    authBeforeTls: false,
    commands: 'modern',
    sourceRoutes: 'strip',
    openRelay: false,
    wording: 'postfix',
  },
  lenient: {
    name: 'lenient',
    banner: 'ESMTP',
    summary: 'A permissive server of 2023: bare LF ends lines, and <LF>.<LF> ends the data (SMTP smuggling).',
    limits: LIMITS.postfix,
    bareLineEndings: 'lenient',
    strictHelo: false,
    requireHelo: false,
    strictEnvelope: false,
    vrfy: true,
    hangUpOnMessageText: true,
    postfixTokens: true,
    forbiddenCommands: true,
    helpAndExpn: true,
    knowsUnofferedVerbs: true,
    mechanisms: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
    submissionMessageSize: 52428800,
    ehloDiscards: {},
    authBeforeTls: false,
    commands: 'modern',
    sourceRoutes: 'strip',
    openRelay: false,
    wording: 'postfix',
  },
  rfc821: {
    name: 'rfc821',
    banner: 'Simple Mail Transfer Service Ready', // RFC 821 Appendix F's greeting (the rfc821 wording writes it whole)
    summary: 'History mode, RFC 821 (1982): HELO only, SEND/SOML/SAML/TURN, source routes honoured, an open relay.',
    limits: LIMITS.rfc821,
    bareLineEndings: 'reject', // CRLF was the only line ending in 1982 too (RFC 821 §2)
    strictHelo: true,
    requireHelo: true,
    strictEnvelope: true,
    vrfy: true,
    hangUpOnMessageText: false,
    mechanisms: ['PLAIN'], // never offered: there is no EHLO, so no AUTH (RFC 4954 is of 2007)
    submissionMessageSize: 10240000,
    ehloDiscards: {},
    authBeforeTls: false,
    postfixTokens: false,
    forbiddenCommands: false,
    helpAndExpn: true, // RFC 821 §4.1.1 has both
    knowsUnofferedVerbs: false, // ATRN and BURL came decades later: unknown, 500
    commands: 'rfc821',
    sourceRoutes: 'honour',
    openRelay: true,
    wording: 'rfc821',
  },
} as const satisfies Record<string, Personality>

export type PersonalityName = keyof typeof PERSONALITIES

/** Whether a value (from storage, a file, a link) names a personality: an own key, never `__proto__` or `constructor`. */
export function isPersonalityName(value: unknown): value is PersonalityName {
  return typeof value === 'string' && Object.hasOwn(PERSONALITIES, value)
}
