/**
 * Everything that decides whether a verb may come now, in one place (the shape of h11's _state.py): the order of
 * commands in a mail transaction (RFC 5321 §3.3, §4.1.4; RFC 3030 §2; RFC 4954 §4; RFC 1985 §5), and the gates of
 * the ports that want TLS, then a login, before anything else (RFC 3207 §4, RFC 4954 §6, RFC 6409 §4.3).
 *
 * Theory of operation
 *  - A session stands in one of five phases, read from its state (never stored twice):
 *      greeted  connected, no HELO/EHLO yet
 *      ready    HELO/EHLO done, no transaction open
 *      mail     MAIL accepted, no recipient yet
 *      rcpt     at least one RCPT accepted
 *      chunks   BDAT chunks sent (RFC 3030)
 *  - The moves: HELO/EHLO → ready (an open transaction is dropped); MAIL → mail; an accepted RCPT → rcpt; DATA's
 *    final dot or BDAT LAST → ready (greeted if there was no HELO); BDAT → chunks; RSET drops the transaction;
 *    STARTTLS → greeted, the login and HELO forgotten (RFC 3207 §4.2); QUIT closes. A refused command moves nothing.
 *  - OUT_OF_ORDER lists, phase by phase, the verbs that are out of order there and their reply; a verb not listed is
 *    in order. Each handler asks `outOfOrder` where its checks reach the order: most ask first; DATA, BDAT and ETRN
 *    check their argument first, and BDAT reads (and throws away) its chunk before it answers, since the octets
 *    follow the command whatever the reply (RFC 3030 §2).
 *  - `gate` is asked for every known verb before its handler, with the verb record's `beforeTls` and `needsAuth`.
 */
import type { Conversation } from './conversation'
import type { Refusal } from './policy'
import type { ReplyKey } from './replies'
import type { Personality } from './settings'

export type Phase = 'greeted' | 'ready' | 'mail' | 'rcpt' | 'chunks'

export function phaseOf(c: Pick<Conversation, 'helo' | 'tx'>): Phase {
  const tx = c.tx
  if (!tx) return c.helo ? 'ready' : 'greeted'
  if (tx.chunks) return 'chunks'
  return tx.recipients.length > 0 ? 'rcpt' : 'mail'
}

interface OrderRule {
  readonly key: ReplyKey
  /** For the learner: what was out of order. */
  readonly cause?: string | ((c: Conversation) => string)
  /** A rule some personalities do not enforce. */
  readonly only?: (p: Personality) => boolean
}

const HELO_FIRST: OrderRule = { key: 'needHelo', cause: 'MAIL before HELO or EHLO', only: (p) => p.requireHelo }
const NESTED_MAIL: OrderRule = { key: 'nestedMail', cause: 'a transaction is already open (MAIL was accepted before)' }
const MAIL_FIRST: OrderRule = { key: 'needMail', cause: 'RCPT before MAIL' }
const RCPT_FIRST: OrderRule = { key: 'needRcpt', cause: 'DATA before MAIL and RCPT' }
const NO_RECIPIENTS: OrderRule = {
  key: 'noValidRecipients',
  cause: (c) => ((c.tx?.refused ?? 0) > 0 ? 'every RCPT TO of this transaction was refused' : 'DATA before any RCPT TO'),
}
const DATA_AFTER_BDAT: OrderRule = { key: 'dataAfterBdat', cause: 'this transaction already sent BDAT chunks (RFC 3030 §2)' }
const CHUNK_FIRST: OrderRule = { key: 'needRcpt', cause: 'BDAT before MAIL and an accepted RCPT; the chunk was read and thrown away' }
const CHUNK_WITHOUT_RECIPIENTS: OrderRule = { key: 'noValidRecipients', cause: 'BDAT before any accepted RCPT TO; the chunk was read and thrown away, and so are the next ones up to LAST' }
const RCPT_AFTER_BDAT: OrderRule = { key: 'rcptAfterBdat', cause: 'the message has begun (BDAT); recipients come before it (RFC 3030 §2)' }
const AUTH_IN_TX: OrderRule = { key: 'authInTransaction', cause: 'AUTH inside a mail transaction' }
const ETRN_IN_TX: OrderRule = { key: 'etrnInTransaction' }

/** Phase × verb → the reply to a verb out of order. */
export const OUT_OF_ORDER: Readonly<Record<Phase, Readonly<Partial<Record<string, OrderRule>>>>> = {
  greeted: { MAIL: HELO_FIRST, RCPT: MAIL_FIRST, DATA: RCPT_FIRST, BDAT: CHUNK_FIRST },
  ready: { RCPT: MAIL_FIRST, DATA: RCPT_FIRST, BDAT: CHUNK_FIRST },
  mail: { MAIL: NESTED_MAIL, DATA: NO_RECIPIENTS, BDAT: CHUNK_WITHOUT_RECIPIENTS, AUTH: AUTH_IN_TX, ETRN: ETRN_IN_TX },
  rcpt: { MAIL: NESTED_MAIL, AUTH: AUTH_IN_TX, ETRN: ETRN_IN_TX },
  chunks: { MAIL: NESTED_MAIL, RCPT: RCPT_AFTER_BDAT, DATA: DATA_AFTER_BDAT, AUTH: AUTH_IN_TX, ETRN: ETRN_IN_TX },
}

/** The refusal for `verb` if it is out of order now, else null. */
export function outOfOrder(c: Conversation, verb: string): Refusal | null {
  const rule = OUT_OF_ORDER[phaseOf(c)][verb]
  if (!rule || (rule.only && !rule.only(c.personality))) return null
  if (rule.cause === undefined) return { key: rule.key }
  return { key: rule.key, cause: typeof rule.cause === 'string' ? rule.cause : rule.cause(c) }
}

/** The refusal for a verb that this port does not take yet: TLS first, then a login. */
export function gate(c: Conversation, verb: { readonly verb: string; readonly beforeTls: boolean; readonly needsAuth: boolean }): Refusal | null {
  const port = c.profile.port
  if (c.profile.requireTls && !c.tls && !c.config.plaintextAuth && !verb.beforeTls) {
    return { key: 'mustStartTls', cause: `port ${port} wants STARTTLS before ${verb.verb}` }
  }
  if (c.profile.authRequired && !c.user && verb.needsAuth) return { key: 'authRequired', cause: `port ${port} takes mail only after AUTH` }
  return null
}
