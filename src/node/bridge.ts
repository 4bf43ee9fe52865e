/**
 * The Node TCP bridge (README, "Real clients"): real SMTP clients talk to the pure model over TCP. Each connection gets a fresh
 * session on the default world's mail.example.com; octets pass to the model unchanged and its reply wire text comes
 * back unchanged. The world's clock follows the wall clock, so idle sessions time out (421 4.4.2) and queued mail is
 * retried, deferred and bounced as in the browser. Sockets, timers, TLS and the wall clock live here, never in src/smtp.
 *
 *  - TLS is real here (src/node/tls.ts): after the model's `220 2.0.0 Ready to start TLS` the socket is upgraded with
 *    node:tls, and with the `submissions` profile (port 465) it speaks TLS from the first octet.
 *  - Memory stays bounded: each mailbox keeps its newest `mailboxLimit` messages in memory; with `maildir` every
 *    message is also written out (src/node/maildir.ts), and a Maildir that cannot be written gets 451 4.3.0.
 *  - Under abuse: a fault in one session's handling answers that client `421 4.3.0` and closes it, the others go
 *    on; `maxClients` bounds the sessions, `sessionLimitMs` their total time beside the model's idle timeout.
 */
import { createServer, isIP, type Socket } from 'node:net'
import { networkInterfaces } from 'node:os'
import { TLSSocket, type SecureContext } from 'node:tls'
import { CounterIds, DEFAULT_WORLD, formatReply, ManualClock, PERSONALITIES, PROFILES, reply, World, type Connection, type ModelEvent, type PersonalityName, type ProfileName, type ReplyKey, type StoredMessage, withInterfaces } from '../smtp'
import { Maildir } from './maildir'
import { secureContextOf, selfSignedCertificate, type Certificate } from './tls'

export interface BridgeOptions {
  /** The only address listened on (default 127.0.0.1). */
  readonly host?: string
  /** 0 picks a free port; `address.port` says which. */
  readonly port: number
  /** Root of a Maildir tree: `<maildir>/<mailbox>/{tmp,new,cur}`. */
  readonly maildir?: string
  readonly onLog?: (line: string) => void
  /** Wall clock in ms (default Date.now); tests replace it to reach timeouts and retries without waiting. */
  readonly now?: () => number
  /** How often the world catches up with the wall clock: idle timeouts, queue retries (default 5000 ms). */
  readonly tickMs?: number
  /** Port 25 (`mta`, the default), 587 (`submission`: STARTTLS, then AUTH) or 465 (`submissions`: TLS at once). */
  readonly profile?: ProfileName
  readonly personality?: PersonalityName
  /** Let the submission profile take AUTH without STARTTLS, for clients that cannot do TLS. */
  readonly allowPlaintextAuth?: boolean
  /** The certificate to present (PEM); default: a self-signed one for mail.example.com, made at start. */
  readonly certificate?: Certificate
  /** Messages each mailbox keeps in memory, the oldest dropped first (default 1000). */
  readonly mailboxLimit?: number
  /** Sessions at once; one more is answered 421 4.7.0 and closed (default 100). */
  readonly maxClients?: number
  /** A session's total time, however busy, before it is answered 421 4.4.2 and closed (default one hour). */
  readonly sessionLimitMs?: number
}

export interface Bridge {
  readonly address: { readonly host: string; readonly port: number }
  readonly world: World
  /** The certificate presented to TLS clients (PEM), e.g. for a client to trust. */
  readonly certificate: string
  /** Sessions open now. */
  readonly clients: number
  /** Stop listening and drop every open connection. */
  close(): Promise<void>
}

export const BRIDGE_DEFAULTS = { mailboxLimit: 1000, maxClients: 100, sessionLimitMs: 3600_000 } as const

const SERVER_HOST = 'mail.example.com'
/** mail.log lines the world keeps in memory. */
const LOG_LIMIT = 10_000
/** After 221/421 the peer gets this long to close its side before the socket is destroyed. */
const LINGER_MS = 5000

/** One client: its TCP socket, the stream replies go to (the socket, or TLS over it), and its model session. */
interface Link {
  readonly socket: Socket
  stream: Socket | TLSSocket
  readonly peer: string
  readonly opened: number
  connection: Connection | null
}

/** The addresses a listener on `host` answers at: that one, or every address of the machine for a wildcard. */
export function ownAddresses(host: string): string[] {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost') return ['127.0.0.1', '::1']
  if (bare !== '0.0.0.0' && bare !== '::' && bare !== '') return [bare]
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address))
}

/** 127.0.0.0/8, ::1 and "localhost": the addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (bare === 'localhost') return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || bare.startsWith('::ffff:127.')
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const { host = '127.0.0.1', port, onLog = () => {}, now = Date.now, tickMs = 5000 } = options
  const { mailboxLimit = BRIDGE_DEFAULTS.mailboxLimit, maxClients = BRIDGE_DEFAULTS.maxClients, sessionLimitMs = BRIDGE_DEFAULTS.sessionLimitMs } = options
  const profile = PROFILES[options.profile ?? 'mta']
  const plaintextAuth = options.allowPlaintextAuth ?? false
  const personality = PERSONALITIES[options.personality ?? 'postfix']
  const maildir = options.maildir === undefined ? null : Maildir.open(options.maildir, now)
  const certificate = options.certificate ?? (await selfSignedCertificate(SERVER_HOST, now()))
  const secureContext: SecureContext = secureContextOf(certificate)
  const clock = new ManualClock(now())
  // Queue ids seeded from the start time, so two runs of the bridge do not hand out the same ids.
  // The address clients reach is the server's own: alice@[127.0.0.1] is local mail, as with Postfix's inet_interfaces.
  const world = new World(withInterfaces(DEFAULT_WORLD, SERVER_HOST, ownAddresses(host)), clock, (_host, i) => new CounterIds((now() + i * 0x1000193) >>> 0))
  const mailHost = world.host(SERVER_HOST)
  if (!mailHost) throw new Error(`the default world has no ${SERVER_HOST}`)
  // mail.log lines are data for `tail mail.log` in the browser; here they would only pile up (one per step of every
  // message), so only the newest are kept. The bridge's own log goes to onLog.
  world.log.setLimit(LOG_LIMIT)
  if (!isLoopback(host)) onLog(`warning: listening on ${host}, not a loopback address: anyone who can reach it can talk to this simulator`)

  // Bounded memory: every host keeps its newest messages; mail.example.com's also go to the Maildir.
  const drops = new Map<string, number>()
  const dropped = (message: StoredMessage): void => {
    const n = (drops.get(message.mailbox) ?? 0) + 1
    drops.set(message.mailbox, n)
    if (n === 1 || n % mailboxLimit === 0) onLog(`mailbox ${message.mailbox}: keeping its newest ${mailboxLimit} messages in memory; ${n} older dropped so far`)
  }
  for (const h of world.hosts) {
    if (h === mailHost && maildir) h.setStorage({ keep: mailboxLimit, ready: () => maildir.ready(), save: (m) => maildir.save(m) })
    else h.setStorage({ keep: mailboxLimit, dropped })
  }

  const live = new Set<Link>()

  /** Bring the world's clock up to the wall clock, running the queue retries that fell due meanwhile. */
  const catchUp = (): void => {
    for (const event of world.advance(Math.max(0, now() - clock.now()))) note(event)
  }

  const note = (event: ModelEvent): void => {
    if (!options.onLog) return // nobody reads the lines: not even formatted
    if (event.type === 'delivered') onLog(`${event.host}: ${event.queueId} delivered to mailbox ${event.mailbox} (${event.recipient})`)
    else if (event.type === 'relayed') onLog(`${event.host}: ${event.queueId} relayed to ${event.to}: ${event.reply}`)
    else if (event.type === 'deferred' || event.type === 'bounced') onLog(`${event.host}: ${event.queueId} ${event.type} for ${event.recipient}: ${event.status} ${event.reason}`)
  }

  /** Run one step of a session; a fault in it (a bug, never the client's input) ends that session alone. */
  const guarded = (link: Link, step: (connection: Connection) => ModelEvent[]): void => {
    const connection = link.connection
    if (!connection || connection.closed) return
    let events: ModelEvent[]
    try {
      catchUp()
      events = step(connection)
    } catch (error) {
      onLog(`${link.peer}: internal error, session closed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      link.connection = null
      return say(link, 'internalError')
    }
    perform(link, connection, events)
  }

  /** Write the replies of one step as one batch; note the rest; upgrade to TLS or close when the model says so. */
  const perform = (link: Link, connection: Connection, events: readonly ModelEvent[]): void => {
    let wire = ''
    let startTls = false
    for (const event of events) {
      if (event.type === 'reply') wire += event.wire
      else if (event.type === 'tls-started') startTls = !event.implicit
      else note(event)
    }
    if (startTls && !connection.closed) {
      // Nothing more is read in the clear (the model dropped the rest of this chunk, RFC 3207 §4.2); once the 220
      // is out, the same socket carries the TLS handshake.
      link.socket.removeAllListeners('data')
      link.socket.pause()
      link.stream.write(wire, 'latin1', () => upgrade(link))
      return
    }
    if (wire) write(link, wire)
    if (connection.closed) finish(link)
  }

  /** A reply the bridge itself gives (from the catalogue), then the end of the session. */
  const say = (link: Link, key: ReplyKey): void => {
    write(link, formatReply(reply(key, { host: SERVER_HOST })))
    finish(link)
  }

  const write = (link: Link, wire: string): void => {
    const stream = link.stream
    if (!stream.writable) return
    // Replies are ASCII. A client that pipelines without reading is not read from until it catches up.
    if (!stream.write(wire, 'latin1')) {
      stream.pause()
      stream.once('drain', () => stream.resume())
    }
  }

  const finish = (link: Link): void => {
    if (link.stream.writableEnded) return
    link.stream.end()
    setTimeout(() => link.socket.destroy(), LINGER_MS).unref()
  }

  const read = (link: Link) => (chunk: Buffer) => {
    // A plain view, not the Buffer: the model may keep it, and Buffer#slice would not copy as Uint8Array#slice does.
    guarded(link, (c) => c.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)))
  }

  const upgrade = (link: Link): void => {
    if (link.socket.destroyed) return
    const secure = new TLSSocket(link.socket, { isServer: true, secureContext })
    link.stream = secure
    secure.on('error', (error) => {
      onLog(`${link.peer}: TLS: ${error.message}`)
      link.socket.destroy()
    })
    secure.once('secure', () => {
      const cipher = secure.getCipher()
      onLog(`${link.peer}: TLS ${secure.getProtocol() ?? '?'} ${cipher.name} (${certificate.origin})`)
      // Port 465: the greeting comes once the channel is encrypted (RFC 8314 §3.3).
      if (profile.implicitTls) greet(link)
    })
    secure.on('data', read(link))
  }

  /** The greeting: a fresh session of the model, or 421 when the bridge serves as many clients as it may. */
  const greet = (link: Link): void => {
    if (live.size > maxClients) {
      onLog(`${link.peer}: refused, ${maxClients} sessions already open (--max-clients)`)
      return say(link, 'tooManyConnections')
    }
    const ip = (link.socket.remoteAddress ?? '0.0.0.0').replace(/^::ffff:/, '')
    try {
      catchUp()
      // The profile's own port on the world's host: the world's network decides what answers there.
      const dial = world.connect({ ip, name: null }, SERVER_HOST, profile.port, personality, { plaintextAuth })
      if (dial.kind !== 'connected') throw new Error(`${SERVER_HOST} port ${profile.port}: ${dial.kind}`)
      link.connection = dial.connection
    } catch (error) {
      onLog(`${link.peer}: internal error at connect: ${error instanceof Error ? error.message : String(error)}`)
      return say(link, 'internalError')
    }
    guarded(link, (c) => c.start())
  }

  const server = createServer((socket) => {
    // Replies go out at once: RFC 2920 clients wait for them, and Nagle's algorithm would hold each one back until
    // the client's delayed ACK (40 ms or more a round trip).
    socket.setNoDelay(true)
    const link: Link = { socket, stream: socket, peer: `${(socket.remoteAddress ?? '?').replace(/^::ffff:/, '')}:${socket.remotePort ?? '?'}`, opened: now(), connection: null }
    live.add(link)
    socket.on('error', (error) => onLog(`${link.peer}: ${error.message}`))
    socket.on('close', () => {
      live.delete(link)
      const c = link.connection
      if (c && !c.closed) {
        try {
          c.hangUp()
        } catch {
          // the session is gone either way
        }
      }
      onLog(`${link.peer}: disconnected`)
    })
    onLog(`${link.peer}: connected`)
    if (profile.implicitTls) upgrade(link)
    else {
      socket.on('data', read(link))
      greet(link)
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host, port }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.on('error', (error) => onLog(`server: ${error.message}`))
  const ticker = setInterval(() => {
    try {
      catchUp()
    } catch (error) {
      onLog(`queue: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    }
    for (const link of live) {
      if (!link.connection || link.connection.closed) continue
      if (now() - link.opened >= sessionLimitMs) {
        // The idle timeout is the model's; a session's total time is the bridge's limit (a slow drip resets idleness).
        onLog(`${link.peer}: session longer than ${Math.round(sessionLimitMs / 1000)} s, closed`)
        const c = link.connection
        link.connection = null
        try {
          c.hangUp()
        } catch {
          // closing anyway
        }
        say(link, 'timeout')
        continue
      }
      guarded(link, (c) => c.tick())
    }
  }, tickMs)
  ticker.unref()
  const bound = server.address()
  const address = { host, port: typeof bound === 'object' && bound ? bound.port : port }

  return {
    address,
    world,
    certificate: certificate.cert,
    get clients() {
      return live.size
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker)
        server.close(() => resolve())
        for (const link of live) link.socket.destroy()
        live.clear()
      }),
  }
}
