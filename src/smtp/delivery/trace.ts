/**
 * Trace header fields (RFC 5321 §4.4): every accepting server prepends a Received: line; final delivery adds
 * Return-Path:. Formats follow Postfix, which folds Received: over three lines.
 */
import type { WithProtocol } from '../events'
import { rfc5322Date } from '../time'

export interface ReceivedFields {
  /** The name the client gave in HELO/EHLO (null if it gave none). */
  readonly helo: string | null
  /** The client's name from reverse DNS, or null. */
  readonly clientName: string | null
  readonly clientIp: string
  readonly by: string
  readonly protocol: WithProtocol
  readonly queueId: string
  /** At most one path (5321 §4.4, §7.2): given only when the message had one recipient. */
  readonly forRecipient: string | null
  readonly date: number
}

/** The longest HELO name a Received: line repeats: a domain name's limit (5321 §4.5.3.1.2); the rest is cut. */
export const TRACE_HELO_LIMIT = 255

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/**
 * The HELO name as a trace field may carry it: the client said it, so it may hold anything. Controls (a bare CR, NUL,
 * DEL, C1) and octets that were not UTF-8 become "?" (Postfix's printable()), so nothing the client sent can end
 * the header line or add a field; and it is cut at TRACE_HELO_LIMIT characters, so one line stays short.
 */
export function heloForTrace(helo: string): string {
  // The usual name (printable ASCII, short) is its own answer, without splitting it into code points per message.
  if (helo.length <= TRACE_HELO_LIMIT && PRINTABLE_ASCII.test(helo)) return helo
  return [...helo].slice(0, TRACE_HELO_LIMIT).join('').replace(/[\x00-\x1f\x7f-\x9f\ufffd]/g, '?')
}

/**
 * Stamp = "from" Extended-Domain CFWS "by" Extended-Domain [ "with" Protocol ] [ "id" ID ] [ "for" Path ] ";" date-time
 * TCP-info comes from the connection, not from what the client claimed (5321 §4.4).
 */
export function receivedHeader(f: ReceivedFields): string {
  const from = `from ${f.helo === null ? 'unknown' : heloForTrace(f.helo)} (${f.clientName ?? 'unknown'} [${f.clientIp}])`
  const by = `by ${f.by} (Postfix) with ${f.protocol} id ${f.queueId}`
  const stamp = f.forRecipient ? `\tfor <${f.forRecipient}>; ${rfc5322Date(f.date)}` : `\t; ${rfc5322Date(f.date)}`
  return f.forRecipient
    ? `Received: ${from}\r\n\t${by}\r\n${stamp}\r\n`
    : `Received: ${from}\r\n\t${by}${stamp.slice(1)}\r\n`
}

/** Return-Path: the reverse-path of the MAIL command, `<>` kept as `<>` (5321 §4.4). */
export function returnPathHeader(sender: string): string {
  return `Return-Path: <${sender}>\r\n`
}

/** Postfix's local delivery agent adds X-Original-To: (the recipient as the client gave it). */
export function originalToHeader(address: string): string {
  return `X-Original-To: ${address}\r\n`
}

/** Postfix's local delivery agent adds Delivered-To: to catch forwarding loops. */
export function deliveredToHeader(address: string): string {
  return `Delivered-To: ${address}\r\n`
}
