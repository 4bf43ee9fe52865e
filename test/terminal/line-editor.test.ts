import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { LineEditor, clipToCells, displayCluster, displayText } from '../../src/terminal/line-editor'
import { screen } from './headless'

/** Type each character as its own key, returning all the echo. */
function typeKeys(editor: LineEditor, text: string): string {
  return Array.from(text, (ch) => editor.insert(ch)).join('')
}

describe('echo, as a recording of what is written', () => {
  test('typing at the end echoes each character as it is', () => {
    const e = new LineEditor({ cols: 80 })
    expect(['E', 'H', 'L', 'O'].map((c) => e.insert(c))).toEqual(['E', 'H', 'L', 'O'])
    expect(e.text).toBe('EHLO')
  })

  test('backspace at the end is the classic "\\b \\b"', () => {
    const e = new LineEditor({ cols: 80 })
    typeKeys(e, 'ab')
    expect(e.backspace()).toBe('\b \b')
    expect(e.text).toBe('a')
    expect(e.backspace()).toBe('\b \b')
    expect(e.backspace()).toBe('')
  })

  test('inserting in the middle redraws the tail and steps back over it', () => {
    const e = new LineEditor({ cols: 80 })
    typeKeys(e, 'ac')
    expect(e.left()).toBe('\b')
    expect(e.insert('b')).toBe('bc\b')
    expect(e.text).toBe('abc')
    expect(e.cursor).toBe(2)
  })

  test('home, end, delete, Ctrl-U', () => {
    const e = new LineEditor({ cols: 80 })
    typeKeys(e, 'NOOP x')
    expect(e.home()).toBe('\x1b[6D')
    expect(e.delete()).toBe('OOP x \x1b[6D')
    expect(e.end()).toBe('\x1b[5C')
    expect(e.left() + e.left()).toBe('\b\b')
    expect(e.killToStart()).toBe('\x1b[3D x   \x1b[5D')
    expect(e.text).toBe(' x')
    expect(e.cursor).toBe(0)
  })

  test('a wide character moves the cursor two cells, and backspace blanks both', () => {
    const e = new LineEditor({ cols: 80 })
    typeKeys(e, '中文')
    expect(e.left()).toBe('\x1b[2D')
    expect(e.right()).toBe('\x1b[2C')
    expect(e.backspace()).toBe('\x1b[2D  \x1b[2D')
    expect(e.text).toBe('中')
  })

  test('a combining mark joins its letter: one step left, one backspace removes both code points', () => {
    const e = new LineEditor({ cols: 80 })
    typeKeys(e, 'cafe\u0301')
    expect(e.text).toBe('cafe\u0301')
    expect(e.left()).toBe('\b')
    expect(e.cursor).toBe(3)
    e.end()
    e.backspace()
    expect(e.text).toBe('caf')
  })

  test('submit leaves the line, returns it exactly as typed, and starts an empty one', () => {
    const e = new LineEditor({ cols: 80 })
    typeKeys(e, 'QUIT')
    e.home()
    expect(e.submit()).toEqual({ line: 'QUIT', echo: '\x1b[4C\r\n' })
    expect(e.text).toBe('')
    expect(e.insert('x')).toBe('x')
  })

  test('Ctrl-C shows ^C and forgets the line', () => {
    const e = new LineEditor({ cols: 80 })
    typeKeys(e, 'RSET')
    expect(e.cancel()).toBe('^C\r\n')
    expect(e.text).toBe('')
  })
})

describe('display form', () => {
  test('control characters in caret notation, invisible ones by code point; the text itself is unchanged', () => {
    expect(displayCluster('\t')).toBe('^I')
    expect(displayCluster('\x1b')).toBe('^[')
    expect(displayCluster('\x7f')).toBe('^?')
    expect(displayCluster('\u0085')).toBe('<U+0085>')
    expect(displayCluster('\u200b')).toBe('<U+200B>')
    expect(displayCluster('\ud800')).toBe('\ufffd')
    expect(displayText('a\tb\x1b[31m')).toBe('a^Ib^[[31m')
    const e = new LineEditor({ cols: 80 })
    expect(e.insert('\x1b[2J')).toBe('^[[2J')
    expect(e.text).toBe('\x1b[2J')
  })
})

describe('clipToCells', () => {
  test('cuts by cells, never inside a cluster: wide characters count two, a combining mark none', () => {
    expect(clipToCells('Subject line', 7)).toBe('Subject')
    expect(clipToCells('日本語です', 5)).toBe('日本')
    expect(clipToCells('cafe\u0301 au lait', 4)).toBe('cafe\u0301')
    expect(clipToCells('short', 80)).toBe('short')
  })
})

describe('what the learner sees (headless xterm)', () => {
  test('a line longer than the terminal wraps, and editing its start redraws across rows', async () => {
    const s = screen(10, 6)
    const e = new LineEditor({ cols: 10 })
    await s.write(typeKeys(e, 'RCPT TO:<alice@example.com>'))
    expect(s.lines()).toEqual(['RCPT TO:<a', 'lice@examp', 'le.com>'])
    await s.write(e.home() + e.delete() + e.delete() + e.delete() + e.delete())
    expect(s.lines()).toEqual([' TO:<alice', '@example.c', 'om>'])
    expect(s.cursor()).toEqual({ row: 0, col: 0 })
    await s.write(e.insert('MAIL'))
    expect(s.logicalLines()).toEqual(['MAIL TO:<alice@example.com>'])
  })

  test('text that ends exactly at the margin puts the cursor on the next row, and the rows stay one line', async () => {
    const s = screen(10, 6)
    const e = new LineEditor({ cols: 10 })
    await s.write(typeKeys(e, 'abcdefghij'))
    expect(s.cursor()).toEqual({ row: 1, col: 0 })
    await s.write(typeKeys(e, 'k'))
    expect(s.logicalLines()).toEqual(['abcdefghijk'])
    await s.write(e.backspace())
    expect(s.cursor()).toEqual({ row: 1, col: 0 })
    // Enter: the next output starts right below, on a row of its own (no blank row, not joined to the line).
    await s.write(e.submit().echo + 'next\r\n')
    expect(s.lines()).toEqual(['abcdefghij', 'next'])
    expect(s.logicalLines()).toEqual(['abcdefghij', 'next'])
  })

  test('backspace back from the row below the margin', async () => {
    const s = screen(10, 6)
    const e = new LineEditor({ cols: 10 })
    await s.write(typeKeys(e, 'abcdefghijk'))
    await s.write(e.backspace() + e.backspace())
    expect(s.cursor()).toEqual({ row: 0, col: 9 })
    expect(s.lines()).toEqual(['abcdefghi'])
  })

  test('a wide character that does not fit in the last column goes to the next row', async () => {
    const s = screen(5, 6)
    const e = new LineEditor({ cols: 5 })
    await s.write(typeKeys(e, 'abcd中'))
    expect(s.lines()).toEqual(['abcd', '中'])
    expect(s.cursor()).toEqual({ row: 1, col: 2 })
    await s.write(e.left())
    expect(s.cursor()).toEqual({ row: 0, col: 4 })
    await s.write(e.insert('e'))
    expect(s.lines()).toEqual(['abcde', '中'])
  })

  const alphabet = ['a', 'b', 'Z', '@', 'é', 'e\u0301', '\u0301', '中', '한', 'ｶ', '😀', '👍🏽', '🇫🇷', '\u200b', '\t', '\x1b', '\u0085', 'Ω']
  const action = fc.oneof(
    fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 3 }).map((cs) => ({ op: 'insert' as const, text: cs.join('') })),
    fc.constantFrom('backspace', 'delete', 'left', 'right', 'home', 'end', 'killToStart').map((op) => ({ op })),
  )
  type Action = { op: 'insert'; text: string } | { op: 'backspace' | 'delete' | 'left' | 'right' | 'home' | 'end' | 'killToStart' }
  const apply = (e: LineEditor, a: Action) => (a.op === 'insert' ? e.insert(a.text) : e[a.op]())

  test('property: after any edits the screen shows the line in display form and the cursor where the editor says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 3, max: 14 }), fc.integer({ min: 0, max: 2 }), fc.array(action, { maxLength: 25 }), async (cols, start, actions) => {
        const s = screen(cols, 60)
        const prompt = '>'.repeat(start)
        const e = new LineEditor({ cols, startColumn: start })
        await s.write(prompt)
        for (const a of actions) await s.write(apply(e, a))
        // Content: the logical line (wrapped rows joined) is the prompt and the display form. Wide characters that
        // wrapped leave a blank cell; the alphabet has no spaces, so spaces are only such gaps or cleared cells.
        const shown = s.logicalLines().join('').replaceAll(' ', '')
        expect(shown).toBe(prompt + displayText(e.text))
        // Cursor: where writing the text before the cursor into a fresh terminal leaves it (past the margin = next row).
        const fresh = screen(cols, 60)
        await fresh.write(prompt + displayText(e.text.slice(0, e.cursor)))
        const want = fresh.cursor()
        expect(s.cursor()).toEqual(want.col >= cols ? { row: want.row + 1, col: 0 } : want)
        // Enter: the cursor goes to the start of the row after the line, which is empty and not part of the line.
        const text = e.text
        await s.write(e.submit().echo + 'x')
        expect(s.cursor().col).toBe(1)
        expect(s.logicalLines().slice(-2).map((l) => l.replaceAll(' ', ''))).toEqual([prompt + displayText(text), 'x'])
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    )
  }, 120_000)

  test('property: after a resize, the line can still be edited from its start', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 14 }),
        fc.integer({ min: 3, max: 14 }),
        fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }),
        fc.nat(30),
        async (cols, newCols, chars, back) => {
          const s = screen(cols, 60)
          const e = new LineEditor({ cols })
          await s.write('250 2.1.5 Ok, a reply that wraps\r\n')
          const before = s.cursor().row
          await s.write(e.insert(chars.join('')))
          for (let i = 0; i < back; i++) await s.write(e.left())
          s.terminal.resize(newCols, 60)
          await s.write(e.resize(newCols))
          const fresh = screen(newCols, 60)
          await fresh.write(displayText(e.text.slice(0, e.cursor)))
          const want = fresh.cursor()
          const top = s.cursor().row - s.rowInLine()
          expect(s.logicalLineAt(top).replaceAll(' ', '')).toBe(displayText(e.text))
          expect({ row: s.cursor().row - top, col: s.cursor().col }).toEqual(want.col >= newCols ? { row: want.row + 1, col: 0 } : want)
          await s.write(e.home() + e.insert('Z'))
          expect(s.logicalLineAt(top).replaceAll(' ', '')).toBe(displayText(e.text))
          expect(s.logicalLineAt(top - 1)).toBe('250 2.1.5 Ok, a reply that wraps')
          expect(s.cursor()).toEqual({ row: top, col: 1 })
          expect(before).toBeGreaterThan(0)
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 100) },
    )
  }, 120_000)

  test('resizing recomputes the rows the line occupies', async () => {
    const s = screen(10, 6)
    const e = new LineEditor({ cols: 10 })
    await s.write(typeKeys(e, 'MAIL FROM:<student@client.example.net>'))
    s.terminal.resize(20, 6)
    await s.write(e.resize(20))
    await s.write(e.home())
    expect(s.cursor().col).toBe(0)
    await s.write(e.insert('X'))
    expect(s.logicalLines().join('')).toBe('XMAIL FROM:<student@client.example.net>')
  })
})
