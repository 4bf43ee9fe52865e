/**
 * Try-it goals: a small declarative language, checked on MODEL STATE AND EVENTS, never on the text the learner
 * typed (learnGitBranching judges the resulting tree, not the keystrokes). Two halves:
 *
 *  - goal-syntax.ts reads a goal from a ```try block's YAML (at build time; the page never parses YAML).
 *  - here, `evaluateGoal` judges a World plus the events of the learner's attempt; `chooseHint` picks the hint by
 *    what the learner actually got (the last 4xx/5xx reply, else the last reply; or an event).
 *
 * Nothing here parses reply text: codes come from Reply values, happenings from typed events (src/smtp/events.ts). Stored
 * messages are read as messages (header fields, body lines), which is the state a goal is about.
 */
import type { MailHost, ModelEvent, Reply, World } from '../smtp'
import { fieldValues as valuesOf, headerFields, splitMessage } from '../smtp/message'
import type { EventPattern, Goal, Hint, HintCondition, MessageMatch } from './types'
import { describeEvent, describeMatch, describeReply, eventScope, EVENT_TYPES, GOAL_KEYS, HINT_KEYS, MATCH_KEYS } from './vocabulary'

export { EVENT_TYPES, GOAL_KEYS, HINT_KEYS, MATCH_KEYS }

// --- Attempts -----------------------------------------------------------------------------------------------------

/**
 * Which stretch of the learner's work a goal judges. A goal only about a message and what became of it (its
 * mailbox, its bounce, events of its transaction) is judged from the start of the *last transaction* (its MAIL
 * FROM): an earlier, wrong message in the same session does not count against the next one. A goal that also
 * needs something of the session (EHLO, TLS, a login, a reply code, RSET) is judged from the *last connection*.
 */
export type AttemptScope = 'session' | 'transaction'

const MESSAGE_KEYS: ReadonlySet<string> = new Set(['mailbox', 'contains', 'dsnFor', 'noDsnFor'])

export function attemptScope(goal: Goal): AttemptScope {
  const patterns = [...(goal.eventSeen ?? []), ...(goal.eventNotSeen ?? [])]
  const others = Object.keys(goal).filter((k) => !MESSAGE_KEYS.has(k) && k !== 'eventSeen' && k !== 'eventNotSeen')
  return others.length === 0 && patterns.every((p) => eventScope(p) === 'transaction') ? 'transaction' : 'session'
}

/**
 * The events of the latest attempt. Session: from the greeting of the last connection (the events after the
 * `closed` of the one before it). Transaction: from the MAIL command that began the last transaction. What happens
 * afterwards (the queue, deliveries, bounces, `sleep`) belongs to the attempt too. Without such a start, all of it.
 */
export function latestAttempt(events: readonly ModelEvent[], scope: AttemptScope): readonly ModelEvent[] {
  if (scope === 'transaction') {
    const started = events.findLastIndex((e) => e.type === 'transaction-started')
    if (started < 0) return latestAttempt(events, 'session')
    const mail = events.findLastIndex((e, i) => i < started && e.type === 'command')
    return events.slice(mail < 0 ? started : mail)
  }
  const lastReply = events.findLastIndex((e) => e.type === 'reply')
  const closedBefore = events.findLastIndex((e, i) => i < lastReply && e.type === 'closed')
  return closedBefore < 0 ? events : events.slice(closedBefore + 1)
}

/** The events a goal judges: those of the latest attempt, in the scope the goal is about. */
export function attemptEvents(goal: Goal, events: readonly ModelEvent[]): readonly ModelEvent[] {
  return latestAttempt(events, attemptScope(goal))
}

// --- Judging attempts ---------------------------------------------------------------------------------------------

/**
 * What a goal is judged on: the world after the attempt, and the events of the learner's work. Only the latest
 * attempt's events count (`attemptEvents`), and only the messages whose delivery is among them: what was in the
 * mailboxes before, or came of an earlier attempt, does not.
 */
export interface GoalState {
  readonly world: World
  readonly events: readonly ModelEvent[]
}

export interface GoalCheck {
  /** The goal key this check is about. */
  readonly key: string
  readonly met: boolean
  /** For the learner, in plain words: what the goal asks. */
  readonly label: string
  /** For the learner: what was found, or what is missing. */
  readonly detail: string
}

export interface GoalResult {
  readonly met: boolean
  readonly checks: readonly GoalCheck[]
}

/** A code pattern: 503, '5xx', '55x', or '550 5.1.1'. */
export function replyMatches(pattern: number | string, reply: Pick<Reply, 'code' | 'enhanced'>): boolean {
  if (typeof pattern === 'number') return reply.code === pattern
  const [code = '', enhanced] = pattern.split(' ')
  const codeOk = [...code].every((ch, i) => ch === 'x' || ch === String(reply.code)[i])
  return codeOk && (enhanced === undefined || reply.enhanced === enhanced)
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  return JSON.stringify(a) === JSON.stringify(b)
}

export function eventMatches(pattern: EventPattern, event: ModelEvent): boolean {
  if (typeof pattern === 'string') return event.type === pattern
  const fields = event as unknown as Record<string, unknown>
  return Object.entries(pattern).every(([k, v]) => sameValue(fields[k], v))
}

const replies = (events: readonly ModelEvent[]): Reply[] => events.flatMap((e) => (e.type === 'reply' ? [e.reply] : []))

/** Each reply with what it answered: a command's verb, `(data)` for the end of a message, `(greeting)`. */
function answeredReplies(events: readonly ModelEvent[]): { readonly reply: Reply; readonly to: string }[] {
  const out: { reply: Reply; to: string }[] = []
  let pending: string | null = null
  let inData = false
  for (const e of events) {
    if (e.type === 'command') pending = e.verb.toUpperCase()
    else if (e.type === 'data-started') inData = true
    else if (e.type === 'reply') {
      out.push({ reply: e.reply, to: pending ?? (inData ? '(data)' : '(greeting)') })
      if (pending === null) inData = false
      pending = null
    }
  }
  return out
}

/**
 * The reply that decided an attempt: the last 4xx or 5xx that the learner has not since put right, else the last
 * reply (the 221 to QUIT aside). A failure is put right when the same command later succeeds: a 501 to a RCPT TO,
 * then a 250 to the corrected RCPT TO, leaves the 250 deciding.
 */
export function decisiveReply(events: readonly ModelEvent[]): Reply | null {
  const all = answeredReplies(events)
  const standing = all.findLast(({ reply, to }, i) => reply.code >= 400 && !all.some((later, j) => j > i && later.to === to && later.reply.code < 400))
  if (standing) return standing.reply
  return (all.findLast(({ to }) => to !== 'QUIT') ?? all.at(-1))?.reply ?? null
}

// Stored messages, read as RFC 5322 messages.

const decoder = new TextDecoder()

interface ReadMessage {
  readonly fields: readonly { readonly name: string; readonly value: string }[]
  readonly bodyLines: readonly string[]
  readonly header: string
  readonly envelope: { readonly sender: string; readonly recipients: readonly string[] }
}

export function readMessage(content: Uint8Array, envelope: { sender: string; recipients: readonly string[] }): ReadMessage {
  const { head, body } = splitMessage(decoder.decode(content))
  const header = head.replace(/\r?\n$/, '')
  const fields = headerFields(head)
  const bodyLines = body.split('\r\n')
  if (bodyLines.at(-1) === '') bodyLines.pop()
  return { fields, bodyLines, header, envelope }
}

const fieldValues = (m: ReadMessage, name: string) => valuesOf(m.fields, name)
const includesCi = (hay: string, needle: string) => hay.toLowerCase().includes(needle.toLowerCase())
const sameAddress = (a: string, b: string) => a.replace(/^<|>$/g, '').toLowerCase() === b.replace(/^<|>$/g, '').toLowerCase()

/** The first reason a message does not match, or null when it does. */
export function messageMismatch(m: ReadMessage, match: MessageMatch): string | null {
  const field = (name: string, want: string | undefined): string | null => {
    if (want === undefined) return null
    const values = fieldValues(m, name)
    if (values.length === 0) return `it has no ${name}: header field`
    return values.some((v) => includesCi(v, want)) ? null : `its ${name}: field is "${values[0]}", which does not contain "${want}"`
  }
  const checks: (() => string | null)[] = [
    () => field('Subject', match.subject),
    () => field('From', match.from),
    () => field('To', match.to),
    () => field('Cc', match.cc),
    () => Object.entries(match.header ?? {}).map(([n, v]) => field(n, v)).find((x) => x !== null) ?? null,
    () => (match.headerAbsent ?? []).map((n) => (fieldValues(m, n).length > 0 ? `it still has a ${n}: header field` : null)).find((x) => x !== null) ?? null,
    () => (match.bodyContains === undefined || m.bodyLines.some((l) => includesCi(l, match.bodyContains ?? '')) ? null : `its body does not contain "${match.bodyContains}"`),
    () => {
      if (match.bodyLineStartingWithDot === undefined) return null
      const has = m.bodyLines.some((l) => l.startsWith('.'))
      if (has === match.bodyLineStartingWithDot) return null
      return has ? 'a line of its body starts with "."' : 'no line of its body starts with "."'
    },
    () => {
      if (match.envelopeSender === undefined) return null
      const want = match.envelopeSender === '<>' ? '' : match.envelopeSender.replace(/^<|>$/g, '')
      return sameAddress(m.envelope.sender, want) ? null : `its envelope sender is <${m.envelope.sender}>, not <${want}>`
    },
    () => (match.envelopeRecipient === undefined || m.envelope.recipients.some((r) => sameAddress(r, match.envelopeRecipient ?? '')) ? null : `${match.envelopeRecipient} is not among its envelope recipients`),
    () => {
      const who = match.envelopeOnlyRecipient
      if (who === undefined) return null
      if (!m.envelope.recipients.some((r) => sameAddress(r, who))) return `${who} is not among its envelope recipients (RCPT TO)`
      const named = ['To', 'Cc', 'Bcc', 'Resent-To', 'Resent-Cc', 'Resent-Bcc'].find((n) => fieldValues(m, n).some((v) => includesCi(v, who)))
      return named ? `${who} is named in its ${named}: header field, so the copy is not blind` : null
    },
    () => {
      if (match.returnPath === undefined) return null
      const values = fieldValues(m, 'Return-Path')
      return values.some((v) => v === match.returnPath) ? null : `its Return-Path: is ${values[0] ?? 'missing'}, not ${match.returnPath}`
    },
    () => {
      if (match.receivedCount === undefined) return null
      const n = fieldValues(m, 'Received').length
      return n === match.receivedCount ? null : `it has ${n} Received: fields, not ${match.receivedCount}`
    },
  ]
  for (const check of checks) {
    const why = check()
    if (why) return why
  }
  return null
}

/** A mailbox of the world by address: the host whose local domain it is, the mailbox by local part. */
export function findMailbox(world: World, addr: string): { host: MailHost; name: string } | null {
  const at = addr.lastIndexOf('@')
  const domain = addr.slice(at + 1).toLowerCase()
  const host = world.hosts.find((h) => h.data.localDomains.includes(domain))
  if (!host) return null
  const local = addr.slice(0, at).toLowerCase()
  const delimiter = host.data.recipientDelimiter
  const name = delimiter && local.indexOf(delimiter) > 0 ? local.slice(0, local.indexOf(delimiter)) : local
  return host.mailboxNames.includes(name) ? { host, name } : null
}

/** The messages of a mailbox that the attempt delivered: those a `delivered` event among its events names. */
function newMessages(events: readonly ModelEvent[], host: MailHost, name: string): ReadMessage[] {
  const ids = new Set(events.flatMap((e) => (e.type === 'delivered' && e.host === host.name && e.mailbox === name ? [e.queueId] : [])))
  return host
    .mailbox(name)
    .filter((m) => ids.has(m.queueId))
    .map((m) => readMessage(m.content, m.envelope))
}

/** The recipient groups of a DSN (RFC 3464 §2.3): field maps, or null when the message is not a DSN. */
export function dsnGroups(m: ReadMessage): Record<string, string>[] | null {
  const type = fieldValues(m, 'Content-Type')[0] ?? ''
  if (!/multipart\/report/i.test(type) || !/report-type=delivery-status/i.test(type)) return null
  const groups: Record<string, string>[] = []
  let current: Record<string, string> | null = null
  for (const line of m.bodyLines) {
    if (/^Final-Recipient:/i.test(line)) {
      current = {}
      groups.push(current)
    } else if (line === '' || line.startsWith('--')) current = null
    if (!current) continue
    const colon = line.indexOf(':')
    if (colon > 0 && !/^\s/.test(line)) current[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  return groups
}

function dsnRecipient(group: Record<string, string>): string {
  return (group['final-recipient'] ?? '').replace(/^rfc822;\s*/i, '')
}

function findDsns(state: GoalState, recipient: string, to?: string): { groups: Record<string, string>[]; mailbox: string }[] {
  const boxes = to ? [findMailbox(state.world, to)].filter((x) => x !== null) : state.world.hosts.flatMap((host) => host.mailboxNames.map((name) => ({ host, name })))
  const out: { groups: Record<string, string>[]; mailbox: string }[] = []
  for (const { host, name } of boxes) {
    for (const m of newMessages(state.events, host, name)) {
      const groups = (dsnGroups(m) ?? []).filter((g) => sameAddress(dsnRecipient(g), recipient))
      if (groups.length > 0) out.push({ groups, mailbox: `${name}@${host.data.localDomains[0] ?? host.name}` })
    }
  }
  return out
}

/**
 * Judge a goal on the latest attempt (`attemptEvents`). Every key of the goal is one check, labelled in plain words
 * (vocabulary.ts); the goal is met when all are.
 */
export function evaluateGoal(goal: Goal, state: GoalState): GoalResult {
  const attempt: GoalState = { world: state.world, events: attemptEvents(goal, state.events) }
  const checks: GoalCheck[] = []
  const all = replies(attempt.events)
  const add = (key: string, met: boolean, label: string, detail: string) => checks.push({ key, met, label, detail })
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

  if (goal.mailbox !== undefined) {
    const parts = goal.contains ? describeMatch(goal.contains) : []
    const label = `A new message reaches ${goal.mailbox}${parts.length ? `, and ${parts.join(', and ')}` : ''}`
    const key = goal.contains ? 'contains' : 'mailbox'
    const box = findMailbox(state.world, goal.mailbox)
    if (!box) add(key, false, label, `there is no mailbox ${goal.mailbox} in this world`)
    else {
      const messages = newMessages(attempt.events, box.host, box.name)
      if (messages.length === 0) add(key, false, label, `no new message reached ${goal.mailbox}`)
      else if (!goal.contains) add(key, true, label, `${messages.length} new message(s) reached ${goal.mailbox}`)
      else {
        const reasons = messages.map((m) => messageMismatch(m, goal.contains ?? {}))
        const hit = reasons.findIndex((r) => r === null)
        if (hit >= 0) add(key, true, label, `a message in ${goal.mailbox} matches`)
        else add(key, false, label, `a message reached ${goal.mailbox}, but ${reasons.at(-1)}`)
      }
    }
  }
  if (goal.replySeen !== undefined) {
    const seen = all.some((r) => replyMatches(goal.replySeen ?? 0, r))
    add('replySeen', seen, `The server answers ${describeReply(goal.replySeen)}`, seen ? `the server answered ${goal.replySeen}` : 'not in this attempt')
  }
  if (goal.replyNotSeen !== undefined) {
    const seen = all.find((r) => replyMatches(goal.replyNotSeen ?? 0, r))
    add('replyNotSeen', !seen, `The server never answers ${describeReply(goal.replyNotSeen)}`, seen ? `the server answered ${seen.code}${seen.enhanced ? ' ' + seen.enhanced : ''}` : `no ${goal.replyNotSeen} reply`)
  }
  for (const pattern of goal.eventSeen ?? []) {
    const seen = attempt.events.some((e) => eventMatches(pattern, e))
    add('eventSeen', seen, cap(describeEvent(pattern)), seen ? 'it happened' : 'not in this attempt')
  }
  for (const pattern of goal.eventNotSeen ?? []) {
    const seen = attempt.events.some((e) => eventMatches(pattern, e))
    add('eventNotSeen', !seen, `This does not happen: ${describeEvent(pattern)}`, seen ? 'it happened in this attempt' : 'it did not happen')
  }
  if (goal.dsnFor !== undefined) {
    const want = goal.dsnFor
    const more = [want.action ? `Action: ${want.action}` : '', want.status ? `Status: ${want.status}` : ''].filter(Boolean).join(', ')
    const label = `A bounce (a delivery status notification) about ${want.recipient} reaches ${want.to ?? 'a mailbox'}${more ? `, with ${more}` : ''}`
    const found = findDsns(attempt, want.recipient, want.to)
    const groups = found.flatMap((f) => f.groups)
    if (groups.length === 0) add('dsnFor', false, label, `no delivery status notification about ${want.recipient} arrived${want.to ? ` in ${want.to}` : ''}`)
    else {
      const ok = groups.find((g) => (want.status === undefined || g.status === want.status) && (want.action === undefined || (g.action ?? '').toLowerCase() === want.action.toLowerCase()))
      const first = groups[0] ?? {}
      add('dsnFor', ok !== undefined, label, ok ? `a DSN about ${want.recipient} arrived (Status: ${ok.status ?? '?'})` : `a DSN about ${want.recipient} arrived, but with Action: ${first.action ?? '?'} and Status: ${first.status ?? '?'}`)
    }
  }
  if (goal.noDsnFor !== undefined) {
    const found = findDsns(attempt, goal.noDsnFor)
    const label = `No bounce (delivery status notification) about ${goal.noDsnFor} is sent to anyone`
    add('noDsnFor', found.length === 0, label, found.length === 0 ? `no DSN about ${goal.noDsnFor} exists` : `a DSN about ${goal.noDsnFor} reached ${found[0]?.mailbox ?? 'a mailbox'}`)
  }
  return { met: checks.length > 0 && checks.every((c) => c.met), checks }
}

/** Does a hint's condition describe this attempt? */
export function hintApplies(on: HintCondition, events: readonly ModelEvent[]): boolean {
  const decisive = decisiveReply(events)
  if (on.code !== undefined && !(decisive && replyMatches(on.code, decisive))) return false
  if (on.enhanced !== undefined && decisive?.enhanced !== on.enhanced) return false
  if (on.event !== undefined && !events.some((e) => eventMatches(on.event ?? '', e))) return false
  if (on.nothing !== undefined && on.nothing !== !events.some((e) => e.type === 'command')) return false
  return true
}

/** The first hint whose condition fits the attempt, else the default hint (the one without `on`). */
export function chooseHint(hints: readonly Hint[], events: readonly ModelEvent[]): Hint | null {
  return hints.find((h) => h.on !== null && hintApplies(h.on, events)) ?? hints.find((h) => h.on === null) ?? null
}
