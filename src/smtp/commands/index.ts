/**
 * Every SMTP verb and EHLO keyword the server knows, gathered from their records (one file each in this folder);
 * every list of verbs elsewhere is derived from here. Adding an extension: write its record, list it below.
 */
import type { Personality } from '../settings'
import type { Profile } from '../profiles'
import { auth } from './auth'
import { bdat } from './bdat'
import { data } from './data'
import { ehlo } from './ehlo'
import { etrn } from './etrn'
import { expn } from './expn'
import { helo } from './helo'
import { help } from './help'
import { dsn, eightBitMime, enhancedStatusCodes, pipelining, size, smtputf8 } from './keywords'
import { mail } from './mail'
import { noop } from './noop'
import { quit } from './quit'
import { rcpt } from './rcpt'
import { rset } from './rset'
import { saml, send, soml } from './send'
import { turn } from './turn'
import { starttls } from './starttls'
import type { EhloFacts, Extension, Verb } from './types'
import { atrn, burl } from './unimplemented'
import { vrfy } from './vrfy'

export type { EhloFacts, Extension, Verb } from './types'

/** Every verb, in the order HELP lists them: RFC 5321 §4.1.1's, then the extensions'. */
export const VERBS: readonly Verb[] = [helo, ehlo, mail, rcpt, data, rset, send, soml, saml, vrfy, expn, help, noop, quit, turn, bdat, starttls, auth, etrn, atrn, burl]

/** Verb → record. */
export const VERB_TABLE: ReadonlyMap<string, Verb> = new Map(VERBS.map((v) => [v.verb, v]))

/** The verbs this server implements (not the ones it only knows to answer 502): for the shell's hints and completion. */
export const SMTP_VERBS: readonly string[] = VERBS.filter((v) => !v.unimplemented && !v.obsolete).map((v) => v.verb)

/** Whether a server of this personality knows the verb at all: RFC 821's command set, or today's (settings.ts). */
export function knows(personality: Personality, verb: Verb): boolean {
  return personality.commands === 'rfc821' ? verb.rfc821 === true : verb.obsolete !== true
}

/** What may appear in the EHLO reply, in the order Postfix lists it. */
const EHLO_ORDER: readonly (Verb | Extension)[] = [pipelining, size, vrfy, expn, etrn, starttls, auth, enhancedStatusCodes, eightBitMime, dsn, smtputf8, bdat]

export interface ChannelState {
  readonly tls: boolean
  /** Plaintext AUTH allowed without TLS (the bridge's --allow-plaintext-auth, for clients without TLS). */
  readonly plaintextAuth: boolean
}

/**
 * The EHLO keywords for this personality, port and channel: each record's keyword, less what the port and the
 * personality leave out (Postfix's smtpd_discard_ehlo_keywords).
 */
export function capabilities(personality: Personality, profile: Profile, channel: ChannelState): string[] {
  const facts: EhloFacts = { personality, profile, ...channel }
  const own = personality.ehloDiscards[profile.name]
  const discarded = new Set([...profile.ehloDiscards, ...(own ? (channel.tls ? own.tls : own.plain) : [])])
  return EHLO_ORDER.flatMap((record) => {
    const line = record.ehlo?.(facts) ?? null
    return line !== null && !discarded.has(line.split(' ')[0] ?? '') ? [line] : []
  })
}
