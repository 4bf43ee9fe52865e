import { expect, test } from 'vitest'
import { DARK, LIGHT, type TerminalTheme } from '../../src/terminal/theme'

/** WCAG 2 contrast ratio between two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

test.each([
  ['light', LIGHT],
  ['dark', DARK],
] as const)('%s theme: text, reply colours and hints are readable (WCAG AA, 4.5:1)', (_name, theme: TerminalTheme) => {
  for (const key of ['foreground', 'green', 'cyan', 'yellow', 'red', 'brightBlack'] as const) {
    expect(contrast(theme[key], theme.background), key).toBeGreaterThanOrEqual(4.5)
  }
})
