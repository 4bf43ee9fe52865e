/**
 * The learner's view of what happens after "250 Ok: queued as …": `mailq` (the queue of client.example.net, in
 * Postfix's layout), `tail mail.log` (the world's Postfix-style log) and `sleep` (moves the world's clock on, so
 * retries, expiry and bounces happen; then says in a line or two each what happened — from the events).
 */
import type { ModelEvent } from '../../smtp/events'
import { ctime, rfc5322Date } from '../../smtp/time'
import { LEARNER } from '../learner'
import { renderHint, renderNotice } from '../render'
import type { Command, ShellContext } from '../shell-context'
import { formatDuration, parseDuration } from '../words'

/** postqueue -p: `-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------`, as Postfix lays it out. */
function mailq(_args: readonly string[], { learnerHost }: ShellContext): string {
  const queue = learnerHost?.queue ?? []
  if (queue.length === 0) return renderNotice('Mail queue is empty')
  let out = renderNotice('-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------')
  let bytes = 0
  for (const entry of queue) {
    bytes += entry.content.length
    const arrival = ctime(entry.arrival).slice(0, 19)
    out += renderNotice(`${entry.id.padEnd(10)}  ${String(entry.content.length).padStart(8)} ${arrival}  ${entry.sender || 'MAILER-DAEMON'}`)
    // Recipients grouped under the reason of their last failure, as showq does.
    const pending = entry.recipients.filter((r) => !r.done)
    const reasons = [...new Set(pending.map((r) => r.lastReason))]
    for (const reason of reasons) {
      if (reason) out += renderNotice(`(${reason})`)
      for (const r of pending.filter((p) => p.lastReason === reason)) out += renderNotice(`${' '.repeat(41)}${r.address}`)
    }
    // Postfix does not print the next retry; the simulation adds it, muted, because learners ask "when?".
    if (entry.attempts > 0) out += renderHint(`${' '.repeat(41)}(next retry ${ctime(entry.nextAttempt).slice(4, 19)})`)
    out += renderNotice('')
  }
  const requests = queue.length
  return out + renderNotice(`-- ${Math.ceil(bytes / 1024)} Kbytes in ${requests} Request${requests === 1 ? '' : 's'}.`)
}

const LOG_NAMES = new Set(['mail.log', '/var/log/mail.log', 'maillog', '/var/log/maillog'])

function tail(args: readonly string[], { world }: ShellContext): string {
  let n = 10
  const files: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    const joined = /^-n(\d+)$/.exec(a) ?? /^-(\d+)$/.exec(a)
    if (a === '-n') n = Number(args[++i] ?? 'x')
    else if (joined) n = Number(joined[1])
    else if (a === '-f') return renderNotice("tail: -f would wait forever here; try: tail -n 20 mail.log")
    else files.push(a)
  }
  if (!Number.isInteger(n) || n < 0) return renderNotice(`tail: invalid number of lines`)
  const [file] = files
  if (file === undefined) return renderNotice('usage: tail [-n N] mail.log')
  if (!LOG_NAMES.has(file)) return renderNotice(`tail: cannot open '${file}' for reading: No such file or directory`) + renderHint('(the one file here is mail.log)')
  const lines = world.log.tail(n)
  return lines.length === 0 ? '' : lines.map(renderNotice).join('')
}

/**
 * What happened while the clock moved on, from the events: a line per delivery, relay and bounce; the deferrals of
 * one message and recipient folded into one line (how many tries, the last reason, the next try).
 */
export function summarize(events: readonly ModelEvent[]): string[] {
  const time = (ms: number) => ctime(ms).slice(4, 16)
  const out: string[] = []
  const deferrals = new Map<string, { line: number; count: number }>()
  for (const e of events) {
    switch (e.type) {
      case 'delivered':
        out.push(`${e.host}: ${e.queueId} delivered to the mailbox of ${e.mailbox} (${e.recipient})`)
        break
      case 'relayed':
        out.push(`${e.host}: ${e.queueId} relayed to ${e.to} for ${e.recipients.join(', ')}: "${e.reply}"`)
        break
      case 'deferred': {
        const key = `${e.host} ${e.queueId} ${e.recipient}`
        const seen = deferrals.get(key) ?? { line: out.push('') - 1, count: 0 }
        seen.count++
        deferrals.set(key, seen)
        const tries = seen.count === 1 ? 'deferred' : `deferred ${seen.count} times`
        out[seen.line] = `${e.host}: ${e.queueId} to <${e.recipient}> ${tries}, ${e.status} (${e.reason}); next try ${time(e.nextAttempt)}`
        break
      }
      case 'bounced':
        out.push(
          `${e.host}: ${e.queueId} to <${e.recipient}> bounced, ${e.status} (${e.reason})` +
            (e.dsnQueueId ? `; a bounce (DSN) goes back to the sender as ${e.dsnQueueId}` : '; the sender was <>, so no bounce is sent'),
        )
        deferrals.delete(`${e.host} ${e.queueId} ${e.recipient}`)
        break
    }
  }
  return out
}

function sleep(args: readonly string[], context: ShellContext): string {
  if (args.length === 0) return renderNotice('sleep: missing operand') + renderNotice("Try 'sleep --help' for more information.")
  const parsed = parseDuration(args)
  if ('invalid' in parsed) return renderNotice(`sleep: invalid time interval '${parsed.invalid}'`) + renderNotice("Try 'sleep --help' for more information.")
  const { world } = context
  const events = world.advance(parsed.ms)
  context.events(events)
  const lines = summarize(events)
  return (
    renderHint(`(${formatDuration(parsed.ms)} pass in a moment; the simulated clock now says ${rfc5322Date(world.clock.now())})`) +
    (lines.length > 0 ? lines.map((l) => renderHint('  ' + l)).join('') : renderHint(`  Nothing was due in any queue. mailq shows what ${LEARNER.host} still holds.`))
  )
}

export const QUEUE_COMMANDS: readonly Command[] = [
  { name: 'mailq', usage: 'mailq', summary: `the mail queue of ${LEARNER.host}: what waits, and why`, run: mailq },
  { name: 'tail', usage: 'tail [-n N] mail.log', summary: 'the last lines of the mail log of every host in this world', run: tail, complete: (args) => (args.at(-1) === '-n' ? [] : ['mail.log', '-n']) },
  { name: 'sleep', usage: 'sleep <30m|4h|5d>', summary: 'let time pass: queue retries, expiry and bounces happen', run: sleep },
]
