/**
 * A small stand-in for the workspace's terminal controller (the LessonTerminal interface): a shell that knows
 * `telnet <host> <port>` and `sleep <duration>`, and sessions on the model, so the lesson pane can be tested without
 * xterm. Lines typed in a session go to the model with CRLF, one write per line; `play` sends a batch as one write.
 * It records what the pane asked of it (highlight, reset, personality, hang up) and numbers events as the controller
 * does (eventSeq, eventsSince).
 */
import { CLIENTS, createLessonWorld, parseDuration, type LessonSettings } from '../../../src/lessons'
import { PERSONALITIES, profileForPort, World, type Connection, type ModelEvent, type PersonalityName, type Reply } from '../../../src/smtp'
import type { LessonTerminal, SessionLike, WireChunkLike } from '../../../src/ui/lessons/terminal-port'

export class FakeTerminal implements LessonTerminal {
  world = $state.raw<World | null>(new World())
  events = $state.raw<readonly ModelEvent[]>([])
  eventSeq = $state(0)
  lastReply = $state.raw<{ reply: Reply } | null>(null)
  revision = $state(0)
  mode = $state('shell')
  personality = $state<PersonalityName>('postfix')
  wire = $state.raw<readonly WireChunkLike[]>([])
  session = $state.raw<SessionLike | null>(null)
  /** Everything the pane did, in order, as text. */
  readonly log: string[] = []
  readonly highlights: (number | null)[] = []
  /** What was typed, line by line (shell and session). */
  readonly typed: string[] = []
  /** Raw writes, as given. */
  readonly written: string[] = []
  #connection: Connection | null = null
  #line = ''
  #sessions = 0

  type(text: string): void {
    for (const ch of text) {
      if (ch === '\x1d') {
        // Ctrl-]: telnet's escape, the session ends.
        this.log.push('hang up')
        this.#record(this.#connection?.hangUp() ?? [])
        this.#connection = null
        this.mode = 'shell'
        this.session = null
        continue
      }
      if (ch === '\x15') {
        this.#line = '' // Ctrl-U
        continue
      }
      if (ch !== '\n') {
        this.#line += ch
        continue
      }
      const line = this.#line
      this.#line = ''
      this.typed.push(line)
      if (this.mode === 'shell') this.#shell(line)
      else this.#send(line + '\r\n')
    }
  }

  play(clientText: string, options: { host?: string; port?: number } = {}): boolean {
    if (this.mode === 'shell') this.#connect(options.host ?? 'localhost', options.port ?? 25)
    if (this.mode === 'shell') return false
    const lines = clientText.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n')
    this.typed.push(...lines)
    this.#send(lines.map((l) => l + '\r\n').join(''))
    return true
  }

  /** The fake has no model to load: the action is done at once. */
  afterLoad(action: () => void): void {
    action()
  }

  eventsSince(seq: number): readonly ModelEvent[] {
    const count = Math.min(this.events.length, Math.max(0, this.eventSeq - seq))
    return count === 0 ? [] : this.events.slice(-count)
  }

  write(bytes: string): boolean {
    if (this.mode === 'shell' || !this.#connection) return false
    this.written.push(bytes)
    this.#send(bytes)
    return true
  }

  highlight(code: number | null): void {
    this.highlights.push(code)
  }

  /** The settings of the current world, as the controller keeps them across a reload. */
  worldSettings: LessonSettings | null = null

  reset(createWorld?: () => World, settings?: LessonSettings): void {
    this.log.push('reset')
    this.worldSettings = settings ?? null
    // As the controller does: a world from the settings when given (src/lessons/setup.ts), else from `createWorld`.
    this.world = settings ? createLessonWorld(settings) : createWorld ? createWorld() : new World()
    this.events = []
    this.lastReply = null
    this.#connection = null
    this.mode = 'shell'
    this.session = null
    this.revision++
  }

  setPersonality(name: PersonalityName): void {
    this.log.push(`personality ${name}`)
    this.personality = name
  }

  #shell(line: string): void {
    const [command, host = '', port = '25'] = line.trim().split(/\s+/)
    // As the real shell: telnet to an implicit-TLS port gets no session (the server waits for a handshake);
    // `openssl s_client -connect host:port` has one.
    if (command === 'telnet' && !profileForPort(Number(port))?.implicitTls) this.#connect(host, Number(port))
    else if (command === 'openssl') {
      const target = /-connect (\S+):(\d+)/.exec(line)
      if (target) this.#connect(target[1]!, Number(target[2]))
    }
    else if (command === 'sleep') this.#record(this.world?.advance(parseDuration(host) ?? 0) ?? [])
  }

  #connect(target: string, port: number): void {
    const world = this.world
    const local = target === 'localhost'
    const host = world?.host(local ? 'client.example.net' : target)
    const profile = profileForPort(port)
    if (!world || !host || !profile) return
    this.#connection = host.connect(CLIENTS[local ? 'localhost' : 'stranger'].info, PERSONALITIES[this.personality], { profile })
    this.#sessions++
    this.wire = []
    this.mode = 'smtp'
    this.session = { target, port }
    this.#record(this.#connection.start())
  }

  #send(chunk: string): void {
    const connection = this.#connection
    if (!connection) return
    this.wire = [...this.wire, { session: this.#sessions, from: 'client', text: chunk }]
    this.#record(connection.receive(chunk))
    if (connection.closed) {
      this.mode = 'shell'
      this.#connection = null
    }
  }

  #record(batch: readonly ModelEvent[]): void {
    if (batch.length === 0) return
    this.events = [...this.events, ...batch]
    this.eventSeq += batch.length
    for (const e of batch) if (e.type === 'reply') this.lastReply = { reply: e.reply }
    this.revision++
  }
}
