/**
 * Scripted faults of the world (src/smtp/world/faults.ts) in plain words, for the sandbox and wherever the world's
 * active faults are listed. A fault's reply is named by its code and its meaning from the one reply catalogue,
 * never by its catalogue key.
 */
import { formatDuration } from '../lessons/duration'
import { REPLIES, type ReplyKey } from '../smtp/replies'
import type { Fault } from '../smtp/world/faults'

/** A reply a fault gives, as the learner reads it: "421 4.3.2 — the server is shutting down…" or "the line drops". */
export function describeFaultReply(reply: ReplyKey | 'drop'): string {
  if (reply === 'drop') return 'the connection drops'
  const spec = REPLIES[reply]
  return `${spec.code}${spec.enhanced ? ' ' + spec.enhanced : ''} (${spec.meaning.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase())})`
}

const ordinal = (n: number) => (n === 1 ? 'first' : n === 2 ? 'second' : n === 3 ? 'third' : `${n}th`)

/**
 * One fault in a sentence. `now` (the world's clock) turns a mailbox-unavailable fault's end, a time on that clock,
 * into how long it still lasts.
 */
export function describeFault(f: Fault, now: number): string {
  switch (f.kind) {
    case 'command':
      return `${f.host}: the ${ordinal(f.nth)} ${f.verb} of each session gets ${describeFaultReply(f.reply)}`
    case 'after-data':
      return `${f.host}: after the final dot, ${describeFaultReply(f.reply)}`
    case 'drop-during-data':
      return `${f.host}: the connection drops during DATA`
    case 'mailbox-unavailable':
      return f.until > now ? `${f.host}: ${f.mailbox}'s mailbox is locked for another ${formatDuration(f.until - now)} (mail for it waits in the queue)` : `${f.host}: ${f.mailbox}'s mailbox was locked for a while (free now)`
    case 'mailbox-full':
      return `${f.host}: ${f.mailbox}'s mailbox is full`
    case 'greylist':
      return `${f.host}: greylists each new client, sender and recipient${f.mailbox ? ` of mail for ${f.mailbox}` : ''} for ${formatDuration(f.delay)} (450 4.2.0)`
    case 'bare-lf':
      return f.handling === 'pass'
        ? `${f.host}: passes a bare LF on unchanged, so <LF>.<LF> reaches the next server (outbound SMTP smuggling)`
        : `${f.host}: takes <LF>.<LF> as the end of the data, as unpatched servers did in 2023 (inbound SMTP smuggling)`
    case 'vrfy-off':
      return `${f.host}: VRFY switched off (502 5.5.1)`
    case 'host-down':
      return f.until > now ? `${f.host}: down (connections time out) for another ${formatDuration(f.until - now)}` : `${f.host}: was down for a while (up again now)`
  }
}

/**
 * The world's faults as settings for a fresh world: a mailbox-unavailable or host-down fault keeps the time it has left (its
 * `until` counts from the new world's start).
 */
export function faultsToCarry(faults: readonly Fault[], now: number): Fault[] {
  return faults.flatMap((f): Fault[] => (f.kind !== 'mailbox-unavailable' && f.kind !== 'host-down' ? [f] : f.until > now ? [{ ...f, until: f.until - now }] : []))
}
