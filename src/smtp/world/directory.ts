/**
 * Who is who on one host: resolving a recipient address to local mailboxes, through address extensions, aliases
 * and lists (5321 §3.9), or deciding that it belongs elsewhere. Pure functions over HostData.
 */
import { unquoteLocal, type Mailbox } from '../grammar'
import type { HostData } from './types'

export type Resolution =
  /** Delivered here, to these mailboxes; a list also changes the envelope sender to its owner. */
  | { readonly kind: 'local'; readonly mailboxes: readonly string[]; readonly via: 'mailbox' | 'alias' | 'list'; readonly sender?: string }
  | { readonly kind: 'unknown-user' }
  /** The domain is not ours: relaying. */
  | { readonly kind: 'remote'; readonly domain: string }

/** Is this domain (or address literal) one this host delivers to itself? Domains are case-insensitive (5321 §2.4). */
export function isLocalDomain(host: HostData, domain: string): boolean {
  const d = domain.toLowerCase()
  if (d === '') return true
  if (d.startsWith('[')) return d === `[${host.ip}]`
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

function expandLocal(host: HostData, key: string, seen: Set<string>): string[] | null {
  if (seen.has(key)) return []
  seen.add(key)
  if (host.mailboxes.includes(key)) return [key]
  const alias = host.aliases[key]
  if (alias) {
    const out: string[] = []
    for (const target of alias) {
      const [local, domain = ''] = target.split('@')
      if (!isLocalDomain(host, domain)) continue // remote alias targets are the delivery issue's business
      out.push(...(expandLocal(host, lookupKey(host, local ?? ''), seen) ?? []))
    }
    return out
  }
  return null
}

/**
 * The % hack (RFC 5321 Appendix C): `user%elsewhere@here` meant "here, please send this on to user@elsewhere".
 * Postfix still rewrites it for its own domains (allow_percent_hack = yes), which makes it a relay request.
 */
export function percentHack(host: HostData, mailbox: Mailbox): Mailbox | null {
  if (!isLocalDomain(host, mailbox.domain)) return null
  const local = unquoteLocal(mailbox.local)
  const at = local.lastIndexOf('%')
  return at > 0 ? { local: local.slice(0, at), domain: local.slice(at + 1) } : null
}

export function resolve(host: HostData, mailbox: Mailbox): Resolution {
  const rewritten = percentHack(host, mailbox)
  if (rewritten) return resolve(host, rewritten)
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
  const mailboxes = expandLocal(host, key, new Set())
  if (mailboxes === null) return { kind: 'unknown-user' }
  return { kind: 'local', mailboxes, via: host.aliases[key] ? 'alias' : 'mailbox' }
}

/** The members an alias or list stands for, as addresses, for EXPN (5321 §3.5.2). null when it is neither. */
export function members(host: HostData, name: string): string[] | null {
  const key = lookupKey(host, name.replace(/^<|>$/g, '').split('@')[0] ?? '')
  const list = host.lists[key]
  if (list) return [...list.members]
  const alias = host.aliases[key]
  const domain = host.localDomains[0] ?? host.name
  if (alias) return alias.map((t) => (t.includes('@') ? t : `${t}@${domain}`))
  return null
}
