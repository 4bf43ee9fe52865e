/**
 * The Node TCP bridge (design §4): real SMTP clients talk to the pure model over TCP. Each connection gets a fresh
 * session on the default world's mail.example.com; octets pass to the model unchanged and its reply wire text comes
 * back unchanged. The world's clock follows the wall clock, so idle sessions time out (421 4.4.2) and queued mail is
 * retried, deferred and bounced as in the browser. With `maildir`, every delivery to a mailbox of mail.example.com is
 * also written out as a Maildir file holding exactly the bytes the mailbox holds. Sockets, timers and the wall clock
 * live here, never in src/smtp.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { CounterIds, DEFAULT_WORLD, ManualClock, PERSONALITIES, PROFILES, World, type Connection, type ModelEvent, type PersonalityName, type ProfileName } from '../smtp'

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
  /** Port 25 behaviour (`mta`, the default) or port 587 (`submission`: STARTTLS, then AUTH). */
  readonly profile?: ProfileName
  readonly personality?: PersonalityName
  /** Let the submission profile take AUTH without STARTTLS, for clients that cannot do the simulated TLS. */
  readonly allowPlaintextAuth?: boolean
}

export interface Bridge {
  readonly address: { readonly host: string; readonly port: number }
  readonly world: World
  /** Stop listening and drop every open connection. */
  close(): Promise<void>
}

const SERVER_HOST = 'mail.example.com'
/** After 221/421 the peer gets this long to close its side before the socket is destroyed. */
const LINGER_MS = 5000

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const { host = '127.0.0.1', port, maildir, onLog = () => {}, now = Date.now, tickMs = 5000 } = options
  const listener = { profile: PROFILES[options.profile ?? 'mta'], plaintextAuth: options.allowPlaintextAuth ?? false }
  const personality = PERSONALITIES[options.personality ?? 'postfix']
  const clock = new ManualClock(now())
  // Queue ids seeded from the start time, so two runs of the bridge do not hand out the same ids.
  const world = new World(DEFAULT_WORLD, clock, (_host, i) => new CounterIds((now() + i * 0x1000193) >>> 0))
  const mailHost = world.host(SERVER_HOST)
  if (!mailHost) throw new Error(`the default world has no ${SERVER_HOST}`)
  const live = new Map<Socket, Connection>()
  /** How many of each mailbox's messages are already in the Maildir: each stored message is written once. */
  const saved = new Map<string, number>()
  let files = 0

  /** Bring the world's clock up to the wall clock, running the queue retries that fell due meanwhile. */
  const catchUp = (): void => {
    for (const event of world.advance(Math.max(0, now() - clock.now()))) note(event)
  }

  /** Write the replies; note the rest. Deliveries reach the Maildir before the client sees the 250 after them. */
  const perform = (socket: Socket, connection: Connection, events: readonly ModelEvent[]): void => {
    for (const event of events) {
      if (event.type === 'reply') write(socket, event.wire)
      else note(event)
    }
    if (connection.closed && !socket.writableEnded) {
      socket.end()
      setTimeout(() => socket.destroy(), LINGER_MS).unref()
    }
  }

  const write = (socket: Socket, wire: string): void => {
    if (!socket.writable) return
    // Replies are ASCII. A client that pipelines without reading is not read from until it catches up.
    if (!socket.write(wire, 'latin1')) {
      socket.pause()
      socket.once('drain', () => socket.resume())
    }
  }

  const note = (event: ModelEvent): void => {
    if (event.type === 'delivered') {
      onLog(`${event.host}: ${event.queueId} delivered to mailbox ${event.mailbox} (${event.recipient})`)
      if (maildir && event.host === SERVER_HOST) saveNew(maildir, event.mailbox)
    } else if (event.type === 'relayed') onLog(`${event.host}: ${event.queueId} relayed to ${event.to}: ${event.reply}`)
    else if (event.type === 'deferred' || event.type === 'bounced') onLog(`${event.host}: ${event.queueId} ${event.type} for ${event.recipient}: ${event.status} ${event.reason}`)
  }

  const saveNew = (root: string, mailbox: string): void => {
    const held = mailHost.mailbox(mailbox)
    const from = saved.get(mailbox) ?? 0
    saved.set(mailbox, held.length)
    if (!/^[\w+-][\w.+-]*$/.test(mailbox)) return onLog(`maildir: not a safe directory name: ${mailbox}`)
    const dir = join(root, mailbox)
    for (const message of held.slice(from)) {
      try {
        for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(dir, sub), { recursive: true })
        const t = now()
        const unique = `${Math.floor(t / 1000)}.M${(t % 1000) * 1000}P${process.pid}Q${++files}.${hostname().replace(/[/:]/g, '_')}`
        writeFileSync(join(dir, 'tmp', unique), message.content)
        renameSync(join(dir, 'tmp', unique), join(dir, 'new', unique))
      } catch (error) {
        onLog(`maildir: could not store ${message.queueId} for ${mailbox}: ${String(error)}`)
      }
    }
  }

  const server = createServer((socket) => {
    const ip = (socket.remoteAddress ?? '0.0.0.0').replace(/^::ffff:/, '')
    const peer = `${ip}:${socket.remotePort ?? '?'}`
    socket.on('error', (error) => onLog(`${peer}: ${error.message}`))
    socket.on('close', () => {
      live.delete(socket)
      onLog(`${peer}: disconnected`)
    })
    catchUp()
    const connection = mailHost.connect({ ip, name: null }, personality, listener)
    live.set(socket, connection)
    onLog(`${peer}: connected`)
    perform(socket, connection, connection.start())
    socket.on('data', (chunk: Buffer) => {
      if (connection.closed) return
      catchUp()
      // A plain view, not the Buffer: the model may keep it, and Buffer#slice would not copy as Uint8Array#slice does.
      perform(socket, connection, connection.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)))
    })
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
    catchUp()
    for (const [socket, connection] of live) if (!connection.closed) perform(socket, connection, connection.tick())
  }, tickMs)
  ticker.unref()
  const bound = server.address()
  const address = { host, port: typeof bound === 'object' && bound ? bound.port : port }

  return {
    address,
    world,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker)
        server.close(() => resolve())
        for (const socket of live.keys()) socket.destroy()
        live.clear()
      }),
  }
}
