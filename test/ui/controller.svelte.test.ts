// The terminal controller, without xterm: a recording sink stands in for the display.
import { describe, expect, test } from 'vitest'
import { DEFAULT_WORLD, World } from '../../src/smtp'
import { stripSgr } from '../../src/terminal/render'
import { EVENT_LIMIT, SESSION_KEY, TerminalController } from '../../src/ui/state/terminal.svelte'

async function ready() {
  const controller = new TerminalController()
  const written: string[] = []
  controller.attach({ write: (d) => void written.push(d) }, 100)
  await controller.ready
  const take = () => stripSgr(written.splice(0).join(''))
  return { controller, take }
}

describe('the terminal controller', () => {
  test('starts at the shell with a world; output written before a display attaches is replayed to it', async () => {
    const controller = new TerminalController()
    await controller.ready
    expect(controller.mode).toBe('shell')
    expect(controller.world).toBeInstanceOf(World)
    const written: string[] = []
    controller.attach({ write: (d) => void written.push(d) }, 80)
    expect(stripSgr(written.join(''))).toContain('student@client:~$ ')
  })

  test('type() is visible typing; events, lastReply, session and revision follow', async () => {
    const { controller, take } = await ready()
    const revision = controller.revision
    controller.type('telnet mail.example.com 25\n')
    expect(take()).toContain('telnet mail.example.com 25\r\nTrying 192.0.2.10...')
    expect(controller.session).toMatchObject({ server: 'mail.example.com', port: 25 })
    controller.type('RCPT TO:<bob@example.com>\n')
    expect(controller.lastReply?.reply.code).toBe(503)
    expect(controller.lastReply?.cause).toBeTruthy()
    expect(controller.events.map((e) => e.type)).toContain('command')
    expect(controller.revision).toBeGreaterThan(revision)
  })

  test('numbers model events: eventsSince(n) is what happened after event n, across a fresh world and past the window', async () => {
    const { controller } = await ready()
    expect(controller.eventSeq).toBe(0)
    controller.type('telnet mail.example.com 25\nEHLO x\n')
    const mark = controller.eventSeq
    expect(mark).toBe(controller.events.length)
    controller.type('NOOP\n')
    expect(controller.eventsSince(mark).map((e) => e.type)).toEqual(['command', 'reply'])
    expect(controller.eventsSince(controller.eventSeq)).toEqual([])
    // The same events twice are still two events: a number, not identity, says where an attempt began.
    controller.type('NOOP\n')
    expect(controller.eventsSince(mark)).toHaveLength(4)
    // A fresh world empties the window but the numbers go on.
    const before = controller.eventSeq
    controller.reset()
    controller.type('telnet mail.example.com 25\n')
    expect(controller.eventSeq).toBe(before + 1)
    expect(controller.eventsSince(mark).map((e) => e.type)).toEqual(['reply'])
    // More events than the window holds: eventsSince gives what the window still has.
    controller.type('QUIT\n')
    while (controller.eventSeq - before <= EVENT_LIMIT) controller.type('telnet mail.example.com 25\nQUIT\n')
    expect(controller.eventsSince(before)).toHaveLength(EVENT_LIMIT)
    expect(controller.eventsSince(controller.eventSeq - 2)).toHaveLength(2)
  })

  test('write() puts bytes as they are on the open session, shown with CR and LF visible; the last reply follows', async () => {
    const { controller, take } = await ready()
    expect(controller.write('NOOP\r\n')).toBe(false) // no session
    controller.setPersonality('lenient')
    controller.type('telnet mail.example.com 25\nEHLO x\nMAIL FROM:<a@client.example.net>\nRCPT TO:<bob@example.com>\nDATA\n')
    take()
    expect(controller.write('Hi<LF>'.replace('<LF>', '\n') + '.\nRCPT TO:<alice@example.com>\r\n')).toBe(true)
    const out = take()
    expect(out).toContain('Hi<LF>.<LF>RCPT TO:<alice@example.com><CR><LF>')
    expect(out).toContain('250 2.0.0 Ok: queued as')
    expect(controller.lastReply?.reply.code).toBe(503) // RCPT outside a transaction: the smuggled command was read
    expect(controller.wire.at(-3)?.text).toBe('Hi\n.\nRCPT TO:<alice@example.com>\r\n')
  })

  test('Ctrl-] ends the session on both sides: the model says closed', async () => {
    const { controller } = await ready()
    controller.type('telnet mail.example.com 25\nEHLO x\n')
    controller.type('\x1d')
    expect(controller.mode).toBe('shell')
    expect(controller.events.at(-1)).toMatchObject({ type: 'closed', reason: 'client-closed' })
  })

  test('what the terminal prints is announced once, in order: telnet, replies, shell commands, F1; never the typing', async () => {
    const { controller } = await ready()
    expect(controller.announcements.at(-1)?.text).toContain('Type help for the commands') // the greeting
    const before = controller.announcements.length
    controller.type('telnet mail.example.com 25\nEHLO x\nNOOP\n')
    const texts = controller.announcements.slice(before).map((a) => a.text)
    expect(texts[0]).toBe("Trying 192.0.2.10...\nConnected to mail.example.com.\nEscape character is '^]'.\n220 mail.example.com ESMTP Postfix")
    expect(texts[1]).toMatch(/^250-mail\.example\.com\n250-PIPELINING\n/)
    expect(texts[2]).toBe('250 2.0.0 Ok')
    controller.type('QUIT\nmailq\n')
    controller.explain()
    const more = controller.announcements.slice(before + 3).map((a) => a.text)
    expect(more).toEqual(['221 2.0.0 Bye\nConnection closed by foreign host.', 'Mail queue is empty', expect.stringContaining('221: ')])
    expect(new Set(controller.announcements.map((a) => a.id)).size).toBe(controller.announcements.length)
    expect(controller.announcements.map((a) => a.text).join('\n')).not.toContain('EHLO x')
  })

  test('play() at the shell connects to the learner’s MTA first, then sends the batch as one paste', async () => {
    const { controller, take } = await ready()
    const ok = controller.play('EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<carol@example.net>\r\nDATA\r\nSubject: composed\r\n\r\nHi\r\n.\r\nQUIT\r\n')
    expect(ok).toBe(true)
    const out = take()
    expect(out).toContain('telnet localhost 25')
    expect(out).toMatch(/250 2\.0\.0 Ok: queued as/)
    expect(controller.world!.host('mx.example.net')!.mailbox('carol')).toHaveLength(1)
    expect(controller.mode).toBe('shell')
  })

  test('play() is refused while the mail program has the terminal', async () => {
    const { controller } = await ready()
    controller.type('mail -s x carol@example.net\n')
    expect(controller.mode).toBe('foreground')
    expect(controller.play('EHLO x\r\n')).toBe(false)
  })

  test('the wire keeps the current session; a new connection starts a new one', async () => {
    const { controller } = await ready()
    controller.type('telnet mail.example.com 25\nEHLO x\nQUIT\n')
    expect(controller.wire.map((c) => c.from)).toEqual(['server', 'client', 'server', 'client', 'server'])
    controller.type('telnet mail.example.com 25\n')
    expect(controller.wire).toHaveLength(1)
  })

  test('highlight() marks a code; reset() gives a fresh world (or a lesson’s) and a clean screen', async () => {
    const { controller, take } = await ready()
    controller.highlight(354)
    expect(controller.highlighted).toBe(354)
    const first = controller.world
    controller.type('telnet mail.example.com 25\n')
    controller.reset()
    expect(controller.world).not.toBe(first)
    expect(controller.mode).toBe('shell')
    expect(take()).toContain('\x1b[2J')
    const variant = () => new World({ ...DEFAULT_WORLD, hosts: DEFAULT_WORLD.hosts.map((h) => (h.name === 'mail.example.com' ? { ...h, mailboxes: [...h.mailboxes, 'zed'] } : h)) })
    controller.reset(variant)
    controller.type('telnet mail.example.com 25\nMAIL FROM:<a@b.example>\nRCPT TO:<zed@example.com>\n')
    expect(controller.lastReply?.reply.code).toBe(250)
  })

  test('the personality applies to the next connection', async () => {
    const { controller, take } = await ready()
    controller.setPersonality('rfc')
    expect(take()).toContain('"rfc" personality')
    controller.type('telnet mail.example.com 25\nMAIL FROM:<a@example.com>\n')
    expect(controller.lastReply?.reply.code).toBe(503) // rfc requires HELO first
  })

  test('explain() asks for the last reply’s meaning, as F1 does', async () => {
    const { controller, take } = await ready()
    controller.type('telnet mail.example.com 25\nDATA\n')
    take()
    const before = controller.explainRequests
    controller.explain()
    expect(controller.explainRequests).toBe(before + 1)
    expect(take()).toContain('Caused by:')
  })
})

describe('a reload keeps the lab session', () => {
  function memory() {
    const data = new Map<string, string>()
    return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) }
  }

  async function open(storage: ReturnType<typeof memory>, now = 1_780_000_000_000) {
    const controller = new TerminalController({ storage, now: () => now })
    const written: string[] = []
    controller.attach({ write: (d) => void written.push(d) }, 100)
    await controller.ready
    return { controller, screen: () => written.join('') }
  }

  test('the screen, the world, the clock and the shell history come back; a notice says so', async () => {
    const storage = memory()
    const first = await open(storage)
    first.controller.type('telnet mail.example.com 25\nEHLO x\nMAIL FROM:<a@example.com>\nRCPT TO:<alice@example.com>\nDATA\nSubject: kept\n\nHi\n.\nQUIT\nsleep 1h\n')
    first.controller.setPersonality('lenient')
    first.controller.setFaults([{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }]) // the sandbox's faults
    first.controller.flush()
    expect(storage.data.get(SESSION_KEY)).toBeTruthy()

    const second = await open(storage, 1_790_000_000_000)
    expect(second.controller.notice?.kind).toBe('restored')
    expect(second.screen()).toBe(first.screen())
    const alice = (c: TerminalController) => c.world!.host('mail.example.com')!.mailbox('alice')
    expect(alice(second.controller).map((m) => m.queueId)).toEqual(alice(first.controller).map((m) => m.queueId))
    expect(second.controller.world!.clock.now()).toBe(first.controller.world!.clock.now())
    expect(second.controller.personality).toBe('lenient')
    expect(second.controller.world!.faults).toEqual([{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }])
    expect(second.controller.mode).toBe('shell')
    expect(second.controller.lastReply?.reply.code).toBe(221)
    // Nothing was announced again: the learner heard it the first time.
    expect(second.controller.announcements).toEqual([])
    second.controller.input('\x1b[A') // ↑: the last command of the first visit
    expect(second.controller.line).toBe('sleep 1h')
  })

  test('the "back as you left it" notice goes once the world is replaced (a lesson\'s world, Reset the world, reset)', async () => {
    const storage = memory()
    const first = await open(storage)
    first.controller.type('telnet mail.example.com 25\nQUIT\n')
    first.controller.flush()
    for (const replace of [(c: TerminalController) => c.reset(), (c: TerminalController) => c.type('reset\n')]) {
      const { controller } = await open(storage)
      expect(controller.notice?.kind).toBe('restored')
      replace(controller)
      expect(controller.notice).toBeNull()
    }
  })

  test('startAfresh() is a clean start: world, screen, history, personality, faults and the saved session all new', async () => {
    const storage = memory()
    const { controller, screen } = await open(storage)
    controller.type('telnet mail.example.com 25\nHELO x\nMAIL FROM:<a@example.com>\nRCPT TO:<alice@example.com>\nDATA\nSubject: old\n\nHi\n.\nQUIT\n')
    controller.setPersonality('rfc821')
    controller.setFaults([{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }])
    const world = controller.world
    expect(controller.startAfresh(null)).toBe(true)
    expect(controller.world).not.toBe(world)
    expect(controller.world!.host('mail.example.com')!.mailbox('alice')).toEqual([])
    expect(controller.world!.faults).toEqual([])
    expect(controller.personality).toBe('postfix')
    expect(controller.mode).toBe('shell')
    expect(controller.events).toEqual([])
    expect(controller.lastReply).toBeNull()
    expect(screen()).toContain('\x1b[3J') // the scrollback too
    controller.input('\x1b[A') // ↑ finds nothing: no history
    expect(controller.line).toBe('')
    // The saved session is the new one: a reload brings back the clean start, not the old class.
    const again = await open(storage)
    expect(again.controller.personality).toBe('postfix')
    expect(again.controller.world!.host('mail.example.com')!.mailbox('alice')).toEqual([])
    expect(again.controller.world!.faults).toEqual([])
  })

  test('a fresh visit hands out different queue ids than the last one', async () => {
    const ids: string[] = []
    for (const now of [1_780_000_000_000, 1_780_000_777_000]) {
      const { controller } = await open(memory(), now)
      controller.type('telnet mail.example.com 25\nHELO x\nMAIL FROM:<a@example.com>\nRCPT TO:<alice@example.com>\nDATA\n.\n')
      ids.push(controller.world!.host('mail.example.com')!.mailbox('alice')[0]!.queueId)
    }
    expect(ids[0]).not.toBe(ids[1])
  })

  test.each([
    ['corrupt JSON', '{"v":1,'],
    ['a personality named __proto__', JSON.stringify({ v: 1, start: { seed: 1, personality: '__proto__', world: null, worlds: 0, history: [] }, actions: [] })],
    ['another version', JSON.stringify({ v: 99 })],
  ])('%s: a fresh world and a visible notice; the bad value is replaced', async (_what, saved) => {
    const storage = memory()
    storage.data.set(SESSION_KEY, saved)
    const { controller, screen } = await open(storage)
    expect(controller.notice?.kind).toBe('reset')
    expect(controller.notice?.message).toMatch(/fresh world/)
    expect(controller.mode).toBe('shell')
    expect(stripSgr(screen())).toContain('student@client:~$')
    expect(storage.data.get(SESSION_KEY)).not.toBe(saved)
    controller.type('telnet mail.example.com 25\nEHLO x\n')
    expect(controller.lastReply?.reply.code).toBe(250)
  })

  test('past its size limit the session says so; Reset the world starts it again', async () => {
    const controller = new TerminalController({ storage: memory(), limit: 2000 })
    await controller.ready
    controller.type('telnet mail.example.com 25\nEHLO x\n')
    expect(controller.stopped).toBeNull()
    controller.input('NOOP '.repeat(500) + '\r')
    expect(controller.stopped).toBe('size')
    controller.reset()
    expect(controller.stopped).toBeNull()
  })
})

describe('converse(): a conversation line by line (Compose)', () => {
  test('each reply follows its command; the message block goes line by line; it stops when the server hangs up', async () => {
    const { controller, take } = await ready()
    expect(controller.converse('EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<carol@example.net>\r\nDATA\r\nSubject: hi\r\n\r\nHello\r\n.\r\nQUIT\r\n')).toBe(true)
    const out = take()
    const at = (text: string) => out.indexOf(text)
    expect(at('telnet localhost 25')).toBeGreaterThanOrEqual(0)
    // Command, then its reply, then the next command: not all the commands first, as a pipelined batch would.
    expect(at('EHLO client.example.net')).toBeLessThan(at('250-client.example.net'))
    expect(at('250-client.example.net')).toBeLessThan(at('MAIL FROM:<student@client.example.net>'))
    expect(at('MAIL FROM:<student@client.example.net>')).toBeLessThan(at('250 2.1.0 Ok'))
    expect(at('250 2.1.0 Ok')).toBeLessThan(at('RCPT TO:<carol@example.net>'))
    expect(at('354 End data')).toBeLessThan(at('Subject: hi'))
    expect(at('250 2.0.0 Ok: queued as')).toBeLessThan(at('221 2.0.0 Bye'))
    expect(controller.mode).toBe('shell')
    expect(controller.world!.host('mx.example.net')!.mailbox('carol')).toHaveLength(1)
    // A server that hangs up mid-way: what is left is not typed at the shell.
    controller.converse('QUIT\r\nmailq\r\n')
    expect(stripSgr(take())).not.toContain('Mail queue is empty')
  })
})

describe('rewind: back to an earlier line, then a branch (issue 11 §3)', () => {
  /** The terminal's text as a fresh display would show it (the display keeps only what follows the last clear). */
  async function lab() {
    const controller = new TerminalController({ now: () => 1_780_000_000_000 })
    let written = ''
    controller.attach({ write: (d) => void (written += d) }, 100)
    await controller.ready
    const screen = () => stripSgr(written.includes('\x1b[3J') ? written.slice(written.lastIndexOf('\x1b[3J') + 4) : written)
    return { controller, screen }
  }
  const SESSION = 'telnet mail.example.com 25\nEHLO x\nMAIL FROM:<a@example.com>\nRCPT TO:<alice@example.com>\nDATA\nSubject: one\n\nHi\n.\n'

  test('each line entered is a point; rewinding to one gives the screen, world and wire of that moment', async () => {
    const { controller, screen } = await lab()
    controller.type('telnet mail.example.com 25\nEHLO x\n')
    const atEhlo = { screen: screen(), points: controller.points.length, wire: controller.wire.length }
    controller.type('MAIL FROM:<a@example.com>\nRCPT TO:<alice@example.com>\nDATA\nSubject: one\n\nHi\n.\n')
    expect(controller.points.map((p) => p.text)).toEqual(['telnet mail.example.com 25', 'EHLO x', 'MAIL FROM:<a@example.com>', 'RCPT TO:<alice@example.com>', 'DATA', 'Subject: one', '', 'Hi', '.'])
    expect(controller.points.map((p) => p.mode)).toEqual(['shell', 'smtp', 'smtp', 'smtp', 'smtp', 'data', 'data', 'data', 'data'])
    expect(controller.world!.host('mail.example.com')!.mailbox('alice')).toHaveLength(1)

    expect(controller.rewind(controller.points[1]!.actions)).toBe(true)
    expect(screen()).toBe(atEhlo.screen)
    expect(controller.points).toHaveLength(atEhlo.points)
    expect(controller.wire).toHaveLength(atEhlo.wire)
    expect(controller.mode).toBe('smtp')
    expect(controller.world!.host('mail.example.com')!.mailbox('alice')).toHaveLength(0)

    // A branch: what is typed now follows EHLO x, and the old future is gone.
    controller.type('MAIL FROM:<b@example.com>\n')
    expect(controller.points.map((p) => p.text).slice(1)).toEqual(['EHLO x', 'MAIL FROM:<b@example.com>'])
    expect(controller.lastReply?.reply.code).toBe(250)
    expect(controller.recording!.actions.join('')).toBe('telnet mail.example.com 25\rEHLO x\rMAIL FROM:<b@example.com>\r')
  })

  test('a rewind plays the session at the width the terminal has now, not the one it loaded with', async () => {
    const { controller, screen } = await lab()
    controller.resize(60) // the terminal was fitted after the model loaded (xterm arrives after the page)
    controller.type('sleep 1h\nNOOP\n')
    /** What `sleep 1h` printed: its hint, broken at the terminal's width. */
    const hint = (text: string) => text.slice(text.indexOf('sleep 1h'), text.indexOf('still holds.'))
    const before = hint(screen())
    expect(before.split('\n').length).toBeGreaterThan(3) // broken at 60 columns
    expect(controller.rewind(controller.points[0]!.actions)).toBe(true)
    expect(hint(screen())).toBe(before)
  })

  test('step back: one line at a time, a half-typed line first, down to the start', async () => {
    const { controller } = await lab()
    controller.type('telnet mail.example.com 25\nEHLO x\nNOOP\n')
    controller.type('RSE') // half typed
    expect(controller.stepBack()).toBe(true)
    expect(controller.line).toBe('')
    expect(controller.points.at(-1)?.text).toBe('NOOP')
    expect(controller.stepBack()).toBe(true)
    expect(controller.points.at(-1)?.text).toBe('EHLO x')
    controller.stepBack()
    controller.stepBack()
    expect(controller.points).toEqual([])
    expect(controller.mode).toBe('shell')
    expect(controller.recording!.actions).toEqual([])
  })

  test('the same session played again gives the same queue ids: a rewind past the dot and forward again is the same world', async () => {
    const { controller } = await lab()
    controller.type(SESSION)
    const id = controller.world!.host('mail.example.com')!.mailbox('alice')[0]!.queueId
    controller.rewind(controller.points[3]!.actions)
    controller.type('DATA\nSubject: one\n\nHi\n.\n')
    expect(controller.world!.host('mail.example.com')!.mailbox('alice')[0]!.queueId).toBe(id)
  })

  test('sessionSeq marks where the conversation in `wire` began', async () => {
    const { controller } = await lab()
    controller.type('telnet mail.example.com 25\nEHLO x\nQUIT\n')
    controller.type('telnet mail.example.com 25\nNOOP\n')
    expect(controller.eventsSince(controller.sessionSeq).map((e) => e.type)).toEqual(['reply', 'command', 'reply'])
    expect(controller.wire[0]?.from).toBe('server')
  })

  test('a reload restores the rewind points too', async () => {
    const data = new Map<string, string>()
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) }
    const first = new TerminalController({ storage })
    await first.ready
    first.type('telnet mail.example.com 25\nEHLO x\n')
    first.setPersonality('rfc')
    first.flush()
    const second = new TerminalController({ storage })
    await second.ready
    expect(second.points).toEqual(first.points)
    expect(second.points.at(-1)?.text).toBe('(server personality: rfc)')
  })
})
