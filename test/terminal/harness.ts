/**
 * A learner at the terminal, without xterm: the default world, the shell, the line discipline and a recording
 * Output. `type` presses keys one by one (Enter as CR, as xterm sends it); `paste` delivers a block in one onData.
 */
import { World, type ModelEvent } from '../../src/smtp'
import { LineDiscipline } from '../../src/terminal/line-discipline'
import { Shell, type ShellObserver } from '../../src/terminal/shell'
import type { ReplyRecord, SessionInfo, WireChunk } from '../../src/terminal/smtp-client'
import { RecordingOutput } from './recording'

export interface Learner {
  world: () => World
  readonly shell: Shell
  readonly discipline: LineDiscipline
  readonly output: RecordingOutput
  readonly events: ModelEvent[]
  readonly wire: WireChunk[]
  readonly sessions: (SessionInfo | null)[]
  readonly explained: (ReplyRecord | null)[]
  /** Type a line key by key, then Enter; returns what appeared (colours removed). */
  type(line: string): string
  /** Keys without Enter, one onData each. */
  keys(data: string): string
  /** One onData string as xterm sends it for a key (an escape sequence arrives whole). */
  data(data: string): string
  /** One onData string holding several lines (xterm turns pasted line breaks into CR). */
  paste(text: string): string
}

export function learner(options: { cols?: number; world?: () => World; schedule?: (task: () => void) => void } = {}): Learner {
  const make = options.world ?? (() => new World())
  let world = make()
  const output = new RecordingOutput()
  const events: ModelEvent[] = []
  const wire: WireChunk[] = []
  const sessions: (SessionInfo | null)[] = []
  const explained: (ReplyRecord | null)[] = []
  const observer: ShellObserver = {
    events: (e) => events.push(...e),
    wire: (c) => wire.push(c),
    session: (s) => sessions.push(s),
    changed: () => {},
    replaced: (w) => (world = w),
    explain: (r) => explained.push(r),
  }
  const shell = new Shell({ world, createWorld: make, observer })
  shell.cols = options.cols ?? 100
  const discipline = new LineDiscipline({ output, program: shell, cols: options.cols ?? 100, ...(options.schedule ? { schedule: options.schedule } : {}) })
  discipline.start()
  output.take() // the greeting: see output.plain
  const keys = (data: string) => {
    for (const ch of data) discipline.input(ch)
    return output.take()
  }
  return {
    world: () => world,
    shell,
    discipline,
    output,
    events,
    wire,
    sessions,
    explained,
    keys,
    type: (line) => keys(line + '\r'),
    data(data) {
      discipline.input(data)
      return output.take()
    },
    paste(text) {
      discipline.input(text.replace(/\r?\n/g, '\r'))
      return output.take()
    },
  }
}
