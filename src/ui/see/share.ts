/**
 * Share links (issue 11 §4): a lab session in the URL's hash, `#/s/<payload>`. The payload is the lab recording
 * (src/terminal/recording.ts: input, personality, world, faults, clock steps — everything a replay needs) as JSON,
 * compressed with the browser's own CompressionStream ('deflate-raw', RFC 1951) and written in base64url (RFC 4648 §5),
 * after a one-letter format mark. Nothing leaves the page: the hash is never sent to a server.
 *
 * Reading a link trusts nothing: the characters, the compressed size, the size after decompression (a small link
 * must not inflate to gigabytes) and then the recording's own validation (parseRecording). Every failure is a
 * sentence for the learner.
 */
import { parseRecording, RECORDING_LIMIT, serializeRecording, type Recording } from '../../terminal/recording'

/** The payload's format: "1" = deflate-raw of the recording's JSON, base64url. A later format gets another mark. */
const FORMAT = '1'
/** The longest payload read (characters): about 2 MB, what browsers keep of a URL. */
export const PAYLOAD_LIMIT = 2_000_000
/** The most text a payload may inflate to: what a recording may hold when read back. */
const INFLATED_LIMIT = RECORDING_LIMIT * 2

export type SharedRecording = { readonly ok: true; readonly recording: Recording } | { readonly ok: false; readonly message: string }

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array | null> {
  const writer = stream.writable.getWriter()
  void writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close()).catch(() => {})
  const reader = stream.readable.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return null
    }
    parts.push(value)
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** The payload for a recording: what follows `#/s/`. */
export async function encodeShare(recording: Recording): Promise<string> {
  const json = new TextEncoder().encode(serializeRecording(recording))
  const compressed = await pipe(json, new CompressionStream('deflate-raw'))
  return FORMAT + base64url(compressed ?? new Uint8Array())
}

/** The recording a payload holds, or why it cannot be used. */
export async function decodeShare(payload: string): Promise<SharedRecording> {
  if (payload.length === 0) return { ok: false, message: 'the link holds no session' }
  if (payload.length > PAYLOAD_LIMIT) return { ok: false, message: `the link is longer than ${PAYLOAD_LIMIT} characters` }
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return { ok: false, message: 'the link has characters a shared session never has (it may have been cut or changed)' }
  const format = payload[0]
  if (format !== FORMAT) {
    return { ok: false, message: /[2-9]/.test(format ?? '') ? 'the link was made by a newer version of smtp-sim' : 'the link is not a shared smtp-sim session' }
  }
  let bytes: Uint8Array
  try {
    bytes = fromBase64url(payload.slice(1))
  } catch {
    return { ok: false, message: 'the link is not readable (it may have been cut)' }
  }
  let inflated: Uint8Array | null
  try {
    inflated = await pipe(bytes, new DecompressionStream('deflate-raw'), INFLATED_LIMIT)
  } catch {
    return { ok: false, message: 'the link is not readable (it may have been cut or changed)' }
  }
  if (!inflated) return { ok: false, message: `the session in the link is larger than ${INFLATED_LIMIT} characters` }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated)
  } catch {
    return { ok: false, message: 'the link is not readable (it may have been changed)' }
  }
  const parsed = parseRecording(text)
  if (parsed.ok) return { ok: true, recording: parsed.recording }
  if (parsed.reason === 'version') return { ok: false, message: 'the link was made by a newer version of smtp-sim (' + parsed.message.replace(/^the saved session /, 'the session ') + ')' }
  return { ok: false, message: parsed.message.replace(/the saved session/g, 'the shared session') }
}

/** The whole link for a payload, on this page's address (whatever sub-path it is served from). */
export function shareHref(location: { readonly origin: string; readonly pathname: string; readonly search: string }, payload: string): string {
  return `${location.origin}${location.pathname}${location.search}#/s/${payload}`
}
