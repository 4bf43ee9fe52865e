/**
 * SmtpSession: one SMTP server session, sans-IO (design §2; the shape of h11's Connection).
 *
 * Theory of operation
 *  - The caller passes octets in with `receive(chunk)`, in any chunking; the session answers with the events that
 *    the octets caused, replies among them, in order. The same octets in any chunking give the same events.
 *  - Modes: reading commands; reading a SASL exchange (after 334, RFC 4954); reading message data (after 354, by
 *    DataReader); reading a BDAT chunk of exact length (RFC 3030); closed. Whatever follows the end of data in a
 *    chunk is commands again (pipelining: RFC 2920 §3.2, the input buffer is never discarded) — except after
 *    STARTTLS, where it must be (RFC 3207 §4.2, CVE-2011-0411).
 *  - Connection state (HELO name, TLS, login, error count) lives in the session; transaction state lives in one
 *    `Transaction` value that MAIL creates and RSET, HELO/EHLO, STARTTLS and the end of the message replace
 *    (aesthetics principle 6).
 *  - A peer's mistake is a reply, never an exception. Time comes from the injected clock (`tick()`), ids from the
 *    injected id source. No I/O, no timers, no randomness.
 *  - Every choice the RFC leaves open is read from the personality (settings.ts) and the port's profile
 *    (profiles.ts); every reply comes from the catalogue (replies.ts).
 */
import type { Clock, IdSource } from './deps'
import { DataReader, concat, octetsAsText } from './data-reader'
import type { Envelope, ModelEvent } from './events'
import { parseEnvelopeArgument, type EnvelopeArgument } from './envelope-syntax'
import { checkAddressLiteral, checkDomain, mailboxText, type Mailbox } from './grammar'
import { checkMailParams, checkRcptParams, type MailParams, type RcptParams } from './params'
import type { MailPolicy, PeerFacts, Refusal, SessionScript } from './policy'
import { PROFILES, capabilities, type Profile } from './profiles'
import { formatReply, reply, replyLines, type Reply, type ReplyKey } from './replies'
import { decodeBase64, startExchange, type Credentials, type Mechanism, type SaslExchange, type SaslStep } from './sasl'
import { PERSONALITIES, type Personality } from './settings'
import type { WithProtocol } from './delivery/trace'
import { COMMAND_HELP, JUNK_COMMANDS, RECOGNIZED_UNIMPLEMENTED } from './verbs'

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

type Mode = 'command' | 'auth' | 'data' | 'bdat' | 'closed'

type Handler = (this: SmtpSession, argument: string) => void
/** The command table (aiosmtpd's smtp_<VERB> methods as data): verb → handler, filled in by the class below. */
const HANDLERS: Record<string, Handler> = {}

interface Recipient {
  readonly address: string
  readonly params: RcptParams
}

interface Transaction {
  readonly sender: string
  readonly mail: MailParams
  readonly recipients: readonly Recipient[]
  /** Recipients typed but refused. */
  readonly refused: number
  /** BDAT chunks so far (RFC 3030); once there is one, DATA is refused. */
  readonly chunks: readonly Uint8Array[] | null
  readonly chunkSize: number
}

/** A BDAT chunk being read: how many octets are still to come. */
interface Chunk {
  remaining: number
  readonly size: number
  readonly last: boolean
  /** No transaction to add it to: the octets are read and thrown away, then 503. */
  readonly discard: boolean
  readonly parts: Uint8Array[]
}

/** Commands allowed before STARTTLS where TLS is required (RFC 3207 §4). */
const BEFORE_TLS = new Set(['EHLO', 'HELO', 'NOOP', 'QUIT', 'STARTTLS', 'RSET'])
/** Commands that need a login where the port requires one (RFC 4954 §6: all but AUTH, EHLO, HELO, NOOP, RSET, QUIT). */
const NEEDS_AUTH = new Set(['MAIL', 'RCPT', 'DATA', 'BDAT', 'VRFY', 'EXPN', 'ETRN'])
/** SASL exchange lines may be long (RFC 4954 §4 suggests 12288 octets). */
const SASL_LINE_LIMIT = 12288 + 2
const NO_CREDENTIALS: Credentials = { password: () => null, tokenOwner: () => null }

const encoder = new TextEncoder()
const latin1 = new TextDecoder('latin1')
const utf8 = new TextDecoder('utf-8')
const CRLF = encoder.encode('\r\n')
const NON_ASCII = /[^\x00-\x7f]/

export class SmtpSession {
  readonly #config: SessionConfig
  readonly #personality: Personality
  readonly #profile: Profile
  #mode: Mode = 'command'
  #out: ModelEvent[] = []
  #helo: { verb: 'HELO' | 'EHLO'; name: string } | null = null
  #tls: boolean
  #user: string | null = null
  #sasl: { exchange: SaslExchange; mechanism: Mechanism } | null = null
  #tx: Transaction | null = null
  #chunk: Chunk | null = null
  #errors = 0
  #junk = 0
  /** The command being answered counts as an error although its reply is positive (a junk command). */
  #junkError = false
  /** STARTTLS was accepted: what is left of the input must be thrown away (RFC 3207 §4.2). */
  #discardInput = false
  #lastActivity: number
  #started = false
  #lastReplyCode = 0
  // Command framing: the pieces of the line read so far, their length, and whether it ran over the limit.
  #lineParts: Uint8Array[] = []
  #lineLength = 0
  #overrun = false
  #data: DataReader | null = null
  /** How often each verb was used: scripted faults name "the third RCPT". */
  readonly #verbCounts = new Map<string, number>()

  constructor(config: SessionConfig) {
    this.#config = config
    this.#personality = config.personality ?? PERSONALITIES.postfix
    this.#profile = config.profile ?? PROFILES.mta
    this.#tls = this.#profile.implicitTls
    this.#lastActivity = config.clock.now()
  }

  get personality(): Personality {
    return this.#personality
  }
  get profile(): Profile {
    return this.#profile
  }
  get mode(): Mode {
    return this.#mode
  }
  get closed(): boolean {
    return this.#mode === 'closed'
  }
  /** Whether the channel is (simulated) encrypted: after STARTTLS, or from the start on port 465. */
  get tls(): boolean {
    return this.#tls
  }
  /** Facts about the peer, for policy and trace headers. */
  get peer(): PeerFacts {
    return { heloName: this.#helo?.name ?? null, authenticated: this.#user }
  }
  get heloVerb(): 'HELO' | 'EHLO' | null {
    return this.#helo?.verb ?? null
  }
  /** The EHLO keywords as they stand now (they change after STARTTLS, RFC 3207 §4.2). */
  get capabilities(): string[] {
    return capabilities(this.#personality, this.#profile, { tls: this.#tls, plaintextAuth: this.#config.plaintextAuth ?? false })
  }
  /** The open transaction's envelope, or null. */
  get envelope(): Envelope | null {
    return this.#tx && this.#envelopeOf(this.#tx)
  }

  /** The greeting (5321 §3.1, §4.2). Call once, when the connection opens. */
  start(): ModelEvent[] {
    if (this.#started) return []
    this.#started = true
    this.#lastActivity = this.#config.clock.now()
    if (this.#tls) this.#emit({ type: 'tls-started', implicit: true })
    this.#reply('greeting', { host: this.#config.hostname })
    return this.#flush()
  }

  /** Feed octets from the client; returns what they caused. Strings are sent as UTF-8. */
  receive(chunk: Uint8Array | string): ModelEvent[] {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk
    if (!this.#started) this.start()
    if (this.#mode === 'closed' || bytes.length === 0) return this.#flush()
    this.#lastActivity = this.#config.clock.now()
    const text = octetsAsText(bytes) // decoded once; commands and data scan the same string
    let offset = 0
    while (offset < bytes.length && !this.closed) {
      if (this.#mode === 'data') offset = this.#feedData(bytes, text, offset)
      else if (this.#mode === 'bdat') offset = this.#feedChunk(bytes, offset)
      else offset = this.#feedLines(bytes, text, offset)
    }
    return this.#flush()
  }

  /** The client closed the connection (telnet's Ctrl-]): no reply, the session is over, an open transaction lost. */
  hangUp(): ModelEvent[] {
    if (this.#mode !== 'closed') {
      this.#resetTransaction('QUIT')
      this.#close('client-closed')
    }
    return this.#flush()
  }

  /** Let the injected clock speak: past the idle timeout the server says 421 4.4.2 and closes (5321 §4.5.3.2.7). */
  tick(): ModelEvent[] {
    const idle = this.#config.clock.now() - this.#lastActivity
    if (this.#started && this.#mode !== 'closed' && idle >= this.#personality.limits.idleTimeout) {
      this.#reply('timeout', { host: this.#config.hostname })
      this.#close('timeout')
    }
    return this.#flush()
  }

  // --- Framing ------------------------------------------------------------------------------------------------

  /** Read command (or SASL) lines from `chunk` at `start`; returns where reading stopped. */
  #feedLines(chunk: Uint8Array, text: string, start: number): number {
    let p = start
    while (p < text.length && (this.#mode === 'command' || this.#mode === 'auth')) {
      const lf = text.indexOf('\n', p)
      const end = lf < 0 ? text.length : lf
      this.#appendLine(chunk.subarray(p, end), this.#mode === 'auth' ? SASL_LINE_LIMIT : this.#personality.limits.commandLine)
      if (lf < 0) return text.length
      p = lf + 1
      this.#completeLine()
      if (this.#discardInput) {
        this.#discardInput = false
        if (p < text.length) this.#emit({ type: 'input-discarded', octets: text.length - p, reason: 'sent before the TLS handshake' })
        return text.length
      }
    }
    return p
  }

  /** Keep at most `limit` octets of a line, its LF included; note an overrun (5321 §4.5.3.1.4). */
  #appendLine(part: Uint8Array, limit: number): void {
    const room = limit - 1 - this.#lineLength
    if (part.length > room) this.#overrun = true
    if (room > 0) this.#lineParts.push(part.length > room ? part.subarray(0, room) : part)
    this.#lineLength += part.length
  }

  #completeLine(): void {
    const parts = this.#lineParts
    const length = this.#lineLength
    const overrun = this.#overrun
    this.#lineParts = []
    this.#lineLength = 0
    this.#overrun = false
    let bytes = parts.length === 1 && parts[0] ? parts[0] : concat(parts)
    const crlf = bytes[bytes.length - 1] === 13
    const limits = this.#personality.limits
    if (this.#mode === 'auth') {
      if (overrun) return this.#endSasl(reply('authLineTooLong'), 'the SASL line was longer than 12288 octets')
      return this.#saslLine(latin1.decode(crlf ? bytes.subarray(0, bytes.length - 1) : bytes))
    }
    if (overrun) bytes = bytes.subarray(0, limits.commandLine - 2) // keep what fits before CRLF, as Postfix does
    else if (crlf) bytes = bytes.subarray(0, bytes.length - 1)
    if (overrun) {
      const action = limits.commandLineOver === 'reject' ? 'rejected' : 'truncated'
      this.#emit({ type: 'line-too-long', where: 'command', length: length + 1, limit: limits.commandLine, action })
      if (action === 'rejected') {
        this.#reply('lineTooLong', {}, `the line was ${length + 1} octets; this server takes at most ${limits.commandLine}`)
        return
      }
    }
    if (!crlf && !overrun) {
      this.#emit({ type: 'bare-line-ending', kind: 'LF', count: 1, action: this.#personality.bareLineEndings === 'reject' ? 'rejected' : 'ended-line' })
      if (this.#personality.bareLineEndings === 'reject') {
        this.#reply('bareLineEnding', {}, 'the line ended in LF alone; SMTP lines end in CR LF (RFC 5321 §2.3.8)')
        return
      }
    }
    this.#command(utf8.decode(bytes))
  }

  #feedData(chunk: Uint8Array, text: string, start: number): number {
    const reader = this.#data
    if (!reader) return chunk.length
    if (this.#config.script?.dropDuringData) {
      this.#close('dropped')
      return chunk.length
    }
    const end = reader.feed(chunk, text, start)
    if (end < 0) return chunk.length
    this.#data = null
    this.#mode = 'command'
    this.#endOfData(reader)
    return end
  }

  /** BDAT: exactly `size` octets, no dot-stuffing, no end line (RFC 3030 §2). */
  #feedChunk(bytes: Uint8Array, offset: number): number {
    const chunk = this.#chunk
    if (!chunk) return bytes.length
    if (this.#config.script?.dropDuringData) {
      this.#close('dropped')
      return bytes.length
    }
    const take = Math.min(chunk.remaining, bytes.length - offset)
    if (!chunk.discard && take > 0) chunk.parts.push(bytes.subarray(offset, offset + take))
    chunk.remaining -= take
    if (chunk.remaining === 0) this.#endOfChunk(chunk)
    return offset + take
  }

  // --- Commands -----------------------------------------------------------------------------------------------

  #command(line: string): void {
    // White space around the verb and its argument is tolerated (5321 §4.1.1; Postfix splits on any run of it).
    const match = /^[ \t]*([^ \t]*)[ \t]*(.*)$/s.exec(line)
    const word = match?.[1] ?? ''
    const verb = word.toUpperCase()
    const argument = (match?.[2] ?? '').replace(/[ \t]+$/, '')
    this.#emit({ type: 'command', verb, argument, line })
    if (verb === '') return this.#reply('badSyntax', {}, 'an empty line is not a command')
    if (this.#personality.hangUpOnMessageText && (word.startsWith('.') || word.endsWith(':'))) {
      this.#reply('messageTextAsCommand', {}, word.startsWith('.') ? 'a line starting with "." is message text, not a command' : `"${word}" looks like a header field: message text sent as a command`)
      return this.#close('message-text')
    }
    // Past the junk limit, each NOOP/RSET/VRFY counts as an error too (Postfix: `junk_cmds++ > limit`).
    if (JUNK_COMMANDS.has(verb) && !this.#tx && this.#junk++ > this.#personality.limits.junkCommands) this.#junkError = true
    const handler = HANDLERS[verb]
    if (!handler) {
      if (RECOGNIZED_UNIMPLEMENTED.has(verb)) return this.#reply('notImplemented', {}, `${verb} is not offered on this port`)
      return this.#reply('unrecognized', {}, /^[A-Za-z]+$/.test(verb) ? `"${verb}" is not an SMTP command` : 'a command starts with a verb of letters')
    }
    // Ports that want TLS, then a login, before anything else (RFC 3207 §4, RFC 4954 §6, RFC 6409 §4.1).
    const plaintextAuth = this.#config.plaintextAuth ?? false
    if (this.#profile.startTls && !this.#tls && !plaintextAuth && !BEFORE_TLS.has(verb)) {
      return this.#reply('mustStartTls', {}, `port ${this.#profile.port} wants STARTTLS before ${verb}`)
    }
    if (this.#profile.authRequired && !this.#user && NEEDS_AUTH.has(verb)) {
      return this.#reply('authRequired', {}, `port ${this.#profile.port} takes mail only after AUTH`)
    }
    const nth = (this.#verbCounts.get(verb) ?? 0) + 1
    this.#verbCounts.set(verb, nth)
    const scripted = this.#config.script?.beforeCommand(verb, nth, argument) ?? null
    if (scripted === 'drop') return this.#close('dropped')
    if (scripted) {
      this.#refuse(scripted)
      if (this.#lastReplyCode === 421) this.#close('shutdown')
      return
    }
    handler.call(this, argument)
  }

  #helloCommand(verb: 'HELO' | 'EHLO', argument: string): void {
    if (argument === '') return this.#reply(verb === 'HELO' ? 'heloSyntax' : 'ehloSyntax', {}, `${verb} needs your host name`)
    const name = argument.split(/[ \t]/)[0] ?? ''
    if (this.#personality.strictHelo) {
      const check = name.startsWith('[') ? checkAddressLiteral(name) : checkDomain(name)
      if (!check.ok) return this.#reply('heloInvalid', { arg: name }, check.why)
    }
    this.#resetTransaction(verb)
    this.#helo = { verb, name }
    this.#emit({ type: 'helo', verb, name })
    if (verb === 'HELO') return this.#reply('helo', { host: this.#config.hostname })
    this.#send(replyLines('ehlo', [this.#config.hostname, ...this.capabilities]))
  }

  #parseEnvelope(argument: string, keyword: 'FROM' | 'TO'): EnvelopeArgument {
    const limits = this.#personality.limits
    const strictPath = limits.pathOver === 'reject'
    return parseEnvelopeArgument(argument, keyword, {
      strict: this.#personality.strictEnvelope,
      maxLocalPart: strictPath ? limits.localPart : 1000,
      maxDomain: limits.domain, // Postfix checks the domain's length even when lenient
      maxPath: strictPath ? limits.path : 0,
      defaultDomain: this.#config.hostname,
    })
  }

  #paramContext() {
    return { sizeLimit: this.#sizeLimit(), dsn: this.capabilities.includes('DSN'), smtputf8: this.capabilities.includes('SMTPUTF8') }
  }

  /** The message size limit: the personality's, or its submission size on 587/465. */
  #sizeLimit(): number {
    return this.#profile.name === 'mta' ? this.#personality.limits.messageSize : this.#personality.submissionMessageSize
  }

  #mail(argument: string): void {
    if (this.#personality.requireHelo && !this.#helo) return this.#reply('needHelo', {}, 'MAIL before HELO or EHLO')
    if (this.#tx) return this.#reply('nestedMail', {}, 'a transaction is already open (MAIL was accepted before)')
    const parsed = this.#parseEnvelope(argument, 'FROM')
    if (!parsed.ok) return this.#envelopeError(parsed, 'mailSyntax', 'badSender')
    const params = checkMailParams(parsed.params, this.#paramContext())
    if (!params.ok) return this.#refuse(params.refusal)
    const sender = parsed.mailbox ? mailboxText(parsed.mailbox) : ''
    if (this.#personality.strictEnvelope && NON_ASCII.test(sender) && !params.value.smtputf8) {
      return this.#reply('nonAsciiSender', {}, 'the address has UTF-8 in it, but MAIL did not say SMTPUTF8 (RFC 6531 §3.5)')
    }
    this.#tolerated(parsed)
    if (parsed.route.length > 0) this.#emit({ type: 'source-route-stripped', role: 'sender', route: parsed.route, mailbox: sender })
    this.#tx = { sender, mail: params.value, recipients: [], refused: 0, chunks: null, chunkSize: 0 }
    this.#emit({ type: 'transaction-started', sender })
    this.#reply('senderOk')
  }

  #rcpt(argument: string): void {
    const tx = this.#tx
    if (!tx) return this.#reply('needMail', {}, 'RCPT before MAIL')
    const parsed = this.#parseEnvelope(argument, 'TO')
    if (!parsed.ok) return this.#envelopeError(parsed, 'rcptSyntax', 'badRecipient')
    const params = checkRcptParams(parsed.params, this.#paramContext())
    if (!params.ok) return this.#refuse(params.refusal)
    const mailbox = parsed.mailbox as Mailbox // TO never yields the null path
    const recipient = mailboxText(mailbox)
    if (this.#personality.strictEnvelope && NON_ASCII.test(recipient) && !tx.mail.smtputf8) {
      return this.#reply('nonAsciiRecipient', {}, 'the address has UTF-8 in it, but MAIL did not say SMTPUTF8 (RFC 6531 §3.5)')
    }
    if (tx.recipients.length >= this.#personality.limits.recipients) {
      return this.#reply('tooManyRecipients', {}, `this server takes at most ${this.#personality.limits.recipients} recipients per message`)
    }
    this.#tolerated(parsed)
    if (parsed.route.length > 0) this.#emit({ type: 'source-route-stripped', role: 'recipient', route: parsed.route, mailbox: recipient })
    const refusal = this.#config.policy.checkRecipient(mailbox, this.peer)
    if (refusal) {
      this.#tx = { ...tx, refused: tx.refused + 1 }
      this.#refuse(refusal)
      this.#emit({ type: 'recipient-rejected', recipient, code: this.#lastReplyCode })
      return
    }
    this.#tx = { ...tx, recipients: [...tx.recipients, { address: recipient, params: params.value }] }
    this.#emit({ type: 'recipient-accepted', recipient, typed: argument })
    this.#reply('recipientOk')
  }

  #dataCommand(argument: string): void {
    if (argument !== '') return this.#reply('dataSyntax', {}, 'DATA takes no argument')
    const tx = this.#tx
    if (!tx) return this.#reply('needRcpt', {}, 'DATA before MAIL and RCPT')
    if (tx.chunks) return this.#reply('dataAfterBdat', {}, 'this transaction already sent BDAT chunks (RFC 3030 §2)')
    if (tx.recipients.length === 0) {
      return this.#reply('noValidRecipients', {}, tx.refused > 0 ? 'every RCPT TO of this transaction was refused' : 'DATA before any RCPT TO')
    }
    this.#data = new DataReader(this.#personality.bareLineEndings, { textLine: this.#personality.limits.textLine, messageSize: this.#sizeLimit() })
    this.#mode = 'data'
    this.#emit({ type: 'data-started' })
    this.#reply('startData')
  }

  #endOfData(reader: DataReader): void {
    const tx = this.#tx
    this.#tx = null
    if (!tx) return
    const summary = reader.finish()
    const policy = this.#personality.bareLineEndings
    if (summary.unstuffed > 0) this.#emit({ type: 'lines-unstuffed', count: summary.unstuffed })
    for (const kind of ['LF', 'CR'] as const) {
      const count = summary.bare[kind]
      if (count === 0) continue
      const action = policy === 'reject' ? 'rejected' : kind === 'CR' ? 'replaced-with-space' : policy === 'normalize' ? 'normalized' : 'ended-line'
      this.#emit({ type: 'bare-line-ending', kind, count, action })
    }
    if (summary.nonstandardEnd) {
      const action = summary.nonstandardEnded ? 'ended-data' : policy === 'reject' ? 'rejected' : 'ignored'
      this.#emit({ type: 'nonstandard-end-of-data', sequence: summary.nonstandardEnd, action })
    }
    const limits = this.#personality.limits
    const tooLong = summary.longestLine > limits.textLine
    if (tooLong) {
      const action = limits.textLineOver === 'reject' ? 'rejected' : 'accepted'
      this.#emit({ type: 'line-too-long', where: 'data', length: summary.longestLine, limit: limits.textLine, action })
    }
    let refusal: Refusal | null = null
    if (summary.overSize) refusal = { key: 'messageTooBig', cause: `the message has ${summary.size} octets; the limit is ${this.#sizeLimit()}` }
    else if (tooLong && limits.textLineOver === 'reject') refusal = { key: 'textLineTooLong', params: { limit: limits.textLine }, cause: `the longest line had ${summary.longestLine} octets with its CRLF` }
    else if (policy === 'reject' && (summary.bare.LF > 0 || summary.bare.CR > 0)) refusal = { key: 'bareLineEndingInMessage', params: { kind: summary.bare.LF > 0 ? 'LF' : 'CR' }, cause: 'lines must end in CR LF' }
    this.#acceptMessage(tx, summary.content, refusal, (id) => reply('queued', { id }))
  }

  /** The end of a message (final dot or BDAT LAST): the last checks, then responsibility (5321 §4.2.5). */
  #acceptMessage(tx: Transaction, content: Uint8Array, refusal: Refusal | null, accepted: (id: string) => Reply): void {
    const hops = countReceived(content)
    const limit = this.#personality.limits.hops
    if (!refusal && hops > limit) refusal = { key: 'tooManyHops', cause: `the message has ${hops} Received: lines; more than ${limit} means a mail loop (RFC 5321 §6.3)` }
    refusal ??= this.#config.policy.canStore?.() ?? null
    const scripted = refusal ? null : (this.#config.script?.afterData() ?? null)
    if (scripted === 'drop') return this.#close('dropped')
    refusal ??= scripted
    if (refusal) {
      this.#refuse(refusal)
      this.#emit({ type: 'message-rejected', code: this.#lastReplyCode, why: refusal.cause ?? '' })
      return
    }
    const queueId = this.#config.ids.next()
    this.#emit({ type: 'message-accepted', queueId, envelope: this.#envelopeOf(tx), content })
    this.#errors = 0 // a delivered message forgives earlier mistakes, as Postfix does
    this.#send(accepted(queueId))
  }

  #envelopeOf(tx: Transaction): Envelope {
    return {
      sender: tx.sender,
      recipients: tx.recipients.map((r) => r.address),
      mailParams: tx.mail.raw,
      mail: tx.mail,
      recipientParams: tx.recipients.map((r) => r.params),
      protocol: this.#protocol(tx.mail.smtputf8),
    }
  }

  /** The WITH protocol name of the Received: line (RFC 5321 §4.4, RFC 3848 §1, RFC 6531 §3.7.3). */
  #protocol(smtputf8: boolean): WithProtocol {
    const base = this.#helo?.verb !== 'EHLO' ? 'SMTP' : smtputf8 ? 'UTF8SMTP' : 'ESMTP'
    if (base === 'SMTP') return 'SMTP'
    return `${base}${this.#tls ? 'S' : ''}${this.#user ? 'A' : ''}` as WithProtocol
  }

  #bdat(argument: string): void {
    const m = /^(\d{1,9})(?:[ \t]+(LAST))?$/i.exec(argument)
    if (!m) {
      this.#reply('bdatSyntax', {}, 'BDAT <octets> [LAST]')
      return this.#close('shutdown')
    }
    const size = Number(m[1])
    const tx = this.#tx
    const discard = !tx || tx.recipients.length === 0
    this.#chunk = { remaining: size, size, last: m[2] !== undefined, discard, parts: [] }
    this.#mode = 'bdat'
    if (size === 0) this.#endOfChunk(this.#chunk)
  }

  #endOfChunk(chunk: Chunk): void {
    this.#chunk = null
    this.#mode = 'command'
    const tx = this.#tx
    if (chunk.discard || !tx) return this.#reply('needRcpt', {}, 'BDAT before MAIL and an accepted RCPT; the chunk was read and thrown away')
    const total = tx.chunkSize + chunk.size
    const keep = total <= this.#sizeLimit() || this.#sizeLimit() === 0
    const chunks = keep ? [...(tx.chunks ?? []), ...chunk.parts] : []
    this.#tx = { ...tx, chunks, chunkSize: total }
    if (!chunk.last) return this.#reply('bdatChunk', { count: chunk.size })
    this.#tx = null
    let content = concat(chunks)
    // Postfix stores lines: an unterminated last line gets its CRLF (and the count says so).
    if (content.length > 0 && !(content[content.length - 2] === 13 && content[content.length - 1] === 10)) content = concat([content, CRLF])
    const refusal: Refusal | null = keep ? null : { key: 'messageTooBig', cause: `the chunks add up to ${total} octets; the limit is ${this.#sizeLimit()}` }
    this.#acceptMessage({ ...tx, chunks }, content, refusal, (id) => reply('bdatQueued', { count: content.length, id }))
  }

  #startTls(argument: string): void {
    if (!this.#profile.startTls && !this.#tls) return this.#reply('notImplemented', {}, `STARTTLS is not offered on port ${this.#profile.port}`)
    if (argument !== '') return this.#reply('startTlsSyntax', {}, 'STARTTLS takes no argument')
    if (this.#tls) return this.#reply('tlsAlreadyActive', {}, 'the channel is already encrypted')
    this.#reply('readyForTls')
    // RFC 3207 §4.2: the session starts over — no HELO, no transaction, no login — and input sent before the
    // handshake is thrown away, so nothing pipelined in the clear can ride into the encrypted session.
    this.#resetTransaction('STARTTLS')
    this.#helo = null
    this.#user = null
    this.#tls = true
    this.#discardInput = true
    this.#emit({ type: 'tls-started', implicit: false })
  }

  #auth(argument: string): void {
    const profile = this.#profile
    if (!profile.auth) return this.#reply('authNotEnabled', {}, `AUTH is not offered on port ${profile.port}`)
    if (!this.#tls && !this.#config.plaintextAuth) return this.#reply('mustStartTls', {}, 'passwords are only sent over an encrypted channel here')
    if (this.#user) return this.#reply('authAlready', {}, `already logged in as ${this.#user}`)
    if (this.#tx) return this.#reply('authInTransaction', {}, 'AUTH inside a mail transaction')
    const [name = '', initial, extra] = argument.split(/[ \t]+/)
    if (name === '' || extra !== undefined) return this.#reply('authSyntax', {}, 'AUTH <mechanism> [initial-response]')
    const mechanism = name.toUpperCase()
    if (mechanism === 'DIGEST-MD5') {
      return this.#reply('authUnknownMechanism', {}, 'DIGEST-MD5 is historic (RFC 6331): insecure and not interoperable, so no server should offer it')
    }
    if (!(this.#personality.mechanisms as readonly string[]).includes(mechanism)) {
      return this.#reply('authUnknownMechanism', {}, `${mechanism} is not in the AUTH line of the EHLO reply`)
    }
    let response: Uint8Array | null = null
    if (initial !== undefined) {
      response = decodeBase64(initial)
      if (!response) return this.#reply('authBadBase64', {}, 'the initial response is not base64')
    }
    const exchange = startExchange(mechanism as Mechanism, this.#config.credentials ?? NO_CREDENTIALS, this.#config.ids.next(), this.#config.hostname)
    this.#sasl = { exchange, mechanism: mechanism as Mechanism }
    this.#saslStep(exchange.start(response))
  }

  #saslLine(line: string): void {
    const sasl = this.#sasl
    if (!sasl) return
    if (line === '*') return this.#endSasl(reply('authAborted'), 'the client cancelled with *')
    const response = decodeBase64(line)
    if (!response) return this.#endSasl(reply('authBadBase64'), 'the line is not base64')
    this.#saslStep(sasl.exchange.next(response))
  }

  #saslStep(step: SaslStep): void {
    const mechanism = this.#sasl?.mechanism ?? 'PLAIN'
    switch (step.kind) {
      case 'challenge':
      case 'error-challenge':
        this.#mode = 'auth'
        return this.#reply('authChallenge', { challenge: step.challenge }, step.kind === 'error-challenge' ? step.why : undefined)
      case 'success':
        this.#user = step.user
        this.#emit({ type: 'authenticated', user: step.user, mechanism })
        return this.#endSasl(reply('authOk'))
      case 'failure':
        this.#emit({ type: 'authentication-failed', mechanism, why: step.why })
        return this.#endSasl(reply('authFailed'), step.why)
    }
  }

  #endSasl(r: Reply, cause?: string): void {
    this.#sasl = null
    this.#mode = 'command'
    this.#send(r, cause)
  }

  #etrn(argument: string): void {
    if (this.#profile.name !== 'mta') return this.#reply('notImplemented', {}, `ETRN is not offered on port ${this.#profile.port}`)
    if (argument === '') return this.#reply('etrnSyntax')
    if (this.#tx) return this.#reply('etrnInTransaction')
    this.#reply('etrnUnavailable', { domain: argument.replace(/^[@#]/, '') }, 'this server keeps no queue to flush on request (as Postfix without fast_flush_domains)')
  }

  #resetTransaction(by: 'RSET' | 'HELO' | 'EHLO' | 'QUIT' | 'STARTTLS'): void {
    if (this.#tx) this.#emit({ type: 'transaction-reset', by })
    this.#tx = null
  }

  #rset(argument: string): void {
    if (argument !== '') return this.#reply('resetSyntax', {}, 'RSET takes no argument')
    this.#resetTransaction('RSET')
    this.#reply('resetOk')
  }

  #quit(): void {
    this.#resetTransaction('QUIT')
    this.#reply('quit')
    this.#close('quit')
  }

  #vrfy(argument: string): void {
    if (!this.#personality.vrfy) return this.#reply('vrfyDisabled')
    if (argument === '') return this.#reply('vrfySyntax', {}, 'VRFY needs a name or an address')
    if (/[ \t]/.test(argument.replace(/"[^"]*"/g, ''))) return this.#reply('badRecipient', {}, 'VRFY takes one name or address')
    const answer = this.#config.policy.verify(argument)
    if ('key' in answer) return this.#refuse(answer)
    this.#reply('vrfyWillTry', { arg: argument }) // echoed as given, as Postfix does
  }

  #expn(argument: string): void {
    if (argument === '') return this.#reply('expnSyntax', {}, 'EXPN needs the name of a list or alias')
    const answer = this.#config.policy.expand(argument)
    if ('key' in answer) return this.#refuse(answer)
    this.#send(replyLines('expnMember', answer.members))
  }

  #help(argument: string): void {
    const topic = argument.toUpperCase()
    if (topic === '') return this.#send(replyLines('help', ['Commands: ' + Object.keys(COMMAND_HELP).join(' '), 'Try HELP <command>; RFC 5321 has the details.']))
    const text = COMMAND_HELP[topic]
    if (!text) return this.#reply('helpUnknownTopic', { arg: argument })
    this.#send(replyLines('help', [text]))
  }

  // --- Output -------------------------------------------------------------------------------------------------

  #emit(event: ModelEvent): void {
    this.#out.push(event)
  }

  #send(r: Reply, cause?: string): void {
    this.#lastReplyCode = r.code
    this.#out.push(cause === undefined ? { type: 'reply', reply: r, wire: formatReply(r) } : { type: 'reply', reply: r, wire: formatReply(r), cause })
    // Too many errors end the session (Postfix: smtpd_hard_error_limit; 5321 §3.8 allows closing after 421).
    const isError = (r.code >= 400 && r.code !== 421) || this.#junkError
    this.#junkError = false
    if (isError && ++this.#errors >= this.#personality.limits.hardErrors && this.#mode !== 'closed') {
      const last = reply('tooManyErrors', { host: this.#config.hostname })
      this.#out.push({ type: 'reply', reply: last, wire: formatReply(last), cause: `${this.#errors} errors in one session` })
      this.#close('too-many-errors')
    }
  }

  #reply(key: ReplyKey, params: Readonly<Record<string, string | number>> = {}, cause?: string): void {
    this.#send(reply(key, params), cause)
  }

  #refuse(r: Refusal): void {
    this.#reply(r.key, r.params, r.cause)
  }

  #envelopeError(parsed: Extract<EnvelopeArgument, { ok: false }>, syntaxKey: ReplyKey, addressKey: ReplyKey): void {
    if (parsed.kind === 'syntax') return this.#reply(syntaxKey, {}, parsed.why)
    if (parsed.kind === 'path-length') return this.#reply('pathTooLong', {}, parsed.why)
    if (parsed.kind === 'params') return this.#reply('badParameter', { param: 'ESMTP' }, parsed.why)
    this.#reply(addressKey, {}, parsed.why)
  }

  #tolerated(parsed: Extract<EnvelopeArgument, { ok: true }>): void {
    for (const what of parsed.tolerated) this.#emit({ type: 'syntax-tolerated', what })
  }

  #close(reason: CloseReason): void {
    if (this.#mode === 'closed') return
    this.#mode = 'closed'
    this.#data = null
    this.#chunk = null
    this.#sasl = null
    this.#lineParts = []
    this.#emit({ type: 'closed', reason })
  }

  #flush(): ModelEvent[] {
    const out = this.#out
    this.#out = []
    return out
  }

  static {
    Object.assign(HANDLERS, {
      HELO(this: SmtpSession, arg: string) { this.#helloCommand('HELO', arg) },
      EHLO(this: SmtpSession, arg: string) { this.#helloCommand('EHLO', arg) },
      MAIL(this: SmtpSession, arg: string) { this.#mail(arg) },
      RCPT(this: SmtpSession, arg: string) { this.#rcpt(arg) },
      DATA(this: SmtpSession, arg: string) { this.#dataCommand(arg) },
      BDAT(this: SmtpSession, arg: string) { this.#bdat(arg) },
      RSET(this: SmtpSession, arg: string) { this.#rset(arg) },
      NOOP(this: SmtpSession) { this.#reply('noop') },
      QUIT(this: SmtpSession) { this.#quit() },
      VRFY(this: SmtpSession, arg: string) { this.#vrfy(arg) },
      EXPN(this: SmtpSession, arg: string) { this.#expn(arg) },
      HELP(this: SmtpSession, arg: string) { this.#help(arg) },
      STARTTLS(this: SmtpSession, arg: string) { this.#startTls(arg) },
      AUTH(this: SmtpSession, arg: string) { this.#auth(arg) },
      ETRN(this: SmtpSession, arg: string) { this.#etrn(arg) },
    } satisfies Record<string, Handler>)
  }
}

type CloseReason = Extract<ModelEvent, { type: 'closed' }>['reason']

/** Received: fields in the header section of a message (5321 §6.3 counts them to find loops). */
function countReceived(content: Uint8Array): number {
  const head = latin1.decode(content.subarray(0, headerEnd(content)))
  return (head.match(/^Received:/gim) ?? []).length
}

/** Offset of the empty line that ends the header section, or the length if there is none. */
function headerEnd(content: Uint8Array): number {
  for (let i = 0; i + 1 < content.length; i++) {
    if (content[i] === 10 && (content[i + 1] === 10 || (content[i + 1] === 13 && content[i + 2] === 10))) return i + 1
  }
  return content.length
}
