import { render } from '@testing-library/svelte'
import { expect, test } from 'vitest'
import type { MountedTerminal } from '../../src/terminal/xterm-view'
import TerminalView from '../../src/ui/TerminalView.svelte'
import { TerminalController } from '../../src/ui/state/terminal.svelte'

/** The terminal's buffer as text lines (jsdom paints nothing, but xterm's buffer is complete). */
function lines(mounted: MountedTerminal): string[] {
  const buffer = mounted.terminal.buffer.active
  const out = Array.from({ length: buffer.length }, (_, i) => buffer.getLine(i)?.translateToString(true).trimEnd() ?? '')
  while (out.at(-1) === '') out.pop()
  return out
}

/** Wait until xterm has parsed everything written so far. */
const settled = (mounted: MountedTerminal) => new Promise<void>((resolve) => mounted.terminal.write('', resolve))

async function renderTerminal() {
  let mounted: MountedTerminal | undefined
  const controller = new TerminalController()
  const view = render(TerminalView, { controller, label: 'Terminal on client.example.net', onready: (m: MountedTerminal) => (mounted = m) })
  if (!mounted) throw new Error('onready was not called')
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
})

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
  let mounted: MountedTerminal | undefined
  const controller = new TerminalController()
  render(TerminalView, { controller, onready: (m: MountedTerminal) => (mounted = m) })
  mounted!.terminal.input('dig +short MX example.net\r')
  await controller.ready
  await settled(mounted!)
  expect(lines(mounted!)).toContain('10 mx.example.net.')
})

test('unmounting disposes the terminal', async () => {
  const { view } = await renderTerminal()
  view.unmount()
  expect(view.container.querySelector('.xterm')).toBeNull()
})
