import { render } from '@testing-library/svelte'
import { expect, test } from 'vitest'
import type { MountedTerminal } from '../../src/terminal/xterm-view'
import TerminalView from '../../src/ui/TerminalView.svelte'
import { SESSION_KEY, TerminalController } from '../../src/ui/state/terminal.svelte'

/** The terminal's buffer as text lines (jsdom paints nothing, but xterm's buffer is complete). */
function lines(mounted: MountedTerminal): string[] {
  const buffer = mounted.terminal.buffer.active
  const out = Array.from({ length: buffer.length }, (_, i) => buffer.getLine(i)?.translateToString(true).trimEnd() ?? '')
  while (out.at(-1) === '') out.pop()
  return out
}

/** Wait until xterm has parsed everything written so far. */
const settled = (mounted: MountedTerminal) => new Promise<void>((resolve) => mounted.terminal.write('', resolve))

/** xterm is a module of its own, imported once the controller has started: onready says when it is open. */
function opened(): { onready: (m: MountedTerminal) => void; mounted: Promise<MountedTerminal> } {
  let onready: (m: MountedTerminal) => void = () => {}
  const mounted = new Promise<MountedTerminal>((resolve) => (onready = resolve))
  return { onready, mounted }
}

async function renderTerminal() {
  const { onready, mounted: open } = opened()
  const controller = new TerminalController()
  const view = render(TerminalView, { controller, label: 'Terminal on client.example.net', onready })
  const mounted = await open
  await controller.ready
  await settled(mounted)
  return { view, mounted, controller }
}

test('renders the terminal container, named for assistive technology, with the shell prompt in it', async () => {
  const { view, mounted } = await renderTerminal()
  const container = view.getByTestId('terminal')
  expect(container.querySelector('.xterm')).not.toBeNull()
  expect(container.querySelector('textarea')?.getAttribute('aria-label')).toBe('Terminal on client.example.net')
  expect(mounted.terminal.options.screenReaderMode).toBe(false)
  expect(lines(mounted).at(-1)).toBe('student@client:~$')
}, 20_000) // the first test of the file pays for compiling xterm's module (seconds on a busy machine)

test('what is typed into the terminal reaches the shell, and through it the model', async () => {
  const { mounted, controller } = await renderTerminal()
  mounted.terminal.input('telnet mail.example.com 25\r') // as if typed (xterm fires onData)
  mounted.terminal.input('EHLO client.example.net\r')
  await settled(mounted)
  expect(lines(mounted)).toContain('220 mail.example.com ESMTP Postfix')
  expect(lines(mounted)).toContain('250-mail.example.com')
  expect(controller.events.some((e) => e.type === 'helo')).toBe(true)
  expect(controller.mode).toBe('smtp')
})

test('keys typed before the model has loaded are kept and processed in order', async () => {
  const { onready, mounted: open } = opened()
  const controller = new TerminalController()
  render(TerminalView, { controller, onready })
  const mounted = await open
  mounted.terminal.input('dig +short MX example.net\r')
  await controller.ready
  await settled(mounted)
  expect(lines(mounted)).toContain('10 mx.example.net.')
})

test('a deferred terminal starts when reached for, and keeps the keys typed into its frame before xterm is here', async () => {
  const { onready, mounted: open } = opened()
  const controller = new TerminalController({ deferred: true })
  const view = render(TerminalView, { controller, label: 'Terminal', onready })
  const frame = view.getByTestId('terminal')
  await new Promise((r) => setTimeout(r, 50))
  expect(controller.started).toBe(false) // nothing fetched: no xterm, no model
  expect(frame.querySelector('.xterm')).toBeNull()
  expect(frame.getAttribute('tabindex')).toBe('0')
  // Meanwhile the frame shows what xterm will show first: the host's welcome and the prompt (issue 13 §2).
  const early = frame.querySelector('pre.early')
  expect(early?.textContent).toContain('Type help for the commands, or start with: telnet mail.example.com 25')
  expect(early?.textContent?.trimEnd().endsWith('student@client:~$')).toBe(true)
  // Typed at once, before xterm can be here (then keys go to xterm's own input, which has the focus).
  for (const key of [...'mailq', 'Enter']) frame.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
  expect(controller.started).toBe(true)
  const mounted = await open
  await controller.ready
  await settled(mounted)
  expect(lines(mounted)).toContain('Mail queue is empty')
  expect(frame.hasAttribute('tabindex')).toBe(false) // xterm's own input has the keys now
  expect(frame.querySelector('pre.early')).toBeNull() // xterm's screen took its place
  expect(lines(mounted)).toContain('Type help for the commands, or start with: telnet mail.example.com 25')
})

test('a terminal that opens on a saved session shows no welcome before xterm: the saved screen comes back instead', async () => {
  const storage = new Map<string, string>()
  const store = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) }
  storage.set(SESSION_KEY, 'not a recording')
  const controller = new TerminalController({ storage: store, deferred: true })
  expect(controller.restoring).toBe(true)
  const view = render(TerminalView, { controller, label: 'Terminal' })
  expect(view.getByTestId('terminal').querySelector('pre.early')).toBeNull()
  await controller.ready.catch(() => {})
})

test('unmounting disposes the terminal', async () => {
  const { view } = await renderTerminal()
  view.unmount()
  expect(view.container.querySelector('.xterm')).toBeNull()
})
