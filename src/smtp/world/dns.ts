/**
 * DNS of the simulated world: MX and A lookups over data (RFC 5321 §5.1), and the null MX (RFC 7505).
 * MX records are tried in order of preference, lowest first; a domain with no MX but an A record has an implicit MX
 * of itself (preference 0); a name with neither does not exist (NXDOMAIN), a permanent failure.
 */
import type { DnsData, MxAnswer, NextHops } from './types'

/** A null MX (RFC 7505 §3): one MX record whose exchange is the root, ".". */
export function isNullMx(records: readonly { readonly exchange: string }[]): boolean {
  return records.length === 1 && (records[0]?.exchange === '.' || records[0]?.exchange === '')
}

/** The TXT strings at a name (none: an empty list). */
export function lookupTxt(dns: DnsData, name: string): readonly string[] {
  return dns.txt?.[name.toLowerCase().replace(/\.$/, '')] ?? []
}

/** `dig TXT <name>`-style answer lines, for the shell. */
export function digTxt(dns: DnsData, name: string): string[] {
  const d = name.toLowerCase().replace(/\.$/, '')
  const records = lookupTxt(dns, d)
  const exists = records.length > 0 || lookupA(dns, d) !== null || (dns.mx[d]?.length ?? 0) > 0
  if (records.length === 0) return [`;; ->>HEADER<<- opcode: QUERY, status: ${exists ? 'NOERROR' : 'NXDOMAIN'}`, ';; ANSWER SECTION: (none)']
  return [';; ->>HEADER<<- opcode: QUERY, status: NOERROR', ';; ANSWER SECTION:', ...records.map((r) => `${d}.\t\t3600\tIN\tTXT\t"${r}"`)]
}

export function lookupA(dns: DnsData, name: string): string | null {
  return dns.a[name.toLowerCase()] ?? null
}

export function lookupMx(dns: DnsData, domain: string): readonly MxAnswer[] {
  const records = dns.mx[domain.toLowerCase()] ?? []
  return [...records]
    .sort((a, b) => a.preference - b.preference || a.exchange.localeCompare(b.exchange))
    .map((r) => ({ ...r, address: lookupA(dns, r.exchange) }))
}

/** Where to send mail for a domain: its MX hosts, or the domain itself by its A record (5321 §5.1). */
export function nextHops(dns: DnsData, domain: string): NextHops {
  const d = domain.toLowerCase()
  const literal = /^\[(?:IPv6:)?([^\]]+)\]$/i.exec(d)
  if (literal) return { kind: 'hops', hops: [{ preference: 0, exchange: d, address: literal[1] ?? null }], implicit: true }
  const mx = lookupMx(dns, d)
  // A null MX ends the search: no A record fallback (the implicit MX), no retries (RFC 7505 §3).
  if (isNullMx(mx)) return { kind: 'nullmx', name: d }
  if (mx.length > 0) return { kind: 'hops', hops: mx, implicit: false }
  const a = lookupA(dns, d)
  if (a) return { kind: 'hops', hops: [{ preference: 0, exchange: d, address: a }], implicit: true }
  return { kind: 'nxdomain', name: d }
}

/** `dig MX <domain>`-style answer lines, for the shell. */
export function digMx(dns: DnsData, domain: string): string[] {
  const d = domain.toLowerCase().replace(/\.$/, '')
  const mx = lookupMx(dns, d)
  if (mx.length === 0) {
    const status = lookupA(dns, d) ? 'NOERROR' : 'NXDOMAIN'
    return [`;; ->>HEADER<<- opcode: QUERY, status: ${status}`, `;; ANSWER SECTION: (none)`]
  }
  return [
    ';; ->>HEADER<<- opcode: QUERY, status: NOERROR',
    ';; ANSWER SECTION:',
    ...mx.map((r) => `${d}.\t\t3600\tIN\tMX\t${r.preference} ${r.exchange === '.' ? '' : r.exchange}.`),
    ...(mx.some((r) => r.address) ? [';; ADDITIONAL SECTION:'] : []),
    ...mx.flatMap((r) => (r.address ? [`${r.exchange}.\t3600\tIN\tA\t${r.address}`] : [])),
    ...(isNullMx(mx) ? [';; (a null MX, RFC 7505: this domain accepts no mail)'] : []),
  ]
}
