// Where the lesson pane stops inside a transcript, which reply a line points at, what "show me" does next, which
// keys step, and how a highlighted span is shown.
import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, isLessonError, parseLesson, type TranscriptStep } from '../../../src/lessons'
import { connectCommand, prepareTerminal, stepKey } from '../../../src/ui/lessons/drive'
import type { LessonTerminal } from '../../../src/ui/lessons/terminal-port'
import type { World } from '../../../src/smtp'
import { rawBytes, showBytes } from '../../../src/ui/lessons/raw-wire.svelte'
import { classifySpan, lineSegments, segments } from '../../../src/ui/lessons/spans'
import { nextShowAction, replyLineFor, transcriptStops } from '../../../src/ui/lessons/stops'

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
  it('stops at each client line, each directive, each reply start and each annotated line', () => {
    expect(transcriptStops(T).map((i) => T.lines[i]?.text)).toEqual([
      '220 mail.example.com ESMTP Postfix', 'EHLO client.example.net', '250-mail.example.com', '250 CHUNKING', '~ pipeline',
      'MAIL FROM:<a@client.example.net>', 'RCPT TO:<bob@example.com>', '250 2.1.0 Ok', '~ advance 5m', '~ connect localhost',
    ])
  })

  it('points a client line at the first line of its reply', () => {
    expect(replyLineFor(T, 1)?.text).toBe('250-mail.example.com')
    expect(replyLineFor(T, 0)?.code).toBe(220)
    expect(replyLineFor(T, 7)).toBeNull() // MAIL FROM in a group: the next line is another client line
  })
})

describe('show me', () => {
  const connect = () => 'telnet localhost 25'
  it('types client lines one by one, pastes a pipelined group, and runs directives as shell commands', () => {
    expect(nextShowAction(T, -1, connect)).toEqual({ kind: 'type', text: 'EHLO client.example.net', index: 1 })
    expect(nextShowAction(T, 1, connect)).toEqual({ kind: 'paste', lines: ['MAIL FROM:<a@client.example.net>', 'RCPT TO:<bob@example.com>'], index: 8 })
    expect(nextShowAction(T, 8, connect)).toEqual({ kind: 'shell', command: 'sleep 5m', index: 11 })
    expect(nextShowAction(T, 11, connect)).toEqual({ kind: 'shell', command: 'telnet localhost 25', index: 12 })
    expect(nextShowAction(T, 12, connect)).toBeNull()
  })

  it('connects the way the lesson does', () => {
    expect(connectCommand({ ...DEFAULT_SETTINGS, port: 587 })).toBe('telnet mail.example.com 587')
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
  it('sends <CR>/<LF> as bytes and a typed line break as CR LF, and shows bytes back', () => {
    expect(rawBytes('EHLO x\nhi<LF>.<LF>')).toBe('EHLO x\r\nhi\n.\n')
    expect(showBytes('a\r\nb\n')).toBe('a<CR><LF>b<LF>')
  })
})

describe('preparing the terminal for a lesson', () => {
  it('puts the lesson world in again once a loading terminal is ready (its first world is its own)', async () => {
    let release = () => {}
    const ready = new Promise<void>((r) => (release = r))
    const worlds: World[] = []
    const terminal: LessonTerminal = {
      world: null, events: [], lastReply: null, revision: 0, mode: 'loading', ready, personality: 'postfix',
      type: () => {}, play: () => true, highlight: () => {},
      reset: (make) => void (make && worlds.push(make())),
      setPersonality: () => {},
    }
    prepareTerminal(terminal, { ...DEFAULT_SETTINGS, port: 587, users: { username: 'password' } })
    expect(worlds).toHaveLength(1)
    release()
    await ready
    await Promise.resolve()
    expect(worlds).toHaveLength(2)
    expect(worlds[1]?.host('mail.example.com')?.credentials.password('username')).toBe('password')
  })
})
