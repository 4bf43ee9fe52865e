// The line discipline with a recording fake program and a recording Output: no xterm, no model. What the learner
// types becomes exactly the lines the program receives, and the screen shows what a terminal would.
import { describe, expect, test } from 'vitest'
import { History } from '../../src/terminal/history'
import { ECHO_HEAD, ECHO_TAIL, LineDiscipline, type Program } from '../../src/terminal/line-discipline'
import { stripSgr } from '../../src/terminal/render'
import { screen } from './headless'
import { RecordingOutput } from './recording'

/** A program that records every submit and answers "ok <n lines>"; its prompt and history can be switched. */
class FakeProgram implements Program {
  prompt = '$ '
  history: History | null = new History()
  questionExplains = false
  readonly batches: string[][] = []
  readonly calls: string[] = []
  start(): string {
    return 'welcome\r\n'
  }
  submit(lines: readonly string[], echo: (line: string) => string): string {
    this.batches.push([...lines])
    let out = ''
    for (const line of lines) out += echo(line)
    return out + `ok ${lines.length}\r\n`
  }
  interrupt(): string {
    this.calls.push('interrupt')
    return ''
  }
  escape(): string | null {
    this.calls.push('escape')
    return 'left\r\n'
  }
  eof(): string | null {
    this.calls.push('eof')
    return null
  }
  explain(): string {
    this.calls.push('explain')
    return 'meaning\r\n'
  }
}

function setup(options: { cols?: number; schedule?: (task: () => void) => void; sliceBytes?: number } = {}) {
  const program = new FakeProgram()
  const output = new RecordingOutput()
  const d = new LineDiscipline({ program, output, cols: options.cols ?? 80, ...options })
  d.start()
  output.take()
  const keys = (data: string) => {
    for (const ch of data) d.input(ch)
  }
  return { program, output, d, keys }
}

describe('typing and Enter', () => {
  test('the greeting and the prompt come first; typed keys are echoed; Enter hands over the line as typed', () => {
    const program = new FakeProgram()
    const output = new RecordingOutput()
    const d = new LineDiscipline({ program, output })
    d.start()
    expect(output.take()).toBe('welcome\r\n$ ')
    for (const ch of 'HELO x') d.input(ch)
    expect(output.take()).toBe('HELO x')
    d.input('\r')
    expect(program.batches).toEqual([['HELO x']])
    expect(output.take()).toBe('\r\nok 1\r\n$ ')
  })

  test('nothing is corrected: spaces, case and an empty line reach the program as they are', () => {
    const { program, keys } = setup()
    keys(' mail  from:<A@B> \r\r')
    expect(program.batches).toEqual([[' mail  from:<A@B> '], ['']])
  })

  test('editing keys change what is sent: ←, Home, End, Backspace, Delete, Ctrl-A/E/U/W', () => {
    const { program, d, keys } = setup()
    keys('NOOP')
    d.input('\x15') // Ctrl-U
    keys('HLO client')
    d.input('\x01') // Ctrl-A
    keys('E')
    d.input('\x05') // Ctrl-E
    keys(' extra words')
    d.input('\x17') // Ctrl-W: "words"
    d.input('\x17') // Ctrl-W: "extra "
    d.input('\x7f') // Backspace: the space
    d.input('\x1b[D') // ←
    d.input('\x1b[D')
    d.input('\x1b[3~') // Delete: the "n"
    keys('N')
    d.input('\x1b[H') // Home
    d.input('\x1b[F') // End
    keys('.example.net')
    d.input('\r')
    expect(program.batches).toEqual([['EHLO clieNt.example.net']])
  })

  test('Ctrl-C abandons the line and shows ^C; nothing is sent', () => {
    const { program, output, d, keys } = setup()
    keys('QUIT')
    d.input('\x03')
    expect(output.take()).toBe('QUIT^C\r\n$ ')
    expect(program.batches).toEqual([])
    expect(program.calls).toEqual(['interrupt'])
  })

  test('Ctrl-] goes to the program (telnet leaves the session); Ctrl-D deletes, or is end of input on an empty line', () => {
    const { program, output, d, keys } = setup()
    keys('ab')
    d.input('\x1b[D')
    d.input('\x04')
    expect(output.take()).toBe('ab\b \b')
    d.input('\x1d')
    expect(output.take()).toBe('^]\r\nleft\r\n$ ')
    d.input('\x04')
    expect(program.calls).toEqual(['escape', 'eof'])
  })

  test('wide and non-ASCII characters are echoed as typed and sent as typed', async () => {
    const term = screen(40, 6)
    const program = new FakeProgram()
    const d = new LineDiscipline({ program, output: { write: (s) => void term.write(s) }, cols: 40 })
    d.start()
    for (const ch of ['M', 'A', 'I', 'L', ' ', 'F', 'R', 'O', 'M', ':', '<', '用户', '@', 'é', 'x', '>']) d.input(ch)
    d.input('\x7f') // removes ">"
    d.input('>')
    await term.write('')
    expect(term.lines().at(-1)).toBe('$ MAIL FROM:<用户@éx>')
    d.input('\r')
    expect(program.batches).toEqual([['MAIL FROM:<用户@éx>']])
  })

  test('control characters typed or pasted into a line are shown in caret notation and sent unchanged', () => {
    const { program, output, d } = setup()
    d.input('a\x1b[2Jb\r') // a paste: one onData holding an escape sequence
    expect(program.batches).toEqual([['a\x1b[2Jb']])
    expect(stripSgr(output.take())).toContain('a^[[2Jb')
  })
})

describe('history', () => {
  test('↑/↓ walk the program’s history and Enter sends what is shown', () => {
    const { program, d, keys } = setup()
    keys('EHLO a\r')
    keys('NOOP\r')
    keys('RS')
    d.input('\x1b[A')
    d.input('\x1b[A')
    d.input('\r')
    d.input('\x1b[A')
    d.input('\x1b[B')
    d.input('\x1b[B') // past the newest: the draft, which is empty now
    keys('X\r')
    expect(program.batches.map((b) => b[0])).toEqual(['EHLO a', 'NOOP', 'EHLO a', 'X'])
  })

  test('each program keeps its own history: switching it switches what ↑ offers', () => {
    const { program, d, keys } = setup()
    const shell = program.history!
    keys('telnet host 25\r')
    const smtp = new History()
    program.history = smtp
    keys('EHLO x\r')
    d.input('\x1b[A')
    d.input('\r')
    program.history = shell
    d.input('\x1b[A')
    d.input('\r')
    expect(program.batches.map((b) => b[0])).toEqual(['telnet host 25', 'EHLO x', 'EHLO x', 'telnet host 25'])
    expect(smtp.entries).toEqual(['EHLO x'])
    expect(shell.entries).toEqual(['telnet host 25'])
  })

  test('no history (a message body): ↑ does nothing and nothing is recorded', () => {
    const { program, output, d, keys } = setup()
    program.history = null
    keys('line\r')
    output.take()
    d.input('\x1b[A')
    expect(output.take()).toBe('')
  })
})

describe('paste', () => {
  test('many lines are ONE batch, blank lines kept; the paste continues the typed line; the rest stays in the editor', () => {
    const { program, d, keys } = setup()
    keys('EHLO cl')
    d.input('ient\rMAIL FROM:<a@b>\rDATA\rSubject: x\r\rbody\r.\rRCPT TO:<c')
    expect(program.batches).toEqual([['EHLO client', 'MAIL FROM:<a@b>', 'DATA', 'Subject: x', '', 'body', '.']])
    expect(d.line).toBe('RCPT TO:<c')
  })

  test('the program echoes each pasted line with its prompt, except the first (already on screen)', () => {
    const { output, d } = setup()
    d.input('one\rtwo\r\rthree\r')
    expect(output.take()).toBe('one\r\n$ two\r\n$ \r\n$ three\r\nok 4\r\n$ ')
  })

  test('a big paste is cut into slices, each in its own task, in order; keys typed meanwhile wait their turn', () => {
    const tasks: (() => void)[] = []
    const { program, d } = setup({ schedule: (t) => tasks.push(t), sliceBytes: 30 })
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i} of the paste`)
    d.input(lines.join('\r') + '\r')
    expect(program.batches).toHaveLength(1)
    expect(d.busy).toBe(true)
    d.input('N')
    d.input('\r')
    while (tasks.length > 0) tasks.shift()!()
    expect(program.batches.flat()).toEqual([...lines, 'N'])
    expect(program.batches.length).toBeGreaterThan(3)
    expect(d.busy).toBe(false)
  })

  test('without a scheduler a big paste is processed at once, still in slices', () => {
    const { program, d } = setup({ sliceBytes: 30 })
    d.input(Array.from({ length: 10 }, (_, i) => `line ${i} of the paste`).join('\r') + '\r')
    expect(program.batches.flat()).toHaveLength(10)
    expect(program.batches.length).toBeGreaterThan(3)
  })

  test('a very long paste is echoed as head and tail with a count of the lines between; all lines are sent', () => {
    const { program, output, d } = setup()
    const n = ECHO_HEAD + ECHO_TAIL + 100
    d.input(Array.from({ length: n }, (_, i) => `L${i}`).join('\r') + '\r')
    const shown = output.take()
    expect(program.batches.flat()).toHaveLength(n)
    expect(shown).toContain(`$ L${ECHO_HEAD - 1}\r\n`)
    expect(shown).not.toContain(`$ L${ECHO_HEAD}\r\n`)
    expect(shown).toContain('[… 100 more pasted lines sent, not echoed …]')
    expect(shown).toContain(`$ L${n - 1}\r\n`)
  })
})

describe('explaining the last reply', () => {
  test('F1 prints the explanation below the line and draws the prompt and the line again', () => {
    const { program, output, d, keys } = setup()
    keys('RCPT')
    output.take()
    d.input('\x1bOP')
    expect(output.take()).toBe('\r\nmeaning\r\n$ RCPT')
    expect(program.calls).toEqual(['explain'])
    keys(' TO\r')
    expect(program.batches).toEqual([['RCPT TO']])
  })

  test('a line holding only ? explains on Enter when the program says so (SMTP command mode): nothing is sent, no stray line', () => {
    const { program, output, d, keys } = setup()
    program.questionExplains = true
    d.input('?')
    expect(program.calls).toEqual([]) // a ? on its own is typed, as any key
    expect(output.take()).toBe('?')
    d.input('\r')
    expect(program.calls).toEqual(['explain'])
    expect(output.take()).toBe('\r\nmeaning\r\n$ ')
    expect(program.batches).toEqual([]) // no empty line (or "?") went to the server
    keys('a?\r')
    program.questionExplains = false
    keys('?\r')
    expect(program.batches).toEqual([['a?'], ['?']])
  })

  test('explain() from outside the keyboard interjects the explanation and redraws the line being typed', () => {
    const { program, output, d, keys } = setup()
    keys('RCPT')
    output.take()
    d.explain()
    expect(program.calls).toEqual(['explain'])
    expect(output.take()).toBe('\r\nmeaning\r\n$ RCPT')
    expect(d.line).toBe('RCPT')
  })
})

describe('Tab completion', () => {
  class Completing extends FakeProgram {
    complete(before: string) {
      const words = ['telnet', 'tail', 'mailq']
      const matches = words.filter((w) => w.startsWith(before))
      if (matches.length === 1) return { insert: matches[0]!.slice(before.length) + ' ', candidates: [] }
      return { insert: '', candidates: matches }
    }
  }

  test('Tab inserts what the program completes at the cursor; ambiguous candidates are listed and the line drawn again', () => {
    const program = new Completing()
    const output = new RecordingOutput()
    const d = new LineDiscipline({ program, output, cols: 20 })
    d.start()
    output.take()
    d.input('m')
    d.input('\t')
    expect(d.line).toBe('mailq ')
    d.input('\x15')
    d.input('t')
    output.take()
    d.input('\t')
    expect(output.take()).toBe('\r\ntelnet  tail\r\n$ t')
    expect(d.line).toBe('t')
    d.input('e')
    d.input('\t')
    d.input('\r')
    expect(program.batches).toEqual([['telnet ']])
  })

  test('without a completer, Tab changes nothing and loses nothing; a tab inside a paste is text', () => {
    const { program, d } = setup()
    d.input('ab')
    d.input('\t')
    expect(d.line).toBe('ab')
    d.input('c\td\r')
    expect(program.batches).toEqual([['abc\td']])
  })
})

describe('announcements (screen readers)', () => {
  test('what the program prints is announced once as plain text; echoes, prompts and typing are not', () => {
    const program = new FakeProgram()
    const heard: string[] = []
    const d = new LineDiscipline({ program, output: new RecordingOutput(), announce: (t) => heard.push(t) })
    d.start()
    expect(heard).toEqual(['welcome'])
    for (const ch of 'hello') d.input(ch)
    expect(heard).toHaveLength(1)
    d.input('\r')
    expect(heard.at(-1)).toBe('ok 1')
    d.input('one\rtwo\rthree\r') // a paste: its lines are echoed, but not announced
    expect(heard.at(-1)).toBe('ok 3')
    d.input('\x1bOP')
    expect(heard.at(-1)).toBe('meaning')
    d.input('\x1d')
    expect(heard.at(-1)).toBe('left')
    expect(heard).toHaveLength(5)
  })

  test('the echo marks never reach the terminal', () => {
    const program = new FakeProgram()
    const output = new RecordingOutput()
    const d = new LineDiscipline({ program, output, announce: () => {} })
    d.start()
    d.input('one\rtwo\r')
    expect(output.writes.join('')).not.toContain('\x1b]770')
    expect(output.writes.join('')).toContain('two\r\nok 2')
  })
})

describe('on screen (headless xterm)', () => {
  test('Ctrl-L clears the screen and keeps the line', async () => {
    const term = screen(40, 6)
    const program = new FakeProgram()
    const d = new LineDiscipline({ program, output: { write: (s) => void term.write(s) }, cols: 40 })
    d.start()
    for (const ch of 'abc') d.input(ch)
    d.input('\x0c')
    await term.write('')
    expect(term.lines()).toContain('$ abc')
    expect(term.lines()).not.toContain('welcome')
  })
})
