/**
 * Who is who on one host: resolving a recipient address to local mailboxes, through address extensions, aliases
 * and lists (5321 §3.9), or deciding that it belongs elsewhere. Pure functions over HostData.
 */
import { unquoteLocal, type Mailbox } from '../grammar'
import type { HostData } from './types'

export type Resolution =
  /**
   * Delivered here, to these mailboxes; a list also changes the envelope sender to its owner. An alias may also name
   * addresses on other domains (`forwards`): the message is sent on to them (RFC 5321 §3.9.1).
   */
  | { readonly kind: 'local'; readonly mailboxes: readonly string[]; readonly via: 'mailbox' | 'alias' | 'list'; readonly sender?: string; readonly forwards?: readonly string[] }
  | { readonly kind: 'unknown-user' }
  /** The domain is not ours: relaying. */
  | { readonly kind: 'remote'; readonly domain: string }

/** Is this domain (or address literal) one this host delivers to itself? Domains are case-insensitive (5321 §2.4). */
export function isLocalDomain(host: HostData, domain: string): boolean {
  let d = domain.toLowerCase()
  if (d.endsWith('.') && !d.endsWith('..')) d = d.slice(0, -1) // one trailing dot names the root: example.com. = example.com
  if (d === '') return true
  // Our own address literals are local (Postfix: $inet_interfaces, $proxy_interfaces).
  if (d.startsWith('[')) return [host.ip, ...(host.interfaces ?? [])].some((ip) => d === `[${ip.toLowerCase()}]` || d === `[ipv6:${ip.toLowerCase()}]`)
  return host.localDomains.includes(d)
}

/**
 * The local part as the local delivery agent looks it up: unquoted, without the address extension, lower case
 * (Postfix folds case for local lookups; 5321 §2.4 lets the receiving host decide).
 */
export function lookupKey(host: HostData, local: string): string {
  const plain = unquoteLocal(local).toLowerCase()
  const cut = host.recipientDelimiter ? plain.indexOf(host.recipientDelimiter) : -1
  return cut > 0 ? plain.slice(0, cut) : plain
}

/**
 * The local mailboxes a local part stands for, through aliases; targets on other domains are collected in `remote`
 * (a forwarding alias). null when the name is neither a mailbox nor an alias.
 */
function expandLocal(host: HostData, key: string, seen: Set<string>, remote: string[] = []): string[] | null {
  if (seen.has(key)) return []
  seen.add(key)
  if (host.mailboxes.includes(key)) return [key]
  const alias = host.aliases[key]
  if (alias) {
    const out: string[] = []
    for (const target of alias) {
      const [local, domain = ''] = target.split('@')
      if (!isLocalDomain(host, domain)) {
        if (!remote.includes(target)) remote.push(target)
        continue
      }
      out.push(...(expandLocal(host, lookupKey(host, local ?? ''), seen, remote) ?? []))
    }
    return out
  }
  return null
}

/**
 * Addresses that route through this host to another (RFC 5321 Appendix C; Postfix's resolve): in a local domain,
 * a local part that is itself an address — `"carol@example.net"@here`, the UUCP bang path `example.net!carol@here`
 * (swap_bangpath: `site!user` is `user@site`), or the % hack `carol%example.net@here` (allow_percent_hack) — names
 * its real destination. Checked in that order, as Postfix does; the result may be local again or a relay request.
 */
export function routedAddress(host: HostData, mailbox: Mailbox): { readonly mailbox: Mailbox; readonly via: '@' | '!' | '%' } | null {
  if (!isLocalDomain(host, mailbox.domain)) return null
  const local = unquoteLocal(mailbox.local)
  const at = local.lastIndexOf('@')
  if (at > 0 && at < local.length - 1) return { mailbox: { local: local.slice(0, at), domain: local.slice(at + 1) }, via: '@' }
  const bang = local.indexOf('!')
  if (bang > 0 && bang < local.length - 1) return { mailbox: { local: local.slice(bang + 1), domain: local.slice(0, bang) }, via: '!' }
  const percent = local.lastIndexOf('%')
  if (percent > 0) return { mailbox: { local: local.slice(0, percent), domain: local.slice(percent + 1) }, via: '%' }
  return null
}

/** The % hack alone (kept for callers that only rewrite `user%domain@here`). */
export function percentHack(host: HostData, mailbox: Mailbox): Mailbox | null {
  return routedAddress(host, mailbox)?.mailbox ?? null
}

export function resolve(host: HostData, mailbox: Mailbox): Resolution {
  const routed = routedAddress(host, mailbox)
  if (routed) return resolve(host, routed.mailbox)
  if (!isLocalDomain(host, mailbox.domain)) return { kind: 'remote', domain: mailbox.domain.toLowerCase() }
  const key = lookupKey(host, mailbox.local)
  const list = host.lists[key]
  if (list) {
    const mailboxes = list.members.flatMap((m) => {
      const [local = '', domain = ''] = m.split('@')
      return isLocalDomain(host, domain) ? (expandLocal(host, lookupKey(host, local), new Set()) ?? []) : []
    })
    return { kind: 'local', mailboxes, via: 'list', sender: list.owner }
  }
  const remote: string[] = []
  const mailboxes = expandLocal(host, key, new Set(), remote)
  if (mailboxes === null) return { kind: 'unknown-user' }
  return { kind: 'local', mailboxes, via: host.aliases[key] ? 'alias' : 'mailbox', ...(remote.length > 0 ? { forwards: remote } : {}) }
}

/** The members an alias or list stands for, as addresses, for EXPN (5321 §3.5.4). null when it is neither. */
export function members(host: HostData, name: string): string[] | null {
  const key = lookupKey(host, name.replace(/^<|>$/g, '').split('@')[0] ?? '')
  const list = host.lists[key]
  if (list) return [...list.members]
  const alias = host.aliases[key]
  const domain = host.localDomains[0] ?? host.name
  if (alias) return alias.map((t) => (t.includes('@') ? t : `${t}@${domain}`))
  return null
}
