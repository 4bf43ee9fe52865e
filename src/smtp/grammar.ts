/**
 * The RFC 5321 grammar of paths and domains (§4.1.2, §4.1.3), as small checking functions.
 * The ABNF each pattern implements is quoted above it. Nothing here throws on user input:
 * every function answers with a value that says what was wrong.
 */

// Let-dig = ALPHA / DIGIT ; Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig
// sub-domain = Let-dig [Ldh-str] ; Domain = sub-domain *("." sub-domain)                     (5321 §4.1.2)
const SUB_DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/

// atext = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "/" / "=" / "?" / "^" / "_" /
//         "`" / "{" / "|" / "}" / "~"                                                           (5322 §3.2.3)
// Dot-string = Atom *("." Atom) ; Atom = 1*atext                                               (5321 §4.1.2)
const DOT_STRING = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/

// Quoted-string = DQUOTE *QcontentSMTP DQUOTE ; QcontentSMTP = qtextSMTP / quoted-pairSMTP
// quoted-pairSMTP = %d92 %d32-126 ; qtextSMTP = %d32-33 / %d35-91 / %d93-126                   (5321 §4.1.2)
const QUOTED_STRING = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/

// Snum = 1*3DIGIT ; representing a decimal integer value in the range 0 through 255            (5321 §4.1.3)
const SNUM = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d|0\d{1,2})$/

// General-address-literal = Standardized-tag ":" 1*dcontent ; dcontent = %d33-90 / %d94-126    (5321 §4.1.3)
const GENERAL_LITERAL = /^[A-Za-z0-9-]*[A-Za-z0-9]:[\x21-\x5a\x5e-\x7e]+$/

export type Check = { readonly ok: true } | { readonly ok: false; readonly why: string }
const OK: Check = { ok: true }
const no = (why: string): Check => ({ ok: false, why })

/**
 * What a server accepts in a domain beyond RFC 5321's letters, digits and hyphens. Postfix (valid_hostname with
 * its defaults) takes underscores in labels, one trailing dot (the root), and UTF-8 labels once SMTPUTF8 is used
 * (RFC 6531 §3.3); the RFC grammar takes none of them.
 */
export interface DomainLeniency {
  readonly underscore?: boolean
  readonly trailingDot?: boolean
  readonly utf8?: boolean
}

// A label as Postfix takes it: letters, digits, hyphens and underscores, not starting or ending with a hyphen.
const LENIENT_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/

/** Domain = sub-domain *("." sub-domain), at most `maxLength` octets (5321 §4.1.2, §4.5.3.1.2). */
export function checkDomain(domain: string, maxLength = 255, lenient: DomainLeniency = {}): Check {
  if (domain === '') return no('the domain is empty')
  if (/^\d+\.\d+\.\d+\.\d+\.?$/.test(domain)) return no('an IP address as a domain must be in square brackets, as [192.0.2.1]')
  if (domain.length > maxLength) return no(`the domain is longer than ${maxLength} octets`)
  let name = domain
  if (name.endsWith('.') && lenient.trailingDot && !name.endsWith('..')) name = name.slice(0, -1)
  else if (name.endsWith('.')) return no('the domain ends with a dot')
  if (/[^\x00-\x7f]/.test(name) && !lenient.utf8) return no('the domain has non-ASCII characters (a UTF-8 domain needs SMTPUTF8, RFC 6531 §3.3)')
  for (const label of name.split('.')) {
    if (label === '') return no('the domain has an empty label (two dots in a row)')
    const ascii = label.replace(/[^\x00-\x7f]/g, 'a') // a UTF-8 character counts as a letter (U-label, RFC 6531 §3.3)
    if (SUB_DOMAIN.test(ascii) || (lenient.underscore && LENIENT_LABEL.test(ascii))) continue
    if (/^-|-$/.test(label)) return no(`the label "${label}" starts or ends with a hyphen`)
    return no(`the label "${label}" has a character other than letters, digits and hyphens`)
  }
  return OK
}

/** IPv4-address-literal = Snum 3("." Snum) (5321 §4.1.3). */
export function isIPv4(text: string): boolean {
  const parts = text.split('.')
  return parts.length === 4 && parts.every((p) => SNUM.test(p))
}

/**
 * IPv6-addr = IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp (5321 §4.1.3): eight groups of 1-4 hex digits,
 * or fewer with one "::", and optionally an IPv4 address in place of the last two groups.
 */
export function isIPv6(text: string): boolean {
  let groups = 8
  let body = text
  const lastColon = text.lastIndexOf(':')
  if (text.includes('.')) {
    if (!isIPv4(text.slice(lastColon + 1))) return false
    body = text.slice(0, lastColon + 1) + '0'
    groups = 7
  }
  const halves = body.split('::')
  if (halves.length > 2) return false
  const hex = (s: string) => (s === '' ? [] : s.split(':'))
  const head = hex(halves[0] ?? '')
  const tail = halves.length === 2 ? hex(halves[1] ?? '') : []
  if (![...head, ...tail].every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false
  const count = head.length + tail.length
  if (halves.length === 2) return count <= groups - 1
  return count === groups
}

/** address-literal = "[" ( IPv4-address-literal / IPv6-address-literal / General-address-literal ) "]" (5321 §4.1.3). */
export function checkAddressLiteral(literal: string): Check {
  if (!literal.startsWith('[') || !literal.endsWith(']')) return no('an address literal must be in square brackets')
  const inner = literal.slice(1, -1)
  if (isIPv4(inner)) return OK
  if (/^IPv6:/i.test(inner)) return isIPv6(inner.slice(5)) ? OK : no('the IPv6 address literal is not a valid IPv6 address')
  if (/^[\d.]+$/.test(inner)) return no('the IPv4 address literal needs four numbers from 0 to 255')
  if (GENERAL_LITERAL.test(inner)) return OK
  return no('the address literal is neither IPv4, "IPv6:" nor a tagged literal')
}

/** A mailbox split into its parts; `local` is kept as typed (5321 §2.4: local parts are case-sensitive). */
export interface Mailbox {
  readonly local: string
  readonly domain: string
}

/** The canonical `local@domain` text of a mailbox. */
export function mailboxText(m: Mailbox): string {
  return m.domain ? `${m.local}@${m.domain}` : m.local
}

/**
 * The local part without quoting: `"john smith"` → `john smith`, `"a\"b"` → `a"b` (5321 §4.1.2: all quoted forms
 * are equivalent). Used to find the mailbox; the typed form is kept for display.
 */
export function unquoteLocal(local: string): string {
  if (!local.startsWith('"')) return local
  return local.slice(1, -1).replace(/\\([\x20-\x7e])/g, '$1')
}

/** Split `local@domain` at the last "@" that is not inside a quoted local part (none: domain null). */
export function splitMailbox(text: string): { local: string; domain: string | null } {
  let inQuote = false
  let at = -1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\\' && inQuote) i++
    else if (c === '"') inQuote = !inQuote
    else if (c === '@' && !inQuote) at = i
  }
  return at < 0 ? { local: text, domain: null } : { local: text.slice(0, at), domain: text.slice(at + 1) }
}

/**
 * What Postfix takes as a local part when it is not strict: any printable octets but white space and the
 * specials that would need quoting as an address, so `a..b` and `.a` pass (RFC 5322 obs-local-part, in practice).
 */
const LENIENT_LOCAL = /^[^\x00-\x20\x7f<>()[\]\\,;:@"]+$/

export interface PathOptions {
  /** Domain-less mailboxes such as `<postmaster>` are allowed (RCPT TO:<Postmaster>, 5321 §4.1.1.3). */
  readonly allowDomainless: boolean
  /** Accept local parts RFC 5321 forbids unquoted (`a..b`), as Postfix does. */
  readonly lenientLocalPart?: boolean
  /** Accept UTF-8 in the local part (RFC 6531 §3.3 extends atext); the session checks the SMTPUTF8 parameter. */
  readonly utf8?: boolean
  readonly maxLocalPart: number
  readonly maxDomain: number
  /** Underscores, a trailing dot, UTF-8 labels in the mailbox's domain (see DomainLeniency). */
  readonly domain?: DomainLeniency
}

export type PathResult =
  | { readonly ok: true; readonly mailbox: Mailbox | null; readonly route: readonly string[] }
  | { readonly ok: false; readonly why: string }

/**
 * Path = "<" [ A-d-l ":" ] Mailbox ">" ; A-d-l = At-domain *( "," At-domain ) ; At-domain = "@" Domain
 * Reverse-path = Path / "<>"                                                                      (5321 §4.1.2)
 * `text` is what stood between the brackets. A source route is returned separately: the model strips it
 * (5321 Appendix C, §3.6.1) and reports that it did.
 */
export function parsePathBody(text: string, opts: PathOptions): PathResult {
  if (text === '') return { ok: true, mailbox: null, route: [] }
  let rest = text
  const route: string[] = []
  if (rest.startsWith('@')) {
    const colon = rest.indexOf(':')
    if (colon < 0) return { ok: false, why: 'a source route ("@host,...") must end with ":" before the mailbox' }
    for (const hop of rest.slice(0, colon).split(',')) {
      if (!hop.startsWith('@')) return { ok: false, why: `each hop of a source route starts with "@" ("${hop}" does not)` }
      const d = checkDomain(hop.slice(1), opts.maxDomain)
      if (!d.ok) return { ok: false, why: `in the source route, ${d.why}` }
      route.push(hop.slice(1))
    }
    rest = rest.slice(colon + 1)
  }
  const { local, domain } = splitMailbox(rest)
  if (local === '') return { ok: false, why: 'the local part (before "@") is empty' }
  if (/[\x00-\x1f\x7f]/.test(local)) return { ok: false, why: 'the local part has a control character' }
  if (!opts.utf8 && /[^\x20-\x7e]/.test(local)) return { ok: false, why: 'the local part has a non-ASCII character (that needs SMTPUTF8, RFC 6531)' }
  const ascii = local.replace(/[^\x00-\x7f]/g, 'a') // UTF8-non-ascii counts as atext and qtext (RFC 6531 §3.3)
  if (ascii.startsWith('"')) {
    if (!QUOTED_STRING.test(ascii)) return { ok: false, why: 'the quoted local part is not closed, or has a bare " or \\ inside' }
  } else if (!DOT_STRING.test(ascii) && !(opts.lenientLocalPart && LENIENT_LOCAL.test(ascii))) {
    if (/^\.|\.$|\.\./.test(ascii)) return { ok: false, why: 'a dot may not start or end the local part, nor stand twice in a row (quote it)' }
    return { ok: false, why: 'the local part has a character that must be quoted (such as a space, "(", ",", ":" or "<")' }
  }
  if (unquoteLocal(local).length > opts.maxLocalPart) return { ok: false, why: `the local part is longer than ${opts.maxLocalPart} octets` }
  if (domain === null) {
    if (opts.allowDomainless && route.length === 0) return { ok: true, mailbox: { local, domain: '' }, route }
    return { ok: false, why: 'the address has no "@domain"' }
  }
  const d = domain.startsWith('[') ? checkAddressLiteral(domain) : checkDomain(domain, opts.maxDomain, opts.domain)
  if (!d.ok) return { ok: false, why: d.why }
  return { ok: true, mailbox: { local, domain }, route }
}

// esmtp-param = esmtp-keyword ["=" esmtp-value] ; esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
// esmtp-value = 1*(%d33-60 / %d62-126)                                                          (5321 §4.1.2)
// (An empty value after "=" is read as '' and refused by the parameter's own check, as Postfix does: SIZE= gets
// "Bad message size syntax".)
const ESMTP_PARAM = /^([A-Za-z0-9][A-Za-z0-9-]*)(?:=([\x21-\x3c\x3e-\x7e]*))?$/

export interface EsmtpParam {
  readonly keyword: string
  readonly value: string | null
  readonly text: string
}

export type ParamsResult = { readonly ok: true; readonly params: readonly EsmtpParam[] } | { readonly ok: false; readonly why: string; readonly text: string }

/** Mail-parameters = esmtp-param *(SP esmtp-param) (5321 §4.1.2). Keywords are case-insensitive (§2.4). */
export function parseParams(text: string): ParamsResult {
  const params: EsmtpParam[] = []
  for (const word of text.split(/[ \t]+/).filter(Boolean)) {
    const m = ESMTP_PARAM.exec(word)
    if (!m) return { ok: false, why: `"${word}" is not of the form KEYWORD or KEYWORD=value`, text: word }
    params.push({ keyword: (m[1] ?? '').toUpperCase(), value: m[2] ?? null, text: word })
  }
  return { ok: true, params }
}
