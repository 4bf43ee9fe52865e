import fc from 'fast-check'
import { expect, test } from 'vitest'
import { cellWidth } from '../../src/terminal/cell-width'
import { screen } from './headless'

/** How far xterm's cursor moves when it prints `ch` after an 'a' (a zero-width code point joins the 'a'). */
async function xtermAdvance(ch: string): Promise<number> {
  const s = screen(10, 2)
  await s.write('a' + ch)
  return s.cursor().col - 1
}

test('widths match xterm at the edges of every range, and for everyday text', async () => {
  const samples = [
    0x20, 0x41, 0x7e, 0xa0, 0xe9, 0x2fe, 0x300, 0x36f, 0x370, 0x10ff, 0x1100, 0x115f, 0x1160, 0x11ff, 0x1200, 0x200a,
    0x200b, 0x200f, 0x2010, 0x2328, 0x2329, 0x232a, 0x232b, 0x2e7f, 0x2e80, 0x303e, 0x303f, 0x3040, 0x4e2d, 0xa4cf,
    0xa4d0, 0xabff, 0xac00, 0xd55c, 0xd7a3, 0xd7a4, 0xf8ff, 0xf900, 0xfaff, 0xfb00, 0xfe00, 0xfe0f, 0xfe10, 0xfe19,
    0xfe1a, 0xfe2f, 0xfe30, 0xfe6f, 0xfe70, 0xfeff, 0xff00, 0xff21, 0xff60, 0xff61, 0xff76, 0xffe0, 0xffe6, 0xffe7,
    0xfffd, 0x10000, 0x10a01, 0x1d167, 0x1f600, 0x1f3fd, 0x20000, 0x2a6d6, 0x2fffd, 0x30000, 0xe0001, 0xe0100,
  ]
  for (const cp of samples) expect(await xtermAdvance(String.fromCodePoint(cp)), cp.toString(16)).toBe(cellWidth(cp))
})

test('property: any printable code point has the width xterm gives it', async () => {
  const printable = fc.integer({ min: 0xa0, max: 0x3ffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff)
  await fc.assert(
    fc.asyncProperty(printable, async (cp) => {
      expect(await xtermAdvance(String.fromCodePoint(cp))).toBe(cellWidth(cp))
    }),
    { numRuns: 500 },
  )
})
