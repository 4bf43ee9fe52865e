/**
 * The queue manager and delivery agents of one host (Postfix's qmgr, local and smtp): what happens to a message
 * after the 250 that took responsibility for it (5321 §4.2.5, §6.1).
 *
 *  - Local recipients go to their mailboxes; remote ones to the next hop found by MX, or the A record (5321 §5.1),
 *    in a real SMTP session of the model with that host.
 *  - 2xx: done. 4xx, no answer, a dropped line: deferred, retried with backoff on the injected clock. 5xx, or the
 *    queue lifetime running out: bounced, and a DSN (RFC 3464) goes to the reverse-path — never for `<>` (5321 §6.1).
 *  - Every step is logged Postfix-style and reported as an event.
 */
import type { ModelEvent } from '../events'
import type { Notify } from '../params'
import type { NextHops } from '../world/types'
import { relayMessage, outcomeText, type Outcome, type ServerEnd } from './client'
import { buildDsn, type FailedRecipient } from './dsn'
import { delaySeconds, type MailLog, type Program } from './log'

/** Postfix's queue defaults (postconf -d): retry backoff and how long a message may stay. */
export const QUEUE_SETTINGS = {
  minimalBackoff: 300_000,
  maximalBackoff: 4_000_000,
  maximalLifetime: 5 * 24 * 3600_000,
  /** A bounce that cannot be delivered is kept as long as any other message. */
  bounceLifetime: 5 * 24 * 3600_000,
} as const

export interface QueueRecipient {
  readonly address: string
  /** ORCPT or the address as first given, for the DSN. */
  readonly original: string
  /** NOTIFY (RFC 3461 §4.1): null means "FAILURE" (and DELAY, which this queue never reports). */
  readonly notify: readonly Notify[] | null
  done: boolean
  lastStatus: string
  lastReason: string
  /** It came with a source route this host honoured (RFC 821 §3.6): relayed with this host put on the reverse-path. */
  readonly routed?: boolean
  /** The local alias that forwards to this address (logged as orig_to, as Postfix does after virtual alias rewriting). */
  readonly forwardedFrom?: string
}

export interface QueueEntry {
  readonly id: string
  readonly sender: string
  readonly arrival: number
  /** The message as queued: this host's Received: line already on top. */
  readonly content: Uint8Array
  readonly recipients: QueueRecipient[]
  /** RET and ENVID of the DSN request (RFC 3461 §4.3, §4.4). */
  readonly ret: 'FULL' | 'HDRS' | null
  readonly envid: string | null
  attempts: number
  nextAttempt: number
}

/** One member of an alias or list whose delivery failed while the others were delivered. */
export interface MemberFailure {
  /** The member's address, e.g. bob@example.com. */
  readonly address: string
  readonly status: string
  readonly reason: string
}

/**
 * A local delivery's result: delivered (to some mailboxes), or a failure with status and reason. An alias or list is
 * delivered member by member, as Postfix's local(8) does: `failed` are the members that could not take it, and
 * `bounceTo` is where their DSN goes when it is not the sender (a list's owner-<list>).
 */
export type LocalResult =
  | { readonly ok: true; readonly mailboxes: readonly string[]; readonly failed?: readonly MemberFailure[]; readonly expanded?: 'alias' | 'list'; readonly bounceTo?: string }
  | { readonly ok: false; readonly status: string; readonly reason: string }

/** What the agent needs from the host it works for (implemented by MailHost). */
export interface DeliveryHost {
  readonly name: string
  readonly ip: string
  readonly log: MailLog
  now(): number
  nextId(): string
  /** Is this recipient one of ours (a local domain)? */
  isLocal(address: string): boolean
  deliverLocally(entry: QueueEntry, recipient: string): LocalResult
  /** Where mail for a domain goes: its MX hosts, or the domain's own address (RFC 5321 §5.1). */
  nextHops(domain: string): NextHops
  /** Open an SMTP connection to port 25 at `address`, or null when nothing answers there. */
  connectTo(address: string): ServerEnd | null
  /** DKIM-sign a message as it leaves, when its From: domain is one this host signs for (authentication/dkim.ts). */
  sign?(content: Uint8Array): Uint8Array
  /** Does this host send a bare LF on unchanged (the outbound half of SMTP smuggling, a world fault)? */
  passesBareLf?(): boolean
  /** Put a message this host generated (a DSN) into its own queue, under `id` when it already has one. */
  enqueueGenerated(sender: string, recipients: readonly string[], content: Uint8Array, id?: string): { id: string; events: ModelEvent[] }
}

function log(host: DeliveryHost, program: Program, queueId: string, text: string): void {
  host.log.add({ time: host.now(), host: host.name, program, queueId, text })
}

function delays(host: DeliveryHost, entry: QueueEntry): string {
  return `delay=${delaySeconds(host.now() - entry.arrival)}, delays=${delaySeconds(host.now() - entry.arrival)}/0/0/0`
}

/** The backoff before the next attempt: Postfix doubles from minimal_backoff_time up to maximal_backoff_time. */
export function backoff(attempts: number): number {
  return Math.min(QUEUE_SETTINGS.minimalBackoff * 2 ** Math.max(0, attempts - 1), QUEUE_SETTINGS.maximalBackoff)
}

interface Verdict {
  readonly recipient: QueueRecipient
  readonly outcome: 'sent' | 'deferred' | 'bounced'
  readonly status: string
  readonly reason: string
  readonly relay: string
  readonly remoteMta?: string
  readonly diagnostic: string
  /** A member of this alias failed (shown as "(expanded from <alias>)" in the DSN). */
  readonly expandedFrom?: string
  /** The DSN goes here instead of to the sender (a list's owner). */
  readonly bounceTo?: string
}

const statusOf = (o: Outcome): string => o.enhanced ?? (o.code >= 500 ? '5.0.0' : o.code >= 400 || o.code === 0 ? '4.0.0' : '2.0.0')

/** Try to deliver every pending recipient of a queue entry once. Returns the events, in order. */
export function attempt(host: DeliveryHost, entry: QueueEntry): ModelEvent[] {
  entry.attempts++
  const events: ModelEvent[] = []
  const verdicts: Verdict[] = []
  const pending = entry.recipients.filter((r) => !r.done)

  for (const r of pending.filter((x) => host.isLocal(x.address))) {
    const result = host.deliverLocally(entry, r.address)
    if (result.ok) {
      if (result.mailboxes.length > 0) verdicts.push({ recipient: r, outcome: 'sent', status: '2.0.0', reason: 'delivered to mailbox', relay: 'local', diagnostic: '' })
      else r.done = true // every member failed: each is reported below
      for (const mailbox of result.mailboxes) events.push({ type: 'delivered', queueId: entry.id, host: host.name, mailbox, recipient: r.address })
      // Each member of an alias or list on its own (Postfix's local(8)): one failing member bounces alone. A list's
      // members are sent on as a new message from owner-<list>, so their Original-Recipient is the member itself.
      for (const f of result.failed ?? []) {
        const member: QueueRecipient = { address: f.address, original: result.expanded === 'list' ? f.address : r.original, notify: r.notify, done: false, lastStatus: '', lastReason: '' }
        verdicts.push({
          recipient: member,
          outcome: f.status.startsWith('5') ? 'bounced' : 'deferred',
          status: f.status,
          reason: f.reason,
          relay: 'local',
          diagnostic: `X-Postfix; ${f.reason}`,
          ...(result.expanded === 'alias' ? { expandedFrom: r.address } : {}),
          ...(result.bounceTo ? { bounceTo: result.bounceTo } : {}),
        })
      }
    } else {
      const outcome = result.status.startsWith('5') ? 'bounced' : 'deferred'
      verdicts.push({ recipient: r, outcome, status: result.status, reason: result.reason, relay: 'local', diagnostic: `X-Postfix; ${result.reason}` })
    }
  }

  const byDomain = new Map<string, QueueRecipient[]>()
  for (const r of pending.filter((x) => !host.isLocal(x.address))) {
    const domain = nextDomain(r.address)
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), r])
  }
  for (const [domain, recipients] of byDomain) verdicts.push(...relayDomain(host, entry, domain, recipients, events))

  return [...events, ...settle(host, entry, verdicts)]
}

/**
 * Where an address goes next: the first host of its source route (RFC 821 §3.6: `@a,@b:user@c` goes to a), else
 * its domain.
 */
export function nextDomain(address: string): string {
  if (address.startsWith('@')) return (/^@([^,:]+)/.exec(address)?.[1] ?? '').toLowerCase()
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase()
}

/**
 * The reverse-path a relay sends on for source-routed mail: its own name put in front (RFC 821 §3.6, §4.1.1's
 * example: `<USERX@HOSTY.ARPA>` relayed by HOSTA becomes `<@HOSTA.ARPA:USERX@HOSTY.ARPA>`). `<>` stays `<>`.
 */
export function routedSender(host: string, sender: string): string {
  if (sender === '') return ''
  return sender.startsWith('@') ? `@${host},${sender}` : `@${host}:${sender}`
}

/** Build a DSN for some recipients of an entry and put it in this host's queue, from <> to the sender. */
function sendDsn(host: DeliveryHost, entry: QueueEntry, recipients: readonly FailedRecipient[], what: string, to = entry.sender): { id: string; events: ModelEvent[] } {
  const id = host.nextId()
  const dsn = buildDsn({
    reportingMta: host.name,
    queueId: entry.id,
    dsnQueueId: id,
    sender: to,
    arrivalDate: entry.arrival,
    now: host.now(),
    recipients,
    original: entry.content,
    headersOnly: entry.ret === 'HDRS',
    ...(entry.envid ? { envelopeId: entry.envid } : {}),
  })
  log(host, 'bounce', entry.id, `${what}: ${id}`)
  return host.enqueueGenerated('', [to], dsn, id)
}

/** xtext (RFC 3461 §4): "+", "=" and anything outside ! to ~ as +XX. */
function xtext(s: string): string {
  return s.replace(/[^\x21-\x2a\x2c-\x3c\x3e-\x7e]/g, (c) => '+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
}

function relayDomain(host: DeliveryHost, entry: QueueEntry, domain: string, recipients: QueueRecipient[], events: ModelEvent[]): Verdict[] {
  const hops = host.nextHops(domain)
  const all = (outcome: Verdict['outcome'], status: string, reason: string, relay: string): Verdict[] =>
    recipients.map((recipient) => ({ recipient, outcome, status, reason, relay, diagnostic: `X-Postfix; ${reason}` }))
  if (hops.kind === 'nxdomain') {
    return all('bounced', '5.4.4', `Host or domain name not found. Name service error for name=${domain} type=A: Host not found`, 'none')
  }
  // RFC 7505 §3: no delivery attempt at all, and no retries. 5.1.10 is RFC 7505's code; the text is Postfix's.
  if (hops.kind === 'nullmx') return all('bounced', '5.1.10', `Domain ${domain} does not accept mail (nullMX)`, 'none')
  // RFC 5321 §5.1: a host that finds itself among the MX hosts tries only the better (lower) preferences: a backup
  // MX hands mail to the primary, never to itself or an equal.
  const self = hops.hops.find((h) => h.exchange === host.name || h.address === host.ip)
  const candidates = self ? hops.hops.filter((h) => h.preference < self.preference) : hops.hops
  if (candidates.length === 0) return all('bounced', '5.4.6', `mail for ${domain} loops back to myself`, 'none')
  let lastFailure = ''
  for (const hop of candidates) {
    const peer = `${hop.exchange}[${hop.address ?? '?'}]`
    const server = hop.address ? host.connectTo(hop.address) : null
    if (!server) {
      lastFailure = hop.address ? `connect to ${peer}:25: Connection timed out` : `Host or domain name not found. Name service error for name=${hop.exchange} type=A: Host not found`
      continue
    }
    const result = relayMessage(server, {
      helo: host.name,
      sender: recipients.some((r) => r.routed) ? routedSender(host.name, entry.sender) : entry.sender,
      recipients: recipients.map((r) => r.address),
      content: host.sign ? host.sign(entry.content) : entry.content,
      peer,
      crlfOnly: host.passesBareLf?.() ?? false,
      // The DSN request travels on with the message when the next hop speaks DSN (RFC 3461 §5.2).
      mailParams: [entry.ret ? `RET=${entry.ret}` : '', entry.envid ? `ENVID=${xtext(entry.envid)}` : ''].filter(Boolean).join(' '),
      rcptParams: (address) => {
        const r = recipients.find((x) => x.address === address)
        return [r?.notify ? `NOTIFY=${r.notify.join(',')}` : '', r && r.original !== address ? `ORCPT=rfc822;${xtext(r.original)}` : ''].filter(Boolean).join(' ')
      },
    })
    const sent = recipients.filter((r) => (result.outcomes.get(r.address)?.code ?? 0) >= 200 && (result.outcomes.get(r.address)?.code ?? 0) < 300)
    if (sent.length > 0) {
      const reply = outcomeText(result.outcomes.get(sent[0]?.address ?? '') ?? { code: 250, enhanced: null, text: '' })
      events.push({ type: 'relayed', host: host.name, queueId: entry.id, to: hop.exchange, recipients: sent.map((r) => r.address), reply, transcript: result.transcript })
    }
    events.push(...result.remoteEvents)
    return recipients.map((recipient) => {
      const o = result.outcomes.get(recipient.address) ?? { code: 0, enhanced: '4.4.2', text: `lost connection with ${peer}` }
      const text = outcomeText(o)
      const outcome = o.code >= 200 && o.code < 300 ? 'sent' : o.code >= 500 ? 'bounced' : 'deferred'
      const reason = o.code === 0 ? text : outcome === 'sent' ? text : `host ${peer} said: ${text}`
      return { recipient, outcome, status: statusOf(o), reason, relay: `${peer}:25`, remoteMta: hop.exchange, diagnostic: o.code === 0 ? `X-Postfix; ${text}` : `smtp; ${text}` }
    })
  }
  return all('deferred', '4.4.1', lastFailure, 'none')
}

/** Record the verdicts: log lines, recipient state, retries, expiry, and the DSN for what bounced. */
function settle(host: DeliveryHost, entry: QueueEntry, verdicts: readonly Verdict[]): ModelEvent[] {
  const events: ModelEvent[] = []
  const now = host.now()
  const lifetime = entry.sender === '' ? QUEUE_SETTINGS.bounceLifetime : QUEUE_SETTINGS.maximalLifetime
  const expired = now - entry.arrival >= lifetime
  const failed: { verdict: Verdict; reason: string }[] = []
  for (const v of verdicts) {
    const r = v.recipient
    r.lastStatus = v.status
    r.lastReason = v.reason
    const program: Program = v.relay === 'local' ? 'local' : 'smtp'
    const to = `to=<${r.address}>${r.forwardedFrom ? `, orig_to=<${r.forwardedFrom}>` : ''}`
    if (v.outcome === 'sent') {
      r.done = true
      log(host, program, entry.id, `${to}, relay=${v.relay}, ${delays(host, entry)}, dsn=${v.status}, status=sent (${v.reason})`)
    } else if (v.outcome === 'deferred' && !expired) {
      log(host, program, entry.id, `${to}, relay=${v.relay}, ${delays(host, entry)}, dsn=${v.status}, status=deferred (${v.reason})`)
    } else if (v.outcome === 'deferred') {
      r.done = true // the queue lifetime ran out: returned to the sender with the last reason (Postfix's qmgr)
      failed.push({ verdict: v, reason: v.reason })
    } else {
      r.done = true
      const orig = v.expandedFrom ? `, orig_to=<${v.expandedFrom}>` : r.forwardedFrom ? `, orig_to=<${r.forwardedFrom}>` : ''
      log(host, program, entry.id, `to=<${r.address}>${orig}, relay=${v.relay}, ${delays(host, entry)}, dsn=${v.status}, status=bounced (${v.reason})`)
      failed.push({ verdict: v, reason: v.reason })
    }
  }
  if (expired && verdicts.some((v) => v.outcome === 'deferred')) log(host, 'qmgr', entry.id, `from=<${entry.sender}>, status=expired, returned to sender`)

  const stillPending = entry.recipients.filter((r) => !r.done)
  // Postfix's queue manager looks at the deferred queue every few minutes, so a message expires close to its
  // lifetime: the last attempt is due then, not at the next backoff step beyond it.
  entry.nextAttempt = Math.min(now + backoff(entry.attempts), Math.max(now + 1, entry.arrival + lifetime))
  for (const r of stillPending) {
    events.push({ type: 'deferred', host: host.name, queueId: entry.id, recipient: r.address, status: r.lastStatus, reason: r.lastReason, nextAttempt: entry.nextAttempt })
  }

  let dsnQueueId: string | null = null
  const dsnEvents: ModelEvent[] = []
  const wants = (r: QueueRecipient, n: Notify) => (r.notify === null ? n === 'FAILURE' : r.notify.includes(n))
  const reportable = failed.filter(({ verdict: v }) => wants(v.recipient, 'FAILURE'))
  if (failed.length > reportable.length) log(host, 'bounce', entry.id, 'no notification for recipients with NOTIFY=NEVER or without FAILURE (RFC 3461 §4.1)')
  // One DSN per destination: the sender, or a list's owner for the list's members (Postfix: owner-<list>).
  const targets = new Map<string, typeof reportable>()
  for (const f of reportable) {
    const to = f.verdict.bounceTo ?? entry.sender
    if (to !== '') targets.set(to, [...(targets.get(to) ?? []), f])
  }
  for (const [to, group] of targets) {
    const list: FailedRecipient[] = group.map(({ verdict: v, reason }) => ({
      recipient: v.recipient.address,
      original: v.recipient.original,
      action: 'failed',
      status: v.status,
      ...(v.remoteMta ? { remoteMta: v.remoteMta } : {}),
      ...(v.expandedFrom ? { expandedFrom: v.expandedFrom } : {}),
      diagnostic: v.diagnostic,
      reason,
    }))
    const queued = sendDsn(host, entry, list, to === entry.sender ? 'sender non-delivery notification' : `owner non-delivery notification to ${to}`, to)
    dsnQueueId ??= queued.id
    dsnEvents.push(...queued.events)
  }
  if (reportable.length > 0 && targets.size === 0) {
    log(host, 'bounce', entry.id, 'sender is the null address <>: no notification is sent (RFC 5321 §6.1)')
  }
  // NOTIFY=SUCCESS: a "delivered" report when the message reached its final mailbox here (RFC 3461 §4.1).
  const delivered = verdicts.filter((v) => v.outcome === 'sent' && v.relay === 'local' && v.recipient.notify?.includes('SUCCESS'))
  if (delivered.length > 0 && entry.sender !== '') {
    const list: FailedRecipient[] = delivered.map((v) => ({ recipient: v.recipient.address, original: v.recipient.original, action: 'delivered', status: '2.0.0', diagnostic: 'X-Postfix; delivered to mailbox', reason: 'delivered to mailbox' }))
    dsnEvents.push(...sendDsn(host, entry, list, 'sender delivery status notification').events)
  }
  for (const { verdict: v, reason } of failed) {
    events.push({ type: 'bounced', host: host.name, queueId: entry.id, recipient: v.recipient.address, status: v.status, reason, dsnQueueId })
  }
  if (stillPending.length === 0) log(host, 'qmgr', entry.id, 'removed')
  return [...events, ...dsnEvents]
}
