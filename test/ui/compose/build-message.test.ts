// The message builder and the transcript builder: what they write parses back (postal-mime) into what was asked for,
// Bcc only in the envelope, and the transcript is the client side of one SMTP transaction.
import PostalMime from 'postal-mime'
import { describe, expect, it } from 'vitest'
import { buildMessage, placeholderText } from '../../../src/ui/compose/build-message'
import { buildTranscript, dotStuff, envelopeOf } from '../../../src/ui/compose/build-transcript'
import type { MessageInput } from '../../../src/ui/compose/message'
import { encodedWords, quotedPrintable } from '../../../src/ui/compose/mime-encode'
import { World, wireOf } from '../../../src/smtp'
import { lines } from '../../helpers/conversation'

const clock = { now: () => Date.UTC(2026, 4, 2, 10, 0, 0), newId: () => 'fixed.1' }
const build = (m: MessageInput) => buildMessage(m, clock)
const parse = (raw: string | Uint8Array) => PostalMime.parse(raw)
const decode = (c: ArrayBuffer | Uint8Array | string) => (typeof c === 'string' ? c : new TextDecoder().decode(c))

const full: MessageInput = {
  from: 'student@client.example.net',
  to: ['alice@example.com', 'bob@example.com'],
  cc: 'info@example.com',
  bcc: ['secret@example.com'],
  replyTo: 'replies@client.example.net',
  subject: 'Grüße aus Köln — a subject long enough that its encoded-words have to be folded over more than one line',
  date: '2026-05-02T12:30:00+02:00',
  messageId: 'abc.123@client.example.net',
  body: { text: 'Hello Alice,\n.\n..a line with dots\nÜmlauts here.\n', html: '<p>Hello <b>Alice</b> — <img src="https://tracker.example/x.png"></p>' },
  headers: { 'X-Mailer': 'smtp-sim compose', 'X-Note': 'ünïcödé' },
  attachments: [
    { filename: 'report.pdf', contentType: 'application/pdf', size: 12345 },
    { filename: 'logo.png', contentType: 'image/png', disposition: 'inline', contentId: 'logo@example' },
  ],
}

describe('buildMessage', () => {
  it('parses back into the same subject, addresses, bodies and attachments', async () => {
    const { text } = build(full)
    const email = await parse(text)
    expect(email.subject).toBe(full.subject)
    expect(email.from?.address).toBe('student@client.example.net')
    expect(email.to?.map((a) => a.address)).toEqual(['alice@example.com', 'bob@example.com'])
    expect(email.cc?.map((a) => a.address)).toEqual(['info@example.com'])
    expect(email.replyTo?.map((a) => a.address)).toEqual(['replies@client.example.net'])
    expect(email.messageId).toBe('<abc.123@client.example.net>')
    expect(email.date).toBe('2026-05-02T10:30:00.000Z')
    // postal-mime keeps the CRLF that RFC 2046 §5.1.1 gives to the boundary line: compare without final newlines.
    const trimmed = (s: string | undefined) => s?.replace(/\r\n/g, '\n').replace(/\n+$/, '')
    expect(trimmed(email.text)).toBe(trimmed(full.body!.text))
    expect(trimmed(email.html)).toBe(full.body!.html)
    expect(email.headers.find((h) => h.key === 'x-mailer')?.value).toBe('smtp-sim compose')
    expect(email.attachments.map((a) => [a.filename, a.mimeType, a.disposition])).toEqual([
      ['report.pdf', 'application/pdf', 'attachment'],
      ['logo.png', 'image/png', 'inline'],
    ])
    expect(email.attachments[1]?.contentId).toBe('<logo@example>')
    expect(decode(email.attachments[0]!.content)).toBe(placeholderText(full.attachments![0]!))
  })

  it('never writes Bcc into the header, and says where it went', async () => {
    const built = build(full)
    expect(built.text).not.toMatch(/^Bcc:/im)
    expect(built.text).not.toContain('secret@example.com')
    expect((await parse(built.text)).bcc).toBeUndefined()
    expect(built.notes.join('\n')).toMatch(/Bcc/)
  })

  it('writes CRLF line ends only, 7-bit text, lines within 78 columns in the header', () => {
    const { text } = build(full)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    expect(text).toMatch(/^[\x00-\x7f]*$/)
    expect(text.endsWith('\r\n')).toBe(true)
    const head = text.slice(0, text.indexOf('\r\n\r\n'))
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78)
    expect(head).toMatch(/^Subject: =\?UTF-8\?B\?/m)
    expect(head).toMatch(/^X-Note: =\?UTF-8\?B\?/m)
    expect(head).toContain('Date: Sat, 02 May 2026 12:30:00 +0200')
  })

  it('picks the structure from the parts: plain, html, alternative, mixed', async () => {
    const base = { from: 'a@client.example.net', to: 'alice@example.com', subject: 's' }
    const type = (m: MessageInput) => /^Content-Type: ([^;\r\n]+)/m.exec(build(m).text)?.[1]
    expect(type(base)).toBe('text/plain')
    expect(type({ ...base, body: { html: '<p>x</p>' } })).toBe('text/html')
    expect(type({ ...base, body: { text: 'x', html: '<p>x</p>' } })).toBe('multipart/alternative')
    expect(type({ ...base, body: { text: 'x' }, attachments: [{ filename: 'a.txt', contentType: 'text/plain' }] })).toBe('multipart/mixed')
    const alt = await parse(build({ ...base, body: { text: 'plain', html: '<p>rich</p>' } }).text)
    expect([alt.text?.trim(), alt.html?.trim()]).toEqual(['plain', '<p>rich</p>'])
  })

  it('fills in Date and Message-ID from the injected clock and ids', async () => {
    const { text } = build({ from: 'a@client.example.net', to: 'alice@example.com', subject: 's' })
    expect(text).toContain('Date: Sat, 02 May 2026 10:00:00 +0000\r\n')
    expect(text).toContain('Message-ID: <fixed.1@client.example.net>\r\n')
    expect(build({ from: 'a@client.example.net', to: 'alice@example.com', subject: 's' }).text).toBe(text) // deterministic
  })

  it('keeps header injection out and leaves out fields it writes itself', () => {
    const built = build({ from: 'a@client.example.net', to: 'alice@example.com', subject: 'hi\r\nBcc: evil@example.com', headers: { Bcc: 'x@example.com', 'Content-Type': 'text/evil', 'Bad Name': 'v' } })
    expect(built.text).not.toMatch(/^Bcc:/im)
    expect(built.text).not.toContain('text/evil')
    expect(built.text).toContain('Subject: hi Bcc: evil@example.com\r\n')
    expect(built.notes.filter((n) => n.startsWith('Header'))).toHaveLength(3)
  })

  it('does not dot-stuff (that is the transcript)', () => {
    expect(build({ from: 'a@client.example.net', to: 'alice@example.com', subject: 's', body: { text: '.\r\n.x' } }).text).toContain('\r\n\r\n.\r\n.x\r\n')
  })
})

describe('encodings', () => {
  it('splits encoded-words between characters, each at most 75 long', () => {
    const words = encodedWords('€'.repeat(40))
    expect(words.length).toBeGreaterThan(1)
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75)
  })
  it('quoted-printable keeps lines within 76 and encodes trailing space', () => {
    const qp = quotedPrintable('x'.repeat(200) + ' \nä=')
    for (const l of qp.split('\r\n')) expect(l.length).toBeLessThanOrEqual(76)
    expect(qp).toContain('=20\r\n=C3=A4=3D')
  })
})

describe('buildTranscript', () => {
  const message: MessageInput = { from: 'student@client.example.net', to: 'alice@example.com', cc: ['bob@example.com', 'ALICE@example.com'], bcc: 'info@example.com', subject: 'Dots', body: { text: '.leading dot\n..two\n' } }

  it('is EHLO, MAIL, one RCPT per To/Cc/Bcc address, DATA, the dot-stuffed message, ".", QUIT', () => {
    const { text } = build(message)
    const transcript = buildTranscript(message, text)
    const [head = '', rest = ''] = transcript.split('DATA\r\n')
    expect(head).toBe('EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\nRCPT TO:<info@example.com>\r\n')
    expect(rest).toBe(dotStuff(text) + '.\r\nQUIT\r\n')
    expect(rest).toContain('\r\n..leading dot\r\n...two\r\n')
    expect(transcript.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    expect(envelopeOf(message).recipients).toEqual(['alice@example.com', 'bob@example.com', 'info@example.com'])
  })

  it('played into mail.example.com, delivers the message byte for byte, Bcc recipients included', async () => {
    const { text } = build(message)
    const world = new World()
    const host = world.host('mail.example.com')!
    const connection = host.connect({ ip: '192.0.2.30', name: 'client.example.net' })
    connection.start()
    const replies = lines(wireOf(connection.receive(buildTranscript(message, text))))
    expect(replies.filter((l) => /^250 2\.1\.5/.test(l))).toHaveLength(3)
    expect(replies.at(-1)).toBe('221 2.0.0 Bye')
    const stored = host.mailbox('alice')[0]!
    const content = new TextDecoder().decode(stored.content)
    expect(content.endsWith(text)).toBe(true) // trace fields are prepended; the rest is what was built
    expect(stored.envelope.recipients).toEqual(['alice@example.com', 'bob@example.com', 'info@example.com'])
    const email = await parse(stored.content)
    expect(email.text).toBe('.leading dot\n..two\n')
    expect(email.bcc).toBeUndefined()
  })
})
