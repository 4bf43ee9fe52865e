/**
 * What the inspector lists: every host of the world, its mailboxes with their message counts, and a one-line summary
 * of each message (from its header). A snapshot: the world is mutable, so the inspector takes a new one whenever
 * the app says the world changed (the `revision` prop). Pure: reads the model, changes nothing.
 */
import type { MailHost, StoredMessage, World } from '../../smtp'
import { fieldValue, parseHeaderFields, splitMessage } from './headers'

export interface MessageSummary {
  /** Its position in the mailbox (mailboxes only grow), which identifies it. */
  readonly index: number
  readonly queueId: string
  readonly subject: string
  readonly from: string
  readonly date: string
  readonly size: number
  readonly stored: StoredMessage
}

export interface MailboxView {
  readonly name: string
  readonly messages: readonly MessageSummary[]
}

export interface HostView {
  readonly name: string
  readonly ip: string
  readonly mailboxes: readonly MailboxView[]
  /** Messages still in this host's queue (deferred), for context. */
  readonly queued: number
  readonly host: MailHost
}

export function summarize(stored: StoredMessage, index: number): MessageSummary {
  const fields = parseHeaderFields(splitMessage(stored.content).head)
  return {
    index,
    queueId: stored.queueId,
    subject: fieldValue(fields, 'Subject') ?? '(no subject)',
    from: fieldValue(fields, 'From') ?? (stored.envelope.sender || '<>'),
    date: fieldValue(fields, 'Date') ?? '',
    size: stored.content.length,
    stored,
  }
}

export function snapshotWorld(world: World): HostView[] {
  return world.hosts.map((host) => ({
    name: host.name,
    ip: host.ip,
    queued: host.queue.length,
    host,
    mailboxes: host.mailboxNames.map((name) => ({ name, messages: host.mailbox(name).map(summarize) })),
  }))
}

/** Where a message is: host, mailbox, index. */
export interface Selection {
  readonly host: string
  readonly mailbox: string
  readonly index: number
}

export function find(hosts: readonly HostView[], s: Selection | null): MessageSummary | null {
  if (!s) return null
  return hosts.find((h) => h.name === s.host)?.mailboxes.find((m) => m.name === s.mailbox)?.messages[s.index] ?? null
}
