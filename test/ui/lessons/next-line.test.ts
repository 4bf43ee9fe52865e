// Where the lesson pane stops inside a transcript (note by note), which reply a line points at, what "Type the next
// line for me" does next, which keys step, how a highlighted span is shown, and raw bytes.
import { describe, expect, it } from 'vitest'
import { createLessonWorld, DEFAULT_SETTINGS, isLessonError, parseLesson, settingsFor, type TranscriptStep, type TryStep } from '../../../src/lessons'
import { replyLineFor, Stepper, transcriptStops } from '../../../src/lessons'
import { attemptConnectCommand, connectCommand, prepareTerminal, rawBytes, sameSettings, stepKey, unfinishedLine } from '../../../src/ui/lessons/drive'
import type { LessonTerminal } from '../../../src/ui/lessons/terminal-port'
import { stripSgr } from '../../../src/terminal/render'
import { TerminalController } from '../../../src/ui/state/terminal.svelte'
import { classifySpan, lineSegments, segments } from '../../../src/ui/lessons/spans'
import { nextShowAction, planTyping } from '../../../src/ui/lessons/next-line'

const transcript = (body: string) => {
  const l = parseLesson('/lessons/t.md', `---\nid: t\ntitle: T\nsummary: S\norder: 1\n---\n## W\n\n\`\`\`transcript\n${body}\n\`\`\`\n`)
  if (isLessonError(l)) throw new Error(l.message)
  return (l.steps[0] as TranscriptStep).transcript
}

const T = transcript(
  'S: 220 mail.example.com ESMTP Postfix\nC: EHLO client.example.net\nS: 250-mail.example.com\nS: 250-PIPELINING\nS: ...\nS: 250 CHUNKING\n> The last line.\n' +
    '~ pipeline\nC: MAIL FROM:<a@client.example.net>\nC: RCPT TO:<bob@example.com>\nS: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\n~ advance 5m\n~ connect localhost',
)

describe('stops', () => {
  it('stops at each annotated line; lines without a note go with the next one, and the rest make a last stop', () => {
    expect(transcriptStops(T).map((i) => T.lines[i]?.text)).toEqual(['250 CHUNKING', '~ connect localhost'])
    const plain = transcript('C: NOOP\nS: 250 2.0.0 Ok')
    expect(transcriptStops(plain)).toEqual([1])
  })

  it('steps note by note through a transcript, showing each note\'s lines as a group, then on to the next step', () => {
    const lesson = parseLesson('/lessons/t.md', `---\nid: t\ntitle: T\nsummary: S\norder: 1\n---\n## W\n\n\`\`\`transcript\nS: 220 mail.example.com ESMTP Postfix\n> Greeting.\nC: EHLO x\nS: 250-mail.example.com\nS: 250 CHUNKING\n> Extensions.\nC: QUIT\nS: 221 2.0.0 Bye\n\`\`\`\n\n## After\n\nProse.\n`)
    if (isLessonError(lesson)) throw new Error(lesson.message)
    const s = new Stepper(lesson)
    expect([s.stops, s.line, s.group, s.replyLine?.code]).toEqual([[0, 3, 5], 0, { from: 0, to: 0 }, 220])
    s.next()
    expect([s.line, s.group, s.replyLine?.text]).toEqual([3, { from: 1, to: 3 }, '250 CHUNKING'])
    s.next()
    expect([s.line, s.group, s.atEnd]).toEqual([5, { from: 4, to: 5 }, false])
    s.next()
    expect([s.current.id, s.line, s.atEnd]).toEqual(['after', null, true])
    s.prev()
    expect([s.current.id, s.line]).toEqual(['w', 5])
    // A clicked line is the current one, in its note's group; → then goes on to the note.
    s.showLine(2)
    expect([s.line, s.focus, s.group]).toEqual([2, 2, { from: 1, to: 3 }])
    s.next()
    expect([s.line, s.focus]).toEqual([3, null])
    s.next()
    expect(s.line).toBe(5)
  })

  it('points a client line at the first line of its reply', () => {
    expect(replyLineFor(T, 1)?.text).toBe('250-mail.example.com')
    expect(replyLineFor(T, 0)?.code).toBe(220)
    expect(replyLineFor(T, 7)).toBeNull() // MAIL FROM in a group: the next line is another client line
  })
})

describe('type the next line for me', () => {
  const connect = () => 'telnet localhost 25'
  it('types client lines one by one, pastes a pipelined group, and runs directives as shell commands', () => {
    expect(nextShowAction(T, -1, connect)).toEqual({ kind: 'type', text: 'EHLO client.example.net', index: 1 })
    expect(nextShowAction(T, 1, connect)).toEqual({ kind: 'paste', lines: ['MAIL FROM:<a@client.example.net>', 'RCPT TO:<bob@example.com>'], index: 8 })
    expect(nextShowAction(T, 8, connect)).toEqual({ kind: 'shell', command: 'sleep 5m', index: 11 })
    expect(nextShowAction(T, 11, connect)).toEqual({ kind: 'shell', command: 'telnet localhost 25', index: 12 })
    expect(nextShowAction(T, 12, connect)).toBeNull()
  })

  it('follows the reader: catches up to the lines shown, or starts over when the terminal is past them', () => {
    // Nothing typed yet, the reader on the second group (lines 7..12): type up to the first line of the group.
    expect(planTyping(T, -1, { from: 7, to: 12 }, connect)).toEqual({
      restart: false,
      actions: [
        { kind: 'type', text: 'EHLO client.example.net', index: 1 },
        { kind: 'paste', lines: ['MAIL FROM:<a@client.example.net>', 'RCPT TO:<bob@example.com>'], index: 8 },
      ],
    })
    // Within the group: just the next line.
    expect(planTyping(T, 8, { from: 7, to: 12 }, connect).actions).toEqual([{ kind: 'shell', command: 'sleep 5m', index: 11 }])
    // The reader went back before what was typed: start over from the beginning.
    expect(planTyping(T, 8, { from: 0, to: 6 }, connect)).toEqual({ restart: true, actions: [{ kind: 'type', text: 'EHLO client.example.net', index: 1 }] })
    expect(planTyping(T, 12, { from: 7, to: 12 }, connect).actions).toEqual([])
  })

  it('connects the way the lesson does', () => {
    expect(connectCommand({ ...DEFAULT_SETTINGS, port: 587 })).toBe('telnet mail.example.com 587')
    expect(connectCommand({ ...DEFAULT_SETTINGS, port: 465 })).toBe('openssl s_client -connect mail.example.com:465 -crlf -quiet')
    expect(connectCommand({ ...DEFAULT_SETTINGS, client: 'localhost', host: 'client.example.net' })).toBe('telnet localhost 25')
    expect(connectCommand(DEFAULT_SETTINGS, 'stranger', 'mx.example.net', null)).toBe('telnet mx.example.net 25')
  })
})

describe('keys', () => {
  const target = (selector: string | null) => ({ closest: (s: string) => (selector && s.includes(selector) ? {} : null) })
  it('steps with arrows, PageUp/PageDown, Home and End, never with a modifier', () => {
    expect(['ArrowRight', 'PageDown', 'ArrowLeft', 'PageUp', 'Home', 'End'].map((key) => stepKey({ key }))).toEqual(['next', 'next', 'prev', 'prev', 'first', 'last'])
    expect(stepKey({ key: 'ArrowRight', altKey: true })).toBeNull()
    expect(stepKey({ key: 'a' })).toBeNull()
  })

  it('leaves arrows to the terminal and to fields; a clicker still steps in presenter mode', () => {
    expect(stepKey({ key: 'ArrowRight', target: target('.xterm') })).toBeNull()
    expect(stepKey({ key: 'PageDown', target: target('.xterm') })).toBeNull()
    expect(stepKey({ key: 'PageDown', target: target('.xterm') }, true)).toBe('next')
    expect(stepKey({ key: 'ArrowLeft', target: target('input') }, true)).toBeNull()
  })
})

describe('spans', () => {
  it('classifies a highlighted span by what it holds', () => {
    expect(['250', '2.1.5', '.', '<LF>.<LF>', '@a.example,@b.example:', 'carol%example.net', 'EHLO'].map(classifySpan)).toEqual(['code', 'enhanced', 'dot', 'dot', 'route', 'route', 'other'])
  })

  it('cuts a line into plain text, marks and placeholders', () => {
    expect(segments('250 2.0.0 Ok: queued as <ID>', [{ start: 0, end: 3 }])).toEqual([
      { text: '250', mark: 'code', token: null },
      { text: ' 2.0.0 Ok: queued as ', mark: null, token: null },
      { text: '<ID>', mark: null, token: 'id' },
    ])
    const raw = transcript('C: DATA\nW: a[[<LF>.<LF>]]b<CR><LF>').lines[1]
    if (!raw) throw new Error('no line')
    expect(lineSegments(raw).map((s) => [s.text, s.mark, s.token])).toEqual([
      ['a', null, null], ['<LF>', 'dot', 'lf'], ['.', 'dot', null], ['<LF>', 'dot', 'lf'], ['b', null, null], ['<CR>', null, 'cr'], ['<LF>', null, 'lf'],
    ])
  })

  it('marks the reply code of the reply the reader is on, even where the lesson did not', () => {
    const line = T.lines[0]
    if (!line) throw new Error('no line')
    expect(lineSegments(line, true)[0]).toEqual({ text: '220', mark: 'code', token: null })
    expect(lineSegments(line)[0]?.mark).toBeNull()
  })
})

describe('raw bytes', () => {
  it('sends <CR>/<LF> as bytes and a typed line break as CR LF, and knows a write that leaves its last line open', () => {
    expect(rawBytes('EHLO x\nhi<LF>.<LF>')).toBe('EHLO x\r\nhi\n.\n')
    expect(unfinishedLine(rawBytes('EHLO x'))).toBe(true)
    expect(unfinishedLine(rawBytes('EHLO x\n'))).toBe(false)
    expect(unfinishedLine(rawBytes('Hi<LF>.<LF>'))).toBe(false)
    expect(unfinishedLine('')).toBe(false)
  })
})

describe('where a try step\'s attempt starts (the lesson pane and presenter mode both show it)', () => {
  const tryStep = (solution: string) => {
    const l = parseLesson('/lessons/t.md', `---\nid: t\ntitle: T\nsummary: S\norder: 1\n---\n## W\n\n\`\`\`try\ngoal:\n  mailbox: bob@example.com\nhints:\n  - text: Send bob a message.\nsolution: |\n${solution.split('\n').map((l) => '  ' + l).join('\n')}\n\`\`\`\n`)
    if (isLessonError(l)) throw new Error(l.message)
    return { lesson: l, step: l.steps[0] as TryStep }
  }
  it('at the solution\'s first connection when it opens one, else at the lesson\'s server', () => {
    const relay = tryStep('~ connect localhost\nHELO client.example.net\nQUIT')
    expect(attemptConnectCommand(relay.step, settingsFor(relay.lesson, relay.step.settings))).toBe('telnet localhost 25')
    const plain = tryStep('HELO client.example.net\nQUIT')
    expect(attemptConnectCommand(plain.step, settingsFor(plain.lesson, plain.step.settings))).toBe('telnet mail.example.com 25')
  })
})

describe('preparing the terminal for a lesson', () => {
  it('puts the lesson world in once a loading terminal has its model, before the keys typed meanwhile (they are not wiped)', async () => {
    // The real controller: a lesson's page defers the model until the learner reaches for the terminal, and a learner
    // who clicks and types at once types into a terminal still loading (seen as a flaky hand-in test under load).
    const controller = new TerminalController({ deferred: true })
    const written: string[] = []
    controller.attach({ write: (d) => void written.push(d) }, 100)
    const settings = { ...DEFAULT_SETTINGS, port: 587 as const, users: { username: 'password' } }
    prepareTerminal(controller, settings)
    expect(controller.world).toBeNull() // a loading terminal has no world to replace yet
    controller.start()
    for (const key of 'telnet mail.example.com 587\rEHLO client.example.net\r') controller.input(key)
    await controller.ready
    expect(controller.worldSettings).toMatchObject({ port: 587, users: { username: 'password' } })
    expect(controller.world?.host('mail.example.com')?.credentials.password('username')).toBe('password')
    // What was typed went to the lesson's world and is still on the screen: the session is open, EHLO answered.
    expect(controller.mode).toBe('smtp')
    const screen = stripSgr(written.join(''))
    expect(screen).toContain('telnet mail.example.com 587')
    expect(screen).toMatch(/250-mail\.example\.com[\s\S]*250[ -]AUTH/)
  })

  it('keeps a world the terminal already built from the lesson\'s settings (as a reload brings it back), when asked to', () => {
    const resets: string[] = []
    const settings = { ...DEFAULT_SETTINGS, port: 587 as const, users: { username: 'password' } }
    const restored = JSON.parse(JSON.stringify({ users: settings.users, port: 587, faults: [], client: 'stranger', host: 'mail.example.com', personality: 'postfix' }))
    const terminal: LessonTerminal = {
      world: null, events: [], eventSeq: 0, eventsSince: () => [], lastReply: null, revision: 0, mode: 'shell', personality: 'postfix',
      type: () => {}, play: () => true, write: () => false, highlight: () => {}, worldSettings: restored, afterLoad: (action) => action(),
      reset: () => void resets.push('reset'),
    }
    expect(sameSettings(restored, settings)).toBe(true)
    prepareTerminal(terminal, settings, { keep: true })
    expect(resets).toEqual([])
    prepareTerminal(terminal, { ...settings, port: 25 }, { keep: true })
    prepareTerminal(terminal, settings) // "Reset the world" always builds a fresh one
    expect(resets).toEqual(['reset', 'reset'])
  })
})
