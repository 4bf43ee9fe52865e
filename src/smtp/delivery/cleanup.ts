/**
 * What a server's cleanup does to a message's header section before queueing it (Postfix's cleanup daemon):
 * it removes the fields that must not travel — Bcc (RFC 5322 §3.6.3: blind copies stay blind), Resent-Bcc,
 * Return-Path (only final delivery writes it, RFC 5321 §4.4) and Content-Length (meaningless after transport) —
 * as Postfix's `message_drop_headers` does by default.
 */

import { headerOf } from '../message'

const DROPPED = ['bcc', 'resent-bcc', 'return-path', 'content-length']

export interface Cleaned {
  readonly content: Uint8Array
  /** The names of the fields removed, as they were written. */
  readonly removed: readonly string[]
}

/** Remove the dropped fields (with their folded continuation lines) from the header section. */
export function dropHeaders(content: Uint8Array): Cleaned {
  const dropped = headerOf(content).filter((f) => DROPPED.includes(f.name.toLowerCase()))
  if (dropped.length === 0) return { content, removed: [] }
  const out = new Uint8Array(content.length - dropped.reduce((n, f) => n + f.end - f.start, 0))
  let from = 0
  let at = 0
  for (const f of [...dropped, { start: content.length, end: content.length }]) {
    out.set(content.subarray(from, f.start), at)
    at += f.start - from
    from = f.end
  }
  return { content: out, removed: dropped.map((f) => f.name) }
}
