import { fireEvent, render, waitFor, within } from '@testing-library/svelte'
import { afterEach, describe, expect, test } from 'vitest'
import App from '../../src/ui/App.svelte'
import { TerminalController } from '../../src/ui/state/terminal.svelte'
import type { StorageLike } from '../../src/ui/state/preferences.svelte'

/** A browser that has been here: no first-run card (page.spec.ts covers the card on the built site). */
function memory(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>([['smtp-sim:welcome', '1']])
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

async function open(hash = '#/lab') {
  window.location.hash = hash
  const controller = new TerminalController()
  const storage = memory()
  const view = render(App, { controller, storage })
  await controller.ready
  return { view, controller, storage }
}

afterEach(() => {
  window.location.hash = ''
})

/** The side panel is a lazily loaded chunk: on a machine running other suites, compiling it can take seconds. */
const LAZY = { timeout: 10_000 }

describe('the page', () => {
  test('the lab: header, views, the terminal, and the explain pane (loaded after the terminal)', async () => {
    const { view } = await open()
    expect(view.getByRole('heading', { level: 1 }).textContent).toBe('smtp-sim')
    expect(view.getByRole('link', { name: 'Lab' }).getAttribute('aria-current')).toBe('page')
    expect(view.getByTestId('terminal')).toBeInTheDocument()
    await waitFor(() => expect(view.getByTestId('explain-pane')).toBeInTheDocument(), LAZY)
  }, 20_000) // the first test of the file pays for compiling the page and its lazy panes (~4 s alone, more on a busy machine)

  test('a reply is explained, announced once in the live region, and in the transcript', async () => {
    const { view, controller } = await open()
    controller.type('telnet mail.example.com 25\nRCPT TO:<bob@example.com>\n')
    await waitFor(() => expect(view.getByTestId('explain-reply').textContent).toContain('503 5.5.1'), LAZY)
    const live = view.getByTestId('live-region')
    expect(live.getAttribute('aria-live')).toBe('polite')
    expect(within(live).getAllByText(/^503 5\.5\.1 Error: need MAIL command$/)).toHaveLength(1)
    expect(live.textContent).toContain('Connected to mail.example.com.') // telnet's own lines too
    await fireEvent.click(view.getByRole('button', { name: 'Transcript' }))
    const transcript = view.getByTestId('transcript')
    expect(transcript.tagName).toBe('OL')
    expect(transcript.textContent).toContain('RCPT TO:<bob@example.com>')
    // Picking the greeting in the transcript takes it to the explain pane.
    await fireEvent.click(within(transcript).getByRole('button', { name: /220 mail\.example\.com/ }))
    expect(view.getByTestId('explain-reply').textContent).toContain('220 mail.example.com')
    expect(view.getByRole('button', { name: 'Back to the last reply' })).toBeInTheDocument()
  })

  test('the mode bar says DATA and how to end it', async () => {
    const { view, controller } = await open()
    controller.type('telnet mail.example.com 25\nEHLO x\nMAIL FROM:<a@example.com>\nRCPT TO:<bob@example.com>\nDATA\n')
    await waitFor(() => expect(view.getByTestId('data-hint').textContent).toBe('DATA — end with a line holding only .'))
    expect(view.getByTestId('modebar').textContent).toContain('mail.example.com:25 · plaintext')
  })

  test('the eavesdropper sees plaintext before STARTTLS and only noise after', async () => {
    const { view, controller } = await open()
    controller.type('telnet mail.example.com 587\nEHLO x\nSTARTTLS\nEHLO x\nAUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\n')
    await waitFor(() => view.getByRole('button', { name: 'Eavesdropper view' }), LAZY)
    await fireEvent.click(view.getByRole('button', { name: 'Eavesdropper view' }))
    const sniffer = view.getByTestId('eavesdropper').textContent!
    expect(sniffer).toContain('STARTTLS')
    expect(sniffer).not.toContain('AGFsaWNlAHdvbmRlcmxhbmQ=')
    expect(sniffer).toContain('TLS application data')
  })

  test('theme (back to following the system too), text size for all text, and personality are settings that stick', async () => {
    const { view, controller, storage } = await open()
    const theme = view.getByRole('combobox', { name: 'Theme' })
    await fireEvent.change(theme, { target: { value: 'dark' } })
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(storage.data.get('smtp-sim:theme')).toBe('dark')
    await fireEvent.change(theme, { target: { value: 'system' } })
    expect(storage.data.get('smtp-sim:theme')).toBe('system')
    expect(document.documentElement.dataset.theme).toBe('light') // jsdom's system prefers light
    await fireEvent.change(theme, { target: { value: '__proto__' } })
    expect(storage.data.get('smtp-sim:theme')).toBe('system')
    // A+ and A−: named with what they show, and the page's root font size follows the terminal's.
    await fireEvent.click(view.getByRole('button', { name: 'A+ larger text' }))
    expect(storage.data.get('smtp-sim:font-size')).toBe('16')
    expect(document.documentElement.style.getPropertyValue('--font-size')).toBe('16px')
    expect(parseFloat(document.documentElement.style.fontSize)).toBeCloseTo((16 / 15) * 100, 3)
    await fireEvent.click(view.getByRole('button', { name: 'A− smaller text' }))
    expect(document.documentElement.style.fontSize).toBe('100%')
    await fireEvent.change(view.getByRole('combobox', { name: 'Server' }), { target: { value: 'lenient' } })
    expect(controller.personality).toBe('lenient')
    expect(storage.data.get('smtp-sim:personality')).toBe('lenient')
  })

  test('command buttons insert text for the learner to complete', async () => {
    const { view, controller } = await open()
    controller.type('telnet mail.example.com 25\n')
    await waitFor(() => view.getByRole('button', { name: 'MAIL FROM:<' }))
    await fireEvent.click(view.getByRole('button', { name: 'MAIL FROM:<' }))
    expect(controller.line).toBe('MAIL FROM:<')
  })

  test('#/mail opens the mailbox view with the terminal kept (hidden); #/lessons shows the lesson slot', async () => {
    const { view } = await open('#/mail')
    expect(view.getByRole('link', { name: 'Mailboxes' }).getAttribute('aria-current')).toBe('page')
    expect(view.getByRole('region', { name: 'Mailboxes and messages' })).toBeInTheDocument()
    expect(view.getByTestId('terminal')).toBeInTheDocument()
    window.location.hash = '#/lessons/first/1'
    window.dispatchEvent(new HashChangeEvent('hashchange'))
    await waitFor(() => expect(view.getByTestId('lesson-slot')).toBeInTheDocument())
  })

  test('an address that is no page: the lab, a line naming the address (as text), and #/lab in the address bar', async () => {
    const { view } = await open('#/glossary/<img src=x>')
    const notice = view.getByTestId('unknown-address')
    expect(notice.querySelector('code')?.textContent).toBe('#/glossary/<img src=x>')
    expect(notice.querySelector('img')).toBeNull()
    expect(window.location.hash).toBe('#/lab')
    expect(view.getByRole('link', { name: 'Lab' }).getAttribute('aria-current')).toBe('page')
    await fireEvent.click(within(notice).getByRole('button', { name: 'OK' }))
    expect(view.queryByTestId('unknown-address')).toBeNull()
  })
})
