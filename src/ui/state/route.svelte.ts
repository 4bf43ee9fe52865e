/**
 * Hash routing: `#/lab` (the default), `#/mail` (the mailbox inspector), `#/compose`, `#/lessons/<id>/<step>`,
 * and `#/present/<id>/<step>` (that lesson step in presenter mode: `#/lessons/<id>/<step>/present`).
 * The hash never reaches the server, so every deep link works on static hosting (GitHub Pages) from any sub-path.
 */

export type Route =
  | { readonly view: 'lab' }
  | { readonly view: 'mail'; readonly path: readonly string[] }
  | { readonly view: 'compose' }
  | { readonly view: 'lessons'; readonly path: readonly string[] }

export type View = Route['view']

/** The route a location hash stands for; anything unknown is the lab. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p)
      } catch {
        return p
      }
    })
  const [view, ...path] = parts
  if (view === 'mail') return { view: 'mail', path }
  if (view === 'compose') return { view: 'compose' }
  if (view === 'lessons') return { view: 'lessons', path }
  // Presenter mode of a lesson step (the lesson pane reads the trailing "present").
  if (view === 'present') return { view: 'lessons', path: [...path.slice(0, 2), 'present'] }
  return { view: 'lab' }
}

export function hrefOf(route: Route): string {
  const path = 'path' in route ? route.path.map(encodeURIComponent) : []
  return '#/' + [route.view, ...path].join('/')
}

/** A lesson, at a step, in presenter mode or not: `#/lessons/<id>[/<step>][/present]`. */
export function lessonRoute(lesson: string, step: string | null = null, present = false): Route {
  return { view: 'lessons', path: [lesson, ...(step ? [step] : []), ...(present ? ['present'] : [])] }
}

/** The link to a lesson step (hrefOf of lessonRoute). */
export function lessonHref(lesson: string, step: string | null = null, present = false): string {
  return hrefOf(lessonRoute(lesson, step, present))
}

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
