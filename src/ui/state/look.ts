/**
 * The page's look as the learner set it: the theme (system, light or dark) and the text size, read from storage and
 * put on <html>. A plain module (no runes), so code outside the Svelte app can put the same look on the page;
 * Preferences (preferences.svelte.ts) keeps it while the page runs.
 */
import type { StorageLike } from './preferences.svelte'

export type ThemeChoice = 'system' | 'light' | 'dark'

const THEMES: readonly string[] = ['system', 'light', 'dark']

/** Whether a value (from storage, a select) is a theme choice. */
export function isThemeChoice(value: unknown): value is ThemeChoice {
  return typeof value === 'string' && THEMES.includes(value)
}

export const FONT_SIZES = [12, 13, 14, 15, 16, 18, 20, 22, 24, 28, 32] as const
export const DEFAULT_FONT_SIZE = 15

export const LOOK_KEYS = { theme: 'smtp-sim:theme', fontSize: 'smtp-sim:font-size' } as const

/** The stored theme choice, or 'system' when none (or an unknown value) is stored. */
export function storedTheme(storage: StorageLike): ThemeChoice {
  const theme = storage.getItem(LOOK_KEYS.theme)
  return isThemeChoice(theme) ? theme : 'system'
}

/** The stored text size, or the default when none (or one not offered) is stored. */
export function storedFontSize(storage: StorageLike): number {
  const size = Number(storage.getItem(LOOK_KEYS.fontSize))
  return (FONT_SIZES as readonly number[]).includes(size) ? size : DEFAULT_FONT_SIZE
}

/** The theme in effect for a choice, given what the system prefers. */
export function isDark(theme: ThemeChoice, systemDark: boolean): boolean {
  return theme === 'system' ? systemDark : theme === 'dark'
}

/** Put the look on <html>: `data-theme` picks the palette; all text scales with the terminal's size (rem). */
export function applyLook(root: { dataset: DOMStringMap; style: CSSStyleDeclaration }, dark: boolean, fontSize: number): void {
  root.dataset.theme = dark ? 'dark' : 'light'
  root.style.setProperty('--font-size', `${fontSize}px`)
  root.style.fontSize = `${(fontSize / DEFAULT_FONT_SIZE) * 100}%`
}
