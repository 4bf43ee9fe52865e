/**
 * The sandbox: the lab with no lesson. The learner picks the server personality and scripted faults of the world
 * (src/smtp/world/faults.ts), and can `undo` — go back one command — and `reset`.
 *
 * Undo is a replay, on the model, never an inverse: the sandbox records what the learner sent in each session (the
 * client chunks on the wire: a typed line, or a paste, each one write), and to go back one it builds a fresh world
 * with the same settings and plays every session again, from its start, without the last chunk. Shell actions
 * outside a session (`sleep`, `mail`) are not recorded and so not replayed.
 */
import { createLessonWorld, DEFAULT_SETTINGS, type LessonSettings } from '../../lessons'
import type { PersonalityName } from '../../smtp'
import type { Fault } from '../../smtp/world/faults'
import type { LessonTerminal, WireChunkLike } from './terminal-port'

export interface RecordedSession {
  readonly id: number
  readonly target: string
  readonly port: number
  readonly chunks: readonly string[]
}

export class Sandbox {
  personality = $state<PersonalityName>('postfix')
  faults = $state.raw<readonly Fault[]>([])
  sessions = $state.raw<readonly RecordedSession[]>([])
  /** What undo last did, for the pane. */
  message = $state('')
  #seen = new WeakSet<WireChunkLike>()

  constructor(personality: PersonalityName = 'postfix') {
    this.personality = personality
  }

  get settings(): LessonSettings {
    return { ...DEFAULT_SETTINGS, personality: this.personality, faults: this.faults }
  }

  /** How many commands undo can take back. */
  get commands(): number {
    return this.sessions.reduce((n, s) => n + s.chunks.length, 0)
  }

  /** Record the client chunks of the terminal's current session that are new. Call it whenever `wire` changes. */
  observe(terminal: LessonTerminal): void {
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
    this.personality = name
    terminal.setPersonality?.(name)
  }

  /** Switch faults on for connections opened from now on, and for every world undo or reset builds. */
  setFaults(terminal: LessonTerminal, faults: readonly Fault[]): void {
    this.faults = faults
    const world = terminal.world
    if (world) {
      const start = world.clock.now()
      world.setFaults(faults.map((f) => (f.kind === 'mailbox-unavailable' ? { ...f, until: start + f.until } : f)))
    }
  }

  /** A fresh world with the sandbox's settings; the record starts again. */
  reset(terminal: LessonTerminal): void {
    this.#markSeen(terminal)
    this.sessions = []
    this.message = ''
    terminal.reset(() => createLessonWorld(this.settings))
  }

  /** Go back one command: a fresh world, and every recorded session played again but the last chunk. */
  undo(terminal: LessonTerminal): boolean {
    const sessions = [...this.sessions]
    const last = sessions.at(-1)
    if (!last) {
      this.message = 'Nothing to undo.'
      return false
    }
    const undone = last.chunks.at(-1) ?? ''
    sessions[sessions.length - 1] = { ...last, chunks: last.chunks.slice(0, -1) }
    const kept = sessions.filter((s) => s.chunks.length > 0)
    terminal.reset(() => createLessonWorld(this.settings))
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
