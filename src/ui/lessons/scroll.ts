/**
 * Keeping the line a reader is on in view, inside the pane that scrolls: centred in the part of the pane its sticky
 * step bar leaves visible, or just brought into view. Only the nearest scrolling ancestor moves (the page around the
 * panes stays put); where the page itself scrolls (a phone's stacked panes), the window does.
 */

/** The nearest ancestor that scrolls vertically, or null for the page itself. */
function scroller(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY
    if ((overflow === 'auto' || overflow === 'scroll') && p.scrollHeight > p.clientHeight) return p
  }
  return null
}

/** How much of the bottom of the view sticky bars inside it cover (the lesson pane's step bar). */
function coveredBelow(container: HTMLElement | null): number {
  const bar = (container ?? document).querySelector<HTMLElement>('footer.nav')
  return bar ? bar.getBoundingClientRect().height : 0
}

/**
 * Bring `el` into view (`centre`: centred in the visible part). `page: false` leaves the page alone when it is what
 * scrolls (on a phone, a try step's result must not pull the terminal the learner types in off the screen).
 */
export function keepInView(el: HTMLElement, centre: boolean, { page = true }: { readonly page?: boolean } = {}): void {
  if (typeof getComputedStyle !== 'function' || typeof el.getBoundingClientRect !== 'function') return
  const box = scroller(el)
  if (!box && !page) return
  const view = box ? box.getBoundingClientRect() : { top: 0, height: window.innerHeight }
  const margin = 8
  const visible = view.height - coveredBelow(box) - margin
  const rect = el.getBoundingClientRect()
  if (rect.height === 0) return // not laid out (hidden, or no layout engine)
  const top = rect.top - view.top
  let delta = 0
  if (centre && rect.height < visible) delta = top - (visible - rect.height) / 2
  else if (top < margin) delta = top - margin
  else if (top + Math.min(rect.height, visible) > visible) delta = top + Math.min(rect.height, visible) - visible
  if (Math.abs(delta) < 1) return
  if (box) box.scrollTop += delta
  else window.scrollBy(0, delta)
}
