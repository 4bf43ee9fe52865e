/**
 * What the pure model needs from the outside world, injected by the caller (quinn-proto style):
 * the model never reads a clock or draws random numbers itself, so every run is reproducible.
 */

/** Milliseconds since the Unix epoch, as the caller's (possibly simulated) clock says. */
export interface Clock {
  now(): number
}

/** A source of fresh identifiers (queue ids, challenge nonces). Never random inside the model. */
export interface IdSource {
  next(): string
}

/** A clock that only moves when told to: the default for tests and the simulated world. */
export class ManualClock implements Clock {
  #now: number
  constructor(start = Date.UTC(2026, 4, 2, 10, 0, 0)) {
    this.#now = start
  }
  now(): number {
    return this.#now
  }
  advance(ms: number): void {
    this.#now += ms
  }
  set(ms: number): void {
    this.#now = ms
  }
}

/**
 * Postfix-looking queue ids (upper-case hex, 10 characters) from a counter: deterministic, distinct,
 * and plausible on screen. `seed` lets two hosts in one world hand out different ids.
 */
export class CounterIds implements IdSource {
  #n: number
  readonly #prefix: string
  constructor(seed = 0x4a1b2c3d, prefix = '') {
    this.#n = seed
    this.#prefix = prefix
  }
  next(): string {
    this.#n = (this.#n + 0x9e3779b1) >>> 0
    return this.#prefix + this.#n.toString(16).toUpperCase().padStart(8, '0') + (this.#n % 251).toString(16).toUpperCase().padStart(2, '0')
  }
}
