/**
 * What the shell and its commands share: the context a command runs in, the foreground programs it may start, and
 * what the UI observes. Apart from shell.ts so that the command modules and the shell do not import each other.
 */
import type { ModelEvent } from '../smtp/events'
import type { Personality } from '../smtp/settings'
import type { World } from '../smtp/world/world'
import type { MailHost } from '../smtp/world/host'
import type { History } from './history'
import type { ReplyRecord, SessionInfo, SessionObserver, SmtpClient } from './smtp-client'

/** What the UI learns from the shell. */
export interface ShellObserver extends SessionObserver {
  /** The open session changed (opened, encrypted, into DATA, …) or closed (null). */
  session(info: SessionInfo | null): void
  /** The world may have changed (a message moved, the clock advanced). */
  changed(): void
  /** The world was replaced (`reset`). */
  replaced(world: World): void
  /** The learner asked for the last reply's meaning (F1 or `?`). */
  explain(record: ReplyRecord | null): void
}

/** Something that reads lines in the foreground instead of the shell: the mail reader, a message being written. */
export interface Foreground {
  readonly prompt: string
  /** Read one line; return what to print. */
  line(text: string): string
  /** Ctrl-C. */
  interrupt(): string
  /** Ctrl-D on an empty line, or null when it means nothing. */
  eof(): string | null
  /** True once it has finished: the shell takes over again. */
  readonly done: boolean
}

/** What a command may use. */
export interface ShellContext {
  readonly world: World
  /** The terminal's width in cells (for commands that lay out prose, like help). */
  readonly cols: number
  readonly personality: Personality
  readonly commands: readonly Command[]
  readonly history: History
  readonly observer: ShellObserver
  /** The learner's own host (client.example.net) in this world, if it has one. */
  readonly learnerHost: MailHost | undefined
  /** Hand the terminal to an SMTP client that has just connected; returns what it printed. */
  startSession(client: SmtpClient): string
  /** Hand the terminal to a foreground program (mail's `&` prompt, a message body). */
  startForeground(program: Foreground): void
  /** Report model events that happened outside a session (mail -s, sleep). */
  events(events: readonly ModelEvent[]): void
  /** Start a fresh world. */
  resetWorld(): void
  /** The learner has seen the mailbox listing: no "You have new mail" for what is there now. */
  mailSeen(): void
}

export interface Command {
  readonly name: string
  readonly aliases?: readonly string[]
  /** One line for `help`: usage, then what it does. */
  readonly usage: string
  readonly summary: string
  run(args: readonly string[], context: ShellContext): string
  /** Tab: the words that may come next after `args` (the words typed so far after the command's name). */
  complete?(args: readonly string[], context: ShellContext): readonly string[]
}
