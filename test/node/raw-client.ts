/**
 * Test helpers for the TCP bridge: a raw SMTP client over a real socket that reads replies as they arrive on the
 * wire, a seeded PRNG (tests never use Math.random), and a check of a stored message's trace headers.
 */
import { connect, type Socket } from 'node:net'
import { expect } from 'vitest'

export class RawClient {
  readonly socket: Socket
  /** Everything the server sent so far, one char per octet. */
  received = ''
  #read = 0
  #waiters: (() => void)[] = []
  /** Resolves when the server has closed its side (the socket saw 'end' or 'close'). */
  readonly ended: Promise<void>
  #ended = false

  private constructor(socket: Socket) {
    this.socket = socket
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('latin1')
      this.#wake()
    })
    socket.on('error', () => {}) // a write after the server closed: the test looks at what was received
    this.ended = new Promise((resolve) => {
      const done = () => {
        this.#ended = true
        this.#wake()
        resolve()
      }
      socket.once('end', done)
      socket.once('close', done)
    })
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new RawClient(socket)))
      socket.once('error', reject)
    })
  }

  get closedByServer(): boolean {
    return this.#ended
  }

  /** Write octets and wait until the kernel has taken them. */
  send(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      if (!this.socket.writable) return resolve()
      this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, () => resolve())
    })
  }

  /** The next complete reply (all its lines, without CRLF); fails if the server closes first. */
  async reply(): Promise<string[]> {
    for (;;) {
      const found = completeReply(this.received, this.#read)
      if (found) {
        this.#read = found.end
        return found.lines
      }
      if (this.#ended) throw new Error(`connection closed; unread: ${JSON.stringify(this.received.slice(this.#read))}`)
      await new Promise<void>((resolve) => this.#waiters.push(resolve))
    }
  }

  /** The next n replies. */
  async replies(n: number): Promise<string[][]> {
    const out: string[][] = []
    for (let i = 0; i < n; i++) out.push(await this.reply())
    return out
  }

  close(): void {
    this.socket.destroy()
  }

  #wake(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const w of waiters) w()
  }
}

/** A whole reply starting at `from`: lines up to one whose code is followed by a space (5321 §4.2.1). */
function completeReply(text: string, from: number): { lines: string[]; end: number } | null {
  const lines: string[] = []
  let at = from
  for (;;) {
    const crlf = text.indexOf('\r\n', at)
    if (crlf < 0) return null
    const line = text.slice(at, crlf)
    lines.push(line)
    at = crlf + 2
    if (line[3] !== '-') return { lines, end: at }
  }
}

/** A seeded PRNG (mulberry32): the same seed gives the same bytes on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in [min, max]. */
export const between = (random: () => number, min: number, max: number): number => min + Math.floor(random() * (max - min + 1))

export const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1')

/** Dot-stuff a message for DATA and add the end-of-data line (the message must end in CRLF). */
export function forData(message: string): string {
  return message.replace(/^\./gm, '..') + '.\r\n'
}

/**
 * Check that `stored` is exactly the trace header fields this server adds (Return-Path:, X-Original-To:, Delivered-To:
 * at final delivery, one folded Received: from the SMTP hop) followed by `sent`, octet for octet.
 */
export function expectTraceThen(stored: Uint8Array, sent: Uint8Array, expected: { sender: string; deliveredTo: string; queueId: string; protocol?: string }): void {
  const all = Buffer.from(stored)
  expect(all.length).toBeGreaterThan(sent.length)
  expect(Buffer.compare(all.subarray(all.length - sent.length), Buffer.from(sent)), 'the octets after the trace headers').toBe(0)
  const head = all.subarray(0, all.length - sent.length).toString('latin1')
  expect(head).toMatch(/^(?:[!-9;-~]+: [^\r\n]*\r\n(?:[ \t][^\r\n]*\r\n)*)+$/) // whole header fields, nothing else
  const fields = head.replace(/\r\n(?=[ \t])/g, '').split('\r\n').slice(0, -1)
  const names = fields.map((f) => f.slice(0, f.indexOf(':')))
  expect(new Set(names)).toEqual(new Set(['Return-Path', 'Delivered-To', 'Received', ...(names.includes('X-Original-To') ? ['X-Original-To'] : [])]))
  expect(names.filter((n) => n === 'Received')).toHaveLength(1)
  expect(fields[0]).toBe(`Return-Path: <${expected.sender}>`)
  expect(fields).toContain(`Delivered-To: ${expected.deliveredTo}`)
  if (names.includes('X-Original-To')) expect(fields).toContain(`X-Original-To: ${expected.deliveredTo}`)
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  expect(fields.at(-1)).toMatch(
    new RegExp(
      `^Received: from \\S+ \\(unknown \\[127\\.0\\.0\\.1\\]\\)\\tby mail\\.example\\.com \\(Postfix\\) with ${expected.protocol ? esc(expected.protocol) : 'E?SMTP'} id ${esc(expected.queueId)}` +
        `\\tfor <${esc(expected.deliveredTo)}>; [A-Z][a-z]{2}, [ \\d]\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000 \\(UTC\\)$`,
    ),
  )
}
