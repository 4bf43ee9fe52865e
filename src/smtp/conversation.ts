/**
 * The state of one SMTP connection, and what a verb's handler may do with it (src/smtp/commands).
 *
 * Connection state (HELO name, TLS, login, error count) lives here; transaction state lives in one `Transaction`
 * value that MAIL creates and that RSET, HELO/EHLO, STARTTLS and the end of the message replace (aiosmtpd's
 * Session and Envelope). Output is a list of events, replies among them, that the session hands back to its caller.
 * Nothing here reads octets: session.ts frames the input and calls the verbs.
 */
import type { Clock, IdSource } from './deps'
import type { Delivery, Envelope, ModelEvent, WithProtocol } from './events'
import type { Line } from './line-reader'
import type { MailParams, RcptParams } from './params'
import type { MailPolicy, PeerFacts, Refusal, SessionScript } from './policy'
import { PROFILES, sizeLimit, type Profile } from './profiles'
import { formatReply, reply, type Reply, type ReplyKey } from './replies'
import type { Credentials } from './sasl'
import { PERSONALITIES, type Personality } from './settings'
import { capabilities } from './commands/index'

export interface SessionConfig {
  /** The server's own name: greeting, EHLO, 421 texts. */
  readonly hostname: string
  readonly policy: MailPolicy
  readonly clock: Clock
  readonly ids: IdSource
  readonly personality?: Personality
  /** The port's behaviour: 25 (`mta`, the default), 587 (`submission`), 465 (`submissions`). */
  readonly profile?: Profile
  /** Offer AUTH without TLS (the bridge's --allow-plaintext-auth, for clients that cannot do simulated TLS). */
  readonly plaintextAuth?: boolean
  /** Who may log in with AUTH. */
  readonly credentials?: Credentials
  /** Scripted faults of the world, if any. */
  readonly script?: SessionScript
}

export interface Recipient {
  readonly address: string
  readonly params: RcptParams
  /** It came with a source route this host honoured (RFC 821 §3.6). */
  readonly routed?: boolean
}

export interface Transaction {
  readonly sender: string
  readonly mail: MailParams
  readonly recipients: readonly Recipient[]
  /** Recipients typed but refused. */
  readonly refused: number
  /** BDAT chunks so far (RFC 3030); once there is one, DATA is refused. */
  readonly chunks: readonly Uint8Array[] | null
  readonly chunkSize: number
  /** MAIL, or RFC 821's SEND, SOML, SAML (§4.1.1). */
  readonly delivery?: Delivery
}

export type CloseReason = Extract<ModelEvent, { type: 'closed' }>['reason']
export type ResetBy = Extract<ModelEvent, { type: 'transaction-reset' }>['by']

/**
 * What reads the next octets: command lines; SASL lines after 334 (RFC 4954 §4), handed to `line`; or message octets
 * after 354 or BDAT, handed to `feed`, which returns the offset where it stopped (the chunk's length while it wants
 * more) and hands the input back with `readCommands()` when the message or chunk is complete.
 */
export type Input =
  | { readonly mode: 'command' }
  | { readonly mode: 'auth'; readonly limit: number; readonly line: (line: Line) => void }
  | { readonly mode: 'data' | 'bdat'; readonly feed: (octets: Uint8Array, text: string, offset: number) => number }

export type Mode = Input['mode'] | 'closed'

const COMMANDS: Input = { mode: 'command' }

export class Conversation {
  readonly config: SessionConfig
  readonly personality: Personality
  readonly profile: Profile
  helo: { readonly verb: 'HELO' | 'EHLO'; readonly name: string } | null = null
  /** Whether the channel is (simulated) encrypted: after STARTTLS, or from the start on port 465. */
  tls: boolean
  /** Who logged in with AUTH, or null. */
  user: string | null = null
  tx: Transaction | null = null
  input: Input = COMMANDS
  closed = false
  /** STARTTLS was accepted: what is left of the input must be thrown away (RFC 3207 §4.2). */
  discardInput = false
  /** HELO, EHLO, NOOP, RSET, VRFY, ETRN since the last delivered message (Postfix's junk command count). */
  junk = 0
  /** The command being answered counts as an error although its reply is positive (a junk command). */
  junkError = false
  /** The reply being sent is not counted as an error although it is one (a 452 within the recipient overshoot). */
  notAnError = false
  /** RCPTs past the recipient limit in this transaction (Postfix's rcpt_overshoot). */
  overshoot = 0
  /** A BDAT chunk failed: the next chunks are read and thrown away up to LAST or RSET (Postfix; fixture 2.5). */
  bdatDiscarding = false
  lastReplyCode = 0
  /**
   * Where the chunk being read starts in the client's octet stream (0: the first octet the client sent). Events give
   * positions in that stream (`at`), so a view of the wire can mark the very octet the model means.
   */
  chunkStart = 0
  #errors = 0
  #out: ModelEvent[] = []
  #capabilities: { readonly tls: boolean; readonly list: readonly string[] } | null = null

  constructor(config: SessionConfig) {
    this.config = config
    this.personality = config.personality ?? PERSONALITIES.postfix
    this.profile = config.profile ?? PROFILES.mta
    this.tls = this.profile.implicitTls
  }

  get mode(): Mode {
    return this.closed ? 'closed' : this.input.mode
  }

  get peer(): PeerFacts {
    return { heloName: this.helo?.name ?? null, authenticated: this.user }
  }

  /** The EHLO keywords as they stand now (they change after STARTTLS, RFC 3207 §4.2). */
  get capabilities(): readonly string[] {
    // Asked for by every MAIL and RCPT (which parameters are offered): worked out once per channel state.
    if (this.#capabilities?.tls !== this.tls) {
      const list = capabilities(this.personality, this.profile, { tls: this.tls, plaintextAuth: this.config.plaintextAuth ?? false })
      this.#capabilities = { tls: this.tls, list }
    }
    return this.#capabilities.list
  }

  /** Whether EHLO lists this keyword now. */
  offers(keyword: string): boolean {
    return this.capabilities.some((line) => line === keyword || line.startsWith(keyword + ' '))
  }

  /** The message size limit: the personality's, or its submission size on 587/465. */
  get sizeLimit(): number {
    return sizeLimit(this.personality, this.profile)
  }

  envelope(tx: Transaction): Envelope {
    return {
      sender: tx.sender,
      recipients: tx.recipients.map((r) => r.address),
      mailParams: tx.mail.raw,
      mail: tx.mail,
      recipientParams: tx.recipients.map((r) => r.params),
      protocol: this.#protocol(tx.mail.smtputf8),
      ...(tx.delivery && tx.delivery !== 'mail' ? { delivery: tx.delivery } : {}),
      ...(tx.recipients.some((r) => r.routed) ? { routed: tx.recipients.filter((r) => r.routed).map((r) => r.address) } : {}),
    }
  }

  /** The WITH protocol name of the Received: line (RFC 5321 §4.4, RFC 3848 §1, RFC 6531 §3.7.3). */
  #protocol(smtputf8: boolean): WithProtocol {
    const base = this.helo?.verb !== 'EHLO' ? 'SMTP' : smtputf8 ? 'UTF8SMTP' : 'ESMTP'
    if (base === 'SMTP') return 'SMTP'
    return `${base}${this.tls ? 'S' : ''}${this.user ? 'A' : ''}` as WithProtocol
  }

  // --- Input modes ----------------------------------------------------------------------------------------------

  readCommands(): void {
    this.input = COMMANDS
  }

  /** SASL lines go to `line` until the exchange calls `readCommands()`. */
  readLines(limit: number, line: (line: Line) => void): void {
    this.input = { mode: 'auth', limit, line }
  }

  /** Message octets go to `feed` until it calls `readCommands()`. */
  readOctets(mode: 'data' | 'bdat', feed: (octets: Uint8Array, text: string, offset: number) => number): void {
    this.input = { mode, feed }
  }

  // --- Output ---------------------------------------------------------------------------------------------------

  emit(event: ModelEvent): void {
    this.#out.push(event)
  }

  send(r: Reply, cause?: string): void {
    // No enhanced status codes before RFC 1893 (1996), and only after EHLO (RFC 2034 §3): none in RFC 821's words.
    if (this.personality.wording === 'rfc821' && r.enhanced !== null) r = { ...r, enhanced: null }
    this.lastReplyCode = r.code
    this.#out.push(cause === undefined ? { type: 'reply', reply: r, wire: formatReply(r) } : { type: 'reply', reply: r, wire: formatReply(r), cause })
    // Too many errors end the session (Postfix: smtpd_hard_error_limit; 5321 §3.8 allows closing after 421).
    const isError = (r.code >= 400 && r.code !== 421 && !this.notAnError) || this.junkError
    this.junkError = false
    this.notAnError = false
    if (isError && ++this.#errors >= this.personality.limits.hardErrors && !this.closed) {
      const last = reply('tooManyErrors', { host: this.config.hostname }, this.personality.wording)
      this.#out.push({ type: 'reply', reply: last, wire: formatReply(last), cause: `${this.#errors} errors in one session` })
      this.close('too-many-errors')
    }
  }

  reply(key: ReplyKey, params: Readonly<Record<string, string | number>> = {}, cause?: string): void {
    this.send(reply(key, params, this.personality.wording), cause)
  }

  refuse(r: Refusal): void {
    this.reply(r.key, r.params, r.cause)
  }

  /** A delivered message forgives earlier mistakes and starts the junk count again, as Postfix does (fixture 2.6). */
  forgiveErrors(): void {
    this.#errors = 0
    this.junk = 0
  }

  resetTransaction(by: ResetBy): void {
    if (this.tx) this.emit({ type: 'transaction-reset', by })
    this.tx = null
    this.bdatDiscarding = false
  }

  close(reason: CloseReason): void {
    if (this.closed) return
    this.closed = true
    this.input = COMMANDS
    this.emit({ type: 'closed', reason })
  }

  flush(): ModelEvent[] {
    const out = this.#out
    this.#out = []
    return out
  }
}
