// Presenter mode's demo (demo.svelte.ts) against the stand-in terminal and a hand-driven clock: a step begins from a
// known state and connected; following a stop types its client lines key by key at a readable pace and the model
// answers each; a new press finishes what is being typed; going back rewinds where the terminal can, else begins the
// step again and types up to there at once.
import { describe, expect, test } from 'vitest'
import { DEFAULT_SETTINGS, parseLesson, transcriptStops, type Lesson, type TranscriptStep } from '../../../src/lessons'
import { RECORDING_VERSION, type Recording } from '../../../src/terminal/recording'
import { DemoDriver, type DemoClock } from '../../../src/ui/lessons/demo.svelte'
import { FakeTerminal } from './fake-terminal.svelte'
import { TerminalController } from '../../../src/ui/state/terminal.svelte'

const LESSON = `---
id: demo
title: Demo
summary: A demo.
order: 1
---

## Watch

\`\`\`transcript
S: 220 mail.example.com ESMTP Postfix
> The greeting.
C: HELO client.example.net
S: 250 mail.example.com
C: MAIL FROM:<a@client.example.net>
S: 250 2.1.0 Ok
> The sender.
C: RCPT TO:<nobody@example.com>
S: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table
> Unknown.
\`\`\`
`

function transcriptStep(): TranscriptStep {
  const parsed = parseLesson('demo.md', LESSON)
  if (!('steps' in parsed)) throw new Error('the lesson does not parse')
  const step = (parsed as Lesson).steps.find((s) => s.kind === 'transcript')
  if (!step || step.kind !== 'transcript') throw new Error('no transcript step')
  return step
}

/** A clock the test runs by hand: `run()` carries out every task, including those they schedule. */
class HandClock implements DemoClock {
  tasks: { task: () => void; ms: number; id: number }[] = []
  waited = 0
  #id = 0
  later(task: () => void, ms: number): unknown {
    const id = ++this.#id
    this.tasks.push({ task, ms, id })
    return id
  }
  cancel(handle: unknown): void {
    this.tasks = this.tasks.filter((t) => t.id !== handle)
  }
  run(): void {
    for (let guard = 0; this.tasks.length > 0 && guard < 10_000; guard++) {
      const next = this.tasks.shift()
      if (!next) break
      this.waited += next.ms
      next.task()
    }
  }
}

/** A stand-in terminal with a recording (its typed keys) and a rewind that plays them again on a fresh world. */
class RewindingTerminal extends FakeTerminal {
  keys: string[] = []
  rewinds: number[] = []
  get recording(): Recording {
    return { v: RECORDING_VERSION, start: { seed: 1, personality: 'postfix', world: null, worlds: 0, history: [] }, actions: this.keys }
  }
  override type(text: string): void {
    for (const ch of text) this.keys.push(ch)
    super.type(text)
  }
  override reset(...args: Parameters<FakeTerminal['reset']>): void {
    this.keys = []
    super.reset(...args)
  }
  rewind(actions: number): boolean {
    this.rewinds.push(actions)
    const keys = this.keys.slice(0, actions)
    super.reset(undefined, this.worldSettings ?? undefined)
    this.keys = []
    this.type(keys.join(''))
    return true
  }
}

const step = transcriptStep()
const stops = transcriptStops(step.transcript) // [0, 4, 6]

describe('the presenter demo', () => {
  test('begins a step in a fresh world, connected; a stop types its client lines at a readable pace and the model answers', async () => {
    const terminal = new FakeTerminal()
    terminal.type('telnet mail.example.com 25\nHELO left.over\n') // a session left from before
    const clock = new HandClock()
    const demo = new DemoDriver(terminal, clock)
    await demo.begin(step.transcript, DEFAULT_SETTINGS)
    expect(terminal.log).toContain('reset')
    expect(terminal.typed.at(-1)).toBe('telnet mail.example.com 25')
    expect(terminal.lastReply?.reply.code).toBe(220)

    demo.follow(stops[1] as number)
    expect(demo.busy).toBe(true)
    expect(terminal.typed.at(-1)).toBe('telnet mail.example.com 25') // nothing typed at once
    clock.run()
    expect(demo.busy).toBe(false)
    expect(terminal.typed.slice(-2)).toEqual(['HELO client.example.net', 'MAIL FROM:<a@client.example.net>'])
    expect(terminal.lastReply?.reply.code).toBe(250)
    expect(demo.typed).toBe(3)
    // Key by key: about a second a line, never instant, never a crawl.
    expect(clock.waited).toBeGreaterThan(1000)
    expect(clock.waited).toBeLessThan(6000)
  })

  test('a press while a line is being typed finishes it at once, then goes on', async () => {
    const terminal = new FakeTerminal()
    const clock = new HandClock()
    const demo = new DemoDriver(terminal, clock)
    await demo.begin(step.transcript, DEFAULT_SETTINGS)
    demo.follow(stops[1] as number)
    clock.tasks.shift()?.task() // one key typed
    demo.follow(stops[2] as number)
    expect(terminal.typed.slice(-2)).toEqual(['HELO client.example.net', 'MAIL FROM:<a@client.example.net>'])
    clock.run()
    expect(terminal.typed.at(-1)).toBe('RCPT TO:<nobody@example.com>')
    expect(terminal.lastReply?.reply.code).toBe(550)
  })

  test('back by rewind, where the terminal has one: to the point just after the last line kept', async () => {
    const terminal = new RewindingTerminal()
    const clock = new HandClock()
    const demo = new DemoDriver(terminal, clock)
    await demo.begin(step.transcript, DEFAULT_SETTINGS)
    demo.follow(stops[2] as number, { instant: true })
    expect(terminal.lastReply?.reply.code).toBe(550)
    demo.follow(stops[1] as number)
    expect(terminal.rewinds).toEqual(['telnet mail.example.com 25\nHELO client.example.net\nMAIL FROM:<a@client.example.net>\n'.length])
    expect(terminal.lastReply?.reply.code).toBe(250)
    expect(demo.typed).toBe(3)
    demo.follow(stops[0] as number)
    expect(terminal.rewinds.at(-1)).toBe('telnet mail.example.com 25\n'.length) // the step's start, connected
    expect(terminal.lastReply?.reply.code).toBe(220)
    expect(demo.typed).toBe(-1)
  })

  test('back without rewind: the step begun again and typed up to there at once', async () => {
    const terminal = new FakeTerminal()
    const clock = new HandClock()
    const demo = new DemoDriver(terminal, clock)
    await demo.begin(step.transcript, DEFAULT_SETTINGS)
    demo.follow(stops[2] as number, { instant: true })
    const resets = terminal.log.filter((l) => l === 'reset').length
    demo.follow(stops[1] as number)
    expect(terminal.log.filter((l) => l === 'reset').length).toBe(resets + 1)
    expect(clock.tasks).toEqual([]) // at once
    expect(terminal.typed.slice(-3)).toEqual(['telnet mail.example.com 25', 'HELO client.example.net', 'MAIL FROM:<a@client.example.net>'])
    expect(terminal.lastReply?.reply.code).toBe(250)
  })

  test('stop drops what is still to be typed', async () => {
    const terminal = new FakeTerminal()
    const clock = new HandClock()
    const demo = new DemoDriver(terminal, clock)
    await demo.begin(step.transcript, DEFAULT_SETTINGS)
    demo.follow(stops[2] as number)
    demo.stop()
    clock.run()
    expect(terminal.typed).toEqual(['telnet mail.example.com 25'])
    expect(demo.busy).toBe(false)
  })
})

describe('the presenter demo on the terminal controller', () => {
  test('← goes back by the controller\'s rewind: the same recording cut short, not the step begun again in a fresh world', async () => {
    const controller = new TerminalController()
    controller.attach({ write: () => {} }, 100)
    await controller.ready
    const demo = new DemoDriver(controller, new HandClock())
    await demo.begin(step.transcript, DEFAULT_SETTINGS)
    demo.follow(stops[2] as number, { instant: true })
    expect(controller.lastReply?.reply.code).toBe(550)
    const before = controller.recording
    if (!before) throw new Error('the controller keeps no recording')
    const worlds = before.start.worlds

    demo.follow(stops[1] as number)
    const after = controller.recording
    // A restart would build a fresh world (start.worlds one more, the recording begun again); a rewind keeps the
    // recording's start and its first actions, up to just after MAIL FROM.
    expect(after?.start).toEqual(before.start)
    expect(after?.start.worlds).toBe(worlds)
    const typed = after?.actions.filter((a): a is string => typeof a === 'string').join('') ?? ''
    expect(typed).toContain('MAIL FROM:<a@client.example.net>')
    expect(typed).not.toContain('RCPT TO')
    expect(after?.actions).toEqual(before.actions.slice(0, after?.actions.length))
    expect(controller.lastReply?.reply.code).toBe(250)
    expect(demo.typed).toBe(3) // the MAIL FROM line, the last one typed before that stop
  })
})
