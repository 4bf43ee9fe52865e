/**
 * What a wire sniffer between client.example.net and the server would capture: plaintext SMTP before STARTTLS (or
 * never, on port 25 without it), and after the (simulated) handshake only TLS records whose payload is noise.
 *
 * The "ciphertext" is NOT encryption: a deterministic keystream (FNV-1a seed, xorshift32) mixed with the bytes, so the
 * same session always looks the same and the record length follows the plaintext length, as with a real AEAD
 * cipher (+ 5-byte record header, + 1 content type byte, + 16-byte tag). Labelled as simulated wherever shown. Pure.
 */
import type { WireChunk } from './smtp-client'

const encoder = new TextEncoder()

export interface SniffedRecord {
  readonly from: 'client' | 'server'
  readonly encrypted: boolean
  /** Plaintext: the text as captured. Encrypted: a hex dump of the fake TLS record. */
  readonly shown: string
  /** Octets on the wire. */
  readonly length: number
}

function fnv1a(bytes: Uint8Array, seed: number): number {
  let h = 0x811c9dc5 ^ seed
  for (const b of bytes) {
    h ^= b
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h || 1
}

/**
 * The first `limit` octets of a TLS 1.3 application-data record carrying `bytes` (header, then noise derived from the
 * bytes and `index`), and the record's full length.
 */
export function fakeRecord(bytes: Uint8Array, index: number, limit = 64): { readonly head: Uint8Array; readonly length: number } {
  const payload = bytes.length + 1 + 16 // inner content type + AEAD tag
  const length = 5 + payload
  const head = new Uint8Array(Math.min(length, limit))
  head.set([0x17, 0x03, 0x03, (payload >> 8) & 0xff, payload & 0xff].slice(0, head.length))
  let x = fnv1a(bytes.subarray(0, 4096), (index * 0x9e3779b9) ^ bytes.length)
  for (let i = 5; i < head.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    head[i] = (x ^ (bytes[(i - 5) % Math.max(bytes.length, 1)] ?? 0)) & 0xff
  }
  return { head, length }
}

/** Hex, 16 octets a row; `total` octets exist in all (then "… n more octets"). */
export function hexDump(bytes: Uint8Array, total = bytes.length): string {
  const rows: string[] = []
  for (let i = 0; i < bytes.length; i += 16) rows.push(Array.from(bytes.subarray(i, i + 16), (b) => b.toString(16).padStart(2, '0')).join(' '))
  if (total > bytes.length) rows.push(`… ${total - bytes.length} more octets`)
  return rows.join('\n')
}

/** Longest plaintext shown per chunk. */
const TEXT_LIMIT = 2000

/** The sniffer's view of the wire chunks of a session. */
export function sniff(chunks: readonly WireChunk[]): SniffedRecord[] {
  return chunks.map((chunk, index) => {
    const bytes = encoder.encode(chunk.text)
    if (chunk.handshake) return { from: chunk.from, encrypted: false, shown: chunk.text, length: 0 }
    if (!chunk.encrypted) {
      const text = chunk.text.length > TEXT_LIMIT ? chunk.text.slice(0, TEXT_LIMIT) + `… (${chunk.text.length - TEXT_LIMIT} more characters)` : chunk.text
      return { from: chunk.from, encrypted: false, shown: text, length: bytes.length }
    }
    const record = fakeRecord(bytes, index)
    return { from: chunk.from, encrypted: true, shown: hexDump(record.head, record.length), length: record.length }
  })
}
