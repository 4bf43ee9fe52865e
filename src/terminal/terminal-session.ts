/**
 * TerminalSession: a telnet-like client on the simulated network, as pure glue between key input and the model.
 *
 *   onData string ─ keymap ─▶ actions ─ LineEditor ─▶ echo ─▶ Output
 *                                   └─ Enter / paste ─▶ Connection.receive(bytes) ─▶ events ─ render ─▶ Output
 *
 * It owns one `Connection` to a host of a `World` (by default mail.example.com, from client.example.net). Lines
 * are sent exactly as typed with CRLF; a pasted block is sent as ONE chunk holding all its lines, blank lines kept,
 * so pipelined commands and DATA blocks reach the model as a real client would send them. Every reply event is
 * rendered; then all events go to `onEvents`, for the panes that explain them. When the server closes the
 * connection (221, 421), it says so like telnet does, and Enter connects again to the same world.
 *
 * No xterm, no DOM, no timers here: the caller passes onData strings in and supplies the Output.
 */
import type { ClientInfo, Connection, ModelEvent, World } from '../smtp'
import { parseInput, type InputAction } from './keymap'
import { displayText, LineEditor } from './line-editor'
import { renderHint, renderNotice, renderReply } from './render'

/** Where the session writes: a terminal, or a recorder in tests. */
export interface Output {
  write(data: string): void
}

export interface TerminalSessionOptions {
  readonly world: World
  readonly output: Output
  /** The host to connect to (name or IP). Default mail.example.com. */
  readonly host?: string
  /** Who is connecting. Default client.example.net (192.0.2.30), the learner's machine in the default world. */
  readonly client?: ClientInfo
  /** Terminal width in cells; update with `resize`. Default 80. */
  readonly cols?: number
  /** Every model event, in order, called after the output that shows them has been written. */
  readonly onEvents?: (events: readonly ModelEvent[]) => void
}

export const DEFAULT_CLIENT: ClientInfo = { ip: '192.0.2.30', name: 'client.example.net' }

export type SessionState = 'idle' | 'connected' | 'closed'

export class TerminalSession {
  readonly #options: TerminalSessionOptions
  readonly #editor: LineEditor
  #connection: Connection | null = null
  #state: SessionState = 'idle'
  /** Events not yet handed to onEvents: they go out after the output that shows them. */
  #events: ModelEvent[] = []

  constructor(options: TerminalSessionOptions) {
    this.#options = options
    this.#editor = new LineEditor({ cols: options.cols ?? 80 })
  }

  get state(): SessionState {
    return this.#state
  }

  /** The open (or last) connection, for views that inspect the session. */
  get connection(): Connection | null {
    return this.#connection
  }

  /** The line being typed. */
  get line(): string {
    return this.#editor.text
  }

  /** Connect and show the server's greeting. */
  start(): void {
    this.#flush(this.#connect())
  }

  /** The terminal is now `cols` wide: the line being typed is redrawn to fit. */
  resize(cols: number): void {
    this.#flush(this.#editor.resize(cols))
  }

  /** One onData string from the terminal. */
  input(data: string): void {
    let out = ''
    for (const action of parseInput(data)) out += this.#act(action)
    this.#flush(out)
  }

  #flush(out: string): void {
    if (out) this.#options.output.write(out)
    const events = this.#events
    this.#events = []
    if (events.length > 0) this.#options.onEvents?.(events)
  }

  #act(action: InputAction): string {
    const editor = this.#editor
    if (this.#state !== 'connected') return action.type === 'enter' ? '\r\n' + this.#connect() : ''
    switch (action.type) {
      case 'insert':
        return editor.insert(action.text)
      case 'backspace':
        return editor.backspace()
      case 'delete':
        return editor.delete()
      case 'left':
        return editor.left()
      case 'right':
        return editor.right()
      case 'home':
        return editor.home()
      case 'end':
        return editor.end()
      case 'kill-to-start':
        return editor.killToStart()
      case 'interrupt':
        return editor.cancel()
      case 'enter': {
        const { line, echo } = editor.submit()
        return echo + this.#send([line])
      }
      case 'paste': {
        const [first = '', ...more] = action.lines
        const rest = more.pop() ?? ''
        let echo = editor.insert(first)
        const submitted = editor.submit()
        echo += submitted.echo + more.map((l) => displayText(l) + '\r\n').join('')
        const out = echo + this.#send([submitted.line, ...more])
        return this.#state === 'connected' ? out + editor.insert(rest) : out
      }
    }
  }

  /** Send whole lines as one chunk, CRLF after each, and render what came back. */
  #send(lines: readonly string[]): string {
    const connection = this.#connection!
    const events = connection.receive(lines.map((l) => l + '\r\n').join(''))
    let out = ''
    for (const event of events) if (event.type === 'reply') out += renderReply(event.reply)
    if (connection.closed) {
      this.#state = 'closed'
      out += renderNotice('Connection closed by foreign host.') + renderHint('(Press Enter to connect again.)')
    }
    this.#events.push(...events)
    return out
  }

  #connect(): string {
    const { world } = this.#options
    const name = this.#options.host ?? 'mail.example.com'
    const host = world.host(name)
    if (!host) throw new Error(`TerminalSession: no host ${name} in this world`)
    this.#connection = host.connect(this.#options.client ?? DEFAULT_CLIENT)
    this.#state = 'connected'
    this.#editor.clear()
    const events = this.#connection.start()
    let out = renderNotice(`Trying ${host.data.ip}...`) + renderNotice(`Connected to ${host.name}.`)
    for (const event of events) if (event.type === 'reply') out += renderReply(event.reply)
    this.#events.push(...events)
    return out
  }
}
