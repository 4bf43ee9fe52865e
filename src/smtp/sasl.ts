/**
 * SASL for SMTP AUTH (RFC 4954), one small state machine per mechanism, pure: the server side of PLAIN (RFC 4616),
 * LOGIN (draft-murchison-sasl-login), CRAM-MD5 (RFC 2195; HMAC-MD5 from @noble/hashes, the challenge from the
 * injected clock and ids) and XOAUTH2 (Google's protocol; tokens come from the world's fake token issuer).
 * Each step takes the client's decoded response and answers with a challenge, a verdict, or a reason to fail.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { md5 } from '@noble/hashes/legacy.js'
import { bytesToHex } from '@noble/hashes/utils.js'

/** The SASL mechanisms this model implements (DIGEST-MD5 is known, and refused: RFC 6331 made it historic). */
export type Mechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'XOAUTH2'

/** Who may log in: user → password, and bearer tokens for XOAUTH2. */
export interface Credentials {
  password(user: string): string | null
  tokenOwner(token: string): string | null
}

export type SaslStep =
  /** Send `334 <base64 challenge>` and wait for the client's next line. */
  | { readonly kind: 'challenge'; readonly challenge: string }
  | { readonly kind: 'success'; readonly user: string }
  | { readonly kind: 'failure'; readonly why: string }
  /** XOAUTH2's error: send the JSON as a challenge; the client answers with an empty line, then 535 follows. */
  | { readonly kind: 'error-challenge'; readonly challenge: string; readonly why: string }

export interface SaslExchange {
  /** The first step: after an initial response (`null` when there was none). */
  start(initial: Uint8Array | null): SaslStep
  /** Each later client line, decoded from base64. */
  next(response: Uint8Array): SaslStep
}

const text = (b: Uint8Array) => new TextDecoder().decode(b)
const encoder = new TextEncoder()

/** Decode base64 strictly: null when it is not base64 (RFC 4954 §4 wants 501 5.5.2 then). */
export function decodeBase64(s: string): Uint8Array | null {
  if (s === '=') return new Uint8Array(0) // a zero-length initial response (RFC 4954 §4)
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return null
  const binary = atob(s)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

export function encodeBase64(s: string | Uint8Array): string {
  const bytes = typeof s === 'string' ? encoder.encode(s) : s
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

function checkPassword(creds: Credentials, user: string, password: string): SaslStep {
  const expected = creds.password(user)
  return expected !== null && expected === password ? { kind: 'success', user } : { kind: 'failure', why: `wrong user name or password for "${user}"` }
}

/** PLAIN: `[authzid] NUL authcid NUL passwd` (RFC 4616 §2); an empty `334 ` when there was no initial response. */
function plain(creds: Credentials): SaslExchange {
  const verify = (r: Uint8Array): SaslStep => {
    const parts = text(r).split('\0')
    if (parts.length !== 3) return { kind: 'failure', why: 'PLAIN wants authzid NUL user NUL password' }
    const [authzid = '', user = '', password = ''] = parts
    if (authzid !== '' && authzid !== user) return { kind: 'failure', why: `"${user}" may not act as "${authzid}"` }
    return checkPassword(creds, user, password)
  }
  return { start: (initial) => (initial ? verify(initial) : { kind: 'challenge', challenge: '' }), next: verify }
}

/** LOGIN: the server asks "Username:" then "Password:", each base64 (draft-murchison-sasl-login). */
function login(creds: Credentials): SaslExchange {
  let user: string | null = null
  const password: SaslStep = { kind: 'challenge', challenge: encodeBase64('Password:') }
  return {
    start(initial) {
      if (initial === null) return { kind: 'challenge', challenge: encodeBase64('Username:') }
      user = text(initial)
      return password
    },
    next(r) {
      if (user === null) {
        user = text(r)
        return password
      }
      return checkPassword(creds, user, text(r))
    },
  }
}

/** CRAM-MD5: challenge `<unique.timestamp@host>`; answer `user SP hex(HMAC-MD5(password, challenge))` (RFC 2195 §2). */
function cramMd5(creds: Credentials, challenge: string): SaslExchange {
  return {
    start: () => ({ kind: 'challenge', challenge: encodeBase64(challenge) }),
    next(r) {
      const [user = '', digest = ''] = text(r).split(' ')
      const secret = creds.password(user)
      if (secret === null) return { kind: 'failure', why: `no user "${user}"` }
      const expected = bytesToHex(hmac(md5, encoder.encode(secret), encoder.encode(challenge)))
      return digest.toLowerCase() === expected ? { kind: 'success', user } : { kind: 'failure', why: 'the HMAC-MD5 digest does not match' }
    },
  }
}

/** XOAUTH2: `user=U ^A auth=Bearer TOKEN ^A ^A`; a bad token gets a JSON error challenge first. */
function xoauth2(creds: Credentials, host: string): SaslExchange {
  let failed: string | null = null
  const verify = (r: Uint8Array): SaslStep => {
    const fields = Object.fromEntries(text(r).split('\x01').filter(Boolean).map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)]))
    const user = fields['user'] ?? ''
    const token = /^Bearer (.+)$/.exec(fields['auth'] ?? '')?.[1] ?? ''
    if (token && creds.tokenOwner(token) === user) return { kind: 'success', user }
    failed = token ? `the token is not valid for "${user}"` : 'no Bearer token'
    return { kind: 'error-challenge', challenge: encodeBase64(JSON.stringify({ status: '401', schemes: 'Bearer', scope: `https://${host}/` })), why: failed }
  }
  return {
    start: (initial) => (initial ? verify(initial) : { kind: 'challenge', challenge: '' }),
    next: (r) => (failed !== null ? { kind: 'failure', why: failed } : verify(r)),
  }
}

export function startExchange(mechanism: Mechanism, creds: Credentials, challengeId: string, host: string): SaslExchange {
  switch (mechanism) {
    case 'PLAIN':
      return plain(creds)
    case 'LOGIN':
      return login(creds)
    case 'CRAM-MD5':
      return cramMd5(creds, `<${challengeId}@${host}>`)
    case 'XOAUTH2':
      return xoauth2(creds, host)
  }
}

/** Mechanisms that send their credentials in the clear: never over an unencrypted channel unless allowed (4954 §4). */
export const PLAINTEXT_MECHANISMS: ReadonlySet<Mechanism> = new Set(['PLAIN', 'LOGIN'])
