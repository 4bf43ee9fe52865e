/**
 * The goal language's words, and what each means in plain language: the one home of both. A lesson file writes
 * `eventSeen: [{type: bounced, dsnQueueId: null}]`; a learner reads "a message bounces and nobody is told (its
 * sender was <>)". goals.ts reads and judges goals with these keys; the lesson pane shows these sentences, never
 * the keys, the event types or their fields.
 *
 * Also here: which happenings belong to a *transaction* (MAIL FROM to the end of the message and what becomes of
 * it) and which to the *session*, since an attempt at a goal is judged from the last transaction or the last
 * connection, whichever the goal is about (goals.ts, `attemptScope`).
 */
import type { ModelEventType } from '../smtp'
import type { EventPattern, Goal, MessageMatch } from './types'

export const GOAL_KEYS = ['mailbox', 'contains', 'replySeen', 'replyNotSeen', 'eventSeen', 'eventNotSeen', 'dsnFor', 'noDsnFor'] as const
export const MATCH_KEYS = [
  'subject', 'from', 'to', 'cc', 'header', 'headerAbsent', 'bodyContains', 'bodyLineStartingWithDot',
  'envelopeSender', 'envelopeRecipient', 'envelopeOnlyRecipient', 'returnPath', 'receivedCount',
] as const
export const HINT_KEYS = ['code', 'enhanced', 'event', 'nothing'] as const

type Fields = Readonly<Record<string, unknown>>
const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))

/**
 * Every event type of the model (the record makes the compiler say when the union grows), with what it means:
 * `what(fields)` is a clause in the present tense, refined by the fields a pattern gives, and `scope` says whether
 * it belongs to a transaction or to the session around it.
 */
const EVENTS: Readonly<Record<ModelEventType, { readonly scope: 'session' | 'transaction'; readonly what: (f: Fields) => string }>> = {
  command: { scope: 'session', what: (f) => (f.verb ? `you send the ${text(f.verb)} command` : 'you send a command') },
  reply: { scope: 'session', what: () => 'the server replies' },
  'syntax-tolerated': { scope: 'session', what: () => 'the server lets a syntax mistake pass' },
  'source-route-stripped': {
    scope: 'transaction',
    what: (f) => `the server removes a source route from ${f.role === 'recipient' ? 'a recipient address (RCPT TO)' : f.role === 'sender' ? 'the sender address (MAIL FROM)' : 'an address'}`,
  },
  'source-route-honoured': { scope: 'transaction', what: (f) => (f.next ? `the server follows a source route and relays to ${text(f.next)}` : 'the server follows a source route, as in 1982') },
  'terminal-message': { scope: 'transaction', what: (f) => (f.user ? `a message is written to ${text(f.user)}'s terminal (SEND)` : "a message is written to a logged-in user's terminal (SEND)") },
  helo: { scope: 'session', what: (f) => (f.verb ? `you greet the server with ${text(f.verb)}` : 'you greet the server (HELO or EHLO)') },
  'tls-started': { scope: 'session', what: () => 'the connection switches to TLS' },
  'input-discarded': { scope: 'session', what: () => 'the server throws away what was sent along with STARTTLS' },
  authenticated: { scope: 'session', what: (f) => (f.user ? `you log in as ${text(f.user)}` : 'you log in (AUTH)') },
  'authentication-failed': { scope: 'session', what: () => 'a login (AUTH) fails' },
  'headers-added': { scope: 'transaction', what: () => 'the server adds header fields the message lacked' },
  'headers-removed': { scope: 'transaction', what: () => 'the server removes header fields that must not travel (such as Bcc:)' },
  'percent-hack': { scope: 'transaction', what: () => 'the server rewrites a user%domain address (the % hack)' },
  forwarded: { scope: 'transaction', what: (f) => (f.to ? `the message is forwarded to ${text(f.to)}` : 'an alias forwards the message to another domain') },
  'transaction-started': { scope: 'transaction', what: () => 'a transaction starts (MAIL FROM is accepted)' },
  'recipient-accepted': { scope: 'transaction', what: (f) => (f.recipient ? `the server accepts the recipient ${text(f.recipient)}` : 'the server accepts a recipient') },
  'recipient-rejected': { scope: 'transaction', what: (f) => (f.recipient ? `the server refuses the recipient ${text(f.recipient)}` : 'the server refuses a recipient') },
  'transaction-reset': {
    scope: 'session',
    what: (f) => (f.by === 'RSET' ? 'RSET throws the transaction away' : f.by ? `${text(f.by)} throws the transaction away` : 'the transaction is thrown away'),
  },
  'data-started': { scope: 'transaction', what: () => 'the server is ready for the message (354 after DATA)' },
  'lines-unstuffed': { scope: 'transaction', what: () => 'the server removes the extra dot from lines that start with a dot' },
  'bare-line-ending': { scope: 'session', what: () => 'a lone CR or LF arrives in the message' },
  'nonstandard-end-of-data': {
    scope: 'session',
    what: (f) =>
      f.action === 'ended-data'
        ? 'an unusual end-of-data sequence (such as <LF>.<LF>) ends the message'
        : f.action === 'ignored'
          ? 'the server ignores an unusual end-of-data sequence (such as <LF>.<LF>)'
          : f.action === 'rejected'
            ? 'the server refuses a message for an unusual end-of-data sequence'
            : 'an unusual end-of-data sequence (such as <LF>.<LF>) arrives',
  },
  'line-too-long': { scope: 'session', what: () => 'a line is longer than the server allows' },
  'message-accepted': { scope: 'transaction', what: () => 'the server accepts a message (250 after the final dot)' },
  'message-rejected': { scope: 'transaction', what: () => 'the server refuses the message after the final dot' },
  closed: {
    scope: 'session',
    what: (f) =>
      f.reason === 'quit'
        ? 'the session ends with QUIT'
        : f.reason === 'too-many-errors'
          ? 'the server hangs up after too many errors'
          : f.reason === 'message-text'
            ? 'the server hangs up because message text arrived as commands'
            : f.reason === 'timeout'
              ? 'the server hangs up on an idle client'
              : 'the connection closes',
  },
  queued: { scope: 'transaction', what: () => 'a message is put in a queue' },
  delivered: { scope: 'transaction', what: (f) => (f.mailbox ? `a message is delivered to ${text(f.mailbox)}'s mailbox` : 'a message is delivered to a mailbox') },
  relayed: { scope: 'transaction', what: (f) => (f.to ? `the message is relayed to ${text(f.to)}` : 'the message is relayed to the next server') },
  deferred: { scope: 'transaction', what: () => 'a delivery fails for now and is tried again later (deferred)' },
  bounced: {
    scope: 'transaction',
    what: (f) =>
      'dsnQueueId' in f && f.dsnQueueId === null
        ? 'a message bounces and nobody is told, since its sender was <>'
        : f.status
          ? `a message bounces with status ${text(f.status)}`
          : 'a message bounces (cannot be delivered)',
  },
}

export const EVENT_TYPES = Object.keys(EVENTS) as readonly ModelEventType[]

const typeOf = (pattern: EventPattern): string => (typeof pattern === 'string' ? pattern : text(pattern.type))

/** An event pattern in plain words: "the server removes a source route from a recipient address (RCPT TO)". */
export function describeEvent(pattern: EventPattern): string {
  const entry = EVENTS[typeOf(pattern) as ModelEventType]
  if (!entry) return 'something happens'
  return entry.what(typeof pattern === 'string' ? {} : pattern)
}

/** Does this event type belong to a transaction (and what became of its message), or to the session? */
export function eventScope(pattern: EventPattern): 'session' | 'transaction' {
  return EVENTS[typeOf(pattern) as ModelEventType]?.scope ?? 'session'
}

/** A reply pattern in words: 503 → "503", "5xx" → "a 5xx code", "550 5.1.1" → "550 5.1.1". */
export function describeReply(pattern: number | string): string {
  return typeof pattern === 'string' && pattern.includes('x') ? `a ${pattern} code` : String(pattern)
}

/** What a message must look like, in words (the parts of `contains`). */
export function describeMatch(match: MessageMatch): string[] {
  const out: string[] = []
  const field = (name: string, want: string | undefined) => want !== undefined && out.push(`its ${name}: field contains “${want}”`)
  field('Subject', match.subject)
  field('From', match.from)
  field('To', match.to)
  field('Cc', match.cc)
  for (const [name, want] of Object.entries(match.header ?? {})) field(name, want)
  for (const name of match.headerAbsent ?? []) out.push(`it has no ${name}: field`)
  if (match.bodyContains !== undefined) out.push(`its body contains “${match.bodyContains}”`)
  if (match.bodyLineStartingWithDot !== undefined) out.push(match.bodyLineStartingWithDot ? 'a line of its body starts with a dot' : 'no line of its body starts with a dot')
  if (match.envelopeSender !== undefined) out.push(match.envelopeSender === '<>' ? 'its envelope sender (MAIL FROM) is <>, the null sender' : `its envelope sender (MAIL FROM) is ${match.envelopeSender}`)
  if (match.envelopeRecipient !== undefined) out.push(`${match.envelopeRecipient} is among its envelope recipients (RCPT TO)`)
  if (match.envelopeOnlyRecipient !== undefined) out.push(`${match.envelopeOnlyRecipient} gets a blind copy: in RCPT TO, but in no To:, Cc: or Bcc: field`)
  if (match.returnPath !== undefined) out.push(`its Return-Path: is ${match.returnPath}`)
  if (match.receivedCount !== undefined) out.push(`it carries ${match.receivedCount} Received: field${match.receivedCount === 1 ? '' : 's'}`)
  return out
}

/** Each part of a goal as the learner reads it: what must be true, in one sentence. */
export function describeGoal(goal: Goal): { readonly key: (typeof GOAL_KEYS)[number]; readonly text: string }[] {
  const out: { key: (typeof GOAL_KEYS)[number]; text: string }[] = []
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
  if (goal.mailbox !== undefined) {
    const parts = goal.contains ? describeMatch(goal.contains) : []
    out.push({ key: goal.contains ? 'contains' : 'mailbox', text: `A new message reaches ${goal.mailbox}${parts.length ? `, and ${parts.join(', and ')}` : ''}` })
  }
  if (goal.replySeen !== undefined) out.push({ key: 'replySeen', text: `The server answers ${describeReply(goal.replySeen)}` })
  if (goal.replyNotSeen !== undefined) out.push({ key: 'replyNotSeen', text: `The server never answers ${describeReply(goal.replyNotSeen)}` })
  for (const p of goal.eventSeen ?? []) out.push({ key: 'eventSeen', text: cap(describeEvent(p)) })
  for (const p of goal.eventNotSeen ?? []) out.push({ key: 'eventNotSeen', text: `This does not happen: ${describeEvent(p)}` })
  if (goal.dsnFor !== undefined) {
    const d = goal.dsnFor
    const more = [d.action ? `Action: ${d.action}` : '', d.status ? `Status: ${d.status}` : ''].filter(Boolean).join(', ')
    out.push({ key: 'dsnFor', text: `A bounce (delivery status notification) about ${d.recipient} reaches ${d.to ?? 'a mailbox'}${more ? `, with ${more}` : ''}` })
  }
  if (goal.noDsnFor !== undefined) out.push({ key: 'noDsnFor', text: `No bounce (delivery status notification) about ${goal.noDsnFor} is sent to anyone` })
  return out
}
