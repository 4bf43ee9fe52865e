/**
 * SmtpSession: one SMTP server session, sans-IO (design §2; the shape of h11's Connection).
 *
 * Theory of operation
 *  - The caller passes octets in with `receive(chunk)`, in any chunking; the session answers with the events that
 *    the octets caused, replies among them, in order. The same octets in any chunking give the same events.
 *  - There are three modes: reading commands, reading message data (after 354), and closed. Commands are framed
 *    here; message data by DataReader. Whatever follows the end of data in a chunk is commands again (pipelining,
 *    RFC 2920 §3.2: the input buffer is never discarded).
 *  - Connection state (the HELO name, the error count) lives in the session; transaction state lives in one
 *    `Transaction` value that MAIL creates and RSET, HELO/EHLO and the final dot replace (aesthetics principle 6).
 *  - A peer's mistake is a reply, never an exception. Time comes from the injected clock (`tick()`), ids from the
 *    injected id source. No I/O, no timers, no randomness.
 *  - Every choice the RFC leaves open is read from the personality (settings.ts), every reply from the catalogue
 *    (replies.ts).
 */
import type { Clock, IdSource } from './deps'
import { DataReader, octetsAsText } from './data-reader'
import type { Envelope, ModelEvent } from './events'
import { parseEnvelopeArgument, type EnvelopeArgument } from './envelope-syntax'
import { checkAddressLiteral, checkDomain, mailboxText, type EsmtpParam, type Mailbox } from './grammar'
import type { MailPolicy, PeerFacts, Refusal, SessionScript } from './policy'
import { formatReply, reply, replyLines, type Reply, type ReplyKey } from './replies'
import { PERSONALITIES, type Personality } from './settings'
import { COMMAND_HELP, JUNK_COMMANDS, RECOGNIZED_UNIMPLEMENTED } from './verbs'

export interface SessionConfig {
  /** The server's own name: greeting, EHLO, 421 texts. */
  readonly hostname: string
  readonly policy: MailPolicy
  readonly clock: Clock
  readonly ids: IdSource
  readonly personality?: Personality
  /** EHLO keywords after the first line. Defaults to what this model implements (see `defaultCapabilities`). */
  readonly capabilities?: readonly string[]
  /** Scripted faults of the world, if any. */
  readonly script?: SessionScript
}

type Mode = 'command' | 'data' | 'closed'

type Handler = (this: SmtpSession, argument: string) => void
/** The command table (aiosmtpd's smtp_<VERB> methods as data): verb → handler, filled in by the class below. */
const HANDLERS: Record<string, Handler> = {}

interface Transaction {
  readonly sender: string
  readonly mailParams: Readonly<Record<string, string | null>>
  readonly recipients: readonly string[]
  /** Recipients typed but refused: DATA then says "no valid recipients" rather than "need RCPT". */
  readonly refused: number
}

/** The EHLO keywords for a personality: every one of them works in this model. */
export function defaultCapabilities(p: Personality): string[] {
  return ['PIPELINING', `SIZE ${p.limits.messageSize}`, ...(p.vrfy ? ['VRFY'] : []), 'EXPN', 'ENHANCEDSTATUSCODES', '8BITMIME']
}

const encoder = new TextEncoder()
const latin1 = new TextDecoder('latin1')
const utf8 = new TextDecoder('utf-8')

export class SmtpSession {
  readonly #config: SessionConfig
  readonly #personality: Personality
  readonly #capabilities: readonly string[]
  #mode: Mode = 'command'
  #out: ModelEvent[] = []
  #helo: { verb: 'HELO' | 'EHLO'; name: string } | null = null
  #tx: Transaction | null = null
  #errors = 0
  #junk = 0
  /** The command being answered counts as an error although its reply is positive (a junk command). */
  #junkError = false
  #lastActivity: number
  #started = false
  // Command framing: the pieces of the line read so far, their length, and whether we are skipping an overrun.
  #lineParts: Uint8Array[] = []
  #lineLength = 0
  #overrun = false
  #data: DataReader | null = null
  /** How often each verb was used: scripted faults name "the third RCPT". */
  readonly #verbCounts = new Map<string, number>()

  constructor(config: SessionConfig) {
    this.#config = config
    this.#personality = config.personality ?? PERSONALITIES.postfix
    this.#capabilities = config.capabilities ?? defaultCapabilities(this.#personality)
    this.#lastActivity = config.clock.now()
  }

  get personality(): Personality {
    return this.#personality
  }
  get mode(): Mode {
    return this.#mode
  }
  get closed(): boolean {
    return this.#mode === 'closed'
  }
  /** Facts about the peer, for policy and trace headers. */
  get peer(): PeerFacts {
    return { heloName: this.#helo?.name ?? null, authenticated: null }
  }
  get heloVerb(): 'HELO' | 'EHLO' | null {
    return this.#helo?.verb ?? null
  }
  /** The open transaction's envelope, or null. */
  get envelope(): Envelope | null {
    const tx = this.#tx
    return tx && { sender: tx.sender, recipients: tx.recipients, mailParams: tx.mailParams }
  }

  /** The greeting (5321 §3.1, §4.2). Call once, when the connection opens. */
  start(): ModelEvent[] {
    if (this.#started) return []
    this.#started = true
    this.#lastActivity = this.#config.clock.now()
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
      offset = this.#mode === 'data' ? this.#feedData(bytes, text, offset) : this.#feedCommands(bytes, text, offset)
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

  /** Read command lines from `chunk` at `start`; returns where reading stopped (the end, unless DATA began). */
  #feedCommands(chunk: Uint8Array, text: string, start: number): number {
    const limit = this.#personality.limits.commandLine
    let p = start
    while (p < text.length && this.#mode === 'command') {
      const lf = text.indexOf('\n', p)
      const end = lf < 0 ? text.length : lf
      this.#appendLine(chunk.subarray(p, end), limit)
      if (lf < 0) return text.length
      p = lf + 1
      this.#completeLine()
    }
    return p
  }

  /** Keep at most `limit` octets of a command line, its LF included; note an overrun (5321 §4.5.3.1.4). */
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
    let bytes = parts.length === 1 && parts[0] ? parts[0] : joinBytes(parts)
    const crlf = bytes[bytes.length - 1] === 13
    const limits = this.#personality.limits
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
    if (handler) {
      const nth = (this.#verbCounts.get(verb) ?? 0) + 1
      this.#verbCounts.set(verb, nth)
      const scripted = this.#config.script?.beforeCommand(verb, nth, argument) ?? null
      if (scripted === 'drop') return this.#close('dropped')
      if (scripted) {
        this.#refuse(scripted)
        if (this.#lastReplyCode === 421) this.#close('shutdown')
        return
      }
      return handler.call(this, argument)
    }
    if (verb === 'AUTH') return this.#reply('authNotEnabled', {}, 'AUTH was not offered in the EHLO reply on this port')
    if (RECOGNIZED_UNIMPLEMENTED.has(verb)) {
      return this.#reply('notImplemented', {}, `${verb} is a known SMTP command that this server does not offer`)
    }
    this.#reply('unrecognized', {}, /^[A-Za-z]+$/.test(verb) ? `"${verb}" is not an SMTP command` : 'a command starts with a verb of letters')
  }

  #helloCommand(verb: 'HELO' | 'EHLO', argument: string): void {
    if (argument === '') return this.#reply(verb === 'HELO' ? 'heloSyntax' : 'ehloSyntax', {}, `${verb} needs your host name`)
    const name = argument.split(/[ \t]/)[0] ?? ''
    if (this.#personality.strictHelo) {
      const check = name.startsWith('[') ? checkAddressLiteral(name) : checkDomain(name)
      if (!check.ok) return this.#reply('heloInvalid', { arg: name }, check.why)
    }
    if (this.#tx) this.#emit({ type: 'transaction-reset', by: verb })
    this.#tx = null
    this.#helo = { verb, name }
    this.#emit({ type: 'helo', verb, name })
    if (verb === 'HELO') return this.#reply('helo', { host: this.#config.hostname })
    this.#send(replyLines('ehlo', [this.#config.hostname, ...this.#capabilities]))
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

  #mail(argument: string): void {
    if (this.#personality.requireHelo && !this.#helo) return this.#reply('needHelo', {}, 'MAIL before HELO or EHLO')
    if (this.#tx) return this.#reply('nestedMail', {}, 'a transaction is already open (MAIL was accepted before)')
    const parsed = this.#parseEnvelope(argument, 'FROM')
    if (!parsed.ok) return this.#envelopeError(parsed, 'mailSyntax', 'badSender')
    const params = this.#mailParams(parsed.params)
    if (!params.ok) return this.#refuse(params.refusal)
    this.#tolerated(parsed)
    const sender = parsed.mailbox ? mailboxText(parsed.mailbox) : ''
    if (parsed.route.length > 0) this.#emit({ type: 'source-route-stripped', role: 'sender', route: parsed.route, mailbox: sender })
    this.#tx = { sender, mailParams: params.accepted, recipients: [], refused: 0 }
    this.#emit({ type: 'transaction-started', sender })
    this.#reply('senderOk')
  }

  /** MAIL parameters this model implements: SIZE (RFC 1870) and BODY (RFC 6152). */
  #mailParams(params: readonly EsmtpParam[]): { ok: true; accepted: Record<string, string | null> } | { ok: false; refusal: Refusal } {
    const no = (refusal: Refusal) => ({ ok: false as const, refusal })
    const accepted: Record<string, string | null> = {}
    for (const param of params) {
      if (param.keyword === 'SIZE') {
        if (param.value === null) return no({ key: 'unknownParameter', params: { param: param.text }, cause: 'SIZE needs a value: SIZE=<number of octets>' })
        if (!/^\d{1,20}$/.test(param.value)) return no({ key: 'badSize', cause: 'SIZE=<number of octets>' })
        const limit = this.#personality.limits.messageSize
        if (limit > 0 && Number(param.value) > limit) {
          return no({ key: 'sizeExceeded', cause: `the declared size ${param.value} is over the limit ${limit} (RFC 1870 §6.1)` })
        }
      } else if (param.keyword === 'BODY') {
        if (!param.value || !/^(7BIT|8BITMIME)$/i.test(param.value)) return no({ key: 'unknownParameter', params: { param: param.text }, cause: 'BODY=7BIT or BODY=8BITMIME' })
      } else {
        return no({ key: 'unknownParameter', params: { param: param.text }, cause: `${param.keyword} is not an extension this server advertised` })
      }
      accepted[param.keyword] = param.value
    }
    return { ok: true, accepted }
  }

  #rcpt(argument: string): void {
    const tx = this.#tx
    if (!tx) return this.#reply('needMail', {}, 'RCPT before MAIL')
    const parsed = this.#parseEnvelope(argument, 'TO')
    if (!parsed.ok) return this.#envelopeError(parsed, 'rcptSyntax', 'badRecipient')
    if (parsed.params.length > 0) {
      const first = parsed.params[0]
      return this.#reply('unknownParameter', { param: first?.text ?? '' }, `${first?.keyword} is not an extension this server advertised`)
    }
    const mailbox = parsed.mailbox as Mailbox // TO never yields the null path
    const recipient = mailboxText(mailbox)
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
    this.#tx = { ...tx, recipients: [...tx.recipients, recipient] }
    this.#emit({ type: 'recipient-accepted', recipient, typed: argument })
    this.#reply('recipientOk')
  }

  #dataCommand(argument: string): void {
    if (argument !== '') return this.#reply('dataSyntax', {}, 'DATA takes no argument')
    const tx = this.#tx
    if (!tx) return this.#reply('needRcpt', {}, 'DATA before MAIL and RCPT')
    if (tx.recipients.length === 0) {
      return this.#reply('noValidRecipients', {}, tx.refused > 0 ? 'every RCPT TO of this transaction was refused' : 'DATA before any RCPT TO')
    }
    const limits = this.#personality.limits
    this.#data = new DataReader(this.#personality.bareLineEndings, { textLine: limits.textLine, messageSize: limits.messageSize })
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
    const rejectBare = policy === 'reject' && (summary.bare.LF > 0 || summary.bare.CR > 0)
    const tooLong = summary.longestLine > limits.textLine
    if (tooLong) {
      const action = limits.textLineOver === 'reject' ? 'rejected' : 'accepted'
      this.#emit({ type: 'line-too-long', where: 'data', length: summary.longestLine, limit: limits.textLine, action })
    }
    let refusal: Refusal | null = null
    const hops = countReceived(summary.content)
    if (hops > limits.hops) refusal = { key: 'tooManyHops', cause: `the message has ${hops} Received: lines; more than ${limits.hops} means a mail loop (RFC 5321 §6.3)` }
    else if (summary.overSize) refusal = { key: 'messageTooBig', cause: `the message has ${summary.size} octets; the limit is ${limits.messageSize}` }
    else if (tooLong && limits.textLineOver === 'reject') refusal = { key: 'textLineTooLong', params: { limit: limits.textLine }, cause: `the longest line had ${summary.longestLine} octets with its CRLF` }
    else if (rejectBare) refusal = { key: 'bareLineEndingInMessage', params: { kind: summary.bare.LF > 0 ? 'LF' : 'CR' }, cause: 'lines must end in CR LF' }
    const scripted = refusal ? null : (this.#config.script?.afterData() ?? null)
    if (scripted === 'drop') return this.#close('dropped')
    refusal ??= scripted
    if (refusal) {
      this.#refuse(refusal)
      this.#emit({ type: 'message-rejected', code: this.#lastReplyCode, why: refusal.cause ?? '' })
      return
    }
    const queueId = this.#config.ids.next()
    const envelope: Envelope = { sender: tx.sender, recipients: tx.recipients, mailParams: tx.mailParams }
    this.#emit({ type: 'message-accepted', queueId, envelope, content: summary.content })
    this.#errors = 0 // a delivered message forgives earlier mistakes, as Postfix does
    this.#reply('queued', { id: queueId })
  }

  #rset(argument: string): void {
    if (argument !== '') return this.#reply('resetSyntax', {}, 'RSET takes no argument')
    if (this.#tx) this.#emit({ type: 'transaction-reset', by: 'RSET' })
    this.#tx = null
    this.#reply('resetOk')
  }

  #quit(): void {
    if (this.#tx) this.#emit({ type: 'transaction-reset', by: 'QUIT' })
    this.#tx = null
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

  #lastReplyCode = 0

  #emit(event: ModelEvent): void {
    this.#out.push(event)
  }

  #send(r: Reply, cause?: string): void {
    this.#lastReplyCode = r.code
    this.#out.push(cause === undefined ? { type: 'reply', reply: r, wire: formatReply(r) } : { type: 'reply', reply: r, wire: formatReply(r), cause })
    // Too many errors end the session (Postfix: smtpd_hard_error_limit; 5321 §3.8 allows closing after 421).
    const isError = (r.code >= 400 && r.code !== 421) || this.#junkError
    this.#junkError = false
    if (isError && ++this.#errors >= this.#personality.limits.hardErrors) {
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

  #close(reason: 'quit' | 'too-many-errors' | 'timeout' | 'dropped' | 'shutdown' | 'message-text'): void {
    if (this.#mode === 'closed') return
    this.#mode = 'closed'
    this.#data = null
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
      RSET(this: SmtpSession, arg: string) { this.#rset(arg) },
      NOOP(this: SmtpSession) { this.#reply('noop') },
      QUIT(this: SmtpSession) { this.#quit() },
      VRFY(this: SmtpSession, arg: string) { this.#vrfy(arg) },
      EXPN(this: SmtpSession, arg: string) { this.#expn(arg) },
      HELP(this: SmtpSession, arg: string) { this.#help(arg) },
    } satisfies Record<string, Handler>)
  }
}

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

function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((s, p) => s + p.length, 0)
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
