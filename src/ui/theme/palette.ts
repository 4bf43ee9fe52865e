/**
 * The page's colours for the light and dark themes, as data: one source for the CSS custom properties (installed by
 * `installPalette`) and for the contrast test (test/ui/contrast.test.ts checks WCAG AA on every pairing used).
 * The terminal's own palette is src/terminal/theme.ts; `termBg` here equals its background.
 */

export interface UiPalette {
  /** Page background. */
  readonly bg: string
  /** Body text. */
  readonly fg: string
  /** Secondary text (help lines, captions). */
  readonly muted: string
  /** Panes and cards. */
  readonly surface: string
  /** Decorative lines between regions (not the only cue for anything). */
  readonly border: string
  /** Outlines of buttons and inputs (WCAG 1.4.11: 3:1). */
  readonly control: string
  /** The terminal pane's background. */
  readonly termBg: string
  /** Links and the selected tab. */
  readonly accent: string
  /** Text on an accent-filled surface. */
  readonly onAccent: string
  /** The keyboard focus ring (3:1 against everything it sits on). */
  readonly focus: string
  /** Reply classes and note tones: 2xx/good, 3xx/info, 4xx/warn, 5xx/bad. */
  readonly good: string
  readonly info: string
  readonly warn: string
  readonly bad: string
  /** Background of a highlighted transcript line. */
  readonly highlight: string
}

export const LIGHT_UI: UiPalette = {
  bg: '#f3f4f6',
  fg: '#1f2328',
  muted: '#4b5560',
  surface: '#ffffff',
  border: '#d5d9de',
  control: '#6b7580',
  termBg: '#fcfcfb',
  accent: '#0b57d0',
  onAccent: '#ffffff',
  focus: '#0b57d0',
  good: '#116329',
  info: '#0b6471',
  warn: '#8a4a00',
  bad: '#b42318',
  highlight: '#fff1b8',
}

export const DARK_UI: UiPalette = {
  bg: '#0d0f12',
  fg: '#e4e7eb',
  muted: '#a3acb6',
  surface: '#1b1f25',
  border: '#2c323a',
  control: '#7d8793',
  termBg: '#15181d',
  accent: '#79b8ff',
  onAccent: '#0d0f12',
  focus: '#79b8ff',
  good: '#5fd36f',
  info: '#5cd3dd',
  warn: '#e8b04b',
  bad: '#ff7b72',
  highlight: '#3d3413',
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())

function block(selector: string, palette: UiPalette): string {
  return `${selector}{${Object.entries(palette)
    .map(([k, v]) => `--${kebab(k)}:${v};`)
    .join('')}}`
}

/** The CSS that defines the custom properties for both themes (`data-theme` on <html> picks one). */
export function paletteCss(): string {
  return block(":root,:root[data-theme='light']", LIGHT_UI) + block(":root[data-theme='dark']", DARK_UI) + ":root[data-theme='dark']{color-scheme:dark}:root[data-theme='light']{color-scheme:light}"
}

/** Add the palette's <style> to a document (once). */
export function installPalette(doc: Document): void {
  if (doc.getElementById('smtp-sim-palette')) return
  const style = doc.createElement('style')
  style.id = 'smtp-sim-palette'
  style.textContent = paletteCss()
  doc.head.append(style)
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2 contrast ratio between two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}
