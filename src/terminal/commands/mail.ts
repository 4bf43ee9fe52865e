/**
 * `mail`, as BSD mailx on Debian: read the learner's mailbox (a numbered list, then the `&` prompt, or `mail N` for
 * one message), and `mail -s <subject> <address>…`, which reads the body up to a line holding only "." (or Ctrl-D),
 * says EOT, and hands the message to the learner's own MTA (client.example.net) as Postfix's sendmail/pickup does:
 * `submit()` of the world queues it and tries it at once. The header fields mail and Postfix's cleanup would add
 * (To, Subject, Message-Id, Date, From) are written here; the rest — trace fields, routing — is the world's.
 */
import { compactTime, ctime, rfc5322Date } from '../../smtp/time'
import type { ModelEvent } from '../../smtp/events'
import { headerFields as parseHeader, splitMessage } from '../../smtp/message'
import type { MailHost, StoredMessage } from '../../smtp/world/host'
import { LEARNER, LEARNER_ADDRESS } from '../learner'
import { clipToCells, displayText } from '../line-editor'
import { renderHint, renderNotice } from '../render'
import type { Command, Foreground, ShellContext } from '../shell-context'

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** Messages the learner has opened (the mailbox itself is the world's; "read" is the reader's own state). */
const READ = new WeakSet<StoredMessage>()

/** Longest message shown in the terminal; the rest is in the inspector. */
const MAX_LINES = 400

/** The header section of a message as name → first value, names lower-cased; folding white space shown as one space. */
export function headerFields(text: string): Map<string, string> {
  const fields = new Map<string, string>()
  for (const f of parseHeader(splitMessage(text).head)) {
    const name = f.name.toLowerCase()
    if (name !== '' && !fields.has(name)) fields.set(name, f.raw.slice(f.raw.indexOf(':') + 1).replace(/\r\n[ \t]+/g, ' ').trim())
  }
  return fields
}

/** The address in a From: field, as mailx shows it ("Name <a@b>" → a@b). */
function addressOf(field: string | undefined): string | null {
  if (!field) return null
  return /<([^>]*)>/.exec(field)?.[1] ?? field.replace(/\s*\(.*\)\s*$/, '').trim()
}

function textOf(message: StoredMessage): string {
  return decoder.decode(message.content)
}

function senderOf(message: StoredMessage): string {
  return message.envelope.sender || 'MAILER-DAEMON'
}

/**
 * One line of mailx's header list: `>N  1 MAILER-DAEMON@clien  Sat May  2 10:00  72/2612  Subject`, cut to one
 * row short of the terminal's width as mailx cuts it (a long subject never wraps under the list).
 */
function headerLine(message: StoredMessage, index: number, current: boolean, cols: number): string {
  const text = textOf(message)
  const fields = headerFields(text)
  const from = addressOf(fields.get('from')) ?? senderOf(message)
  const date = ctime(message.receivedAt).slice(0, 16)
  const lines = text.split(/\r?\n/).length - 1
  const size = `${lines}/${message.content.length}`
  const status = READ.has(message) ? ' ' : 'N'
  const line = `${current ? '>' : ' '}${status}${String(index + 1).padStart(3)} ${from.slice(0, 20).padEnd(20)}  ${date}  ${size.padEnd(9)} ${displayText(fields.get('subject') ?? '')}`
  return clipToCells(line, cols - 1)
}

function listing(messages: readonly StoredMessage[], current: number, cols: number): string {
  const unread = messages.filter((m) => !READ.has(m)).length
  return (
    renderNotice('Mail version 8.1.2 01/15/2001.  Type ? for help.') +
    renderNotice(`"${LEARNER.mailboxPath}": ${messages.length} message${messages.length === 1 ? '' : 's'}${unread ? ` ${unread} new` : ''}`) +
    messages.map((m, i) => renderNotice(headerLine(m, i, i === current, cols))).join('')
  )
}

/** A stored line as a terminal shows it: tabs expanded to 8-column stops, other controls made visible. */
function displayLine(line: string): string {
  let out = ''
  for (const part of line.split('\t').entries()) {
    if (part[0] > 0) out += ' '.repeat(8 - (out.length % 8))
    out += part[1]
  }
  return displayText(out)
}

/** mailx's `p`: the envelope "From " line, then the message as stored, every line shown safely. */
function show(message: StoredMessage, index: number): string {
  READ.add(message)
  const lines = textOf(message).replace(/\r?\n$/, '').split(/\r?\n/)
  const shown = lines.slice(0, MAX_LINES).map((l) => renderNotice(displayLine(l))).join('')
  const more = lines.length > MAX_LINES ? renderHint(`[… ${lines.length - MAX_LINES} more lines: open the mail inspector (#/mail) to see the whole message]`) : ''
  return renderNotice(`Message ${index + 1}:`) + renderNotice(`From ${senderOf(message)}  ${ctime(message.receivedAt)}`) + shown + more
}

/** The `&` prompt of mailx. */
class MailReader implements Foreground {
  readonly prompt = '& '
  readonly #messages: readonly StoredMessage[]
  #current = 0
  #printed = false
  #done = false

  /** The terminal's width now (it may change while the program runs). */
  readonly #cols: () => number

  constructor(messages: readonly StoredMessage[], cols: () => number) {
    this.#messages = messages
    this.#cols = cols
    const firstNew = messages.findIndex((m) => !READ.has(m))
    this.#current = firstNew < 0 ? 0 : firstNew
  }

  get done(): boolean {
    return this.#done
  }

  list(): string {
    return listing(this.#messages, this.#current, this.#cols())
  }

  line(text: string): string {
    const [word = '', arg] = text.trim().split(/\s+/)
    const n = /^\d+$/.test(word) ? Number(word) : arg !== undefined && /^\d+$/.test(arg) ? Number(arg) : null
    const go = (index: number) => {
      if (index < 0 || index >= this.#messages.length) return renderNotice(`${index + 1}: Invalid message number`)
      this.#current = index
      this.#printed = true
      return show(this.#messages[index]!, index)
    }
    if (/^\d+$/.test(word)) return go(Number(word) - 1)
    switch (word) {
      case '':
      case 'n':
      case 'next':
      case '+': {
        const next = this.#printed || word !== '' ? this.#current + 1 : this.#current
        return next >= this.#messages.length ? renderNotice('At EOF') : go(next)
      }
      case '-':
        return this.#current === 0 ? renderNotice('Referencing before 1') : go(this.#current - 1)
      case 'p':
      case 'print':
      case 't':
      case 'type':
        return go(n === null ? this.#current : n - 1)
      case 'h':
      case 'headers':
      case 'f':
      case 'from':
        return this.#messages.map((m, i) => renderNotice(headerLine(m, i, i === this.#current, this.#cols()))).join('')
      case 'd':
      case 'delete':
        return renderHint('(deleting is not simulated: the mailbox stays as the world delivered it)')
      case 'q':
      case 'quit':
        this.#done = true
        return renderNotice(`Held ${this.#messages.length} message${this.#messages.length === 1 ? '' : 's'} in ${LEARNER.mailboxPath}`)
      case 'x':
      case 'xit':
      case 'exit':
        this.#done = true
        return ''
      case '?':
      case 'help':
        return [
          '    <number>       print that message',
          '    <Enter>, n     print the next message',
          '    -              print the previous message',
          '    p [n]          print the current (or n-th) message',
          '    h              list the messages',
          '    q              quit',
        ]
          .map(renderNotice)
          .join('')
      default:
        return renderNotice(`Unknown command: "${displayText(word)}"`)
    }
  }

  interrupt(): string {
    return ''
  }

  eof(): string {
    return this.line('q')
  }
}

/** RFC 2047 encoded-word for a non-ASCII subject, as s-nail writes it. */
function encodeWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text
  const bytes = encoder.encode(text)
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return `=?UTF-8?B?${btoa(binary)}?=`
}

let messageCounter = 0

/** A message being written after `mail -s`: body lines up to "." or Ctrl-D, then EOT and the hand-over. */
class MailWriter implements Foreground {
  readonly prompt = ''
  readonly #subject: string
  readonly #recipients: readonly string[]
  readonly #host: MailHost
  readonly #report: (events: readonly ModelEvent[]) => void
  readonly #now: () => number
  readonly #body: string[] = []
  #interrupted = false
  #done = false

  constructor(subject: string, recipients: readonly string[], host: MailHost, now: () => number, report: (events: readonly ModelEvent[]) => void) {
    this.#subject = subject
    this.#recipients = recipients
    this.#host = host
    this.#now = now
    this.#report = report
  }

  get done(): boolean {
    return this.#done
  }

  line(text: string): string {
    this.#interrupted = false
    if (text === '.') return this.#send()
    this.#body.push(text)
    return ''
  }

  interrupt(): string {
    if (this.#interrupted) {
      this.#done = true
      return renderHint('(the letter was thrown away)')
    }
    this.#interrupted = true
    return renderNotice('(Interrupt -- one more to kill letter)')
  }

  eof(): string {
    return this.#send()
  }

  #send(): string {
    this.#done = true
    const now = this.#now()
    const stamp = compactTime(now)
    const body = this.#body.join('\r\n') + (this.#body.length ? '\r\n' : '')
    const ascii = /^[\x00-\x7f]*$/.test(body)
    const head = [
      `To: ${this.#recipients.join(', ')}`,
      `Subject: ${encodeWord(this.#subject)}`,
      ...(ascii ? [] : ['MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit']),
      `Message-Id: <${stamp}.${(++messageCounter).toString(16).toUpperCase()}@${LEARNER.host}>`,
      `Date: ${rfc5322Date(now)}`,
      `From: ${LEARNER_ADDRESS} (Student)`,
    ]
    const events = this.#host.submit(LEARNER_ADDRESS, this.#recipients, encoder.encode(head.join('\r\n') + '\r\n\r\n' + body))
    this.#report(events)
    const queued = events.find((e) => e.type === 'queued')
    return renderNotice('EOT') + (queued?.type === 'queued' ? renderHint(`(queued as ${queued.queueId} on ${queued.host}; mailq and tail mail.log show what happens next)`) : '')
  }
}

function mail(args: readonly string[], context: ShellContext): string {
  const host = context.learnerHost
  if (!host) return renderNotice(`mail: this world has no host ${LEARNER.host}`)
  let subject: string | null = null
  const rest: string[] = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-s') subject = args[++i] ?? ''
    else rest.push(args[i]!)
  }
  if (subject !== null || rest.some((a) => !/^\d+$/.test(a))) {
    const recipients = rest.map((a) => (a.includes('@') ? a : `${a}@${LEARNER.host}`)) // Postfix's append_at_myorigin
    if (recipients.length === 0) return renderNotice('mail: No recipients specified') + renderHint('(usage: mail -s "Subject" carol@example.net, then the body, then a line holding only .)')
    context.startForeground(new MailWriter(subject ?? '', recipients, host, () => context.world.clock.now(), (events) => context.events(events)))
    return ''
  }
  const messages = host.mailbox(LEARNER.user)
  context.mailSeen()
  if (messages.length === 0) return renderNotice(`No mail for ${LEARNER.user}`)
  if (rest.length > 0) {
    const n = Number(rest[0])
    return n >= 1 && n <= messages.length ? show(messages[n - 1]!, n - 1) : renderNotice(`${n}: Invalid message number`) + renderHint(`(there ${messages.length === 1 ? 'is 1 message' : `are ${messages.length} messages`})`)
  }
  const reader = new MailReader(messages, () => context.cols)
  context.startForeground(reader)
  return reader.list()
}

export const MAIL_COMMANDS: readonly Command[] = [
  { name: 'mail', usage: 'mail [N] | mail -s <subject> <address>', summary: `read ${LEARNER_ADDRESS}'s mailbox, or write a message (end it with a line holding only .)`, run: mail, complete: (args) => (args.length === 0 ? ['-s'] : []) },
]
