/**
 * DMARC (RFC 7489): ties the author's domain — the From: header, what a reader sees — to SPF and DKIM, which check
 * other domains. A message passes if SPF passed for a MAIL FROM domain, or DKIM for a d= domain, **aligned** with the
 * From: domain (§3.1): the same domain (strict), or the same organizational domain (relaxed, the default). Otherwise
 * the From: domain's policy says what to do: none, quarantine, reject (§6.3). Then Authentication-Results (RFC 8601)
 * reports all three. Simplification, said here: the organizational domain is the last two labels (no public suffix
 * list, §3.2; right for every domain of this world).
 */
import { headerFields, sections } from '../message'
import { lookupTxt } from '../world/dns'
import type { DnsData } from '../world/types'
import type { DkimVerdict } from './dkim'
import type { SpfCheck } from './spf'

const latin1 = new TextDecoder('latin1')

export type Disposition = 'none' | 'quarantine' | 'reject'

export interface DmarcPolicy {
  readonly p: Disposition
  readonly adkim: 'r' | 's'
  readonly aspf: 'r' | 's'
  /** Where the record was found: the From: domain, or its organizational domain (§6.6.3). */
  readonly at: string
}

export interface DmarcVerdict {
  readonly result: 'pass' | 'fail' | 'none' | 'permerror'
  /** The From: domain (RFC5322.From, §3.1). */
  readonly from: string
  readonly policy: DmarcPolicy | null
  /** What the receiver does with a failing message: the policy's p=, or none. */
  readonly disposition: Disposition
  readonly spfAligned: boolean
  readonly dkimAligned: boolean
  readonly why: string
}

/** The organizational domain (§3.2), by the last two labels in this world. */
export function organizationalDomain(domain: string): string {
  return domain.toLowerCase().split('.').slice(-2).join('.')
}

function aligned(a: string, b: string, mode: 'r' | 's'): boolean {
  return mode === 's' ? a.toLowerCase() === b.toLowerCase() : organizationalDomain(a) === organizationalDomain(b)
}

/** The policy record at `_dmarc.<domain>`, else at the organizational domain (§6.6.3). */
export function dmarcPolicy(dns: DnsData, domain: string): DmarcPolicy | null {
  for (const at of [domain, organizationalDomain(domain)]) {
    const record = lookupTxt(dns, `_dmarc.${at}`).find((t) => /^v=DMARC1\s*(;|$)/i.test(t))
    if (!record) continue
    const tags: Record<string, string> = {}
    for (const part of record.split(';')) {
      const eq = part.indexOf('=')
      if (eq > 0) tags[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim().toLowerCase()
    }
    // A subdomain found through its organizational domain uses sp=, if given (§6.3).
    const p = (at !== domain && tags.sp ? tags.sp : tags.p) as Disposition | undefined
    if (p !== 'none' && p !== 'quarantine' && p !== 'reject') return null
    return { p, adkim: tags.adkim === 's' ? 's' : 'r', aspf: tags.aspf === 's' ? 's' : 'r', at }
  }
  return null
}

/** The domain of the one address in From: (§6.6.1), or null when there is not exactly one. */
export function authorDomain(message: Uint8Array): string | null {
  const fields = headerFields(latin1.decode(message.subarray(0, sections(message).headerEnd)))
  const froms = fields.filter((f) => f.name.toLowerCase() === 'from')
  if (froms.length !== 1) return null
  const value = (froms[0]?.value ?? '').replace(/\([^)]*\)/g, '')
  const addresses = value.match(/[^\s<>,"]+@[^\s<>,"]+/g) ?? []
  if (addresses.length !== 1) return null
  return (addresses[0] ?? '').slice((addresses[0] ?? '').lastIndexOf('@') + 1).toLowerCase()
}

export function evaluate(dns: DnsData, message: Uint8Array, spf: SpfCheck, dkim: readonly DkimVerdict[]): DmarcVerdict {
  const from = authorDomain(message)
  if (from === null) return { result: 'permerror', from: '', policy: null, disposition: 'none', spfAligned: false, dkimAligned: false, why: 'From: must hold exactly one address (RFC 7489 §6.6.1)' }
  const policy = dmarcPolicy(dns, from)
  const spfAligned = spf.identity === 'mailfrom' && spf.result === 'pass' && aligned(spf.domain, from, policy?.aspf ?? 'r')
  const dkimAligned = dkim.some((d) => d.result === 'pass' && aligned(d.domain, from, policy?.adkim ?? 'r'))
  if (!policy) return { result: 'none', from, policy: null, disposition: 'none', spfAligned, dkimAligned, why: `${from} publishes no DMARC policy` }
  if (spfAligned || dkimAligned) return { result: 'pass', from, policy, disposition: 'none', spfAligned, dkimAligned, why: spfAligned ? 'SPF passed for an aligned domain' : 'DKIM passed for an aligned domain' }
  const spfWhy = spf.result !== 'pass' ? `SPF ${spf.result}` : `SPF passed for ${spf.domain}, which is not ${from}`
  const dkimWhy = dkim.length === 0 ? 'no DKIM signature' : dkim.some((d) => d.result === 'pass') ? `DKIM passed for ${dkim.find((d) => d.result === 'pass')?.domain}, which is not ${from}` : `DKIM ${dkim[0]?.result} (${dkim[0]?.why})`
  return { result: 'fail', from, policy, disposition: policy.p, spfAligned, dkimAligned, why: `${spfWhy}, and ${dkimWhy}` }
}

/** Authentication-Results (RFC 8601 §2.2), one method a line; the simulated signature said so in a comment. */
export function authenticationResults(receiver: string, spf: SpfCheck, dkim: readonly DkimVerdict[], dmarc: DmarcVerdict): string {
  const lines = [
    `spf=${spf.result} smtp.${spf.identity === 'mailfrom' ? 'mailfrom' : 'helo'}=${spf.identity === 'mailfrom' ? spf.sender : (spf.helo ?? '')}`,
    ...(dkim.length === 0
      ? ['dkim=none']
      : dkim.map((d) => `dkim=${d.result} (${d.result === 'pass' ? 'signature verified, simulated' : d.why}) header.d=${d.domain} header.s=${d.selector}`)),
    `dmarc=${dmarc.result}${dmarc.policy ? ` (p=${dmarc.policy.p})` : ''} header.from=${dmarc.from || 'unknown'}`,
  ]
  return `Authentication-Results: ${receiver};\r\n` + lines.map((l, i) => `\t${l}${i < lines.length - 1 ? ';' : ''}\r\n`).join('')
}
