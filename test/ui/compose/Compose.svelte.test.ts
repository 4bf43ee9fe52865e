import { fireEvent, render, screen, within } from '@testing-library/svelte'
import userEvent from '@testing-library/user-event'
import { expect, test, vi } from 'vitest'
import Compose from '../../../src/ui/compose/Compose.svelte'

const fixed = { now: () => Date.UTC(2026, 4, 2, 10, 0, 0), newId: () => 'test.1' }

function setup() {
  const onsend = vi.fn<(text: string) => void>()
  const user = userEvent.setup()
  const view = render(Compose, { onsend, from: 'student@client.example.net', ...fixed })
  return { onsend, user, view }
}

const status = () => screen.getByText(/not ready to send|ready to send|Not JSON|Fill in To/).closest('.status') as HTMLElement

test('starts with the learner as From and no error before any input; a try to send says what is missing', async () => {
  const { user, onsend } = setup()
  expect(screen.getByLabelText('From')).toHaveValue('student@client.example.net')
  expect(within(status()).getByText(/^Fill in To/)).toBeInTheDocument()
  expect(screen.queryByText(/is required/)).toBeNull()
  expect(screen.getByLabelText('To')).toHaveAttribute('aria-invalid', 'false')
  await user.click(screen.getByRole('button', { name: 'Send in the terminal' }))
  expect(onsend).not.toHaveBeenCalled()
  expect(within(status()).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['To is required'])
  expect(screen.getByLabelText('To')).toHaveAttribute('aria-invalid', 'true')
})

test('fields are named as the form names them, not by their schema path', () => {
  setup()
  expect(screen.getByLabelText('MIME type (optional)')).toBeInTheDocument()
  expect(screen.queryByText('body.mimeType')).toBeNull()
})

test('speaks to the learner in their words: no "schema" on the form or the JSON tab, with errors or without', async () => {
  const { user, view } = setup()
  const words = () => view.container.textContent ?? ''
  expect(words()).not.toMatch(/schema/i)
  await user.type(screen.getByLabelText('To'), 'not-an-address')
  expect(within(status()).getByText(/not ready to send \(1 problem\)/)).toBeInTheDocument()
  expect(words()).not.toMatch(/schema/i)
  await user.click(screen.getByRole('tab', { name: 'JSON' }))
  expect(words()).not.toMatch(/schema/i)
})

test('shows field-by-field errors as the schema words them, next to the field too', async () => {
  const { user } = setup()
  await user.type(screen.getByLabelText('To'), 'alice@example.com, not-an-address')
  await user.type(screen.getByLabelText('Date'), 'tomorrow')
  const list = within(status()).getAllByRole('listitem').map((li) => li.textContent)
  expect(list).toEqual([
    'To, address 2 must be an email address (format "email"), like alice@example.com',
    'Date must be an RFC 3339 date-time (format "date-time"), like 2026-05-02T10:00:00Z',
  ])
  expect(screen.getByLabelText('To')).toHaveAttribute('aria-invalid', 'true')
  expect(screen.getByLabelText('To')).toHaveAccessibleDescription(/To, address 2 must be an email address/)
  expect(screen.getByLabelText('Subject')).toHaveAttribute('aria-invalid', 'false')
})

test('builds the message and the transaction, and sends the client text with Bcc only in RCPT TO', async () => {
  const { user, onsend } = setup()
  await user.type(screen.getByLabelText('To'), 'alice@example.com')
  await user.type(screen.getByLabelText('Bcc'), 'bob@example.com')
  await user.type(screen.getByLabelText('Subject'), 'Hello')
  await user.type(screen.getByLabelText('Plain text (text/plain)'), 'Hi Alice{Enter}.a dot line')
  expect(within(status()).getByText('A complete message, ready to send.')).toBeInTheDocument()
  expect(screen.getByText(/Bcc: its addresses are RCPT TO recipients only/)).toBeInTheDocument()

  await user.click(screen.getByRole('button', { name: 'Send in the terminal' }))
  expect(onsend).toHaveBeenCalledOnce()
  const text = onsend.mock.calls[0]![0]
  expect(text).toMatch(/^EHLO client\.example\.net\r\nMAIL FROM:<student@client\.example\.net>\r\nRCPT TO:<alice@example\.com>\r\nRCPT TO:<bob@example\.com>\r\nDATA\r\n/)
  expect(text).toContain('Date: Sat, 02 May 2026 10:00:00 +0000\r\nMessage-ID: <test.1@client.example.net>\r\n')
  expect(text).toContain('\r\n\r\nHi Alice\r\n..a dot line\r\n.\r\nQUIT\r\n')
  expect(text).not.toMatch(/^Bcc:/m)
  expect(screen.getByRole('status')).toHaveTextContent('Sent to the terminal.')
})

test('says that port 25 of mail.example.com refuses other domains', async () => {
  const { user } = setup()
  expect(screen.getByText(/Relay access denied/)).toBeInTheDocument()
  await user.type(screen.getByLabelText('To'), 'carol@example.net')
  expect(screen.getByText('Here that is carol@example.net.')).toBeInTheDocument()
})

test('the JSON tab edits the same object; its errors follow the schema too', async () => {
  const { user, onsend } = setup()
  await user.type(screen.getByLabelText('To'), 'alice@example.com')
  await user.type(screen.getByLabelText('Subject'), 'From the form')
  await user.click(screen.getByRole('tab', { name: 'JSON' }))
  const json = screen.getByLabelText('The message as JSON') as HTMLTextAreaElement
  expect(JSON.parse(json.value)).toEqual({ from: 'student@client.example.net', to: 'alice@example.com', subject: 'From the form' })

  await fireEvent.input(json, { target: { value: '{ "from": "student@client.example.net", "to": [], "subject": 1, "attachments": [{ "filename": "a" }] }' } })
  expect(within(status()).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['to must have at least 1 item', 'subject must be a string', 'attachments[0].contentType is required'])

  await fireEvent.input(json, { target: { value: '{ "from": ' } })
  expect(within(status()).getByText(/^Not JSON/)).toBeInTheDocument()

  await fireEvent.input(json, { target: { value: JSON.stringify({ from: 'student@client.example.net', to: ['alice@example.com'], subject: 'From JSON', attachments: [{ filename: 'a.pdf', contentType: 'application/pdf' }] }) } })
  expect(within(status()).getByText('A complete message, ready to send.')).toBeInTheDocument()
  await user.click(screen.getByRole('tab', { name: 'Form' }))
  expect(screen.getByLabelText('Subject')).toHaveValue('From JSON')
  expect(screen.getByLabelText('File name')).toHaveValue('a.pdf')
  await user.click(screen.getByRole('button', { name: 'Send in the terminal' }))
  expect(onsend.mock.calls[0]![0]).toContain('Content-Type: multipart/mixed;')
})

test('the tabs work from the keyboard', async () => {
  const { user } = setup()
  screen.getByRole('tab', { name: 'Form' }).focus()
  await user.keyboard('{ArrowRight}')
  expect(screen.getByRole('tab', { name: 'JSON' })).toHaveAttribute('aria-selected', 'true')
  expect(screen.getByRole('tab', { name: 'JSON' })).toHaveFocus()
  await user.keyboard('{Home}')
  expect(screen.getByRole('tab', { name: 'Form' })).toHaveFocus()
})

test('attachments can be added and removed; a size that is not an integer is a schema error', async () => {
  const { user } = setup()
  await user.type(screen.getByLabelText('To'), 'alice@example.com')
  await user.click(screen.getByRole('button', { name: 'Add an attachment' }))
  await user.type(screen.getByLabelText('File name'), 'notes.txt')
  await user.type(screen.getByLabelText('Size (bytes)'), 'big')
  expect(within(status()).getByText(/^Attachment 1, size must be/)).toBeInTheDocument()
  await user.click(screen.getByRole('button', { name: 'Remove attachment 1' }))
  expect(within(status()).getByText('A complete message, ready to send.')).toBeInTheDocument()
})
