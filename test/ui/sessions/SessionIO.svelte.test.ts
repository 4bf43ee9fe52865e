import { fireEvent, render, screen, within } from '@testing-library/svelte'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, test, vi } from 'vitest'
import { World, wireOf, type ModelEvent } from '../../../src/smtp'
import SessionIO from '../../../src/ui/sessions/SessionIO.svelte'
import { clientEntry, serverEntries, type TranscriptEntry } from '../../../src/ui/sessions/transcript'

/** A live session: its transcript entries, and the model events they came with (into `events`). */
function liveTranscript(lines: readonly string[], events: ModelEvent[]): TranscriptEntry[] {
  const connection = new World().host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' })
  const seen = (e: ModelEvent[]) => (events.push(...e), wireOf(e))
  const entries = serverEntries(seen(connection.start()))
  for (const line of lines) entries.push(clientEntry(line), ...serverEntries(seen(connection.receive(line + '\r\n'))))
  return entries
}

const events: ModelEvent[] = []
const transcript = liveTranscript(['EHLO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<alice@example.com>', 'DATA', 'Subject: hi\r\n\r\nhello\r\n.', 'QUIT'], events)
const meta = { host: 'mail.example.com', port: 25 }

const readBlob = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as string)
    reader.readAsText(blob)
  })

afterEach(() => {
  vi.restoreAllMocks()
})

test('exports the session as JSON valid against the schema, to download or copy', async () => {
  const user = userEvent.setup()
  const saved: Blob[] = []
  URL.createObjectURL = vi.fn((b: Blob) => (saved.push(b), 'blob:json'))
  URL.revokeObjectURL = vi.fn()
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
  const writeText = vi.fn((_text: string) => Promise.resolve())
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
  render(SessionIO, { props: { transcript, events, meta } })

  expect(screen.getByText('A well-formed session file.')).toBeInTheDocument()
  expect(document.body.textContent).not.toMatch(/schema|\bseed\b/i) // no developer words for learners
  await user.click(screen.getByRole('button', { name: 'Download JSON' }))
  expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('smtp-session-mail.example.com-25.json')
  const doc = JSON.parse(await readBlob(saved[0]!))
  expect(doc).toMatchObject({ host: 'mail.example.com', port: 25, secure: 'none', clientHostname: 'client.example.net', transaction: { from: 'student@client.example.net', recipients: ['alice@example.com'] } })
  expect(doc.session).toEqual(transcript)

  await user.click(screen.getByRole('button', { name: 'Copy JSON' }))
  expect(JSON.parse(writeText.mock.calls[0]![0])).toEqual(doc)
  expect(screen.getByText('Copied.')).toBeInTheDocument()
})

test('an export pasted back replays with no differences', async () => {
  const user = userEvent.setup()
  const writeText = vi.fn((text: string) => ((copied = text), Promise.resolve()))
  let copied = ''
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
  render(SessionIO, { props: { transcript, events, meta } })
  await user.click(screen.getByRole('button', { name: 'Copy JSON' }))
  await fireEvent.input(screen.getByLabelText('or paste its JSON'), { target: { value: copied } })
  await user.click(screen.getByRole('button', { name: 'Validate and replay' }))
  expect(screen.getByText(/Replayed on mail\.example\.com port 25 \(mta\): \d+ server lines compared, no differences\./)).toBeInTheDocument()
  expect(screen.getAllByRole('row').length).toBeGreaterThan(10)
})

test('a file with schema errors is refused with every error by path', async () => {
  const user = userEvent.setup()
  render(SessionIO, { props: { transcript, events, meta } })
  const file = new File([JSON.stringify({ port: 'twenty-five', secure: 'ssl', session: [{ direction: 'sideways', data: 'x' }] })], 'broken.json', { type: 'application/json' })
  await user.upload(screen.getByLabelText('Open a session file'), file)
  expect(await screen.findByText(/^broken\.json: not a session this tool can replay \(3 errors\)/)).toBeInTheDocument()
  const errors = screen.getAllByRole('listitem').map((li) => li.textContent)
  expect(errors).toEqual(expect.arrayContaining(['port must be an integer', 'secure must be one of: "none", "tls", "starttls"', 'session[0].direction must be "client" or "server"']))
})

test('a tampered line shows up as a difference, and can be shown alone', async () => {
  const user = userEvent.setup()
  render(SessionIO, { props: { transcript, events, meta } })
  const tampered = transcript.map((e) => (e.data === '221 2.0.0 Bye' ? { ...e, data: '221 2.0.0 See you' } : e))
  await fireEvent.input(screen.getByLabelText('or paste its JSON'), { target: { value: JSON.stringify({ host: 'mail.example.com', port: 25, session: tampered }) } })
  await user.click(screen.getByRole('button', { name: 'Validate and replay' }))
  expect(screen.getByText(/1 difference\./)).toBeInTheDocument()
  await user.click(screen.getByLabelText('Show only the differences'))
  const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1)
  expect(rows).toHaveLength(1)
  expect(rows[0]).toHaveTextContent('221 2.0.0 See you')
  expect(rows[0]).toHaveTextContent('221 2.0.0 Bye')
  expect(rows[0]).toHaveTextContent('differs')
})
