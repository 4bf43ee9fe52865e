/**
 * Dates as the simulated world writes them, in UTC (the world's clock is a number of milliseconds): the formats of
 * RFC 5322 §3.3 for header fields, of syslog for mail.log, of ctime(3) for mail and mailq, and of date(1). The one
 * place that turns a moment into text; nothing else formats or re-parses dates.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number) => String(n).padStart(2, '0')

interface Parts {
  readonly weekday: string
  readonly month: string
  readonly day: number
  readonly year: number
  /** hh:mm:ss */
  readonly time: string
}

function parts(ms: number): Parts {
  const d = new Date(ms)
  return {
    weekday: DAYS[d.getUTCDay()] ?? '',
    month: MONTHS[d.getUTCMonth()] ?? '',
    day: d.getUTCDate(),
    year: d.getUTCFullYear(),
    time: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
  }
}

/**
 * RFC 5322 §3.3 date-time with a numeric zone (RFC 5321 §4.4 wants one), as Postfix writes it in Received:, Date:
 * and DSNs: `Sat,  2 May 2026 10:00:00 +0000 (UTC)` — the day space-padded, as Postfix's %e does.
 */
export function rfc5322Date(ms: number): string {
  const p = parts(ms)
  return `${p.weekday}, ${String(p.day).padStart(2, ' ')} ${p.month} ${p.year} ${p.time} +0000 (UTC)`
}

/** RFC 5322 §3.3 as a mail program writes it: `Sat, 02 May 2026 10:00:00 +0000`. */
export function messageDate(ms: number): string {
  const p = parts(ms)
  return `${p.weekday}, ${two(p.day)} ${p.month} ${p.year} ${p.time} +0000`
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.\d+)?([Zz]|[+-]\d\d(?::?\d\d)?)$/

/**
 * An RFC 3339 date-time as an RFC 5322 date, keeping the writer's local time and zone:
 * `2026-05-02T12:00:00+02:00` → `Sat, 02 May 2026 12:00:00 +0200`. Null if it is not RFC 3339.
 */
export function rfc5322FromIso(iso: string): string | null {
  const m = RFC3339.exec(iso)
  if (!m) return null
  const [, y, mo, d, h, mi, s, zone = 'Z'] = m
  const weekday = DAYS[new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDay()]
  const month = MONTHS[Number(mo) - 1]
  if (month === undefined) return null
  const z = /^[Zz]$/.test(zone) ? '+0000' : zone.replace(':', '').padEnd(5, '0')
  return `${weekday}, ${d} ${month} ${y} ${h}:${mi}:${s} ${z}`
}

/** syslog's timestamp, as mail.log lines start: `May  2 10:00:00`. */
export function syslogTime(ms: number): string {
  const p = parts(ms)
  return `${p.month} ${String(p.day).padStart(2, ' ')} ${p.time}`
}

/** ctime(3) without the newline, as mail and mailq show times: `Sat May  2 10:00:00 2026`. */
export function ctime(ms: number): string {
  const p = parts(ms)
  return `${p.weekday} ${p.month} ${String(p.day).padStart(2, ' ')} ${p.time} ${p.year}`
}

/** date(1)'s default format: `Sat May  2 10:00:00 UTC 2026`. */
export function dateCommand(ms: number): string {
  const p = parts(ms)
  return `${p.weekday} ${p.month} ${String(p.day).padStart(2, ' ')} ${p.time} UTC ${p.year}`
}

/** `2026-05-02 10:00 UTC`: a moment in a sentence, to the minute. */
export function minuteTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

/** `20260502100000`: the time part of a Message-ID, as Postfix and mail programs make them. */
export function compactTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\D/g, '').slice(0, 14)
}
