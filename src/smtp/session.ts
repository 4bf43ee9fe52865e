/**
 * SmtpSession: one SMTP server session, sans-IO (the shape of h11's Connection).
 *
 * Theory of operation
 *  - The caller passes octets in with `receive(chunk)`, in any chunking; the session answers with the events that
 *    the octets caused, replies among them, in order. The same octets in any chunking give the same events.
 *  - What reads the octets is the conversation's input mode: command lines (line-reader.ts), a SASL exchange (after
 *    334, RFC 4954), message data (after 354, data-reader.ts) or a BDAT chunk of exact length (RFC 3030); then
 *    closed. Whatever follows the end of data in a chunk is commands again (pipelining: RFC 2920 §3.2, the input
 *    buffer is never discarded) — except after STARTTLS, where it must be (RFC 3207 §4.2, CVE-2011-0411).
 *  - A command line goes to its verb's record (commands/) once the checks all verbs share let it by: message text
 *    sent as a command, the junk count, the port's TLS and login gates (state.ts), scripted faults.
 *  - Connection and transaction state live in conversation.ts; the order of commands in state.ts.
 *  - A peer's mistake is a reply, never an exception. Time comes from the injected clock (`tick()`), ids from the
 *    injected id source. No I/O, no timers, no randomness.
 *  - Every choice the RFC leaves open is read from the personality (settings.ts) and the port's profile
 *    (profiles.ts); every reply comes from the catalogue (replies.ts).
 */
import { knows, VERB_TABLE } from './commands/index'
import { Conversation, type Mode, type SessionConfig } from './conversation'
import { octetsAsText } from './data-reader'
import type { Envelope, ModelEvent } from './events'
import { LineReader, type Line } from './line-reader'
import type { PeerFacts } from './policy'
import type { Profile } from './profiles'
import type { Personality } from './settings'
import { gate, phaseOf, type Phase } from './state'

export type { SessionConfig } from './conversation'

const encoder = new TextEncoder()
const utf8 = new TextDecoder('utf-8')
/** Decodes only valid UTF-8: overlong forms, surrogates, code points past U+10FFFF and cut sequences throw. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
/** The words of a command line: split on SP and TAB, and under Postfix's tokenizer on CR, VT and FF too. */
const RFC_SPACE = /^[ \t]*([^ \t]*)[ \t]*(.*)$/s
const POSTFIX_SPACE = /^[ \t\r\v\f]*([^ \t\r\v\f]*)[ \t\r\v\f]*(.*)$/s
/** Not SMTP: web requests (Postfix's smtpd_forbidden_commands: CONNECT GET POST regexp:{{/^[^A-Z]/ Bogus}}). */
const HTTP_VERBS = new Set(['CONNECT', 'GET', 'POST'])

export class SmtpSession {
  readonly #c: Conversation
  readonly #lines = new LineReader()
  #lastActivity: number
  #started = false
  /** Octets received so far: the next chunk's place in the client's octet stream. */
  #received = 0
  /** How often each verb was used: scripted faults name "the third RCPT". */
  readonly #verbCounts = new Map<string, number>()

  constructor(config: SessionConfig) {
    this.#c = new Conversation(config)
    this.#lastActivity = config.clock.now()
  }

  get personality(): Personality {
    return this.#c.personality
  }
  get profile(): Profile {
    return this.#c.profile
  }
  get mode(): Mode {
    return this.#c.mode
  }
  get closed(): boolean {
    return this.#c.closed
  }
  /** Where the session stands in the order of commands (state.ts). */
  get phase(): Phase {
    return phaseOf(this.#c)
  }
  /** Whether the channel is (simulated) encrypted: after STARTTLS, or from the start on port 465. */
  get tls(): boolean {
    return this.#c.tls
  }
  /** Facts about the peer, for policy and trace headers. */
  get peer(): PeerFacts {
    return this.#c.peer
  }
  get heloVerb(): 'HELO' | 'EHLO' | null {
    return this.#c.helo?.verb ?? null
  }
  /** The EHLO keywords as they stand now (they change after STARTTLS, RFC 3207 §4.2). */
  get capabilities(): string[] {
    return [...this.#c.capabilities]
  }
  /** The open transaction's envelope, or null. */
  get envelope(): Envelope | null {
    const tx = this.#c.tx
    return tx && this.#c.envelope(tx)
  }

  /** The greeting (5321 §3.1, §4.2). Call once, when the connection opens. */
  start(): ModelEvent[] {
    if (this.#started) return []
    this.#started = true
    const c = this.#c
    this.#lastActivity = c.config.clock.now()
    if (c.tls) c.emit({ type: 'tls-started', implicit: true })
    c.reply('greeting', { host: c.config.hostname, banner: c.personality.banner })
    return this.#flush()
  }

  /** Feed octets from the client; returns what they caused. Strings are sent as UTF-8. */
  receive(chunk: Uint8Array | string): ModelEvent[] {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk
    if (!this.#started) this.start()
    const c = this.#c
    if (c.closed || bytes.length === 0) return this.#flush()
    this.#lastActivity = c.config.clock.now()
    const text = octetsAsText(bytes) // decoded once; commands and data scan the same string
    c.chunkStart = this.#received
    this.#received += bytes.length
    let offset = 0
    while (offset < bytes.length && !c.closed) {
      const input = c.input
      if (input.mode === 'command' || input.mode === 'auth') offset = this.#readLine(bytes, text, offset)
      else if (c.config.script?.dropDuringData) c.close('dropped')
      else offset = input.feed(bytes, text, offset)
    }
    return this.#flush()
  }

  /** The client closed the connection (telnet's Ctrl-]): no reply, the session is over, an open transaction lost. */
  hangUp(): ModelEvent[] {
    const c = this.#c
    if (!c.closed) {
      c.resetTransaction('QUIT')
      c.close('client-closed')
    }
    return this.#flush()
  }

  /** Let the injected clock speak: past the idle timeout the server says 421 4.4.2 and closes (5321 §4.5.3.2.7). */
  tick(): ModelEvent[] {
    const c = this.#c
    const idle = c.config.clock.now() - this.#lastActivity
    if (this.#started && !c.closed && idle >= c.personality.limits.idleTimeout) {
      c.reply('timeout', { host: c.config.hostname })
      c.close('timeout')
    }
    return this.#flush()
  }

  /** Read one command (or SASL) line from `bytes` at `offset`; returns where reading stopped. */
  #readLine(bytes: Uint8Array, text: string, offset: number): number {
    const c = this.#c
    const input = c.input
    const read = this.#lines.read(bytes, text, offset, input.mode === 'auth' ? input.limit : c.personality.limits.commandLine)
    if (!read) return bytes.length
    if (input.mode === 'auth') input.line(read.line)
    else this.#commandLine(read.line, c.chunkStart + read.next - 1)
    if (c.discardInput) {
      c.discardInput = false
      if (read.next < text.length) c.emit({ type: 'input-discarded', octets: text.length - read.next, reason: 'sent before the TLS handshake' })
      return bytes.length
    }
    return read.next
  }

  /**
   * A command line's framing faults, as the personality treats them (5321 §4.5.3.1.4, §2.3.8). `lf`: where the line's
   * LF is in the client's octet stream.
   */
  #commandLine(line: Line, lf: number): void {
    const c = this.#c
    const limits = c.personality.limits
    if (line.overrun) {
      const action = limits.commandLineOver === 'reject' ? 'rejected' : 'truncated'
      c.emit({ type: 'line-too-long', where: 'command', length: line.length, limit: limits.commandLine, action })
      if (action === 'rejected') return c.reply('lineTooLong', {}, `the line was ${line.length} octets; this server takes at most ${limits.commandLine}`)
    }
    if (line.bareLf) {
      const reject = c.personality.bareLineEndings === 'reject'
      c.emit({ type: 'bare-line-ending', kind: 'LF', count: 1, action: reject ? 'rejected' : 'ended-line', at: [lf] })
      if (reject) return c.reply('bareLineEnding', {}, 'the line ended in LF alone; SMTP lines end in CR LF (RFC 5321 §2.3.8)')
    }
    let bytes = line.bytes
    if (c.personality.postfixTokens) {
      const nul = bytes.indexOf(0)
      if (nul >= 0) bytes = bytes.subarray(0, nul) // smtpd reads the line as a C string: a NUL ends it
    }
    // Octets that are not UTF-8, anywhere in the line: refused before any other check, even the TLS gate (fixture 2.2).
    let text: string
    try {
      text = strictUtf8.decode(bytes)
    } catch {
      c.emit({ type: 'command', verb: '', argument: '', line: utf8.decode(bytes) })
      return c.reply('badUtf8', {}, 'the line has octets that are not valid UTF-8 (RFC 3629), such as a lone Latin-1 character')
    }
    this.#command(text)
  }

  /** One command: the checks every verb shares, then the verb's own handler. */
  #command(line: string): void {
    const c = this.#c
    // White space around the verb and its argument is tolerated (5321 §4.1.1; Postfix splits on any run of it).
    const tokens = c.personality.postfixTokens
    const match = (tokens ? POSTFIX_SPACE : RFC_SPACE).exec(line)
    const word = match?.[1] ?? ''
    const verb = word.toUpperCase()
    // Postfix's argv: CR, VT and FF between the words of the argument are separators like SP (RCPT TO:<a>\vNOTIFY=NEVER).
    const rest = (match?.[2] ?? '').replace(tokens ? /[ \t\r\v\f]+$/ : /[ \t]+$/, '')
    const argument = tokens ? rest.replace(/[\r\v\f]/g, ' ') : rest
    c.emit({ type: 'command', verb, argument, line })
    if (verb === '') return c.reply('badSyntax', {}, 'an empty line is not a command')
    // A header field name and its colon (`Subject:x`, `FOO: bar`), as Postfix's is_header() sees one, or a dot line.
    if (c.personality.hangUpOnMessageText && (word.startsWith('.') || /^[\x21-\x39\x3b-\x7e]+:/.test(word))) {
      c.reply('messageTextAsCommand', {}, word.startsWith('.') ? 'a line starting with "." is message text, not a command' : `"${word}" looks like a header field: message text sent as a command`)
      return c.close('message-text')
    }
    const found = VERB_TABLE.get(verb)
    if (found?.absent?.when(c.personality)) return c.reply(found.absent.key, {}, `this server, as Postfix, has no ${verb} command`)
    const record = found && knows(c.personality, found) ? found : undefined
    if (!record && c.personality.forbiddenCommands && (HTTP_VERBS.has(verb) || !/^[A-Za-z]/.test(word))) {
      c.reply('forbiddenCommand', {}, HTTP_VERBS.has(verb) ? `"${word}" is a web (HTTP) request, not SMTP` : 'an SMTP command starts with a letter')
      return c.close('message-text')
    }
    // Past the junk limit, each HELO/EHLO/NOOP/RSET/VRFY/ETRN counts as an error too (Postfix: `junk_cmds++ > limit`).
    if (record?.junk && c.junk++ > c.personality.limits.junkCommands) c.junkError = true
    if (!record) return c.reply('unrecognized', {}, /^[A-Za-z]+$/.test(verb) ? `"${verb}" is not an SMTP command` : 'a command starts with a verb of letters')
    const refused = gate(c, record)
    if (refused) return c.refuse(refused)
    const nth = (this.#verbCounts.get(verb) ?? 0) + 1
    this.#verbCounts.set(verb, nth)
    const scripted = c.config.script?.beforeCommand(verb, nth, argument) ?? null
    if (scripted === 'drop') return c.close('dropped')
    if (scripted) {
      c.refuse(scripted)
      if (c.lastReplyCode === 421) c.close('shutdown')
      return
    }
    record.handle(c, argument)
  }

  #flush(): ModelEvent[] {
    if (this.#c.closed) this.#lines.clear()
    return this.#c.flush()
  }
}
