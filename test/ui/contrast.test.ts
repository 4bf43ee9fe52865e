// WCAG AA in both themes, computed from the palettes themselves: text 4.5:1 on every background it sits on, the
// outlines of controls and the focus ring 3:1 (WCAG 1.4.3, 1.4.11).
import { describe, expect, test } from 'vitest'
import { DARK, LIGHT } from '../../src/terminal/theme'
import { contrast, DARK_UI, LIGHT_UI, type UiPalette } from '../../src/ui/theme/palette'

describe.each([
  ['light', LIGHT_UI, LIGHT],
  ['dark', DARK_UI, DARK],
] as const)('%s theme', (_name, ui: UiPalette, term) => {
  const backgrounds = { bg: ui.bg, surface: ui.surface, termBg: ui.termBg } as const

  test.each(['fg', 'muted', 'accent', 'good', 'info', 'warn', 'bad'] as const)('text colour %s is 4.5:1 on every background', (key) => {
    for (const [where, background] of Object.entries(backgrounds)) expect(contrast(ui[key], background), `${key} on ${where}`).toBeGreaterThanOrEqual(4.5)
  })

  test('text on a highlighted line, and on the accent (the selected tab)', () => {
    for (const key of ['fg', 'good', 'info', 'warn', 'bad'] as const) expect(contrast(ui[key], ui.highlight), key).toBeGreaterThanOrEqual(4.5)
    expect(contrast(ui.onAccent, ui.accent)).toBeGreaterThanOrEqual(4.5)
  })

  test('control outlines and the focus ring are 3:1 against what they sit on', () => {
    for (const background of Object.values(backgrounds)) {
      expect(contrast(ui.control, background)).toBeGreaterThanOrEqual(3)
      expect(contrast(ui.focus, background)).toBeGreaterThanOrEqual(3)
    }
  })

  test('the terminal and the page meet without a seam', () => {
    expect(term.background).toBe(ui.termBg)
  })
})
