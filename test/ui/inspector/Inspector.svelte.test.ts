import { render, screen, waitFor, within } from '@testing-library/svelte'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, test, vi } from 'vitest'
import Inspector from '../../../src/ui/inspector/Inspector.svelte'
import { deliverAnother, mailWorld } from './world-fixture'

/** jsdom's Blob has no arrayBuffer(); FileReader it is. */
const readBlob = (blob: Blob) =>
  new Promise<ArrayBuffer>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as ArrayBuffer)
    reader.onerror = () => reject(reader.error)
    reader.readAsArrayBuffer(blob)
  })

afterEach(() => {
  vi.restoreAllMocks()
})

async function openMessage(user: ReturnType<typeof userEvent.setup>, mailbox: RegExp, subject: RegExp) {
  await user.click(screen.getByRole('button', { name: mailbox }))
  await user.click(screen.getByRole('button', { name: subject }))
}

test('lists every host and mailbox with its message count', () => {
  render(Inspector, { world: mailWorld(), revision: 0 })
  const nav = screen.getByRole('navigation', { name: 'Hosts and mailboxes' })
  for (const host of ['mail.example.com', 'mx.example.net', 'client.example.net']) expect(within(nav).getByRole('heading', { name: new RegExp(host) })).toBeInTheDocument()
  expect(within(nav).getByRole('button', { name: /^alice 1 message$/ })).toBeInTheDocument()
  expect(within(nav).getByRole('button', { name: /^dave 0 messages$/ })).toBeInTheDocument()
  expect(screen.getByText(/4 messages in the world/)).toBeInTheDocument()
})

test('shows a message: the Bcc recipient stands out, HTML only in a sandboxed frame, nothing of it in the page', async () => {
  const user = userEvent.setup()
  const { container } = render(Inspector, { world: mailWorld(), revision: 0 })
  await user.click(screen.getAllByRole('button', { name: /^bob 1 message$/ })[0]!)
  await user.click(screen.getByRole('button', { name: /Grüße from the lab/ }))
  expect(screen.getByRole('heading', { level: 3, name: 'Grüße from the lab' })).toHaveFocus()

  const table = await screen.findByRole('table', { name: /envelope and header side by side/ })
  const bobRow = within(table).getByText('bob@example.com').closest('tr')!
  expect(bobRow).toHaveTextContent(/RCPT TO.*envelope only — a Bcc/)
  expect(bobRow).toHaveTextContent('this copy')
  expect(within(table).getByText('alice@example.com').closest('tr')).toHaveTextContent(/RCPT TO\s*To/)

  expect(screen.getByText('Hello Alice <b>not bold</b>', { exact: false }).tagName).toBe('PRE') // text as text
  const frame = container.querySelector('iframe')!
  expect(frame.getAttribute('sandbox')).toBe('')
  expect(frame.getAttribute('srcdoc')).toMatch(/^<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">/)
  expect(frame.getAttribute('srcdoc')).toContain('<script>document.title = "pwned"</script>')
  expect(container.querySelector('script, #evil, img')).toBeNull() // the message's markup is never part of the page
  expect(screen.getByText(/Not loaded.*https:\/\/tracker\.example\/pixel\.png/)).toBeInTheDocument()

  await user.click(screen.getByRole('button', { name: 'HTML source' }))
  expect(container.querySelector('iframe')).toBeNull()
  expect(screen.getByText(/<p id="evil">/).tagName).toBe('PRE')
})

test('the header tab numbers Received: lines from the bottom up; the MIME and source tabs show the parts and the bytes', async () => {
  const user = userEvent.setup()
  render(Inspector, { world: mailWorld(), revision: 0 })
  await openMessage(user, /^carol 1 message$/, /Relayed/)
  await user.click(screen.getByRole('tab', { name: 'Header' }))
  const trace = screen.getByRole('region', { name: 'Trace fields' })
  expect(within(trace).getByText(/from the bottom up/)).toBeInTheDocument()
  const labels = within(trace).getAllByText(/./, { selector: '.label' }).map((e) => e.textContent)
  expect(labels).toEqual(['Return-Path', 'X-Original-To', 'Delivered-To', 'Received, hop 2 of 2', 'Received, hop 1 of 2'])
  expect(within(screen.getByRole('region', { name: 'All header fields' })).getAllByRole('listitem')).toHaveLength(9) // with the DKIM-Signature

  // Arrow keys move between the tabs.
  screen.getByRole('tab', { name: 'Header' }).focus()
  await user.keyboard('{ArrowRight}')
  expect(screen.getByRole('tab', { name: 'MIME tree' })).toHaveAttribute('aria-selected', 'true')
  expect(screen.getByRole('tab', { name: 'MIME tree' })).toHaveFocus()
  expect(await screen.findByText('text/plain')).toBeInTheDocument()

  await user.click(screen.getByRole('tab', { name: 'Source' }))
  const pre = screen.getByText(/^Return-Path: <student@client\.example\.net>/)
  expect(pre.tagName).toBe('PRE')
  expect(pre.textContent).toContain('Subject: Relayed')
})

test('a DSN gets a delivery status view with the fields explained', async () => {
  const user = userEvent.setup()
  render(Inspector, { world: mailWorld(), revision: 0 })
  await openMessage(user, /^student 1 message$/, /Undelivered Mail Returned to Sender/)
  await user.click(await screen.findByRole('tab', { name: 'Delivery status' }))
  expect(screen.getByText('Reporting-MTA')).toBeInTheDocument()
  expect(screen.getByText('dns; client.example.net')).toBeInTheDocument()
  expect(screen.getByText('5.4.4')).toBeInTheDocument()
  expect(screen.getByText(/Permanent failure.*unable to route/)).toBeInTheDocument()
  expect(screen.getByText(/could not be delivered, and the MTA has given up/)).toBeInTheDocument()
  for (const name of ['Arrival-Date', 'Final-Recipient', 'Action', 'Status', 'Diagnostic-Code']) expect(screen.getByText(name)).toBeInTheDocument()
  await user.click(screen.getByRole('tab', { name: 'Envelope and body' }))
  expect(screen.getByText('the null sender: a bounce')).toBeInTheDocument()
})

test('"Download .eml" saves exactly the stored bytes', async () => {
  const user = userEvent.setup()
  const world = mailWorld()
  const saved: Blob[] = []
  URL.createObjectURL = vi.fn((b: Blob) => (saved.push(b), 'blob:eml'))
  URL.revokeObjectURL = vi.fn()
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
  render(Inspector, { world, revision: 0 })
  await openMessage(user, /^alice 1 message$/, /Grüße/)
  await user.click(screen.getByRole('button', { name: 'Download .eml' }))
  expect(click).toHaveBeenCalledOnce()
  expect((click.mock.contexts[0] as HTMLAnchorElement).download).toMatch(/^[0-9A-F]+-alice\.eml$/)
  const bytes = new Uint8Array(await readBlob(saved[0]!))
  expect(bytes).toEqual(world.host('mail.example.com')!.mailbox('alice')[0]!.content)
  expect(saved[0]!.type).toBe('message/rfc822')
})

test('takes a new look at the world when the revision changes', async () => {
  const user = userEvent.setup()
  const world = mailWorld()
  const view = render(Inspector, { world, revision: 0 })
  await user.click(screen.getByRole('button', { name: /^alice 1 message$/ }))
  deliverAnother(world, 'Second one')
  expect(screen.queryByRole('button', { name: /Second one/ })).toBeNull()
  await view.rerender({ world, revision: 1 })
  await waitFor(() => expect(screen.getByRole('button', { name: /^alice 2 messages$/ })).toBeInTheDocument())
  expect(screen.getByRole('button', { name: /Second one/ })).toBeInTheDocument()
})
