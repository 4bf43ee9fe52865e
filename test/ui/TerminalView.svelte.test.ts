import { render } from '@testing-library/svelte'
import { expect, test } from 'vitest'
import { World, type ModelEvent } from '../../src/smtp'
import type { MountedTerminal } from '../../src/terminal/xterm-view'
import TerminalView from '../../src/ui/TerminalView.svelte'

/** The terminal's buffer as text lines (jsdom paints nothing, but xterm's buffer is complete). */
function lines(mounted: MountedTerminal): string[] {
  const buffer = mounted.terminal.buffer.active
  const out = Array.from({ length: buffer.length }, (_, i) => buffer.getLine(i)?.translateToString(true).trimEnd() ?? '')
  while (out.at(-1) === '') out.pop()
  return out
}

/** Wait until xterm has parsed everything written so far. */
const settled = (mounted: MountedTerminal) => new Promise<void>((resolve) => mounted.terminal.write('', resolve))

function renderTerminal() {
  let mounted: MountedTerminal | undefined
  const events: ModelEvent[] = []
  const view = render(TerminalView, { world: new World(), onready: (m: MountedTerminal) => (mounted = m), onevents: (e: readonly ModelEvent[]) => events.push(...e) })
  if (!mounted) throw new Error('onready was not called')
  return { view, mounted, events }
}

test('renders the terminal container with the greeting in it', async () => {
  const { view, mounted } = renderTerminal()
  const container = view.getByTestId('terminal')
  expect(container).toBeInTheDocument()
  expect(container.querySelector('.xterm')).not.toBeNull()
  await settled(mounted)
  expect(lines(mounted)).toContain('220 mail.example.com ESMTP Postfix')
})

test('what is typed into the terminal reaches the model, and the reply appears', async () => {
  const { mounted, events } = renderTerminal()
  mounted.terminal.input('EHLO client.example.net\r') // as if typed (xterm fires onData)
  await settled(mounted)
  expect(lines(mounted)).toContain('250-mail.example.com')
  expect(events.some((e) => e.type === 'helo')).toBe(true)
})

test('unmounting disposes the terminal', async () => {
  const { view, mounted } = renderTerminal()
  await settled(mounted)
  view.unmount()
  expect(view.container.querySelector('.xterm')).toBeNull()
})
