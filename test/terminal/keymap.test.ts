import { describe, expect, test } from 'vitest'
import { parseInput } from '../../src/terminal/keymap'

describe('keys', () => {
  test.each([
    ['a', [{ type: 'insert', text: 'a' }]],
    ['é', [{ type: 'insert', text: 'é' }]],
    ['中文', [{ type: 'insert', text: '中文' }]], // an IME composition arrives whole
    ['\r', [{ type: 'enter' }]],
    ['\x7f', [{ type: 'backspace' }]],
    ['\b', [{ type: 'backspace' }]],
    ['\x1b[3~', [{ type: 'delete' }]],
    ['\x1b[D', [{ type: 'left' }]],
    ['\x1b[C', [{ type: 'right' }]],
    ['\x1bOD', [{ type: 'left' }]], // application cursor mode
    ['\x1b[1;5C', [{ type: 'right' }]], // Ctrl-→: modifiers ignored
    ['\x1b[H', [{ type: 'home' }]],
    ['\x1b[F', [{ type: 'end' }]],
    ['\x1b[1~', [{ type: 'home' }]],
    ['\x1b[4~', [{ type: 'end' }]],
    ['\x01', [{ type: 'home' }]],
    ['\x05', [{ type: 'end' }]],
    ['\x15', [{ type: 'kill-to-start' }]],
    ['\x17', [{ type: 'kill-word' }]], // Ctrl-W
    ['\x03', [{ type: 'interrupt' }]],
    ['\x04', [{ type: 'eof' }]], // Ctrl-D: delete, or end of input on an empty line
    ['\x1d', [{ type: 'escape' }]], // Ctrl-]: telnet's escape character
    ['\x0c', [{ type: 'clear-screen' }]], // Ctrl-L
    ['\x1b[A', [{ type: 'history-back' }]],
    ['\x1b[B', [{ type: 'history-forward' }]],
    ['\x1bOA', [{ type: 'history-back' }]], // application cursor mode
    ['\x10', [{ type: 'history-back' }]], // Ctrl-P
    ['\x0e', [{ type: 'history-forward' }]], // Ctrl-N
    ['\x1bOP', [{ type: 'explain' }]], // F1
    ['\x1b[11~', [{ type: 'explain' }]], // F1, VT220 numbering
    ['\t', [{ type: 'complete' }]], // Tab on its own completes; a tab inside a paste stays text (below)
  ] as const)('%j', (data, actions) => {
    expect(parseInput(data)).toEqual(actions)
  })

  test('keys that do nothing here are dropped, not inserted', () => {
    expect(parseInput('\x1b[5~')).toEqual([]) // Page Up
    expect(parseInput('\x1bb')).toEqual([]) // Alt-b
    expect(parseInput('\x1b')).toEqual([]) // Escape
    expect(parseInput('\x1bOQ')).toEqual([]) // F2
    expect(parseInput('\x07')).toEqual([])
  })

  test('text around keys keeps its order', () => {
    expect(parseInput('ab\x1b[Dc\x7f')).toEqual([
      { type: 'insert', text: 'ab' },
      { type: 'left' },
      { type: 'insert', text: 'c' },
      { type: 'backspace' },
    ])
  })
})

describe('paste', () => {
  test('several lines are one paste; xterm turns pasted line breaks into CR', () => {
    expect(parseInput('EHLO x\rMAIL FROM:<a@b>\r')).toEqual([{ type: 'paste', lines: ['EHLO x', 'MAIL FROM:<a@b>', ''] }])
  })

  test('blank lines are kept (the header/body separator of a DATA block)', () => {
    expect(parseInput('Subject: hi\r\rbody\r.\r')).toEqual([{ type: 'paste', lines: ['Subject: hi', '', 'body', '.', ''] }])
  })

  test('CRLF, CR and LF each end one line', () => {
    expect(parseInput('a\r\nb\nc\rd')).toEqual([{ type: 'paste', lines: ['a', 'b', 'c', 'd'] }])
    expect(parseInput('a\r\n\r\nb')).toEqual([{ type: 'paste', lines: ['a', '', 'b'] }])
  })

  test('tabs and escapes inside a paste are kept as they are', () => {
    expect(parseInput('Subject: a\r\tfolded\x1b[D\r')).toEqual([{ type: 'paste', lines: ['Subject: a', '\tfolded\x1b[D', ''] }])
  })

  test('a paste without a line break is typed text', () => {
    expect(parseInput('RCPT TO:<alice@example.com>')).toEqual([{ type: 'insert', text: 'RCPT TO:<alice@example.com>' }])
  })
})
