/**
 * SPF, the Sender Policy Framework (RFC 7208), over the world's DNS TXT records: may this client IP send mail with
 * this domain in MAIL FROM (or, for the null sender, in HELO)? A working subset of `check_host()` (§4): the
 * mechanisms `all`, `ip4`, `a`, `mx` and `include`, the `redirect` modifier, the four qualifiers, and the limit of
 * ten DNS-querying terms (§4.6.4). Pure: DNS is data, nothing is fetched.
 */
import type { DnsData } from '../world/types'
import { lookupA, lookupMx, lookupTxt } from '../world/dns'

/** RFC 7208 §2.6. `temperror` cannot happen in a world whose DNS always answers. */
export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror'

export interface SpfVerdict {
  readonly result: SpfResult
  /** The domain whose record decided (after include/redirect), and the term that matched, for people. */
  readonly domain: string
  readonly mechanism: string | null
  /** Why, when the result is none or permerror. */
  readonly problem?: string
}

const QUALIFIERS: Readonly<Record<string, SpfResult>> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' }

/** The domain's one SPF record (§4.5): the TXT string starting "v=spf1"; none, or several (a permerror). */
export function spfRecord(dns: DnsData, domain: string): { readonly record: string | null; readonly problem?: string } {
  const records = lookupTxt(dns, domain).filter((t) => /^v=spf1(?: |$)/i.test(t))
  if (records.length > 1) return { record: null, problem: `${domain} has ${records.length} SPF records; it may have only one (RFC 7208 §4.5)` }
  return { record: records[0] ?? null }
}

function ipToNumber(ip: string): number | null {
  const parts = ip.split('.')
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null
  return parts.reduce((n, p) => n * 256 + Number(p), 0)
}

function inNetwork(ip: string, network: string, bits: number): boolean {
  const a = ipToNumber(ip)
  const b = ipToNumber(network)
  if (a === null || b === null) return false
  if (bits === 0) return true
  const mask = bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0
  return ((a & mask) >>> 0) === ((b & mask) >>> 0)
}

/** check_host(ip, domain) (RFC 7208 §4). `lookups` counts the DNS-querying terms across include and redirect. */
export function checkHost(dns: DnsData, ip: string, domain: string, lookups = { count: 0 }): SpfVerdict {
  const d = domain.toLowerCase().replace(/\.$/, '')
  const found = spfRecord(dns, d)
  if (found.problem) return { result: 'permerror', domain: d, mechanism: null, problem: found.problem }
  if (found.record === null) return { result: 'none', domain: d, mechanism: null, problem: `${d} publishes no SPF record` }
  const terms = found.record.split(/ +/).slice(1).filter(Boolean)
  let redirect: string | null = null
  for (const term of terms) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(term)
    if (modifier) {
      if (modifier[1]?.toLowerCase() === 'redirect') redirect = modifier[2] ?? null
      continue // other modifiers (exp=…) change no result (§6)
    }
    const m = /^([+\-~?]?)([a-z0-9]+)(?::([^/]+))?(?:\/(\d+))?$/i.exec(term)
    if (!m) return { result: 'permerror', domain: d, mechanism: term, problem: `"${term}" is not an SPF term (RFC 7208 §4.6.1)` }
    const qualifier = QUALIFIERS[m[1] || '+'] ?? 'pass'
    const name = (m[2] ?? '').toLowerCase()
    const target = (m[3] ?? d).toLowerCase()
    const bits = m[4] === undefined ? 32 : Number(m[4])
    if (['a', 'mx', 'include', 'exists', 'ptr'].includes(name) && ++lookups.count > 10) {
      return { result: 'permerror', domain: d, mechanism: term, problem: 'more than 10 DNS-querying terms (RFC 7208 §4.6.4)' }
    }
    let match: boolean
    switch (name) {
      case 'all':
        match = true
        break
      case 'ip4':
        if (!m[3]) return { result: 'permerror', domain: d, mechanism: term, problem: 'ip4 needs an address' }
        match = inNetwork(ip, m[3], bits)
        break
      case 'a': {
        const address = lookupA(dns, target)
        match = address !== null && inNetwork(ip, address, bits)
        break
      }
      case 'mx':
        match = lookupMx(dns, target).some((r) => r.address !== null && inNetwork(ip, r.address, bits))
        break
      case 'include': {
        // §5.2: the included record's pass is a match; fail, softfail and neutral are not; none is a permerror.
        const inner = checkHost(dns, ip, target, lookups)
        if (inner.result === 'permerror') return inner
        if (inner.result === 'none') return { result: 'permerror', domain: d, mechanism: term, problem: `include:${target}, which has no SPF record` }
        match = inner.result === 'pass'
        break
      }
      default:
        return { result: 'permerror', domain: d, mechanism: term, problem: `the mechanism "${name}" is not supported in this world` }
    }
    if (match) return { result: qualifier, domain: d, mechanism: term }
  }
  if (redirect) {
    if (++lookups.count > 10) return { result: 'permerror', domain: d, mechanism: `redirect=${redirect}`, problem: 'more than 10 DNS-querying terms (RFC 7208 §4.6.4)' }
    const inner = checkHost(dns, ip, redirect, lookups)
    return inner.result === 'none' ? { ...inner, result: 'permerror', problem: `redirect=${redirect}, which has no SPF record (RFC 7208 §6.1)` } : inner
  }
  return { result: 'neutral', domain: d, mechanism: null } // no match, no redirect: neutral (§4.7)
}

export interface SpfCheck extends SpfVerdict {
  /** Which identity was checked: MAIL FROM's domain, or HELO's for the null sender (§2.3, §2.4). */
  readonly identity: 'mailfrom' | 'helo'
  readonly sender: string
  readonly ip: string
  readonly helo: string | null
}

/** The SPF check a receiver makes during the session: the MAIL FROM domain, or the HELO name when MAIL FROM is <>. */
export function checkSender(dns: DnsData, ip: string, sender: string, helo: string | null): SpfCheck {
  const at = sender.lastIndexOf('@')
  const identity = sender === '' || at < 0 ? 'helo' : 'mailfrom'
  const domain = identity === 'mailfrom' ? sender.slice(at + 1) : (helo ?? '')
  const verdict = domain ? checkHost(dns, ip, domain) : { result: 'none' as const, domain: '', mechanism: null, problem: 'no domain to check' }
  return { ...verdict, identity, sender: sender || `postmaster@${helo ?? ''}`, ip, helo }
}

/** Received-SPF: as RFC 7208 §9.1 writes it: the result, a comment for people, then key=value pairs. */
export function receivedSpf(check: SpfCheck, receiver: string): string {
  const who = check.identity === 'mailfrom' ? `domain of ${check.sender}` : `domain of ${check.helo ?? 'unknown'} (the HELO name)`
  const comment: Readonly<Record<SpfResult, string>> = {
    pass: `${who} designates ${check.ip} as permitted sender`,
    fail: `${who} does not designate ${check.ip} as permitted sender`,
    softfail: `${who} discourages use of ${check.ip} as permitted sender`,
    neutral: `${check.ip} is neither permitted nor denied by ${who}`,
    none: `${who} does not publish an SPF record`,
    permerror: `${who}: ${check.problem ?? 'a broken SPF record'}`,
  }
  return (
    `Received-SPF: ${check.result} (${receiver}: ${comment[check.result]})\r\n` +
    `\tclient-ip=${check.ip}; envelope-from="${check.sender}"; helo=${check.helo ?? 'unknown'};\r\n` +
    `\treceiver=${receiver}; identity=${check.identity};\r\n`
  )
}
