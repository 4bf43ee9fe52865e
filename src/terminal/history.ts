/**
 * History: the lines a learner entered, walked with ↑/↓ as readline does (xterm-readline's history.ts). Pure: no
 * storage, no DOM. The shell and SMTP sessions each keep their own, so ↑ in a session never offers `telnet …`.
 *
 * Walking back first saves the line being edited (the draft); walking forward past the newest entry gives it back.
 * Entering a line ends the walk. Empty lines and a repeat of the newest entry are not recorded (bash's ignoredups).
 */
export class History {
  readonly #entries: string[] = []
  readonly #limit: number
  /** Index into #entries while walking; #entries.length means "at the draft". */
  #at = 0
  #draft = ''

  constructor(limit = 500) {
    this.#limit = limit
  }

  get entries(): readonly string[] {
    return this.#entries
  }

  /** Record an entered line and end any walk. */
  add(line: string): void {
    if (line.trim() !== '' && this.#entries.at(-1) !== line) {
      this.#entries.push(line)
      if (this.#entries.length > this.#limit) this.#entries.shift()
    }
    this.#at = this.#entries.length
    this.#draft = ''
  }

  /** ↑: the previous entry, or null when there is none (the line stays as it is). */
  back(current: string): string | null {
    if (this.#at === 0) return null
    if (this.#at === this.#entries.length) this.#draft = current
    this.#at--
    return this.#entries[this.#at] ?? null
  }

  /** ↓: the next entry, the draft after the newest, or null when not walking. */
  forward(): string | null {
    if (this.#at >= this.#entries.length) return null
    this.#at++
    return this.#at === this.#entries.length ? this.#draft : (this.#entries[this.#at] ?? null)
  }

  /** Stop walking (e.g. after Ctrl-C), so the next ↑ starts from the newest entry. */
  rewind(): void {
    this.#at = this.#entries.length
    this.#draft = ''
  }

  clear(): void {
    this.#entries.length = 0
    this.rewind()
  }
}
