/**
 * The sandbox: the lab with no lesson. The learner picks the server personality and scripted faults of the world
 * (src/smtp/world/faults.ts), and can `undo` — go back one command — and `reset`.
 *
 * The faults are the world's own (`world.faults`): the list shows what is active in the terminal's world, after
 * leaving the sandbox and coming back too, and a fresh world (reset, undo, or `reset` typed in the shell) keeps them.
 *
 * Undo is a replay, on the model, never an inverse: the sandbox records what the learner sent in each session (the
 * client chunks on the wire: a typed line, or a paste, each one write), and to go back one it builds a fresh world
 * with the same settings and plays every session again, from its start, without the last chunk. Shell actions
 * outside a session (`sleep`, `mail`) are not recorded and so not replayed. The record lives as long as the page, so
 * it survives a visit to another view.
 */
import { DEFAULT_SETTINGS, type LessonSettings } from '../../lessons'
import type { PersonalityName, World } from '../../smtp'
import { startingAt, type Fault } from '../../smtp/world/faults'
import { faultsToCarry } from '../faults'
import type { LessonTerminal, WireChunkLike } from './terminal-port'

export interface RecordedSession {
  readonly id: number
  readonly target: string
  readonly port: number
  readonly chunks: readonly string[]
}

export class Sandbox {
  sessions = $state.raw<readonly RecordedSession[]>([])
  /** What undo or reset last did, for the pane. */
  message = $state('')
  #seen = new WeakSet<WireChunkLike>()
  #version = $state(0)
  /** The faults the learner set, as they were last seen in a world (to carry into worlds built elsewhere). */
  #faults: readonly Fault[] = []
  #world: World | null = null
  /** The terminal the record belongs to (a page has one; a test makes several). */
  #terminal: LessonTerminal | null = null

  /** The faults active in the terminal's world. */
  faults(terminal: LessonTerminal): readonly Fault[] {
    void terminal.revision
    void this.#version
    return terminal.world?.faults ?? []
  }

  /** The settings a fresh world is built with: the terminal's personality and the world's faults, time left kept. */
  settings(terminal: LessonTerminal): LessonSettings {
    const world = terminal.world
    const faults = world ? faultsToCarry(world.faults, world.clock.now()) : this.#faults
    return { ...DEFAULT_SETTINGS, personality: terminal.personality ?? 'postfix', faults }
  }

  /** A clean start (between classes): nothing the last learner set is carried into the next world. */
  forget(): void {
    this.#faults = []
    this.#world = null
    this.sessions = []
    this.message = ''
  }

  /** How many commands undo can take back (each recorded chunk is one). */
  get commands(): number {
    return this.sessions.reduce((n, s) => n + s.chunks.length, 0)
  }

  /**
   * Follow the terminal: record the client chunks of its current session that are new, and give a world built
   * elsewhere (`reset` typed in the shell) the faults the learner set. Call it whenever `wire` or `world` changes.
   */
  observe(terminal: LessonTerminal): void {
    if (terminal !== this.#terminal) {
      this.#terminal = terminal
      this.#world = null
      this.#faults = []
      this.message = ''
    }
    const world = terminal.world
    if (world && world !== this.#world) {
      // A world built elsewhere (a lesson, `reset` in the shell): what was sent went to another world, so the record
      // starts again from here; the faults the learner set carry over.
      this.sessions = []
      this.#markSeen(terminal)
      const carried = this.#world === null ? this.#faults : faultsToCarry(this.#world.faults, this.#world.clock.now())
      if (world.faults.length === 0 && carried.length > 0) {
        setFaults(terminal, world, atNow(world, carried))
        this.#version++
        this.message = `The fresh world keeps your ${carried.length === 1 ? 'fault' : `${carried.length} faults`}.`
      }
      this.#world = world
    }
    if (world) this.#faults = faultsToCarry(world.faults, world.clock.now())
    const wire = terminal.wire ?? []
    let sessions = this.sessions
    for (const chunk of wire) {
      if (this.#seen.has(chunk)) continue
      this.#seen.add(chunk)
      if (chunk.from !== 'client' || chunk.handshake) continue
      const at = sessions.findIndex((s) => s.id === chunk.session)
      if (at < 0) {
        const info = terminal.session
        sessions = [...sessions, { id: chunk.session, target: info?.target ?? 'mail.example.com', port: info?.port ?? 25, chunks: [chunk.text] }]
      } else {
        const s = sessions[at] as RecordedSession
        sessions = sessions.map((x, i) => (i === at ? { ...s, chunks: [...s.chunks, chunk.text] } : x))
      }
    }
    if (sessions !== this.sessions) this.sessions = sessions
  }

  setPersonality(terminal: LessonTerminal, name: PersonalityName): void {
    terminal.setPersonality?.(name)
  }

  /**
   * Switch a fault on in the world (a mailbox-unavailable fault's `until` counting from now), for connections opened
   * from now on and for every world undo or reset builds.
   */
  addFault(terminal: LessonTerminal, fault: Fault): void {
    const world = terminal.world
    if (!world) return
    setFaults(terminal, world, [...world.faults, ...atNow(world, [fault])])
    this.#changed(world)
  }

  /** Switch off the world's fault at `index`. */
  removeFault(terminal: LessonTerminal, index: number): void {
    const world = terminal.world
    if (!world) return
    setFaults(terminal, world, world.faults.filter((_, i) => i !== index))
    this.#changed(world)
  }

  #changed(world: World): void {
    this.#faults = faultsToCarry(world.faults, world.clock.now())
    this.message = ''
    this.#version++ // faults are no shell event: the terminal's revision does not move
  }

  /** A fresh world with the sandbox's settings, its faults kept; the record starts again. */
  reset(terminal: LessonTerminal): void {
    const settings = this.settings(terminal)
    this.#markSeen(terminal)
    this.sessions = []
    terminal.reset(undefined, settings)
    this.#world = terminal.world
    this.message = settings.faults.length > 0 ? `A fresh world, with your ${settings.faults.length === 1 ? 'fault' : `${settings.faults.length} faults`} still on.` : 'A fresh world.'
  }

  /** Go back one command: a fresh world, and every recorded session played again but the last chunk. */
  undo(terminal: LessonTerminal): boolean {
    const sessions = [...this.sessions]
    const last = sessions.at(-1)
    if (!last) {
      this.message = 'Nothing to undo.'
      return false
    }
    const settings = this.settings(terminal)
    const undone = last.chunks.at(-1) ?? ''
    sessions[sessions.length - 1] = { ...last, chunks: last.chunks.slice(0, -1) }
    const kept = sessions.filter((s) => s.chunks.length > 0)
    terminal.reset(undefined, settings)
    this.#world = terminal.world
    for (const s of kept) {
      s.chunks.forEach((chunk, i) => {
        const text = chunk.replace(/\r\n$/, '')
        terminal.play(text, i === 0 ? { host: s.target, port: s.port } : {})
      })
    }
    // What the replay sent is the record now; the chunks it produced are not new commands. The last session, if
    // still open, goes on under the id of the connection the replay opened.
    this.#markSeen(terminal)
    const current = terminal.wire?.at(-1)?.session
    const open = kept.at(-1)
    if (open && current !== undefined) kept[kept.length - 1] = { ...open, id: current }
    this.sessions = kept
    this.message = `Undone: ${undone.replace(/\r\n$/, '').split('\r\n')[0] ?? ''}${undone.split('\r\n').length > 2 ? ' …' : ''} — replayed ${kept.reduce((n, s) => n + s.chunks.length, 0)} command(s) on a fresh world.`
    return true
  }

  #markSeen(terminal: LessonTerminal): void {
    for (const chunk of terminal.wire ?? []) this.#seen.add(chunk)
  }
}

/** Faults as a lesson or the learner writes them (`until`: time from now) as a world holds them (`until`: a time). */
function atNow(world: World, faults: readonly Fault[]): Fault[] {
  const now = world.clock.now()
  return startingAt(now, faults)
}

/** The page's one sandbox: its record survives leaving the sandbox and coming back. */
export const sandbox = new Sandbox()

/** Faults on in the terminal's world: through the terminal when it can (so the lab recording keeps them for a reload). */
function setFaults(terminal: LessonTerminal, world: World, faults: readonly Fault[]): void {
  if (terminal.setFaults) terminal.setFaults(faults)
  else world.setFaults(faults)
}
