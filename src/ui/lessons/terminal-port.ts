/**
 * What the lesson pane needs of the terminal: the subset of the workspace's TerminalController
 * (src/ui/state/terminal.svelte.ts) it drives and watches. Written as an interface so the pane depends on the
 * controller's shape, not its module, and tests can drive the pane with a small fake.
 */
import type { LessonSettings } from '../../lessons'
import type { ModelEvent, PersonalityName, Reply, World } from '../../smtp'
import type { Fault } from '../../smtp/world/faults'
import type { Recording } from '../../terminal/recording'

/** One chunk on the wire of a terminal session (the controller's WireChunk, as far as the sandbox reads it). */
export interface WireChunkLike {
  /** Which connection: a new number for each one opened. */
  readonly session: number
  readonly from: 'client' | 'server'
  readonly text: string
  /** Not SMTP: the (simulated) TLS handshake. */
  readonly handshake?: boolean
}

/** The open (or last) session: what the learner connected to. */
export interface SessionLike {
  readonly target: string
  readonly port: number
}

export interface LessonTerminal {
  /** The world the shell lives in; null until the model has loaded. */
  readonly world: World | null
  /** The latest model events, oldest first (a bounded window; emptied when the world is replaced). */
  readonly events: readonly ModelEvent[]
  /** The sequence number of the newest model event (0: none yet); it only grows, across fresh worlds too. */
  readonly eventSeq: number
  /** The model events numbered above `seq`, oldest first (as far as the window of `events` reaches). */
  eventsSince(seq: number): readonly ModelEvent[]
  readonly lastReply: { readonly reply: Reply } | null
  /** Bumps whenever the world may have changed. */
  readonly revision: number
  /** 'loading' | 'shell' | 'smtp' | 'data' | 'auth' | 'foreground'. */
  readonly mode: string
  readonly personality?: PersonalityName
  /** The current session's chunks on the wire (the sandbox's undo records them). */
  readonly wire?: readonly WireChunkLike[]
  readonly session?: SessionLike | null
  /** Where the conversation in `wire` began, and its server (the sequence diagram reads them; src/ui/see). */
  readonly sessionSeq?: number
  readonly conversation?: { readonly server: string; readonly port: number; readonly program: string } | null
  /** Settles once the model has loaded (until then `world` is null and `mode` is 'loading'). */
  readonly ready?: Promise<void>
  /** Do `action` once the model has loaded (at once if it has), in order with the keys typed while it loads. */
  afterLoad(action: () => void): void
  /** Load the model now if it waits to be reached for (a lesson's page defers it until the learner needs it). */
  start?(): void
  /** As if the learner typed it, key by key; "\n" is Enter. */
  type(text: string): void
  /** A pipelined batch as one paste; at the shell it connects first (`telnet host port`). */
  play(clientText: string, options?: { readonly host?: string; readonly port?: number }): boolean
  /** Bytes written exactly as they are on the open session, in one write; false when no session is open. */
  write(bytes: string): boolean
  /** Mark replies with this code in the terminal (null clears). */
  highlight(code: number | null): void
  /**
   * A fresh world, the screen cleared: built from `settings` when given (as src/lessons/setup.ts builds a lesson's
   * world; kept across a reload, the lab recording stores the settings), else by `createWorld`, else the current
   * world's again. The lesson pane passes settings only, so it never needs the model itself.
   */
  reset(createWorld?: () => World, settings?: LessonSettings): void
  /** The settings the current world was built from (a lesson's, or null); a reload keeps them with the world. */
  readonly worldSettings?: LessonSettings | null
  setPersonality?(name: PersonalityName): void
  /** Scripted faults on in the world (src/smtp/world/faults.ts); through here they are kept across a reload. */
  setFaults?(faults: readonly Fault[]): void
  /** The session's recording (what reached the terminal since its world was last made afresh), where it keeps one. */
  readonly recording?: Recording | null
  /**
   * Back to just after the first `actions` recorded actions, played again on a fresh world (presenter mode's ←);
   * false when it cannot. Terminals without it are begun afresh and typed into again instead.
   */
  rewind?(actions: number): boolean
  /**
   * A clean start (presenter mode's reset between classes): a new session in a world from `settings`, no shell
   * history, this personality, no faults but the settings' own, the screen cleared. False when it cannot (yet).
   */
  startAfresh?(settings: LessonSettings | null, personality?: PersonalityName): boolean
}
