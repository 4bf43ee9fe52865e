/**
 * The argument of MAIL and RCPT: `FROM:<path> [params]` and `TO:<path> [params]` (RFC 5321 §4.1.1.2, §4.1.1.3).
 *
 *   mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF
 *   rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters] CRLF
 *
 * RFC 5321 §3.3 allows no space around the colon. Postfix, by default, tolerates a space after it and a path
 * without angle brackets; with `strict` those are syntax errors. Either way the answer is a value, never a throw.
 */
import { parseParams, parsePathBody, type EsmtpParam, type Mailbox } from './grammar'

export interface EnvelopeSyntaxOptions {
  readonly strict: boolean
  readonly maxLocalPart: number
  readonly maxDomain: number
  /** Longest path including the angle brackets (5321 §4.5.3.1.3), or 0 for no check. */
  readonly maxPath: number
  /** When not strict: the domain that completes an address given without one (Postfix's myorigin). */
  readonly defaultDomain: string
  /** The transaction said SMTPUTF8 (for RCPT); MAIL finds out from its own parameters. UTF-8 domains need it. */
  readonly smtputf8?: boolean
}

export type EnvelopeArgument =
  | {
      readonly ok: true
      /** null for the null reverse-path `<>`. */
      readonly mailbox: Mailbox | null
      readonly route: readonly string[]
      readonly params: readonly EsmtpParam[]
      /** What was accepted although RFC 5321 does not allow it. */
      readonly tolerated: readonly string[]
    }
  /** `syntax`: the command's shape is wrong; `address`: the path is; `params`: a parameter is malformed. */
  | { readonly ok: false; readonly kind: 'syntax' | 'address' | 'path-length' | 'params'; readonly why: string }

/** Index of the ">" closing a path that starts at 0, skipping quoted local parts; -1 if none. */
function closingBracket(text: string): number {
  let inQuote = false
  for (let i = 1; i < text.length; i++) {
    const c = text[i]
    if (inQuote && c === '\\') i++
    else if (c === '"') inQuote = !inQuote
    else if (c === '>' && !inQuote) return i
  }
  return -1
}

export function parseEnvelopeArgument(argument: string, keyword: 'FROM' | 'TO', opts: EnvelopeSyntaxOptions): EnvelopeArgument {
  const tolerated: string[] = []
  const prefix = keyword + ':'
  const head = argument.slice(0, prefix.length).toUpperCase()
  if (head !== prefix) {
    const spaced = new RegExp(`^${keyword}\\s+:`, 'i').test(argument)
    return {
      ok: false,
      kind: 'syntax',
      why: spaced ? `no space is allowed before the colon in "${keyword}:"` : `the argument must start with "${prefix}"`,
    }
  }
  let rest = argument.slice(prefix.length)
  if (/^[ \t]/.test(rest)) {
    if (opts.strict) return { ok: false, kind: 'syntax', why: `no space is allowed after "${prefix}" (RFC 5321 §3.3)` }
    tolerated.push(`a space after "${prefix}"`)
    rest = rest.replace(/^[ \t]+/, '')
  }
  if (rest === '') return { ok: false, kind: 'syntax', why: `an address in angle brackets must follow "${prefix}"` }

  let body: string
  let after: string
  if (rest.startsWith('<')) {
    const close = closingBracket(rest)
    if (close < 0) return { ok: false, kind: 'address', why: 'the address has no closing ">"' }
    body = rest.slice(1, close)
    after = rest.slice(close + 1)
    if (opts.maxPath > 0 && close + 1 > opts.maxPath) {
      return { ok: false, kind: 'path-length', why: `the path is ${close + 1} octets long; the limit is ${opts.maxPath}` }
    }
  } else {
    if (opts.strict) return { ok: false, kind: 'address', why: 'the address must be in angle brackets, as <user@example.com>' }
    const space = rest.search(/[ \t]/)
    body = space < 0 ? rest : rest.slice(0, space)
    after = space < 0 ? '' : rest.slice(space)
    if (body.includes('>') || body.includes('<')) return { ok: false, kind: 'address', why: 'the angle brackets do not match' }
    tolerated.push('an address without angle brackets')
  }
  if (after !== '' && !/^[ \t]/.test(after)) {
    return { ok: false, kind: 'address', why: 'there must be a space between the address and any parameter' }
  }

  const postmaster = keyword === 'TO' && /^postmaster$/i.test(body)
  // RFC 6531 §3.3: a UTF-8 domain only in a transaction that said SMTPUTF8 (Postfix: otherwise 501 5.1.7 / 5.1.3).
  const smtputf8 = opts.smtputf8 || (keyword === 'FROM' && /(^|[ \t])SMTPUTF8([ \t]|$)/i.test(after))
  const path = parsePathBody(body, {
    allowDomainless: postmaster || !opts.strict,
    lenientLocalPart: !opts.strict,
    utf8: true,
    maxLocalPart: opts.maxLocalPart,
    maxDomain: opts.maxDomain,
    // Postfix takes underscores and one trailing dot in a domain; the strict reading of 5321 §4.1.2 does not.
    domain: { underscore: !opts.strict, trailingDot: !opts.strict, utf8: smtputf8 },
  })
  if (!path.ok) return { ok: false, kind: 'address', why: path.why }
  let mailbox = path.mailbox
  if (mailbox && mailbox.domain === '' && !postmaster) {
    mailbox = { local: mailbox.local, domain: opts.defaultDomain }
    tolerated.push(`an address without a domain, completed as ${mailbox.local}@${mailbox.domain}`)
  }
  if (keyword === 'TO' && path.mailbox === null) return { ok: false, kind: 'address', why: 'the null path <> is only for the sender' }

  const params = parseParams(after)
  if (!params.ok) return { ok: false, kind: 'params', why: params.why }
  return { ok: true, mailbox, route: path.route, params: params.params, tolerated }
}
