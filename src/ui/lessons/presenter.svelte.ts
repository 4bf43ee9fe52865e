/**
 * Presenter mode, for a projector: large type, only the terminal and the current annotation, stepping by keyboard
 * or a presenter clicker. One flag for the page: the lesson pane turns it on (`#/lessons/<id>/<step>/present`, or
 * its toggle), the page reads it to hide the other panes and enlarge the terminal. While it is on, <html> carries
 * `data-presenting`, so page-level CSS can follow it too.
 */

/** The terminal's font size in presenter mode (px), at least. */
export const PRESENTER_FONT_SIZE = 24

/** The page's root font size in the lab's presenter mode: 28 px at 1280 px wide (its smallest text, 0.85 rem, is then 24 px), up to 40 px on a large screen. */
export const PRESENTER_ROOT_SIZE = 'clamp(16px, 2.2vw, 40px)'

export class PresenterMode {
  active = $state(false)

  /** The terminal font size to use: the learner's, or at least PRESENTER_FONT_SIZE while presenting. */
  fontSize(preferred: number): number {
    return this.active ? Math.max(preferred, PRESENTER_FONT_SIZE) : preferred
  }

  set(on: boolean, root: { dataset: DOMStringMap } | null = typeof document === 'undefined' ? null : document.documentElement): void {
    this.active = on
    if (!root) return
    if (on) root.dataset.presenting = ''
    else delete root.dataset.presenting
  }
}

/** The page's one presenter flag. */
export const presenter = new PresenterMode()
