/**
 * The raw-write box: what `printf '…' | nc` would do, for bytes telnet cannot send (a bare LF for the smuggling
 * lab). It opens its own session in the terminal's world, as the lesson's client to the lesson's host and port, and
 * writes exactly the bytes given: `<CR>` and `<LF>` stand for those bytes, and a line break typed in the box is
 * sent as CR LF. Each Send is one write. What the server answers, and the model events, are kept for the pane and
 * for judging the try step.
 */
import { CLIENTS, openConnection, type LessonSettings } from '../../lessons'
import { wireOf, type Connection, type ModelEvent, type World } from '../../smtp'

export interface WireLine {
  readonly from: 'client' | 'server' | 'note'
  readonly text: string
}

/** The bytes a box's text stands for. */
export function rawBytes(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n/g, '\r\n').replace(/<CR>/g, '\r').replace(/<LF>/g, '\n')
}

/** Bytes made visible again: CR and LF as <CR> and <LF>. */
export function showBytes(bytes: string): string {
  return bytes.replace(/\r/g, '<CR>').replace(/\n/g, '<LF>')
}

export class RawWire {
  lines = $state.raw<readonly WireLine[]>([])
  events = $state.raw<readonly ModelEvent[]>([])
  open = $state(false)
  #connection: Connection | null = null
  #world: World | null = null

  /** Connect as the settings' client to their host and port; the greeting arrives at once. */
  connect(world: World, settings: LessonSettings): void {
    this.#world = world
    this.#connection = openConnection(world, settings)
    this.open = true
    const client = CLIENTS[settings.client].info.name ?? CLIENTS[settings.client].info.ip
    this.lines = [...this.lines, { from: 'note', text: `${client} → ${settings.host}:${settings.port}` }]
    this.#record(this.#connection.start())
  }

  /** One write. Connects first if needed (or if the world was replaced). */
  send(text: string, world: World, settings: LessonSettings): void {
    if (!this.#connection || this.#connection.closed || world !== this.#world) this.connect(world, settings)
    const connection = this.#connection
    if (!connection) return
    const bytes = rawBytes(text)
    this.lines = [...this.lines, { from: 'client', text: showBytes(bytes) }]
    this.#record(connection.receive(bytes))
  }

  /** Forget the session and what it said (a new attempt). */
  clear(): void {
    this.#connection = null
    this.#world = null
    this.open = false
    this.lines = []
    this.events = []
  }

  #record(events: readonly ModelEvent[]): void {
    this.events = [...this.events, ...events]
    const said = wireOf(events).split('\r\n').filter(Boolean).map((text): WireLine => ({ from: 'server', text }))
    this.lines = [...this.lines, ...said]
    if (this.#connection?.closed) {
      this.open = false
      this.lines = [...this.lines, { from: 'note', text: 'Connection closed.' }]
    }
  }
}
