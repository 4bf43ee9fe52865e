/**
 * LineDiscipline: the tty between the keyboard and the program in the foreground (the shell, a telnet session, a
 * message being written), in pure TypeScript. xterm.js only displays what it writes.
 *
 *   onData string ─ keymap ─▶ actions ─ LineEditor + History ─▶ echo ─▶ Output
 *                                    └─ Enter / paste ─▶ Program.submit(lines) ─▶ output ─▶ Output
 *
 * - Editing: ←/→, Home/End (Ctrl-A/E), Backspace/Delete, Ctrl-U, Ctrl-W, Ctrl-C (abandons the line, shows ^C),
 *   ↑/↓ through the program's own history, Ctrl-L, Ctrl-D (delete, or end of input on an empty line), Ctrl-], F1, and
 *   Tab (the program completes the word before the cursor, or lists what fits).
 * - A line is handed over exactly as typed; the program decides how it goes on the wire (CRLF for SMTP). Nothing is
 *   corrected.
 * - A paste of many lines is ONE batch, blank lines kept: the program sees all its complete lines at once (a telnet
 *   session sends them as one pipelined chunk); what follows the last line break stays in the editor.
 * - A big paste is cut into slices of about `sliceBytes`, each handed over in its own task (`schedule`), so the page
 *   never blocks for long; keys typed meanwhile wait their turn, in order. The echo of a very long paste shows its
 *   head and tail and says how many lines it skipped (the bytes are all sent).
 * No xterm, no DOM, no timers here: the caller supplies Output and, in the browser, a scheduler.
 */
import { parseInput, type InputAction } from './keymap'
import type { History } from './history'
import { displayText, LineEditor } from './line-editor'
import { columns, type Completion } from './complete'
import { plainText, renderHint, stripSgr } from './render'

/** Where the terminal output goes: xterm, or a recorder in tests. */
export interface Output {
  write(data: string): void
}

/** What runs in the foreground and reads the lines. */
export interface Program {
  /** Printed before each line the learner types (may hold colours). '' for none, as telnet has none. */
  readonly prompt: string
  /** The history ↑/↓ walk here, or null (e.g. inside a message). */
  readonly history: History | null
  /** A line holding only `?` explains the last reply instead of being sent (SMTP command mode only). */
  readonly questionExplains: boolean
  /** What is shown before the first prompt. */
  start(): string
  /**
   * Complete lines, in order: one typed line, or the lines of a paste. `echo(line)` gives what to write to show a
   * line the terminal has not shown yet (prompt included; '' for the line the learner typed and already sees).
   * The program echoes each line when it reads it, and returns everything to write. Output ends at a line start.
   */
  submit(lines: readonly string[], echo: (line: string) => string): string
  /** Ctrl-C (the line was abandoned and ^C shown). */
  interrupt(): string
  /** Ctrl-]: what it prints, or null when the key means nothing here. */
  escape(): string | null
  /** Ctrl-D on an empty line: what it prints, or null when it means nothing here. */
  eof(): string | null
  /** F1, or a line holding only `?`: a short explanation of the last reply (ends at a line start). */
  explain(): string
  /** Tab: what to insert for the text before the cursor, or candidates to list; null when Tab means nothing. */
  complete?(before: string): Completion | null
}

export interface DisciplineOptions {
  readonly output: Output
  readonly program: Program
  /** Terminal width in cells. Default 80. */
  readonly cols?: number
  /** Run a task later (browser: a macrotask). Without it, a big paste is processed at once. */
  readonly schedule?: (task: () => void) => void
  /** About how many octets of a paste go to the program per task. Default 64 KiB. */
  readonly sliceBytes?: number
  /**
   * Everything the program prints, as plain text, once — not the echo of what the learner typed or pasted, not the
   * prompt — for the page's live region (screen readers; xterm's own screen reader mode would read replies twice).
   */
  readonly announce?: (text: string) => void
}

/**
 * Marks around the echo of a pasted line inside a program's output, so the announcement can leave it out. Private
 * OSC sequences: a learner's text never holds them (the echo shows control characters in caret notation), and they
 * are removed before anything reaches the terminal.
 */
const ECHO_OPEN = '\x1b]7700;\x07'
const ECHO_CLOSE = '\x1b]7701;\x07'
const ECHO_MARKS = /\x1b\]770[01];\x07/g
const MARKED_ECHO = /\x1b\]7700;\x07[\s\S]*?\x1b\]7701;\x07/g

/** Pastes longer than this many lines are echoed as head … tail. */
export const ECHO_HEAD = 40
export const ECHO_TAIL = 10

type Work =
  | { readonly kind: 'action'; readonly action: InputAction }
  /** Complete lines of a paste; in the `first` slice, lines[0] stands for the line in the editor. */
  | { readonly kind: 'slice'; readonly lines: readonly string[]; readonly first: boolean; readonly echo: (line: string) => string }
  | { readonly kind: 'rest'; readonly text: string }

const width = (prompt: string) => stripSgr(prompt).length

/** The echo of one paste: every line, or for a long paste its head and tail and a count of the lines between. */
function pasteEcho(program: Program, total: number, firstShown: boolean): (line: string) => string {
  let index = 0
  const skip = total > ECHO_HEAD + ECHO_TAIL + 1
  return (line) => {
    const i = index++
    if (i === 0 && firstShown) return ''
    if (skip && i >= ECHO_HEAD && i < total - ECHO_TAIL) {
      return i === ECHO_HEAD ? renderHint(`[… ${total - ECHO_HEAD - ECHO_TAIL} more pasted lines sent, not echoed …]`) : ''
    }
    return program.prompt + displayText(line) + '\r\n'
  }
}

export class LineDiscipline {
  readonly #output: Output
  #program: Program
  readonly #editor: LineEditor
  readonly #schedule: ((task: () => void) => void) | undefined
  readonly #sliceBytes: number
  readonly #announce: ((text: string) => void) | undefined
  readonly #queue: Work[] = []
  #draining = false
  #tickPending = false
  /** Process every paste at once, without giving the page a turn (a replay). */
  synchronous = false

  constructor(options: DisciplineOptions) {
    this.#output = options.output
    this.#program = options.program
    this.#editor = new LineEditor({ cols: options.cols ?? 80 })
    this.#schedule = options.schedule
    this.#sliceBytes = options.sliceBytes ?? 64 * 1024
    this.#announce = options.announce
  }

  /** The line being edited, exactly as it would be sent. */
  get line(): string {
    return this.#editor.text
  }

  /** Whether part of a paste is still waiting to be processed. */
  get busy(): boolean {
    return this.#queue.length > 0 || this.#tickPending
  }

  /** Show the program's greeting and first prompt. */
  start(): void {
    const prompt = this.#program.prompt
    this.#editor.clear(width(prompt))
    this.#write(this.#said(this.#program.start()) + prompt)
  }

  /** One onData string from the terminal (a key, an IME composition, or a paste). */
  input(data: string): void {
    for (const action of parseInput(data)) {
      if (action.type !== 'paste') {
        this.#queue.push({ kind: 'action', action })
        continue
      }
      // lines[0] continues the line being edited; the last element is the unfinished rest.
      const [first = '', ...more] = action.lines
      const rest = more.pop() ?? ''
      this.#queue.push({ kind: 'action', action: { type: 'insert', text: first } })
      this.#queue.push(...this.#slices([first], more))
      if (rest) this.#queue.push({ kind: 'rest', text: rest })
    }
    this.#drain()
  }

  /** The terminal is now `cols` wide: the line being typed is redrawn to fit. */
  resize(cols: number): void {
    this.#write(this.#editor.resize(cols))
  }

  /** Clear the screen and the line, drop any unprocessed paste, write `text`, then a fresh prompt. */
  restart(text: string): void {
    this.#queue.length = 0
    const prompt = this.#program.prompt
    this.#editor.clear(width(prompt))
    this.#write('\x1b[H\x1b[2J\x1b[3J' + this.#said(text) + prompt)
  }

  /** Write text above the line being edited (a notice from outside), then the prompt and the line again. */
  notice(text: string): void {
    this.#write(this.#interject(text))
  }

  /** F1 from outside the keyboard (a button): the explanation of the last reply, as the key gives it. */
  explain(): void {
    this.#queue.push({ kind: 'action', action: { type: 'explain' } })
    this.#drain()
  }

  /** The paste's complete lines as slices; the first line is the one in the editor, submitted by the first slice. */
  #slices(first: readonly string[], more: readonly string[]): Work[] {
    const lines = [...first, ...more]
    const echo = pasteEcho(this.#program, lines.length, true)
    const out: Work[] = []
    let start = 0
    let bytes = 0
    for (let i = 0; i < lines.length; i++) {
      bytes += lines[i]!.length + 2
      if (bytes >= this.#sliceBytes || i === lines.length - 1) {
        out.push({ kind: 'slice', lines: lines.slice(start, i + 1), first: start === 0, echo })
        start = i + 1
        bytes = 0
      }
    }
    return out
  }

  #drain(): void {
    if (this.#draining || this.#tickPending) return
    this.#draining = true
    let out = ''
    try {
      while (this.#queue.length > 0) {
        const work = this.#queue.shift()!
        out += this.#run(work)
        const next = this.#queue[0]
        if (this.#schedule && !this.synchronous && next?.kind === 'slice' && !next.first) {
          // Give the page a turn before the next slice of a paste.
          this.#tickPending = true
          this.#schedule(() => {
            this.#tickPending = false
            this.#drain()
          })
          break
        }
      }
    } finally {
      this.#draining = false
      this.#write(out)
    }
  }

  #run(work: Work): string {
    switch (work.kind) {
      case 'action':
        return this.#act(work.action)
      case 'rest':
        return this.#editor.insert(work.text)
      case 'slice': {
        if (!work.first) return this.#submit(work.lines, work.echo)
        // The paste's first line is the one in the editor (what was typed before it, plus its first line).
        const { line, echo } = this.#editor.submit()
        return echo + this.#submit([line, ...work.lines.slice(1)], work.echo)
      }
    }
  }

  #submit(lines: readonly string[], echo: (line: string) => string): string {
    const marked = this.#announce
      ? (line: string) => {
          const shown = echo(line)
          return shown && ECHO_OPEN + shown + ECHO_CLOSE
        }
      : echo
    const out = this.#program.submit(lines, marked)
    const prompt = this.#program.prompt
    this.#editor.clear(width(prompt))
    if (!this.#announce) return out + prompt
    const heard = plainText(out.replace(MARKED_ECHO, ''))
    if (heard) this.#announce(heard)
    return out.replace(ECHO_MARKS, '') + prompt
  }

  /** Program output that is not an echo: announced, and returned to be written. */
  #said(text: string): string {
    if (this.#announce && text) {
      const heard = plainText(text)
      if (heard) this.#announce(heard)
    }
    return text
  }

  #act(action: InputAction): string {
    const editor = this.#editor
    const program = this.#program
    switch (action.type) {
      case 'insert':
        return editor.insert(action.text)
      case 'complete': {
        const completion = program.complete?.(editor.text.slice(0, editor.cursor))
        if (!completion) return ''
        if (completion.insert) return editor.insert(completion.insert)
        return completion.candidates.length > 1 ? this.#interject(columns(completion.candidates, editor.cols)) : ''
      }
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
      case 'kill-word':
        return editor.killWordBack()
      case 'history-back': {
        const entry = program.history?.back(editor.text)
        return entry === null || entry === undefined ? '' : editor.setText(entry)
      }
      case 'history-forward': {
        const entry = program.history?.forward()
        return entry === null || entry === undefined ? '' : editor.setText(entry)
      }
      case 'clear-screen':
        return '\x1b[H\x1b[2J' + program.prompt + editor.reprint(width(program.prompt))
      case 'explain':
        return this.#explain()
      case 'interrupt': {
        program.history?.rewind()
        const out = editor.cancel() + this.#said(program.interrupt())
        return out + this.#freshPrompt()
      }
      case 'escape': {
        const said = program.escape()
        if (said === null) return ''
        return editor.abandon('^]') + this.#said(said) + this.#freshPrompt()
      }
      case 'eof': {
        if (editor.text !== '') return editor.delete()
        const said = program.eof()
        if (said === null) return ''
        return editor.abandon('') + this.#said(said) + this.#freshPrompt()
      }
      case 'enter': {
        // `?` and Enter in a session: the explanation, and no line sent (a `?` alone is no SMTP command).
        if (editor.text === '?' && program.questionExplains) return editor.abandon('') + this.#said(program.explain()) + this.#freshPrompt()
        const history = program.history
        const { line, echo } = editor.submit()
        history?.add(line)
        return echo + this.#submit([line], () => '')
      }
      case 'paste':
        return '' // split up in input()
    }
  }

  #freshPrompt(): string {
    const prompt = this.#program.prompt
    this.#editor.clear(width(prompt))
    return prompt
  }

  #explain(): string {
    return this.#interject(this.#program.explain())
  }

  /** Output on the rows below the line being edited, then the prompt and the line drawn again. */
  #interject(text: string): string {
    const prompt = this.#program.prompt
    const atLineStart = this.#editor.text === '' && width(prompt) === 0
    return (atLineStart ? '' : this.#editor.end() + '\r\n') + this.#said(text) + prompt + this.#editor.reprint(width(prompt))
  }

  #write(out: string): void {
    if (out) this.#output.write(out)
  }
}
