/**
 * Contextual notes for the explain pane: one short sentence per model event worth knowing about (a source route
 * stripped, lines dot-unstuffed, a message queued, relayed, deferred, bounced, delivered, TLS started, …), with the
 * RFC section that says why. Everything comes from the typed events (src/smtp/events.ts); no reply text is parsed. Pure.
 */
import type { ModelEvent } from '../../smtp/events'
import { minuteTime } from '../../smtp/time'

export type NoteTone = 'info' | 'good' | 'warn' | 'bad'

export interface Note {
  readonly type: ModelEvent['type']
  readonly tone: NoteTone
  readonly text: string
  /** In the catalogue's notation ("5321 §4.5.2"), for rfcLinks(). */
  readonly rfc?: string
}

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`

/** The note for one event, or null for events that need none (replies, commands, the ordinary steps). */
export function noteFor(event: ModelEvent): Note | null {
  const note = (tone: NoteTone, text: string, rfc?: string): Note => (rfc ? { type: event.type, tone, text, rfc } : { type: event.type, tone, text })
  switch (event.type) {
    case 'source-route-stripped':
      return note('info', `The source route ${event.route.join(',')} was stripped from the ${event.role}; the server used <${event.mailbox}>. Source routes are obsolete and a server should ignore them.`, '5321 §4.1.2, §3.6.1')
    case 'source-route-honoured':
      return note('info', `History mode: the server followed the source route ${event.route.map((r) => '@' + r).join(',')}, as RFC 821 did: it took its own name off and will relay to ${event.next}, putting its name on the reverse-path. Servers today ignore source routes.`, '821 §3.6; 5321 §3.6.1')
    case 'terminal-message':
      return note('info', `The message was written to ${event.user}'s terminal on ${event.host} (SEND/SOML/SAML, RFC 821 §4.1.1), because ${event.user} is logged in there. RFC 5321 dropped these verbs.`, '821 §4.1.1; 5321 App. F.6')
    case 'lines-unstuffed':
      return note('info', `${plural(event.count, 'line')} of the message started with a dot; the server removed one leading dot from each (dot-unstuffing). A client doubles such dots so that a lone "." can end the data.`, '5321 §4.5.2')
    case 'bare-line-ending': {
      const what = { normalized: 'treated as CR LF', 'replaced-with-space': 'stored as a space', rejected: 'refused', 'ended-line': 'taken as a line end', kept: 'kept as an ordinary octet and will be sent on unchanged' }[event.action]
      return note(event.action === 'rejected' ? 'bad' : 'warn', `${plural(event.count, `bare ${event.kind}`)} (without its partner) ${event.count === 1 ? 'was' : 'were'} ${what}. Only CR LF ends a line in SMTP.`, '5321 §2.3.8')
    }
    case 'nonstandard-end-of-data': {
      const what = { 'ended-data': 'ended the message here — the trick behind SMTP smuggling', ignored: 'was not taken as the end of the message; the dot line was dropped and the data went on', rejected: 'made the server refuse the message' }[event.action]
      return note(event.action === 'ended-data' ? 'bad' : 'warn', `A non-standard end of data (${JSON.stringify(event.sequence)}) ${what}.`, '5321 §4.1.1.4')
    }
    case 'syntax-tolerated':
      return note('warn', `The server tolerated input RFC 5321 does not allow: ${event.what}. A stricter server (the "rfc" personality) would refuse it.`, '5321 §4.1.2')
    case 'line-too-long':
      return note(event.action === 'rejected' ? 'bad' : 'warn', `A ${event.where} line of ${event.length} octets is over the limit of ${event.limit}; the server ${event.action} it.`, event.where === 'command' ? '5321 §4.5.3.1.4' : '5321 §4.5.3.1.6')
    case 'tls-started':
      return note('good', event.implicit ? 'The channel was encrypted from the first octet (implicit TLS on port 465, simulated). An eavesdropper sees only ciphertext.' : 'TLS started (simulated). The server forgot everything said before: say EHLO again. From here an eavesdropper sees only ciphertext.', event.implicit ? '8314 §3.3' : '3207 §4.2')
    case 'input-discarded':
      return note('warn', `${plural(event.octets, 'octet')} sent together with STARTTLS ${event.octets === 1 ? 'was' : 'were'} thrown away (${event.reason}): commands pipelined after STARTTLS must not be acted on.`, '3207 §4.2')
    case 'authenticated':
      return note('good', `Logged in as ${event.user} with ${event.mechanism}. On a submission port you may now send mail anywhere.`, '4954 §4')
    case 'authentication-failed':
      return note('bad', `Login with ${event.mechanism} failed: ${event.why}.`, '4954 §4')
    case 'headers-added':
      return note('info', `The submission server added ${event.fields.join(' and ')}, which the message lacked.`, '6409 §8')
    case 'transaction-reset':
      return event.by === 'QUIT' ? null : note('info', `The mail transaction was reset by ${event.by}: sender, recipients and data were forgotten.`, event.by === 'RSET' ? '5321 §4.1.1.5' : '5321 §4.1.4')
    case 'recipient-rejected':
      return note('bad', `The recipient <${event.recipient}> was refused (${event.code}); the other recipients of this transaction stay.`, '5321 §4.1.1.3')
    case 'message-accepted':
      return note('good', `Message accepted and queued as ${event.queueId}: the server is now responsible for delivering it or sending a bounce.`, '5321 §6.1')
    case 'message-rejected':
      return note('bad', `The message was refused (${event.code}): ${event.why}. Nothing was delivered.`, '5321 §4.1.1.4')
    case 'forwarded':
      return note('info', `${event.host} forwards ${event.queueId} for <${event.from}> to <${event.to}>, an address on another domain, keeping the envelope sender; the next server sees it come from ${event.host}'s address.`, '5321 §3.9.1')
    case 'queued':
      return note('info', `${event.host} queued ${event.queueId} from <${event.sender}> for ${event.recipients.join(', ')}.`)
    case 'relayed':
      return note('good', `${event.host} relayed ${event.queueId} to ${event.to}, which answered "${event.reply}".`, '5321 §3.6')
    case 'delivered':
      return note('good', `${event.queueId} was delivered to the mailbox of ${event.mailbox} on ${event.host} (for ${event.recipient}).`, '5321 §4.4')
    case 'deferred':
      return note('warn', `${event.host} deferred ${event.queueId} to <${event.recipient}> (${event.status}: ${event.reason}). It stays in the queue; next try ${minuteTime(event.nextAttempt)}.`, '5321 §4.5.4.1')
    case 'bounced':
      return note('bad', `${event.host} gave up on ${event.queueId} to <${event.recipient}> (${event.status}: ${event.reason}). ${event.dsnQueueId ? `A bounce (DSN ${event.dsnQueueId}) goes back to the sender, from <>.` : 'The sender was <>, so no bounce is sent.'}`, '5321 §6.1; 3464 §2')
    case 'closed':
      return event.reason === 'quit' ? null : note(event.reason === 'shutdown' ? 'info' : 'warn', `The server closed the connection (${event.reason.replace('-', ' ')}).`, '5321 §3.8')
    default:
      return null
  }
}

/** The notes for some events, in order; repeats collapsed (a message deferred 100 times keeps its last note). */
export function notesFor(events: readonly ModelEvent[]): Note[] {
  const notes: Note[] = []
  const byKey = new Map<string, number>()
  for (const event of events) {
    const note = noteFor(event)
    if (!note) continue
    const key = event.type === 'deferred' ? `deferred ${event.host} ${event.queueId} ${event.recipient}` : note.text
    const at = byKey.get(key)
    if (at === undefined) byKey.set(key, notes.push(note) - 1)
    else notes[at] = note
  }
  return notes
}
