/**
 * The one place that creates an xterm.js Terminal: DOM renderer (xterm 6's default), fit to its container,
 * coloured for the page's light or dark scheme, and wired to a TerminalSession. Svelte components call
 * `mountTerminal` in an effect and `dispose()` on teardown; everything created here is released there.
 */
import { FitAddon } from '@xterm/addon-fit'
import { Terminal } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import type { ModelEvent, World } from '../smtp'
import { TerminalSession } from './terminal-session'
import { themeFor } from './theme'

export interface MountOptions {
  readonly world: World
  readonly onEvents?: (events: readonly ModelEvent[]) => void
  /** Focus the terminal once it is open, so the learner can type at once. Default true. */
  readonly focus?: boolean
}

export interface MountedTerminal {
  readonly terminal: Terminal
  readonly session: TerminalSession
  dispose(): void
}

/** Fonts tried in order; headless Debian Chromium has only DejaVu Sans Mono, hence the generic last resort. */
export const FONT_FAMILY = '"JetBrains Mono", "Cascadia Mono", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace'

export function mountTerminal(container: HTMLElement, options: MountOptions): MountedTerminal {
  const scheme = container.ownerDocument.defaultView?.matchMedia?.('(prefers-color-scheme: dark)')
  const terminal = new Terminal({
    fontFamily: FONT_FAMILY,
    fontSize: 15,
    lineHeight: 1.2,
    cursorBlink: true,
    scrollback: 5000,
    // Bold reply codes keep their class colour instead of turning into the bright variant.
    drawBoldTextInBrightColors: false,
    theme: themeFor(scheme?.matches ?? false),
  })
  const fit = new FitAddon()
  terminal.loadAddon(fit)
  terminal.open(container)
  const refit = () => {
    // fit() measures the container; with no layout (display:none, jsdom) it leaves the size alone.
    fit.fit()
  }
  refit()

  const session = new TerminalSession({
    world: options.world,
    output: { write: (data) => terminal.write(data) },
    cols: terminal.cols,
    ...(options.onEvents ? { onEvents: options.onEvents } : {}),
  })
  const disposables = [terminal.onData((data) => session.input(data)), terminal.onResize(({ cols }) => session.resize(cols))]

  const observer = new ResizeObserver(refit)
  observer.observe(container)
  const onScheme = (e: MediaQueryListEvent) => (terminal.options.theme = themeFor(e.matches))
  scheme?.addEventListener?.('change', onScheme)
  let disposed = false
  void container.ownerDocument.fonts?.ready.then(() => disposed || refit())

  session.start()
  if (options.focus ?? true) terminal.focus()

  return {
    terminal,
    session,
    dispose() {
      disposed = true
      scheme?.removeEventListener?.('change', onScheme)
      observer.disconnect()
      for (const d of disposables) d.dispose()
      terminal.dispose()
    },
  }
}
