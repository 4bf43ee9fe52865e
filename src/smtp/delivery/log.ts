/**
 * The simulated mail.log: Postfix-style lines for every step a message takes, so `tail mail.log` reads like the
 * real thing (smtpd, cleanup, qmgr, local, smtp, bounce). Lines are data; the shell only prints them.
 */

import { syslogTime } from '../time'

export type Program = 'smtpd' | 'cleanup' | 'qmgr' | 'local' | 'smtp' | 'bounce' | 'pickup' | 'postgrey'

export interface LogLine {
  readonly time: number
  readonly host: string
  readonly program: Program
  readonly queueId: string | null
  readonly text: string
}

/** Stable fake process ids per host and program, so the log looks like one long-running Postfix. */
function pid(host: string, program: Program): number {
  let h = 0
  for (const c of host + program) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return 1000 + (h % 9000)
}

export function formatLogLine(l: LogLine): string {
  const short = l.host.split('.')[0] ?? l.host
  const program = l.program === 'postgrey' ? 'postgrey' : `postfix/${l.program}` // Postgrey is a daemon of its own
  return `${syslogTime(l.time)} ${short} ${program}[${pid(l.host, l.program)}]: ${l.queueId ? l.queueId + ': ' : ''}${l.text}`
}

export class MailLog {
  #lines: LogLine[] = []
  #limit = Infinity

  /**
   * Keep only the newest `limit` lines (the bridge does: a mail.log of every message ever would grow without bound;
   * `tail` only ever wants the end). Older lines are dropped in batches, so adding a line stays O(1) on average.
   */
  setLimit(limit: number): void {
    this.#limit = limit
    this.#trim()
  }

  add(line: LogLine): void {
    this.#lines.push(line)
    if (this.#lines.length >= this.#limit + Math.max(1, this.#limit >> 2)) this.#trim()
  }

  #trim(): void {
    if (this.#lines.length > this.#limit) this.#lines = this.#lines.slice(this.#lines.length - this.#limit)
  }

  /** The lines kept: all of them, or the newest `limit`. */
  get lines(): readonly LogLine[] {
    this.#trim()
    return this.#lines
  }

  /** The last `n` lines as text, as `tail -n` prints them. */
  tail(n = 10): string[] {
    return this.lines.slice(-n).map(formatLogLine)
  }
}

/** Postfix's delay figure: seconds with up to one decimal. */
export function delaySeconds(ms: number): string {
  const s = ms / 1000
  return s >= 10 ? String(Math.round(s)) : String(Math.round(s * 10) / 10)
}
