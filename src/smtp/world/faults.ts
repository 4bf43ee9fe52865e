/**
 * Faults as data (issue "the simulated world", item 4): scripted failures a lesson or the learner switches on.
 * Every fault names a host, what it hits and when; nothing is random. `scriptFor` turns the faults of one host into
 * the SessionScript a server session consults, `localDeliveryFault` answers for the local delivery agent.
 */
import type { Clock } from '../deps'
import type { Refusal, SessionScript } from '../policy'
import type { ReplyKey } from '../replies'
import type { BareLineEndings } from '../settings'

export type Fault =
  /** "421 at the third RCPT": the `nth` use of a verb in a session is answered with `reply` (or the line drops). */
  | { readonly kind: 'command'; readonly host: string; readonly verb: string; readonly nth: number; readonly reply: ReplyKey | 'drop' }
  /** "552 after the final dot": every message is refused after the final dot. */
  | { readonly kind: 'after-data'; readonly host: string; readonly reply: ReplyKey | 'drop' }
  /** "connection drops during DATA". */
  | { readonly kind: 'drop-during-data'; readonly host: string }
  /**
   * "this mailbox is locked for 2 hours": the server accepts mail for it, but local delivery cannot lock the mailbox
   * until `until` (ms on the world clock), so the message is deferred in the queue (4.2.0) and retried. A locked
   * mailbox never shows as a 4xx at RCPT; for that, a greylist fault for the mailbox.
   */
  | { readonly kind: 'mailbox-unavailable'; readonly host: string; readonly mailbox: string; readonly until: number }
  /** "mailbox full": local delivery into the mailbox fails permanently (5.2.2). */
  | { readonly kind: 'mailbox-full'; readonly host: string; readonly mailbox: string }
  /**
   * Greylisting (a world policy, as Postgrey adds to Postfix): the first RCPT of an unknown (client IP, sender,
   * recipient) triple gets 450 4.2.0 "Greylisted"; the same triple is let through once `delay` ms have passed. With
   * `mailbox`, only mail for that mailbox is greylisted (a user who opted in, as sites do with check_recipient_access).
   */
  | { readonly kind: 'greylist'; readonly host: string; readonly delay: number; readonly mailbox?: string }
  /** "the server is down": nothing answers at the host until `until` (ms on the world clock); connections time out. */
  | { readonly kind: 'host-down'; readonly host: string; readonly until: number }
  /**
   * A server of December 2023 and its own way with a bare LF (SMTP smuggling): `pass` keeps it as an ordinary octet
   * and sends it on unchanged (an outbound server that sees only CR LF as a line end), `lenient` takes <LF>.<LF> as
   * the end of the data (an inbound server before its fix). It overrides the personality's bare-LF handling there.
   */
  | { readonly kind: 'bare-lf'; readonly host: string; readonly handling: BareLfHandling }
  /** VRFY switched off at a host, as `disable_vrfy_command = yes` does (HostData.disableVrfy): 502 5.5.1. */
  | { readonly kind: 'vrfy-off'; readonly host: string }

/** The bare-LF handlings a fault may give a host (settings.ts, BareLineEndings). */
export type BareLfHandling = Extract<BareLineEndings, 'pass' | 'lenient'>
export const BARE_LF_HANDLINGS: readonly BareLfHandling[] = ['pass', 'lenient']

export const FAULT_DESCRIPTIONS: Readonly<Record<Fault['kind'], string>> = {
  command: 'a scripted reply to one command',
  'after-data': 'a scripted reply after the final dot',
  'drop-during-data': 'the connection drops during DATA',
  'mailbox-unavailable': 'a mailbox is locked for a while (delivery waits in the queue)',
  'mailbox-full': 'a mailbox is full',
  greylist: 'a server greylists new senders (Postgrey)',
  'host-down': 'a server is down for a while',
  'bare-lf': 'a server mishandles a bare LF (SMTP smuggling)',
  'vrfy-off': 'a server has VRFY switched off',
}

export function scriptFor(host: string, faults: readonly Fault[]): SessionScript | undefined {
  const mine = faults.filter((f) => f.host === host)
  if (mine.length === 0) return undefined
  const params = { host }
  const refusal = (key: ReplyKey, cause: string): Refusal => ({ key, params, cause })
  return {
    beforeCommand(verb, nth) {
      const f = mine.find((x) => x.kind === 'command' && x.verb === verb && x.nth === nth)
      if (!f || f.kind !== 'command') return null
      return f.reply === 'drop' ? 'drop' : refusal(f.reply, `a scripted fault: the ${ordinal(nth)} ${verb} is answered this way`)
    },
    afterData() {
      const f = mine.find((x) => x.kind === 'after-data')
      if (!f || f.kind !== 'after-data') return null
      return f.reply === 'drop' ? 'drop' : refusal(f.reply, 'a scripted fault: this server refuses messages after the final dot')
    },
    dropDuringData: mine.some((f) => f.kind === 'drop-during-data'),
  }
}

/** Is RCPT for this mailbox refused for now? */
export function mailboxUnavailable(host: string, mailbox: string, faults: readonly Fault[], clock: Clock): boolean {
  return faults.some((f) => f.kind === 'mailbox-unavailable' && f.host === host && f.mailbox === mailbox && clock.now() < f.until)
}

/** The greylisting delay of a host for mail to this mailbox, or null when it is not greylisted. */
export function greylistDelay(host: string, faults: readonly Fault[], mailbox?: string): number | null {
  const f = faults.find((x) => x.kind === 'greylist' && x.host === host && (x.mailbox === undefined || x.mailbox === mailbox))
  return f && f.kind === 'greylist' ? f.delay : null
}

/** How a host handles a bare LF when a fault says so, or null (its personality decides). */
export function bareLfHandling(host: string, faults: readonly Fault[]): BareLfHandling | null {
  const f = faults.find((x) => x.kind === 'bare-lf' && x.host === host)
  return f && f.kind === 'bare-lf' ? f.handling : null
}

/** Has a fault switched VRFY off at this host? */
export function vrfyOff(host: string, faults: readonly Fault[]): boolean {
  return faults.some((f) => f.kind === 'vrfy-off' && f.host === host)
}

/** Is the host down now (a connection to it times out)? */
export function hostDown(host: string, faults: readonly Fault[], clock: Clock): boolean {
  return faults.some((f) => f.kind === 'host-down' && f.host === host && clock.now() < f.until)
}

/** Faults are written with times relative to the world's start; this places them on the world's clock. */
export function startingAt(start: number, faults: readonly Fault[]): Fault[] {
  return faults.map((f) => (f.kind === 'mailbox-unavailable' || f.kind === 'host-down' ? { ...f, until: start + f.until } : f))
}

export function mailboxFull(host: string, mailbox: string, faults: readonly Fault[]): boolean {
  return faults.some((f) => f.kind === 'mailbox-full' && f.host === host && f.mailbox === mailbox)
}

function ordinal(n: number): string {
  return n === 1 ? 'first' : n === 2 ? 'second' : n === 3 ? 'third' : `${n}th`
}
