// The lab recording (src/terminal/recording.ts) and the runtime that records and replays it: a session played again
// gives the same terminal text, the same world (mailboxes, queue, log, clock, queue ids) and the same shell history;
// stored text is validated like lesson progress; the recording is bounded and says when it stopped.
import { describe, expect, test } from 'vitest'
import type { World } from '../../src/smtp'
import { DEFAULT_SETTINGS } from '../../src/lessons/settings'
import { parseRecording, Recorder, replay, serializeRecording, type Recording, type ReplayTarget } from '../../src/terminal/recording'
import type { Fault } from '../../src/smtp/world/faults'
import { createRuntime, freshStart, replayRuntime, type Runtime } from '../../src/terminal/runtime'
import type { ShellObserver } from '../../src/terminal/shell'
import { stripSgr } from '../../src/terminal/render'

const quiet: ShellObserver = { events: () => {}, wire: () => {}, session: () => {}, changed: () => {}, replaced: () => {}, explain: () => {} }

function running(seed = 1_780_000_000_000, cols = 100, limit?: number) {
  const written: string[] = []
  const runtime = createRuntime(freshStart(seed), { observer: quiet, cols, output: { write: (d) => void written.push(d) }, ...(limit ? { limit } : {}) })
  const type = (text: string) => {
    for (const ch of text.replace(/\n/g, '\r')) runtime.input(ch)
  }
  return { runtime, written, type, screen: () => written.join('') }
}

function replayed(recording: Recording, cols = 100) {
  const written: string[] = []
  const runtime = replayRuntime(recording, { observer: quiet, cols, output: { write: (d) => void written.push(d) } })
  return { runtime, screen: () => written.join('') }
}

/** What a world holds, comparable between two worlds. */
function snapshot(world: World) {
  return {
    now: world.clock.now(),
    log: world.log.lines.map((l) => JSON.stringify(l)),
    hosts: world.hosts.map((h) => ({
      name: h.name,
      queue: h.queue.map((q) => q.id),
      mailboxes: ['alice', 'bob', 'carol', 'student', 'postmaster'].map((m) => h.mailbox(m).map((x) => [x.queueId, new TextDecoder().decode(x.content)])),
    })),
  }
}

const SESSION = [
  'telnet mail.example.com 25\n',
  'EHLO client.example.net\n',
  'MAIL FROM:<student@client.example.net>\n',
  'RCPT TO:<alice@example.com>\n',
  'DATA\n',
]
const BODY = 'Subject: restored\r\n\r\nHello Alice.\r\n.\r\nQUIT\r\n'

function aSession(seed?: number) {
  const s = running(seed)
  for (const line of SESSION) s.type(line)
  s.runtime.input(BODY) // a paste, one onData
  s.type('sleep 2h\n')
  s.runtime.setPersonality('rfc')
  s.type('telnet localhost 25\nEHLO x\n')
  expect(s.runtime.write('NOOP\r\n')).toBe(true) // the raw-write box
  s.type('MAIL FROM:<student@client.example.net>\nRCPT TO:<x@example.org>\nDATA\nSubject: deferred\n\n.\nQUIT\n')
  s.type('mailq\n')
  s.runtime.explain()
  s.type('tail -n 3 mail.log\n')
  s.type('history\nEHL') // a line half typed
  return s
}

describe('replay', () => {
  test('a session played again gives the same terminal text, world, queue ids, personality and history', () => {
    const first = aSession()
    const recording = first.runtime.recorder.recording
    // The session did what it says: a message for alice, one waiting for example.org, a personality switch, F1.
    const world = snapshot(first.runtime.shell.world)
    expect(world.hosts.find((h) => h.name === 'mail.example.com')!.mailboxes[0]).toHaveLength(1)
    expect(world.hosts.find((h) => h.name === 'client.example.net')!.queue).toHaveLength(1)
    expect(first.screen()).toContain('"rfc" personality')
    expect(first.screen()).toContain('See RFC')
    expect(first.screen()).toContain('NOOP<CR><LF>')
    const again = replayed(parseOk(serializeRecording(recording)))
    expect(again.screen()).toBe(first.screen())
    expect(snapshot(again.runtime.shell.world)).toEqual(snapshot(first.runtime.shell.world))
    expect(again.runtime.personality).toBe('rfc')
    expect(again.runtime.shell.histories.shell.entries).toEqual(first.runtime.shell.histories.shell.entries)
    expect(again.runtime.discipline.line).toBe('EHL')
    expect(again.runtime.shell.lastReply).toEqual(first.runtime.shell.lastReply)
    // And it goes on recording: the replayed runtime's recording is the original one.
    expect(again.runtime.recorder.recording).toEqual(recording)
  })

  test('queue ids come from the session start: a new session gets new ids, a replay the same', () => {
    const a = aSession(1_780_000_000_000)
    const b = aSession(1_780_000_123_456)
    const ids = (r: Runtime) => r.shell.world.host('mail.example.com')!.mailbox('alice').map((m) => m.queueId)
    expect(ids(a.runtime)).toHaveLength(1)
    expect(ids(b.runtime)).not.toEqual(ids(a.runtime))
    expect(ids(replayed(a.runtime.recorder.recording).runtime)).toEqual(ids(a.runtime))
  })

  test('the width is part of the session: text laid out for a narrow terminal comes back as it was, then follows today\'s width', () => {
    const s = running(1_780_000_000_000, 100)
    s.runtime.resize(38) // a phone
    s.type('help\ntelnet localhost 25\n')
    s.runtime.input('EHLO x\rMAIL FROM:<student@client.example.net>\rRCPT TO:<nobody@example.com>\rDATA\rSubject: a subject long enough to wrap\r\rx\r.\rQUIT\r')
    s.type('sleep 1m\nmail\n')
    const recording = parseOk(serializeRecording(s.runtime.recorder.recording))
    expect(recording.start.cols).toBe(100)
    expect(recording.actions[0]).toEqual({ cols: 38 })
    const again = replayed(recording, 100) // the page reloads wider, or before the terminal has measured itself
    // The same text as on the phone; then only the prompt's line drawn again for the new width.
    expect(again.screen().slice(0, s.screen().length)).toBe(s.screen())
    expect(stripSgr(again.screen().slice(s.screen().length))).not.toMatch(/[a-z]{3}/i)
    expect(again.runtime.shell.cols).toBe(100)
    expect(again.runtime.recorder.recording.actions.at(-1)).toEqual({ cols: 100 })
    // A recording from before widths were kept replays at the width of the day.
    const { cols: _cols, ...older } = recording.start
    expect(parseOk(JSON.stringify({ ...recording, start: older, actions: [] })).start.cols).toBeUndefined()
  })

  test('replay up to action N stops there', () => {
    const s = running()
    s.type('telnet mail.example.com 25\n')
    const upTo = s.runtime.recorder.recording.actions.length
    s.type('QUIT\n')
    const partial = replayRuntime(s.runtime.recorder.recording, { observer: quiet, cols: 100, output: { write: () => {} } }, upTo)
    expect(partial.shell.mode).toBe('smtp')
  })

  test('a reset from outside (a lesson’s world) starts the recording again, small, with the history kept', () => {
    const s = running()
    s.type('telnet mail.example.com 25\nEHLO x\nQUIT\n')
    s.type('mailq\n')
    const lessonWorld = { ...DEFAULT_SETTINGS, personality: 'lenient' as const, users: { bea: 'secret' }, faults: [{ kind: 'after-data' as const, host: 'mail.example.com', reply: 'drop' as const }] }
    s.runtime.reset(lessonWorld)
    const recording = s.runtime.recorder.recording
    expect(recording.actions).toEqual([{ reset: lessonWorld }])
    expect(recording.start.history).toEqual(['telnet mail.example.com 25', 'mailq'])
    s.type('date\n')
    const again = replayed(parseOk(serializeRecording(s.runtime.recorder.recording)))
    expect(again.screen()).toContain('(A fresh world')
    expect(again.screen().slice(again.screen().lastIndexOf('\x1b[3J'))).toBe(s.screen().slice(s.screen().lastIndexOf('\x1b[3J')))
    expect(again.runtime.worldSettings).toEqual(lessonWorld)
    expect(again.runtime.shell.world.faults).toEqual(lessonWorld.faults)
    expect(again.runtime.shell.histories.shell.entries).toEqual(['telnet mail.example.com 25', 'mailq', 'date'])
  })

  test('a world built by code cannot be kept: the recording stops, and says why', () => {
    const s = running()
    s.type('mailq\n')
    s.runtime.resetWith(() => s.runtime.shell.world)
    s.type('date\n')
    expect(s.runtime.recorder.stopped).toBe('world')
    expect(s.runtime.recorder.recording.actions.join('')).not.toContain('date')
  })

  test('the recording is bounded: past its limit it stops growing and says so; a reset starts it again', () => {
    const s = running(1, 100, 4000)
    s.type('telnet mail.example.com 25\nEHLO x\nMAIL FROM:<a@example.com>\nRCPT TO:<alice@example.com>\nDATA\n')
    s.runtime.input('x'.repeat(5000) + '\r.\r')
    expect(s.runtime.recorder.stopped).toBe('size')
    expect(serializeRecording(s.runtime.recorder.recording).length).toBeLessThanOrEqual(4000)
    expect(s.runtime.recorder.recording.stopped).toBe('size')
    s.runtime.reset(null)
    expect(s.runtime.recorder.stopped).toBeUndefined()
  })
})

describe('the Recorder and replay, on their own', () => {
  test('replay drives any target in order', () => {
    const calls: string[] = []
    const target: ReplayTarget = {
      input: (d) => calls.push(`input ${d}`),
      setPersonality: (n) => calls.push(`personality ${n}`),
      reset: (w) => calls.push(`reset ${w === null ? 'default' : w.host}`),
      setFaults: (f) => calls.push(`faults ${f.length}`),
      explain: () => calls.push('explain'),
      write: (b) => calls.push(`write ${b}`),
      resize: (c) => calls.push(`resize ${c}`),
    }
    const r = new Recorder(freshStart(0))
    for (const a of ['a', { personality: 'rfc' as const }, { reset: null }, { faults: [] }, { explain: true as const }, { write: 'x\n' }, { cols: 50 }, { cols: 60 }]) r.record(a)
    replay(r.recording, target)
    // A run of widths (a window being dragged) is kept as its last one.
    expect(calls).toEqual(['input a', 'personality rfc', 'reset default', 'faults 0', 'explain', 'write x\n', 'resize 60'])
    calls.length = 0
    replay(r.recording, target, 2)
    expect(calls).toEqual(['input a', 'personality rfc'])
  })
})

describe('every kind of world fault survives a reload', () => {
  test('the faults of the greylisting, MX, smuggling and failure lessons come back as they were saved', () => {
    const faults: Fault[] = [
      { kind: 'greylist', host: 'mx.example.net', delay: 300_000 },
      { kind: 'greylist', host: 'mail.example.com', delay: 300_000, mailbox: 'bob' },
      { kind: 'host-down', host: 'mx.example.net', until: 1_800_000 },
      { kind: 'bare-lf', host: 'mail.example.com', handling: 'pass' },
      { kind: 'bare-lf', host: 'mx.post.example', handling: 'lenient' },
      { kind: 'mailbox-unavailable', host: 'mail.example.com', mailbox: 'alice', until: 7_200_000 },
      { kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' },
      { kind: 'vrfy-off', host: 'mail.example.com' },
    ]
    const r = new Recorder(freshStart(5))
    r.record({ faults })
    expect(parseOk(serializeRecording(r.recording)).actions).toEqual([{ faults }])
    const bad = serializeRecording(r.recording).replace('"lenient"', '"sideways"')
    expect(parseRecording(bad)).toMatchObject({ ok: false, reason: 'invalid' })
  })
})

function parseOk(text: string): Recording {
  const parsed = parseRecording(text)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.recording
}

describe('stored text is validated, never trusted', () => {
  const good = serializeRecording(new Recorder(freshStart(5)).recording)
  const withStart = (start: Record<string, unknown>) => JSON.stringify({ v: 1, start: { ...JSON.parse(good).start, ...start }, actions: [] })
  const withActions = (actions: unknown[]) => JSON.stringify({ v: 1, start: JSON.parse(good).start, actions })

  test.each([
    ['not JSON', '{"v": 1, ', 'corrupt'],
    ['another version', '{"v": 2, "start": {}, "actions": []}', 'version'],
    ['no version', '{"start": {}, "actions": []}', 'version'],
    ['a list', '[1, 2]', 'invalid'],
    ['a personality named __proto__', withStart({ personality: '__proto__' }), 'invalid'],
    ['a personality named constructor', withStart({ personality: 'constructor' }), 'invalid'],
    ['a seed that is not a number', withStart({ seed: 'now' }), 'invalid'],
    ['history that is not text', withStart({ history: [1] }), 'invalid'],
    ['an unknown action', withActions([{ format: 'c:' }]), 'invalid'],
    ['an action with two keys', withActions([{ personality: 'rfc', reset: null }]), 'invalid'],
    ['a personality action named toString', withActions([{ personality: 'toString' }]), 'invalid'],
    ['a world with an unknown client', withActions([{ reset: { ...DEFAULT_SETTINGS, client: 'mallory' } }]), 'invalid'],
    ['a fault replying with an inherited key', withActions([{ faults: [{ kind: 'after-data', host: 'mail.example.com', reply: 'constructor' }] }]), 'invalid'],
    ['a fault of an unknown kind', withActions([{ faults: [{ kind: 'meteor', host: 'mail.example.com' }] }]), 'invalid'],
    ['a number as input', withActions([42]), 'invalid'],
    ['a width that is no width', withActions([{ cols: 0 }]), 'invalid'],
    ['a start width that is text', withStart({ cols: '80' }), 'invalid'],
  ])('refuses %s', (_what, text, reason) => {
    const parsed = parseRecording(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.reason).toBe(reason)
      expect(parsed.message).toMatch(/saved session/)
    }
  })

  test('accepts what it wrote, and users named __proto__ stay own properties', () => {
    expect(parseOk(good)).toEqual(JSON.parse(good))
    const world = JSON.parse(JSON.stringify({ ...DEFAULT_SETTINGS, users: {} }))
    const text = withActions([{ reset: world }]).replace('"users":{}', '"users":{"__proto__":"pw"}')
    const parsed = parseOk(text)
    const reset = parsed.actions[0] as { reset: { users: Record<string, string> } }
    expect(Object.getPrototypeOf(reset.reset.users)).toBe(Object.prototype)
    expect(Object.hasOwn(reset.reset.users, '__proto__')).toBe(true)
  })

  test('refuses text larger than it would ever write', () => {
    expect(parseRecording('x'.repeat(20), 10)).toMatchObject({ ok: false, reason: 'invalid' })
  })
})
