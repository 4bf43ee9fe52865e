/**
 * The routes of the page, as plain functions (no runes; route.svelte.ts's Router follows the address with them):
 * `#/lab` (the default), `#/mail`, `#/compose`, `#/lessons/<id>/<step>`, `#/present/<id>/<step>`
 * (`#/lessons/<id>/<step>/present`), `#/present/lab` (the lab in presenter mode), `#/explain` (the transcript
 * explainer) and `#/s/<payload>` (a shared lab session: the lab, which plays it).
 */

export type Route =
  /**
   * `present`: the lab in presenter mode (`#/present/lab`): the terminal and the explain pane, large type.
   * `shared`: the payload of a share link to play (src/ui/see/share.ts).
   * `unknown`: the address asked for, which is no page of this site (a mistyped or outdated link): the lab says so.
   */
  | { readonly view: 'lab'; readonly present?: boolean; readonly shared?: string; readonly unknown?: string }
  | { readonly view: 'mail'; readonly path: readonly string[] }
  | { readonly view: 'compose' }
  | { readonly view: 'lessons'; readonly path: readonly string[] }
  | { readonly view: 'explain' }

export type View = Route['view']

/** The route a location hash stands for; anything unknown is the lab, which names what was asked for. */
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
  if (view === 'present' && path[0] === 'lab' && path.length === 1) return { view: 'lab', present: true }
  if (view === 'explain') return { view: 'explain' }
  if (view === 's') return { view: 'lab', shared: path.join('/') }
  // Presenter mode of a lesson step (the lesson pane reads the trailing "present").
  if (view === 'present') return { view: 'lessons', path: [...path.slice(0, 2), 'present'] }
  if (view === undefined || view === 'lab') return { view: 'lab' }
  return { view: 'lab', unknown: '#/' + parts.join('/') }
}

export function hrefOf(route: Route): string {
  if (route.view === 'lab' && route.present) return '#/present/lab'
  if (route.view === 'lab' && route.shared !== undefined) return `#/s/${route.shared}`
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
