/**
 * Terminal colours for light and dark pages. Reply classes use palette entries (render.ts): green 2xx, cyan 3xx,
 * yellow-as-amber 4xx, red 5xx, bright black for hints; each is chosen to keep at least 4.5:1 contrast (WCAG AA)
 * against its background. Pure data, shaped like xterm's ITheme.
 */

export interface TerminalTheme {
  readonly background: string
  readonly foreground: string
  readonly cursor: string
  readonly cursorAccent: string
  readonly selectionBackground: string
  readonly scrollbarSliderBackground: string
  readonly scrollbarSliderHoverBackground: string
  readonly scrollbarSliderActiveBackground: string
  readonly black: string
  readonly red: string
  readonly green: string
  readonly yellow: string
  readonly blue: string
  readonly magenta: string
  readonly cyan: string
  readonly white: string
  readonly brightBlack: string
}

export const LIGHT: TerminalTheme = {
  background: '#fcfcfb',
  foreground: '#1f2328',
  cursor: '#1f2328',
  cursorAccent: '#fcfcfb',
  selectionBackground: '#b6d4fb',
  scrollbarSliderBackground: 'rgba(31, 35, 40, 0.16)',
  scrollbarSliderHoverBackground: 'rgba(31, 35, 40, 0.28)',
  scrollbarSliderActiveBackground: 'rgba(31, 35, 40, 0.4)',
  black: '#1f2328',
  red: '#b42318',
  green: '#116329',
  yellow: '#8a4a00',
  blue: '#0550ae',
  magenta: '#7d3cb5',
  cyan: '#0b6471',
  white: '#59636e',
  brightBlack: '#59636e',
}

export const DARK: TerminalTheme = {
  background: '#15181d',
  foreground: '#e4e7eb',
  cursor: '#e4e7eb',
  cursorAccent: '#15181d',
  selectionBackground: '#2f4a6d',
  scrollbarSliderBackground: 'rgba(228, 231, 235, 0.14)',
  scrollbarSliderHoverBackground: 'rgba(228, 231, 235, 0.26)',
  scrollbarSliderActiveBackground: 'rgba(228, 231, 235, 0.38)',
  black: '#15181d',
  red: '#ff7b72',
  green: '#5fd36f',
  yellow: '#e8b04b',
  blue: '#79b8ff',
  magenta: '#d2a8ff',
  cyan: '#5cd3dd',
  white: '#c9d1d9',
  brightBlack: '#9aa4af',
}

/** Fonts tried in order; headless Debian Chromium has only DejaVu Sans Mono, hence the generic last resort. */
export const FONT_FAMILY = '"JetBrains Mono", "Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace'

/** The theme for a page in dark mode or not. */
export function themeFor(dark: boolean): TerminalTheme {
  return dark ? DARK : LIGHT
}
