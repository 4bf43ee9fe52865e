/**
 * A component in a chunk of its own, fetched the first time it is shown and at hand at once after that (issue 13: a
 * lesson's text paints without the parts it does not show). A failed fetch (offline) is reported and can be tried
 * again.
 */
import type { Component } from 'svelte'

// Props of any shape: each Lazy is typed by the component it loads.
export class Lazy<P extends Record<string, any>> {
  readonly #fetch: () => Promise<{ default: Component<P> }>
  #pending: Promise<Component<P>> | null = null
  #component = $state.raw<Component<P> | null>(null)
  /** The last fetch failed (until it is tried again). */
  failed = $state(false)

  constructor(fetch: () => Promise<{ default: Component<P> }>) {
    this.#fetch = fetch
  }

  /** The component once fetched, else null; reading it starts the fetch. */
  get current(): Component<P> | null {
    if (this.#component === null && !this.failed) void this.load().catch(() => undefined)
    return this.#component
  }

  /** Fetch it (once; again after a failure). */
  load(): Promise<Component<P>> {
    this.#pending ??= this.#fetch().then(
      (module) => (this.#component = module.default),
      (error: unknown) => {
        this.#pending = null
        this.failed = true
        throw error
      },
    )
    return this.#pending
  }

  retry(): void {
    this.failed = false
    void this.load().catch(() => undefined)
  }
}
