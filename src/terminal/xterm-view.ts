/**
 * The one place that creates an xterm.js Terminal: DOM renderer (xterm 6's default), fit to its container, coloured
 * for the page's theme. It only displays: keys go out through `onData`, text comes in through `write`. Svelte calls
 * `mountTerminal` in an effect and `dispose()` on teardown; everything created here is released there.
 *
 * Accessibility: xterm's screenReaderMode stays OFF — what the terminal prints is announced once by the page's own
 * aria-live region, and xterm's live region would read it a second time (xterm.js issues 4339 and 5382). The input
 * textarea gets an accessible name. Tab completes in the terminal, as in a shell; Escape then Tab (or Shift-Tab)
 * leaves it, CodeMirror's convention, so there is no keyboard trap (WCAG 2.1.2) and the name says how.
 */
import { FitAddon } from '@xterm/addon-fit'
import { Terminal, type IDecoration, type IMarker } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import { REPLY_OSC } from './reply-mark'
import { FONT_FAMILY, themeFor } from './theme'

export interface MountOptions {
  readonly onData: (data: string) => void
  readonly onResize?: (cols: number) => void
  readonly dark?: boolean
  readonly fontSize?: number
  /** The accessible name of the terminal's input. */
  readonly label?: string
  /** Focus the terminal once it is open. Default true. */
  readonly focus?: boolean
}

export interface MountedTerminal {
  readonly terminal: Terminal
  write(data: string): void
  setTheme(dark: boolean): void
  setFontSize(px: number): void
  /** Mark every reply with this code still in the scrollback (null clears). */
  highlight(code: number | null): void
  focus(): void
  dispose(): void
}


/**
 * Open the terminal so that it draws what is written to it while it is scrolled out of view. xterm pauses its
 * renderer while its element does not intersect the viewport, and draws the whole screen again only when its
 * IntersectionObserver reports that it does (RenderService). On a phone the lesson's text is above the terminal:
 * "Type the next line for me", Solve or a reset write to a terminal below the fold, and until that report comes the
 * terminal shows its old screen — in the frames after it is scrolled into view, in a full-page capture (where the
 * report never comes: the prompt alone under a mode bar saying "SMTP session", at 390×844), and for good where the
 * report is missed (xterm.js issue 2998); the next key drew it. This terminal has a few dozen rows of DOM, so drawing
 * them off-screen costs next to nothing. Its observer counts the whole page as in view (a root margin larger than
 * any page), so xterm still pauses while the terminal is not laid out at all (display:none: a hidden pane), where it
 * could not measure what it draws. xterm makes its observer, from the window's constructor, while it opens: the
 * window has this one for that moment (synchronously, so nothing else sees it).
 */
function openDrawingOffScreen(terminal: Terminal, container: HTMLElement): void {
  const view = container.ownerDocument.defaultView
  const own = view ? Object.getOwnPropertyDescriptor(view, 'IntersectionObserver') : undefined
  const Observer = view?.IntersectionObserver
  if (!view || !own || !Observer) return terminal.open(container)
  class WholePage extends Observer {
    constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
      super(callback, { ...options, rootMargin: '100000px' })
    }
  }
  Object.defineProperty(view, 'IntersectionObserver', { ...own, value: WholePage })
  try {
    terminal.open(container)
  } finally {
    Object.defineProperty(view, 'IntersectionObserver', own)
  }
}

export function mountTerminal(container: HTMLElement, options: MountOptions): MountedTerminal {
  const terminal = new Terminal({
    fontFamily: FONT_FAMILY,
    fontSize: options.fontSize ?? 15,
    lineHeight: 1.2,
    cursorBlink: true,
    scrollback: 5000,
    screenReaderMode: false,
    // Bold reply codes keep their class colour instead of turning into the bright variant.
    drawBoldTextInBrightColors: false,
    theme: themeFor(options.dark ?? false),
    // Decorations (the highlight of a reply) are still "proposed" API in xterm 6.
    allowProposedApi: true,
  })
  const fit = new FitAddon()
  terminal.loadAddon(fit)
  openDrawingOffScreen(terminal, container)
  let disposed = false
  /**
   * Fit the terminal to its container, but only while the container is laid out. A hidden pane (display:none, the
   * lab's terminal while the mailboxes are shown) still has a computed width and height of "100%", which FitAddon
   * reads as 100 px: the terminal shrank to a few columns, the line being edited was cut, and coming back left the
   * prompt erased and the next command echoed onto the last line of output (issue 10 item 1). Skipping the fit while
   * hidden keeps the screen exactly as it was; the observer fits again when the pane is shown.
   * The resize waits until xterm has parsed everything written before it, so the line editor's redraw (which the
   * resize triggers) starts from the layout it computed its output for.
   */
  const laidOut = () => container.isConnected && container.clientWidth > 0 && container.clientHeight > 0
  const refit = () => {
    if (disposed || !laidOut()) return
    terminal.write('', () => {
      if (!disposed && laidOut()) fit.fit()
    })
  }
  if (laidOut()) fit.fit()
  terminal.textarea?.setAttribute('aria-label', options.label ?? 'Terminal')
  // Tab goes to the shell (completion). After Escape, Tab is the browser's again and moves the focus on; Shift-Tab
  // always moves it back. Returning false leaves the event to the browser.
  let escaped = false
  terminal.attachCustomKeyEventHandler((event) => {
    if (event.key === 'Tab') {
      const leave = escaped || event.shiftKey
      if (event.type === 'keydown') escaped = false
      return !leave
    }
    if (event.type === 'keydown' && !['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) escaped = event.key === 'Escape'
    return true
  })
  terminal.textarea?.addEventListener('blur', () => (escaped = false))

  // Replies carry an invisible OSC mark (render.ts): keep a marker on each reply's first line, for highlights.
  const replies: { code: number; lines: number; marker: IMarker }[] = []
  let decorations: IDecoration[] = []
  let highlighted: number | null = null
  const highlight = (code: number | null) => {
    highlighted = code
    for (const d of decorations) d.dispose()
    decorations = []
    if (code === null) return
    for (const r of replies) {
      if (r.code !== code || r.marker.isDisposed) continue
      const decoration = terminal.registerDecoration({ marker: r.marker, width: terminal.cols, height: r.lines, layer: 'top' })
      decoration?.onRender((element) => element.classList.add('reply-highlight'))
      if (decoration) decorations.push(decoration)
    }
  }
  const disposables = [
    terminal.onData((data) => options.onData(data)),
    terminal.onResize(({ cols }) => options.onResize?.(cols)),
    terminal.parser.registerOscHandler(REPLY_OSC, (data) => {
      const [code = 0, lines = 1] = data.split(';').map(Number)
      const marker = terminal.registerMarker(0)
      replies.push({ code, lines, marker })
      if (replies.length > 2000) replies.shift()?.marker.dispose()
      if (code === highlighted) highlight(code)
      return true
    }),
  ]
  const observer = new ResizeObserver(refit)
  observer.observe(container)
  void container.ownerDocument.fonts?.ready.then(() => disposed || refit())
  if (options.focus ?? true) terminal.focus()

  return {
    terminal,
    write: (data) => terminal.write(data),
    setTheme: (dark) => (terminal.options.theme = themeFor(dark)),
    setFontSize(px) {
      if (terminal.options.fontSize === px) return
      terminal.options.fontSize = px
      refit()
    },
    highlight,
    focus: () => terminal.focus(),
    dispose() {
      disposed = true
      observer.disconnect()
      for (const d of disposables) d.dispose()
      terminal.dispose()
    },
  }
}
