/**
 * The client side of the SMTP transaction a mail client holds to send a message (RFC 5321 §3.3):
 *
 *   EHLO client.example.net / MAIL FROM:<from> / RCPT TO:<x> for every To, Cc and Bcc address / DATA /
 *   the message, dot-stuffed (§4.5.2) / . / QUIT
 *
 * CRLF after every line. This text is what the terminal plays into a session. Pure.
 */
import { addressList, type MessageInput } from './message'

export interface Envelope {
  readonly from: string
  /** To, Cc and Bcc, in that order, each address once (compared without regard to case). */
  readonly recipients: readonly string[]
}

export function envelopeOf(message: MessageInput): Envelope {
  const seen = new Set<string>()
  const recipients = [...addressList(message.to), ...addressList(message.cc), ...addressList(message.bcc)].filter((a) => {
    const key = a.toLowerCase()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return { from: message.from, recipients }
}

/** RFC 5321 §4.5.2: a line of the message that starts with "." gets one more. */
export function dotStuff(messageText: string): string {
  return messageText.replace(/(^|\r\n)\./g, '$1..')
}

export interface TranscriptOptions {
  /** The name the client gives in EHLO. */
  readonly helo?: string
}

export function buildTranscript(message: MessageInput, messageText: string, options: TranscriptOptions = {}): string {
  const envelope = envelopeOf(message)
  const body = messageText.endsWith('\r\n') ? messageText : messageText + '\r\n'
  return [
    `EHLO ${options.helo ?? 'client.example.net'}\r\n`,
    `MAIL FROM:<${envelope.from}>\r\n`,
    ...envelope.recipients.map((r) => `RCPT TO:<${r}>\r\n`),
    'DATA\r\n',
    dotStuff(body),
    '.\r\n',
    'QUIT\r\n',
  ].join('')
}
