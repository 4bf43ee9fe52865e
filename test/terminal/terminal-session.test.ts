import { afterEach, describe, expect, test, vi } from 'vitest'
import { Connection, World, type ModelEvent } from '../../src/smtp'
import { TerminalSession } from '../../src/terminal/terminal-session'
import { screen } from './headless'
import { RecordingOutput } from './recording'

function session(options: { cols?: number } = {}) {
  const world = new World()
  const output = new RecordingOutput()
  const events: ModelEvent[] = []
  const s = new TerminalSession({ world, output, onEvents: (e) => events.push(...e), ...options })
  s.start()
  return { world, output, events, s }
}

/** Type a line key by key, then Enter. */
function type(s: TerminalSession, line: string): void {
  for (const ch of line) s.input(ch)
  s.input('\r')
}

afterEach(() => vi.restoreAllMocks())

describe('a telnet-like session with mail.example.com', () => {
  test('connecting prints what telnet prints, then the greeting', () => {
    const { output, events } = session()
    expect(output.take()).toBe('Trying 192.0.2.10...\r\nConnected to mail.example.com.\r\n220 mail.example.com ESMTP Postfix\r\n')
    expect(events.map((e) => e.type)).toEqual(['reply'])
  })

  test('typed keys are echoed; Enter sends the line with CRLF and shows the reply', () => {
    const { output, s } = session()
    output.take()
    for (const ch of 'HELO client.example.net') s.input(ch)
    expect(output.take()).toBe('HELO client.example.net')
    s.input('\r')
    expect(output.take()).toBe('\r\n250 mail.example.com\r\n')
  })

  test('the line is sent exactly as typed, edits applied', () => {
    const receive = vi.spyOn(Connection.prototype, 'receive')
    const { s } = session()
    for (const ch of 'NOOP') s.input(ch)
    s.input('\x15') // Ctrl-U
    for (const ch of 'RST') s.input(ch)
    s.input('\x1b[D')
    s.input('E')
    s.input('\r')
    expect(receive.mock.calls.map((c) => c[0])).toEqual(['RSET\r\n'])
  })

  test('an empty line is sent too (nothing is corrected): the server says so', () => {
    const { output, s } = session()
    output.take()
    s.input('\r')
    expect(output.take()).toBe('\r\n500 5.5.2 Error: bad syntax\r\n')
  })

  test('Ctrl-C abandons the line without sending it', () => {
    const receive = vi.spyOn(Connection.prototype, 'receive')
    const { output, s } = session()
    output.take()
    for (const ch of 'QUIT') s.input(ch)
    s.input('\x03')
    expect(output.take()).toBe('QUIT^C\r\n')
    expect(receive).not.toHaveBeenCalled()
    expect(s.state).toBe('connected')
  })

  test('a whole transaction: the message is queued and delivered, events reach onEvents', () => {
    const { world, output, events, s } = session()
    type(s, 'EHLO client.example.net')
    type(s, 'MAIL FROM:<student@client.example.net>')
    type(s, 'RCPT TO:<alice@example.com>')
    type(s, 'DATA')
    for (const line of ['Subject: hi', '', 'Hello,', '..dot', '.']) type(s, line)
    expect(output.plain).toMatch(/250 2\.0\.0 Ok: queued as [0-9A-F]+\r\n$/)
    expect(events.map((e) => e.type)).toContain('delivered')
    expect(events.map((e) => e.type)).toContain('lines-unstuffed')
    expect(world.host('mail.example.com')!.mailbox('alice')).toHaveLength(1)
  })
})

describe('paste', () => {
  test('a pasted block goes to the model as ONE chunk, every line CRLF-terminated, blank lines kept', () => {
    const receive = vi.spyOn(Connection.prototype, 'receive')
    const { output, s } = session()
    output.take()
    s.input('EHLO client.example.net\rMAIL FROM:<student@client.example.net>\rRCPT TO:<bob@example.com>\rDATA\rSubject: pasted\r\rbody\r.\r')
    expect(receive.mock.calls.map((c) => c[0])).toEqual([
      'EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\nSubject: pasted\r\n\r\nbody\r\n.\r\n',
    ])
    // The echo comes first, then every reply, as with a pipelining client.
    const shown = output.take().split('\r\n')
    expect(shown.slice(0, 8)).toEqual(['EHLO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<bob@example.com>', 'DATA', 'Subject: pasted', '', 'body', '.'])
    expect(shown.slice(8, 10)).toEqual(['250-mail.example.com', '250-PIPELINING'])
    expect(shown.at(-2)).toMatch(/^250 2\.0\.0 Ok: queued as /)
  })

  test('a paste continues the line being typed, and what follows its last line break stays in the editor', () => {
    const receive = vi.spyOn(Connection.prototype, 'receive')
    const { s } = session()
    for (const ch of 'EHLO cl') s.input(ch)
    s.input('ient.example.net\rMAIL FROM:<a@example.net>\rRCPT TO:<ali')
    expect(receive.mock.calls.map((c) => c[0])).toEqual(['EHLO client.example.net\r\nMAIL FROM:<a@example.net>\r\n'])
    expect(s.line).toBe('RCPT TO:<ali')
  })

  test('control characters pasted inside a line are sent as they are and echoed visibly', () => {
    const receive = vi.spyOn(Connection.prototype, 'receive')
    const { output, s } = session()
    output.take()
    s.input('NOOP\rX-Tab:\there\x1b[2J\r')
    expect(receive.mock.calls[0]![0]).toBe('NOOP\r\nX-Tab:\there\x1b[2J\r\n')
    expect(output.take()).toContain('X-Tab:^Ihere^[[2J\r\n')
  })
})

describe('closing and reconnecting', () => {
  test('after QUIT: 221, "Connection closed by foreign host.", keys ignored, Enter connects again', () => {
    const { world, output, s } = session()
    type(s, 'EHLO client.example.net')
    output.take()
    type(s, 'QUIT')
    expect(output.take()).toBe('QUIT\r\n221 2.0.0 Bye\r\nConnection closed by foreign host.\r\n(Press Enter to connect again.)\r\n')
    expect(s.state).toBe('closed')
    s.input('x')
    s.input('EHLO x\rQUIT\r')
    expect(output.take()).toBe('')
    const first = s.connection
    s.input('\r')
    expect(output.take()).toBe('\r\nTrying 192.0.2.10...\r\nConnected to mail.example.com.\r\n220 mail.example.com ESMTP Postfix\r\n')
    expect(s.state).toBe('connected')
    expect(s.connection).not.toBe(first)
    expect(world.host('mail.example.com')).toBeDefined()
  })

  test('QUIT in the middle of a paste: the rest is not sent after the close', () => {
    const { output, s } = session()
    output.take()
    s.input('QUIT\rNOOP\rHELO')
    const shown = output.take()
    expect(shown).toContain('221 2.0.0 Bye\r\nConnection closed by foreign host.')
    expect(shown).not.toContain('250')
    expect(s.line).toBe('')
  })

  test('an unknown host is a programming error', () => {
    expect(() => new TerminalSession({ world: new World(), output: new RecordingOutput(), host: 'nowhere.example' }).start()).toThrow(/no host/)
  })
})

describe('on screen (headless xterm)', () => {
  test('a transaction reads like a telnet transcript', async () => {
    const term = screen(60, 40)
    const world = new World()
    const s = new TerminalSession({ world, output: { write: (d) => void term.write(d) }, cols: 60 })
    s.start()
    type(s, 'EHLO client.example.net')
    type(s, 'MAIL FROM:<student@client.example.net>')
    type(s, 'RCPT TO:<alice@example.com>')
    type(s, 'DATA')
    s.input('Subject: hi\r\rHello Alice,\r.\r')
    type(s, 'QUIT')
    await term.write('')
    const id = world.host('mail.example.com')!.mailbox('alice')[0]!.queueId
    const lines = term.lines()
    expect(lines.slice(0, 5)).toEqual([
      'Trying 192.0.2.10...',
      'Connected to mail.example.com.',
      '220 mail.example.com ESMTP Postfix',
      'EHLO client.example.net',
      '250-mail.example.com',
    ])
    // The EHLO keywords are the model's business; here only their shape: 250-… lines, then a last 250 SP line.
    const mail = lines.indexOf('MAIL FROM:<student@client.example.net>')
    expect(lines.slice(5, mail - 1).every((l) => /^250-[A-Z0-9]/.test(l))).toBe(true)
    expect(lines[mail - 1]).toMatch(/^250 [A-Z0-9]/)
    expect(lines.slice(mail)).toEqual([
      'MAIL FROM:<student@client.example.net>',
      '250 2.1.0 Ok',
      'RCPT TO:<alice@example.com>',
      '250 2.1.5 Ok',
      'DATA',
      '354 End data with <CR><LF>.<CR><LF>',
      'Subject: hi',
      '',
      'Hello Alice,',
      '.',
      `250 2.0.0 Ok: queued as ${id}`,
      'QUIT',
      '221 2.0.0 Bye',
      'Connection closed by foreign host.',
      '(Press Enter to connect again.)',
    ])
    // Colours as xterm stores them: the 250 line green (palette 2), its enhanced code underlined; a 503 red.
    const row = lines.indexOf(`250 2.0.0 Ok: queued as ${id}`)
    const line = term.terminal.buffer.active.getLine(row)!
    expect(line.getCell(0)!.getFgColor()).toBe(2)
    expect(line.getCell(0)!.isBold()).toBeTruthy()
    expect(line.getCell(4)!.isUnderline()).toBeTruthy()
    expect(line.getCell(12)!.getFgColor()).toBe(2)
    expect(line.getCell(12)!.isUnderline()).toBeFalsy()
  })

  test('a 503 is red, and the typed line keeps the default colour', async () => {
    const term = screen(60, 10)
    const s = new TerminalSession({ world: new World(), output: { write: (d) => void term.write(d) }, cols: 60 })
    s.start()
    type(s, 'RCPT TO:<alice@example.com>')
    await term.write('')
    const rows = term.lines()
    expect(rows.at(-1)).toBe('503 5.5.1 Error: need MAIL command')
    const buffer = term.terminal.buffer.active
    expect(buffer.getLine(rows.length - 1)!.getCell(0)!.getFgColor()).toBe(1)
    expect(buffer.getLine(rows.length - 2)!.getCell(0)!.isFgDefault()).toBeTruthy()
  })
})
