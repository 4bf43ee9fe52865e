/**
 * The learner's settings: theme (system, light or dark), text size (the terminal's font size, which the whole page
 * scales with: for projectors) and the server
 * personality. Kept in storage that is injected, with a safe default: localStorage when the browser allows it, else
 * memory (private windows, disabled storage, tests). Saved values are validated; anything unexpected is ignored.
 * A stored name is looked up as an own property only: `__proto__` or `constructor` is not a personality (issue 10
 * item 9: with `in`, such a value passed the check and every SMTP line then threw).
 */
import { isPersonalityName, type PersonalityName } from '../../smtp/settings'
import { DEFAULT_FONT_SIZE, FONT_SIZES, isDark, LOOK_KEYS, storedFontSize, storedTheme, type ThemeChoice } from './look'

export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** Storage that never throws: localStorage if it works here, otherwise a Map. */
export function safeStorage(get: () => StorageLike | undefined = () => globalThis.localStorage): StorageLike {
  try {
    const storage = get()
    if (storage) {
      const probe = 'smtp-sim:probe'
      storage.setItem(probe, '1')
      return {
        getItem: (key) => {
          try {
            return storage.getItem(key)
          } catch {
            return null
          }
        },
        setItem: (key, value) => {
          try {
            storage.setItem(key, value)
          } catch {
            // quota or a revoked permission: the setting lasts for this visit only
          }
        },
      }
    }
  } catch {
    // SecurityError when storage is disabled
  }
  const memory = new Map<string, string>()
  return { getItem: (key) => memory.get(key) ?? null, setItem: (key, value) => void memory.set(key, value) }
}


export { DEFAULT_FONT_SIZE, FONT_SIZES, isThemeChoice, type ThemeChoice } from './look'

const KEYS = { ...LOOK_KEYS, personality: 'smtp-sim:personality' } as const

/** A media query list as the class needs it (matchMedia's result, or a stub). */
export interface SchemeQuery {
  readonly matches: boolean
  addEventListener?(type: 'change', listener: (event: { matches: boolean }) => void): void
}

export class Preferences {
  theme = $state<ThemeChoice>('system')
  fontSize = $state<number>(DEFAULT_FONT_SIZE)
  personality = $state<PersonalityName>('postfix')
  /** What the system prefers (prefers-color-scheme). */
  systemDark = $state(false)
  readonly #storage: StorageLike

  constructor(storage: StorageLike = safeStorage(), scheme?: SchemeQuery) {
    this.#storage = storage
    this.theme = storedTheme(storage)
    this.fontSize = storedFontSize(storage)
    const personality = storage.getItem(KEYS.personality)
    if (isPersonalityName(personality)) this.personality = personality
    this.systemDark = scheme?.matches ?? false
    scheme?.addEventListener?.('change', (event) => (this.systemDark = event.matches))
  }

  /** The theme in effect. */
  get dark(): boolean {
    return isDark(this.theme, this.systemDark)
  }

  setTheme(theme: ThemeChoice): void {
    this.theme = theme
    this.#storage.setItem(KEYS.theme, theme)
  }

  /** The toggle: to the other theme than the one shown now. */
  toggleTheme(): void {
    this.setTheme(this.dark ? 'light' : 'dark')
  }

  setFontSize(px: number): void {
    this.fontSize = px
    this.#storage.setItem(KEYS.fontSize, String(px))
  }

  bigger(): void {
    const next = FONT_SIZES.find((s) => s > this.fontSize)
    if (next) this.setFontSize(next)
  }

  smaller(): void {
    const next = [...FONT_SIZES].reverse().find((s) => s < this.fontSize)
    if (next) this.setFontSize(next)
  }

  setPersonality(name: PersonalityName): void {
    this.personality = name
    this.#storage.setItem(KEYS.personality, name)
  }
}
