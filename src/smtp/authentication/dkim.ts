/**
 * DKIM (RFC 6376): a signature over chosen header fields and the body, made by the sender's domain and checked by the
 * receiver with a key found in DNS. The header field, the canonicalizations (simple and relaxed, §3.4) and the body
 * hash (bh=, SHA-256) are real; the signature b= is **simulated**: an HMAC-SHA-256 with a secret only the signing
 * host and the world know, standing in for RSA. The key record in DNS says so (`n=`), its `p=` names the secret
 * (a fingerprint) without revealing it, and a verifier asks the world's key ring for the secret behind it — so, as with
 * real DKIM, nobody but the signer can make a signature that verifies, and any change to a signed field or to the body
 * makes it fail.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { headerFields, sections, type HeaderField } from '../message'
import { encodeBase64 } from '../sasl'
import { lookupTxt } from '../world/dns'
import type { DnsData } from '../world/types'

const encoder = new TextEncoder()
const latin1 = new TextDecoder('latin1')

/** A domain's signing key on the host that signs for it. */
export interface SigningKey {
  readonly domain: string
  readonly selector: string
  /** The simulated private key. */
  readonly secret: string
}

/** The fields signed when present, in this order (RFC 6376 §5.4.1 recommends these; From is required, §5.4). */
export const SIGNED_FIELDS = ['from', 'to', 'cc', 'subject', 'date', 'message-id', 'mime-version', 'content-type'] as const

/** What the key record's p= holds in this world: the secret's fingerprint, base64 of its SHA-256. */
export function keyFingerprint(secret: string): string {
  return encodeBase64(sha256(encoder.encode(secret)))
}

/** The TXT record a signing domain publishes at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.1). */
export function keyRecord(key: SigningKey): string {
  return `v=DKIM1; k=rsa; n=simulated: b= is an HMAC-SHA-256, this p= names its key; p=${keyFingerprint(key.secret)}`
}

// --- Canonicalization (RFC 6376 §3.4) ---------------------------------------------------------------------------

/** simple header (§3.4.1): the field exactly as it is, folding and all. */
function simpleHeader(field: Pick<HeaderField, 'raw'>): string {
  return field.raw + '\r\n'
}

/** relaxed header (§3.4.2): name in lower case, unfolded, runs of white space one space, none around the colon or at the end. */
export function relaxedHeader(field: Pick<HeaderField, 'raw'>): string {
  const colon = field.raw.indexOf(':')
  const name = field.raw.slice(0, colon).replace(/[ \t]+$/, '').toLowerCase()
  const value = field.raw.slice(colon + 1).replace(/\r\n/g, '').replace(/[ \t]+/g, ' ').trim()
  return `${name}:${value}\r\n`
}

/** simple body (§3.4.3): empty lines at the end removed; an empty body is one CRLF. */
function simpleBody(body: string): string {
  const trimmed = body.replace(/(?:\r\n)*$/, '')
  return trimmed === '' ? '\r\n' : trimmed + '\r\n'
}

/** relaxed body (§3.4.4): white space at line ends removed, runs of it one space, empty lines at the end removed. */
export function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''))
  while (lines.length > 0 && lines.at(-1) === '') lines.pop()
  return lines.length === 0 ? '' : lines.join('\r\n') + '\r\n'
}

type Canon = 'simple' | 'relaxed'

function canonBody(body: string, c: Canon): string {
  return c === 'simple' ? simpleBody(body) : relaxedBody(body)
}

function canonHeader(field: Pick<HeaderField, 'raw'>, c: Canon): string {
  return c === 'simple' ? simpleHeader(field) : relaxedHeader(field)
}

export function bodyHash(body: string, c: Canon): string {
  return encodeBase64(sha256(Uint8Array.from(canonBody(body, c), (ch) => ch.charCodeAt(0) & 0xff)))
}

/**
 * The signed header fields in signing order (§5.4.2): for a name listed twice, the last instance first, then the one
 * above it; a name with no instance left signs nothing (it still protects against a field being added).
 */
function signedFields(fields: readonly HeaderField[], names: readonly string[]): HeaderField[] {
  const used = new Set<number>()
  const out: HeaderField[] = []
  for (const name of names) {
    const match = fields.filter((f) => f.name.toLowerCase() === name.toLowerCase() && !used.has(f.index)).at(-1)
    if (match) {
      used.add(match.index)
      out.push(match)
    }
  }
  return out
}

/** The DKIM-Signature field with its b= value emptied (§3.7), canonicalized, without the final CRLF. */
function signatureInput(raw: string, c: Canon): string {
  const emptied = raw.replace(/((?:^|;)[ \t\r\n]*b[ \t\r\n]*=)[^;]*/i, '$1')
  return canonHeader({ raw: emptied }, c).replace(/\r\n$/, '')
}

function mac(secret: string, data: string): string {
  return encodeBase64(hmac(sha256, encoder.encode(secret), Uint8Array.from(data, (ch) => ch.charCodeAt(0) & 0xff)))
}

/** Split `tag=value; tag=value` (§3.2), values unfolded and without white space. */
export function tags(value: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of value.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).replace(/[ \t\r\n]+/g, '')
  }
  return out
}

// --- Signing and verifying ----------------------------------------------------------------------------------------

/**
 * Sign a message for `key.domain`: a DKIM-Signature field prepended (RFC 6376 §5), c=relaxed/relaxed, the fields of
 * SIGNED_FIELDS that the message has. `time` is t=, in seconds. A message without From: is not signed (§5.4).
 */
export function sign(message: Uint8Array, key: SigningKey, time: number): Uint8Array {
  const { headerEnd, bodyStart } = sections(message)
  const fields = headerFields(latin1.decode(message.subarray(0, headerEnd)))
  const names = SIGNED_FIELDS.filter((n) => fields.some((f) => f.name.toLowerCase() === n))
  if (!names.includes('from')) return message
  const body = latin1.decode(message.subarray(bodyStart))
  const head =
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${key.domain}; s=${key.selector};\r\n` +
    `\tt=${Math.floor(time / 1000)}; h=${names.join(':')};\r\n` +
    `\tbh=${bodyHash(body, 'relaxed')};\r\n` +
    `\tb=`
  const data = signedFields(fields, names).map((f) => relaxedHeader(f)).join('') + signatureInput(head, 'relaxed')
  const field = `${head}${mac(key.secret, data)}\r\n`
  const bytes = Uint8Array.from(field, (ch) => ch.charCodeAt(0) & 0xff)
  const out = new Uint8Array(bytes.length + message.length)
  out.set(bytes)
  out.set(message, bytes.length)
  return out
}

/** One signature's outcome (RFC 8601 §2.7.1: pass, fail, neutral, policy, temperror, permerror). */
export interface DkimVerdict {
  readonly result: 'pass' | 'fail' | 'permerror' | 'neutral'
  readonly domain: string
  readonly selector: string
  /** For people: why it failed ("body hash did not verify"). */
  readonly why: string
}

/**
 * Check every DKIM-Signature of a message (RFC 6376 §6): the key from DNS, the body hash, then the signature over
 * the signed fields. `secretFor` is the world's key ring: the secret behind a key record's p=, if any host holds it.
 */
export function verify(message: Uint8Array, dns: DnsData, secretFor: (fingerprint: string) => string | null): DkimVerdict[] {
  const { headerEnd, bodyStart } = sections(message)
  const fields = headerFields(latin1.decode(message.subarray(0, headerEnd)))
  const body = latin1.decode(message.subarray(bodyStart))
  return fields
    .filter((f) => f.name.toLowerCase() === 'dkim-signature')
    .map((sig): DkimVerdict => {
      const t = tags(sig.value)
      const domain = (t.d ?? '').toLowerCase()
      const selector = t.s ?? ''
      const fail = (result: DkimVerdict['result'], why: string): DkimVerdict => ({ result, domain, selector, why })
      if (t.v !== '1' || !t.a || !domain || !selector || !t.h || t.bh === undefined || t.b === undefined) return fail('permerror', 'a required tag is missing (RFC 6376 §3.5)')
      const names = t.h.split(':').map((n) => n.trim().toLowerCase())
      if (!names.includes('from')) return fail('permerror', 'From: is not signed (RFC 6376 §5.4)')
      const [headerCanon = 'simple', bodyCanon = 'simple'] = (t.c ?? 'simple/simple').toLowerCase().split('/') as Canon[]
      if (![headerCanon, bodyCanon].every((c) => c === 'simple' || c === 'relaxed')) return fail('permerror', `unknown canonicalization c=${t.c}`)
      const record = lookupTxt(dns, `${selector}._domainkey.${domain}`).find((r) => /^v=DKIM1/i.test(r) || /\bp=/.test(r))
      if (!record) return fail('permerror', `no key for signature (no TXT record at ${selector}._domainkey.${domain})`)
      const secret = secretFor(tags(record).p ?? '')
      if (!secret) return fail('permerror', 'the key in DNS matches no signer')
      if (bodyHash(body, bodyCanon) !== t.bh) return fail('fail', 'body hash did not verify')
      const data = signedFields(fields, names).map((f) => canonHeader(f, headerCanon)).join('') + signatureInput(sig.raw, headerCanon)
      return mac(secret, data) === t.b ? { result: 'pass', domain, selector, why: '' } : fail('fail', 'signature did not verify')
    })
}
