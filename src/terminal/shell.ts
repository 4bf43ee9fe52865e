/**
 * The simulated shell on client.example.net: the Program the line discipline hands lines to. It runs a few
 * real-looking commands (commands/*.ts, one module per group), and hands the terminal to what a command starts: an
 * SMTP session (telnet, nc, openssl s_client), the mail reader's `&` prompt, or a message being written.
 *
 * The shell never makes an answer up: hosts, addresses, mailboxes, the queue, the log and the clock are the world's
 * (src/smtp/world), replies are the model's. When a command cannot do something in this world it says so.
 *
 * Every model event and wire chunk goes to the observer (the UI's explain pane, transcript and eavesdropper view);
 * `changed()` tells it the world may look different now. Pure: no xterm, no DOM, no timers.
 */
import { SMTP_VERBS, VERB_TABLE } from '../smtp/commands/index'
import { PERSONALITIES, type Personality, type PersonalityName } from '../smtp/settings'
import type { World } from '../smtp/world/world'
import { completeWord, type Completion } from './complete'
import { explainReply } from './explain'
import { History } from './history'
import { LEARNER } from './learner'
import { MOTD } from './motd'
import type { Program } from './line-discipline'
import { renderHint, renderNotice, wrapProse } from './render'
import type { ReplyRecord, SessionInfo, SmtpClient, WireChunk } from './smtp-client'
import { closest, splitWords } from './words'
import { NET_COMMANDS } from './commands/net'
import { MAIL_COMMANDS } from './commands/mail'
import { QUEUE_COMMANDS } from './commands/queue'
import { MISC_COMMANDS } from './commands/misc'

export type { Command, Foreground, ShellContext, ShellObserver } from './shell-context'
import type { Command, Foreground, ShellContext, ShellObserver } from './shell-context'

export const COMMANDS: readonly Command[] = [...MISC_COMMANDS, ...NET_COMMANDS, ...MAIL_COMMANDS, ...QUEUE_COMMANDS]

/** bash's default Debian prompt: user@host in bold green, the directory in bold blue. */
export const PS1 = `\x1b[1;32m${LEARNER.user}@${LEARNER.shortHost}\x1b[0m:\x1b[1;34m~\x1b[0m$ `

// The SMTP verbs come from the model (src/smtp/commands): Tab completes them in a session, and one typed at the
// shell by mistake gets a hint to connect first.

/** Whether a verb's line is complete without an argument (its syntax is the verb alone): Tab adds no space after it. */
const takesNoArgument = (verb: string) => VERB_TABLE.get(verb)?.syntax === verb

/**
 * What Tab offers after a verb: the keyword its syntax begins with (`FROM:<`, `TO:<`; RFC 5321 §4.1.1.2/§4.1.1.3),
 * the learner's own name after HELO/EHLO, the personality's mechanisms after AUTH.
 */
function smtpArguments(verb: string, personality: Personality): readonly string[] {
  if (verb === 'HELO' || verb === 'EHLO') return [LEARNER.host]
  if (verb === 'AUTH') return personality.mechanisms
  const keyword = /^\S+ ([A-Z]+:<)/.exec(VERB_TABLE.get(verb)?.syntax ?? '')?.[1]
  return keyword ? [keyword] : []
}

export interface ShellOptions {
  readonly world: World
  /** A fresh world, for `reset`. */
  readonly createWorld: () => World
  readonly observer: ShellObserver
  readonly personality?: PersonalityName
}

type State = { readonly kind: 'shell' } | { readonly kind: 'session'; readonly client: SmtpClient } | { readonly kind: 'foreground'; readonly program: Foreground }

export class Shell implements Program {
  readonly #createWorld: () => World
  readonly #observer: ShellObserver
  readonly #shellHistory = new History()
  readonly #smtpHistory = new History()
  #world: World
  #personality: Personality
  #state: State = { kind: 'shell' }
  /** The last reply of any session: its one owner (F1 explains it, the page's explain pane shows it). */
  #lastReply: ReplyRecord | null = null
  /** What sessions report to: the page's observer, with the last reply noted on the way. */
  readonly #sessionObserver: ShellObserver
  /** How many messages the learner's mailbox held when they last looked (for "You have new mail"). */
  #mailSeen = 0
  /** The terminal's width: the shell's own prose (help, the welcome, hints) is broken at spaces to fit it. */
  cols = 80

  constructor(options: ShellOptions) {
    this.#world = options.world
    this.#createWorld = options.createWorld
    this.#observer = options.observer
    this.#personality = PERSONALITIES[options.personality ?? 'postfix']
    const observer = options.observer
    this.#sessionObserver = {
      session: (info) => observer.session(info),
      changed: () => observer.changed(),
      replaced: (world) => observer.replaced(world),
      explain: (record) => observer.explain(record),
      wire: (chunk) => observer.wire(chunk),
      events: (events) => {
        for (const event of events) if (event.type === 'reply') this.#lastReply = event.cause ? { reply: event.reply, cause: event.cause } : { reply: event.reply }
        observer.events(events)
      },
    }
  }

  get world(): World {
    return this.#world
  }

  get personality(): Personality {
    return this.#personality
  }

  /** The server personality for connections opened from now on. */
  set personality(personality: Personality) {
    this.#personality = personality
  }

  get lastReply(): ReplyRecord | null {
    return this.#lastReply
  }

  get session(): SessionInfo | null {
    return this.#state.kind === 'session' ? this.#state.client.info : null
  }

  get histories(): { readonly shell: History; readonly smtp: History } {
    return { shell: this.#shellHistory, smtp: this.#smtpHistory }
  }

  /** 'shell', 'smtp' (a session reading commands), 'data' (inside DATA or BDAT), 'auth', or 'foreground'. */
  get mode(): 'shell' | 'smtp' | 'data' | 'auth' | 'foreground' {
    const s = this.#state
    if (s.kind === 'shell') return 'shell'
    if (s.kind === 'foreground') return 'foreground'
    const mode = s.client.info.mode
    return mode === 'data' || mode === 'bdat' ? 'data' : mode === 'auth' ? 'auth' : 'smtp'
  }

  /** A fresh world: any session or mail program ends, the shell prompt comes back (with its history). */
  reset(): void {
    if (this.#state.kind === 'session') this.#observer.session(null)
    this.#state = { kind: 'shell' }
    this.#world = this.#createWorld()
    this.#lastReply = null
    this.#mailSeen = 0
    this.#smtpHistory.clear()
    this.#observer.replaced(this.#world)
  }

  // --- Program --------------------------------------------------------------------------------------------------

  get prompt(): string {
    const s = this.#state
    if (s.kind === 'session') return s.client.prompt
    if (s.kind === 'foreground') return s.program.prompt
    return PS1
  }

  get history(): History | null {
    const s = this.#state
    if (s.kind === 'shell') return this.#shellHistory
    if (s.kind === 'session') return s.client.readingCommands ? this.#smtpHistory : null
    return null
  }

  get questionExplains(): boolean {
    return this.#state.kind === 'session' && this.#state.client.readingCommands
  }

  start(): string {
    return wrapProse(MOTD.map((line) => (line.hint ? renderHint(line.text) : renderNotice(line.text))).join(''), this.cols, true)
  }

  submit(lines: readonly string[], echo: (line: string) => string): string {
    let out = ''
    let i = 0
    while (i < lines.length) {
      const s = this.#state
      if (s.kind === 'session') {
        // A session reads everything that is left: it was all written to the connection at once.
        out += this.#send(s.client, lines.slice(i), echo)
        break
      }
      const line = lines[i++]!
      out += echo(line)
      if (s.kind === 'foreground') {
        out += s.program.line(line)
        if (s.program.done) this.#state = { kind: 'shell' }
      } else {
        out += this.#run(line)
      }
      this.#observer.changed()
    }
    return wrapProse(out + this.#mailCheck(), this.cols)
  }

  interrupt(): string {
    const s = this.#state
    if (s.kind === 'foreground') {
      const out = s.program.interrupt()
      if (s.program.done) this.#state = { kind: 'shell' }
      return out
    }
    if (s.kind === 'session' && s.client.info.program !== 'telnet') {
      // nc and openssl s_client are ended by Ctrl-C; telnet in line mode only loses the line.
      s.client.hangUp()
      return this.#leaveSession(s.client, '')
    }
    return ''
  }

  escape(): string | null {
    const s = this.#state
    if (s.kind !== 'session') return null
    return this.#leaveSession(s.client, s.client.hangUp())
  }

  eof(): string | null {
    const s = this.#state
    if (s.kind !== 'foreground') return null
    const out = s.program.eof()
    if (out === null) return null
    if (s.program.done) this.#state = { kind: 'shell' }
    this.#observer.changed()
    return out + this.#mailCheck()
  }

  /** Bytes written as they are on the open session (see SmtpClient.write); null when no session is open. */
  write(bytes: string): string | null {
    const s = this.#state
    if (s.kind !== 'session') return null
    let out = s.client.write(bytes)
    if (s.client.closed) out = this.#leaveSession(s.client, out)
    else this.#observer.session(s.client.info)
    this.#observer.changed()
    return out
  }

  complete(before: string): Completion | null {
    const s = this.#state
    if (s.kind === 'foreground') return null
    if (s.kind === 'session') {
      // Inside DATA a tab is part of the message, as telnet would send it; an AUTH answer is base64.
      if (!s.client.readingCommands) return s.client.info.mode === 'data' ? { insert: '\t', candidates: [] } : null
      return this.#completeSmtp(before)
    }
    const word = /\S*$/.exec(before)?.[0] ?? ''
    const [name, ...args] = splitWords(before.slice(0, before.length - word.length))
    if (name === undefined) return completeWord(word, COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]))
    const command = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name))
    return completeWord(word, command?.complete?.(args, this.#context()) ?? [])
  }

  explain(): string {
    this.#observer.explain(this.#lastReply)
    if (!this.#lastReply) return wrapProse(renderHint('No reply to explain yet: open a session first, e.g. telnet mail.example.com 25'), this.cols)
    return wrapProse(explainReply(this.#lastReply), this.cols)
  }

  // --- running commands -----------------------------------------------------------------------------------------

  #run(line: string): string {
    const words = splitWords(line)
    const [name, ...args] = words
    if (name === undefined) return ''
    const command = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name))
    if (command) return command.run(args, this.#context())
    if (SMTP_VERBS.includes(name.toUpperCase()) && /^[A-Za-z]+:?$/.test(name)) {
      return renderNotice(`${name}: command not found — this is the shell of ${LEARNER.host}; open an SMTP session first: telnet mail.example.com 25`)
    }
    const names = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])])
    const guess = closest(name, names)
    return renderNotice(guess ? `${name}: command not found — did you mean ${guess}? Type help.` : `${name}: command not found. Type help for the commands of this machine.`)
  }

  /** Tab in a session: a verb (in the case the learner types), then what that verb takes. */
  #completeSmtp(before: string): Completion | null {
    const word = /\S*$/.exec(before)?.[0] ?? ''
    const [verb, ...rest] = before.slice(0, before.length - word.length).split(/\s+/).filter(Boolean)
    if (verb === undefined) return completeWord(word, SMTP_VERBS, { caseless: true, after: (v) => (takesNoArgument(v) ? '' : ' ') })
    if (rest.length > 0) return null
    const lower = /[a-z]/.test(verb) && !/[A-Z]/.test(verb)
    const args = smtpArguments(verb.toUpperCase(), this.#personality).map((a) => (lower && a.endsWith(':<') ? a.toLowerCase() : a))
    return completeWord(word, args, { caseless: true, after: (a) => (a.endsWith(':<') ? '' : ' ') })
  }

  #context(): ShellContext {
    return {
      world: this.#world,
      cols: this.cols,
      personality: this.#personality,
      commands: COMMANDS,
      history: this.#shellHistory,
      observer: this.#sessionObserver,
      learnerHost: this.#world.host(LEARNER.host),
      startSession: (client) => {
        const out = client.open()
        if (client.closed) return out
        this.#state = { kind: 'session', client }
        this.#observer.session(client.info)
        return out
      },
      startForeground: (program) => {
        if (!program.done) this.#state = { kind: 'foreground', program }
      },
      events: (events) => this.#observer.events(events),
      resetWorld: () => this.reset(),
      mailSeen: () => {
        this.#mailSeen = this.#mailboxSize()
      },
    }
  }

  #send(client: SmtpClient, lines: readonly string[], echo: (line: string) => string): string {
    let out = client.send(lines, echo)
    if (client.closed) out = this.#leaveSession(client, out)
    else this.#observer.session(client.info)
    this.#observer.changed()
    return out
  }

  #leaveSession(client: SmtpClient, out: string): string {
    if (this.#state.kind === 'session' && this.#state.client === client) this.#state = { kind: 'shell' }
    this.#observer.session(null)
    return out
  }

  #mailboxSize(): number {
    return this.#world.host(LEARNER.host)?.mailbox(LEARNER.user).length ?? 0
  }

  /** As bash does before a prompt (MAILCHECK): say so once when the mailbox has grown. */
  #mailCheck(): string {
    if (this.#state.kind !== 'shell') return ''
    const size = this.#mailboxSize()
    if (size <= this.#mailSeen) {
      this.#mailSeen = Math.min(this.#mailSeen, size)
      return ''
    }
    this.#mailSeen = size
    return renderNotice(`You have new mail in ${LEARNER.mailboxPath}`)
  }
}

/** Tell the observer about a wire chunk (for commands that talk to the world without a session). */
export type { WireChunk }
