/**
 * Hash routing: `#/lab` (the default), `#/mail` (the mailbox inspector), `#/compose`, `#/lessons/<id>/<step>`,
 * `#/present/<id>/<step>` (that lesson step in presenter mode: `#/lessons/<id>/<step>/present`), `#/explain` (the
 * transcript explainer) and `#/s/<payload>` (a shared lab session: the lab, which plays it).
 * The hash never reaches the server, so every deep link works on static hosting (GitHub Pages) from any sub-path.
 */
import { hrefOf, parseRoute, type Route } from './routes'

export { hrefOf, lessonHref, lessonRoute, parseRoute, type Route, type View } from './routes'

interface HashWindow {
  readonly location: { hash: string }
  readonly history?: { readonly state: unknown; replaceState(data: unknown, unused: string, url: string): void }
  addEventListener(type: 'hashchange', listener: () => void): void
  removeEventListener(type: 'hashchange', listener: () => void): void
}

export class Router {
  route = $state.raw<Route>({ view: 'lab' })
  readonly #window: HashWindow
  readonly #listener = () => (this.route = parseRoute(this.#window.location.hash))

  constructor(window: HashWindow) {
    this.#window = window
    this.#listener()
    window.addEventListener('hashchange', this.#listener)
  }

  go(route: Route): void {
    this.#window.location.hash = hrefOf(route)
    this.route = route
  }

  /** Show a route without a new history entry: stepping through a lesson is not navigation history. */
  replace(route: Route): void {
    const href = hrefOf(route)
    if (this.#window.location.hash !== href) {
      if (this.#window.history) this.#window.history.replaceState(this.#window.history.state, '', href)
      else this.#window.location.hash = href
    }
    this.route = route
  }

  dispose(): void {
    this.#window.removeEventListener('hashchange', this.#listener)
  }
}
