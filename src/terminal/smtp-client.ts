/**
 * SmtpClient: one connection the learner opened from the shell — with telnet, nc or openssl s_client — to an SMTP
 * listener of the simulated world. It sends lines exactly as entered, each with CRLF, a batch as ONE chunk (what a
 * pipelining client writes), and renders what the model answers: replies coloured (render.ts), and once the channel
 * is encrypted (a `tls-started` event) a muted `~>` before what the learner sends and `<~` before what the server
 * says, as swaks shows it.
 *
 * What each client program prints around the conversation is imitated from the real tools (telnet's "Connection
 * closed by foreign host.", openssl's CONNECTED(…)/handshake summary/"closed", nc's silence); the conversation itself
 * is the model's, never invented here. The TLS handshake is simulated, and says so.
 *
 * Every model event goes to the observer, and so does every chunk on the wire (for the transcript and the
 * eavesdropper's view). Pure: no xterm, no DOM, no timers.
 */
import type { ModelEvent } from '../smtp/events'
import type { ProfileName } from '../smtp/profiles'
import type { Reply } from '../smtp/replies'
import type { Connection } from '../smtp/world/host'
import { LEARNER } from './learner'
import { displayText } from './line-editor'
import { renderHint, renderMark, renderNotice, renderReply, replyHead, replyMark, TLS_MARK } from './render'

/** What openssl s_client prints when the server's first octets are not a TLS record. */
const HANDSHAKE_FAILED =
  renderNotice('40F7A6B1D37F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:354:') +
  renderNotice('---') +
  renderNotice('no peer certificate available') +
  renderNotice('---')

export type ClientProgram = 'telnet' | 'nc' | 'openssl'

/** One chunk on the wire, as a sniffer between the two hosts would capture it. */
export interface WireChunk {
  /** Which connection: a new number for each one opened. */
  readonly session: number
  readonly from: 'client' | 'server'
  readonly text: string
  /** Sent inside the (simulated) TLS channel: a sniffer sees only ciphertext. */
  readonly encrypted: boolean
  /** The reply, for server chunks. */
  readonly reply?: Reply
  /** What in the input caused the reply, when the model says (reply events' `cause`). */
  readonly cause?: string
  /**
   * For server chunks: the model events since the previous reply, this reply's own event last, so that the wire
   * log holds the session's events in order (session export reads them; events after the last reply wait for the
   * next one).
   */
  readonly events?: readonly ModelEvent[]
  /** Not SMTP: a note that the (simulated) TLS handshake happened here, as a sniffer would see its plaintext part. */
  readonly handshake?: boolean
}

export interface SessionObserver {
  events(events: readonly ModelEvent[]): void
  wire(chunk: WireChunk): void
}

export type SessionMode = 'command' | 'auth' | 'data' | 'bdat' | 'closed'

/** What the UI shows about the open session. */
export interface SessionInfo {
  readonly program: ClientProgram
  /** The host as the learner typed it. */
  readonly target: string
  /** The server's own name. */
  readonly server: string
  readonly port: number
  readonly profile: ProfileName
  readonly tls: boolean
  readonly mode: SessionMode
}

export interface OpensslOptions {
  /** `-starttls smtp`. */
  readonly starttls: boolean
  /** The EHLO name openssl uses for -starttls (its `-name`; OpenSSL's default is mail.example.com). */
  readonly ehloName: string
  /** Lines starting with Q, R, k or K are s_client commands unless -quiet, -ign_eof or -nocommands. */
  readonly commands: boolean
}

export interface SmtpClientOptions {
  readonly program: ClientProgram
  readonly connection: Connection
  readonly target: string
  readonly port: number
  readonly observer: SessionObserver
  readonly openssl?: OpensslOptions
}

/** A reply together with what caused it. */
export interface ReplyRecord {
  readonly reply: Reply
  readonly cause?: string
}

let sessions = 0

export class SmtpClient {
  /** A number for this connection, unique in the page. */
  readonly id = ++sessions
  readonly #options: SmtpClientOptions
  readonly #connection: Connection
  #tls = false
  /** telnet/nc to a port that speaks TLS from the first octet: nothing readable ever comes back. */
  #opaque = false
  #closed = false
  /** Model events not yet handed on with a reply's wire chunk. */
  #unreported: ModelEvent[] = []

  constructor(options: SmtpClientOptions) {
    this.#options = options
    this.#connection = options.connection
  }

  get closed(): boolean {
    return this.#closed
  }

  get tls(): boolean {
    return this.#tls
  }

  get connection(): Connection {
    return this.#connection
  }

  get info(): SessionInfo {
    const session = this.#connection.session
    return {
      program: this.#options.program,
      target: this.#options.target,
      server: this.#connection.host.name,
      port: this.#options.port,
      profile: session.profile.name,
      tls: this.#tls,
      mode: this.#closed ? 'closed' : session.mode,
    }
  }

  /** The prompt: none, as in telnet; once encrypted, the muted `~>` marker. */
  get prompt(): string {
    return this.#tls && !this.#closed ? renderMark(TLS_MARK.client) : ''
  }

  /** In DATA (or a BDAT chunk, or an AUTH exchange) ↑ should not offer commands. */
  get readingCommands(): boolean {
    return !this.#closed && this.#connection.session.mode === 'command'
  }

  /** Connect: what the client prints once the TCP connection is up, and the greeting. */
  open(): string {
    const { program } = this.#options
    if (program === 'openssl') return this.#openTls()
    if (this.#connection.session.profile.implicitTls) {
      // Port 465 speaks TLS from its first octet: its greeting is inside TLS, which telnet and nc do not speak.
      this.#opaque = true
      return renderHint(`(port ${this.#options.port} expects a TLS handshake first; telnet and nc cannot do one. Try: openssl s_client -connect ${this.#options.target}:${this.#options.port})`)
    }
    return this.#render(this.#connection.start())
  }

  /**
   * Lines the learner entered: each echoed when it is read, then all of them sent as one chunk with CRLF after
   * each (pipelining, RFC 2920), then the replies.
   */
  send(lines: readonly string[], echo: (line: string) => string): string {
    if (this.#closed) return ''
    let out = ''
    if (this.#opaque) {
      for (const line of lines) out += echo(line)
      this.#wire({ from: 'client', text: lines.map((l) => l + '\r\n').join(''), encrypted: false })
      return out + this.#close('The server expected a TLS handshake and hung up.')
    }
    const first = lines[0] ?? ''
    if (this.#options.program === 'openssl' && this.#options.openssl?.commands && lines.length === 1) {
      const command = this.#opensslCommand(first)
      if (command !== null) return echo(first) + command
    }
    for (const line of lines) out += echo(line)
    const chunk = lines.map((l) => l + '\r\n').join('')
    this.#wire({ from: 'client', text: chunk, encrypted: this.#tls })
    return out + this.#render(this.#connection.receive(chunk))
  }

  /**
   * Bytes written exactly as they are, in one write, on this connection (the lesson pane's raw-write box: what
   * `printf '…' | nc` would send, such as a bare LF that telnet cannot). Shown with CR and LF made visible.
   */
  write(bytes: string): string {
    if (this.#closed) return ''
    this.#wire({ from: 'client', text: bytes, encrypted: this.#tls })
    const shown = renderHint(`(written as it is, ${bytes.length} bytes: ${bytes.replace(/\r/g, '<CR>').replace(/\n/g, '<LF>')})`)
    if (this.#opaque) return shown + this.#close('The server expected a TLS handshake and hung up.')
    return shown + this.#render(this.#connection.receive(bytes))
  }

  /** Ctrl-] (telnet) or Ctrl-C (nc, openssl): the client closes the connection itself. */
  hangUp(): string {
    if (this.#closed) return ''
    this.#closed = true
    // The server side ends too: an open transaction is lost, the log says disconnect, and the model says `closed`.
    this.#options.observer.events(this.#connection.hangUp())
    return renderNotice('Connection closed.')
  }

  // --- rendering ----------------------------------------------------------------------------------------------

  #wire(chunk: Omit<WireChunk, 'session'>): void {
    this.#options.observer.wire({ session: this.id, ...chunk })
  }

  /** Show what the model answered, in order; follow the channel into TLS and out of the connection. */
  #render(events: readonly ModelEvent[], show = true): string {
    let out = ''
    for (const event of events) {
      this.#unreported.push(event)
      if (event.type === 'reply') {
        const told = this.#unreported
        this.#unreported = []
        this.#wire({ from: 'server', text: event.wire, encrypted: this.#tls, reply: event.reply, events: told, ...(event.cause ? { cause: event.cause } : {}) })
        if (show) out += replyMark(event.reply.code, event.reply.lines.length) + renderReply(event.reply, this.#tls ? TLS_MARK.server : '')
      } else if (event.type === 'terminal-message' && show) {
        out += renderTerminalMessage(event)
      } else if (event.type === 'tls-started') {
        this.#tls = true
        this.#wire({
          from: 'client',
          text: `TLS handshake (simulated): ClientHello with server name ${this.#connection.host.name}, ServerHello; the certificate and everything after it are encrypted`,
          encrypted: false,
          handshake: true,
        })
        if (show && this.#options.program !== 'openssl') {
          out += renderHint('(TLS handshake simulated: the channel is encrypted now. ~> marks what you send, <~ what the server says. Say EHLO again.)')
        }
      }
    }
    this.#options.observer.events(events)
    if (this.#connection.closed && !this.#closed) out += this.#close()
    return out
  }

  #close(hint?: string): string {
    this.#closed = true
    const said = this.#options.program === 'telnet' ? renderNotice('Connection closed by foreign host.') : this.#options.program === 'openssl' ? renderNotice('closed') : ''
    return said + (hint ? renderHint(`(${hint})`) : '')
  }

  // --- openssl s_client ---------------------------------------------------------------------------------------

  /** CONNECTED, then STARTTLS done on the learner's behalf (or TLS from the start on 465), then the summary. */
  #openTls(): string {
    const options = this.#options.openssl ?? { starttls: false, ehloName: 'mail.example.com', commands: true }
    const session = this.#connection.session
    let out = renderNotice('CONNECTED(00000003)')
    if (session.profile.implicitTls) {
      if (options.starttls) {
        this.#closed = true
        return out + renderHint(`(port ${this.#options.port} speaks TLS from the first octet and never greets in plaintext, so -starttls smtp waits forever. Leave out -starttls smtp.)`)
      }
      const events = this.#connection.start()
      const hello = this.#render(events.filter((e) => e.type === 'tls-started'), false)
      out += hello + this.#summary() + this.#render(events.filter((e) => e.type !== 'tls-started'))
      return out
    }
    if (!options.starttls) {
      // The server greets in plaintext; openssl wanted a TLS record.
      this.#render(this.#connection.start(), false)
      this.#closed = true
      return (
        out +
        HANDSHAKE_FAILED +
        renderHint(`(port ${this.#options.port} starts in plaintext: add -starttls smtp${session.profile.startTls ? '' : ', though this port does not offer STARTTLS'}.)`)
      )
    }
    // -starttls smtp: read the greeting, EHLO, look for STARTTLS, send STARTTLS — none of it printed.
    this.#render(this.#connection.start(), false)
    const ehlo = `EHLO ${options.ehloName}\r\n`
    this.#wire({ from: 'client', text: ehlo, encrypted: false })
    const ehloEvents = this.#connection.receive(ehlo)
    const offered = ehloEvents.some((e) => e.type === 'reply' && e.reply.lines.some((l) => l.toUpperCase() === 'STARTTLS'))
    this.#render(ehloEvents, false)
    if (!offered) out += renderNotice("Didn't find STARTTLS in server response, trying anyway...")
    this.#wire({ from: 'client', text: 'STARTTLS\r\n', encrypted: false })
    const answer = this.#connection.receive('STARTTLS\r\n')
    this.#render(answer, false)
    if (!this.#tls) {
      this.#closed = true
      const refusal = answer.findLast((e) => e.type === 'reply')
      return out + HANDSHAKE_FAILED + renderHint(`(the server refused STARTTLS: ${refusal?.type === 'reply' ? replyHead(refusal.reply) : 'no answer'}; see the explain pane.)`)
    }
    return (
      out +
      this.#summary() +
      renderHint(`(openssl sent "EHLO ${options.ehloName}" and STARTTLS for you and printed neither; after TLS the server has forgotten the EHLO, so say EHLO again.)`)
    )
  }

  /** The key lines of OpenSSL 3's session summary, for a certificate that exists only in this simulation. */
  #summary(): string {
    const name = this.#connection.host.name
    const lines = [
      'depth=1 CN = Simulated Example CA (not a real certificate)',
      'verify return:1',
      `depth=0 CN = ${name}`,
      'verify return:1',
      '---',
      'Certificate chain',
      ` 0 s:CN = ${name}`,
      '   i:CN = Simulated Example CA (not a real certificate)',
      '---',
      `subject=CN = ${name}`,
      'issuer=CN = Simulated Example CA (not a real certificate)',
      '---',
      'No client certificate CA names sent',
      'Peer signing digest: SHA256',
      'Peer signature type: ECDSA',
      'Server Temp Key: X25519, 253 bits',
      '---',
      'SSL handshake has read 2541 bytes and written 407 bytes',
      'Verification: OK',
      '---',
      'New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384',
      'Server public key is 256 bit',
      'Secure Renegotiation IS NOT supported',
      'Compression: NONE',
      'Expansion: NONE',
      'No ALPN negotiated',
      'Early data was not sent',
      'Verify return code: 0 (ok)',
      '---',
    ]
    return renderHint('(simulated TLS: no real handshake or cryptography happens in this page)') + lines.map(renderNotice).join('')
  }

  /**
   * s_client reads a line starting with Q as "quit", R as "renegotiate" and k/K as "key update" (unless started with
   * -quiet, -ign_eof or -nocommands) and sends nothing: QUIT and RCPT TO typed in capitals famously do not reach
   * the server. Lower case (quit, rcpt to:) does.
   */
  #opensslCommand(line: string): string | null {
    const c = line[0]
    if (c === 'Q') {
      this.#closed = true
      return renderNotice('DONE') + renderHint('(openssl s_client took the line starting with Q as its own "quit" command and closed the connection without sending it. Type quit in lower case, or start openssl with -quiet.)')
    }
    if (c === 'R') {
      return renderNotice('RENEGOTIATING') + renderHint(`(openssl s_client took "${displayText(line)}" as its "renegotiate" command and did not send it. Type rcpt to:<…> in lower case, or start openssl with -quiet.)`)
    }
    if (c === 'k' || c === 'K') {
      return renderNotice('KEYUPDATE') + renderHint('(openssl s_client took the line starting with k as its "key update" command and did not send it; start openssl with -quiet to send such lines.)')
    }
    return null
  }
}

/**
 * A message SEND, SOML or SAML wrote to a logged-in user's terminal (RFC 821 §4.1.1). On your own host it lands on
 * your screen, as write(1) would print it; on another host the terminal shows what that user saw.
 */
function renderTerminalMessage(event: Extract<ModelEvent, { type: 'terminal-message' }>): string {
  const yours = event.host === LEARNER.host && event.user === LEARNER.user
  const head = yours
    ? renderNotice(`Message from ${event.sender || 'MAILER-DAEMON'} (SMTP SEND) on ${event.host}:`)
    : renderHint(`(on ${event.user}'s terminal at ${event.host}, who is logged in:)`) + renderNotice(`Message from ${event.sender || 'MAILER-DAEMON'} (SMTP SEND):`)
  return head + event.lines.map((l) => renderNotice(l)).join('') + renderNotice('EOF')
}
