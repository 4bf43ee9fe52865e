/**
 * `npm run bench`: throughput of the pure SMTP model (src/smtp) on the paths where size matters.
 *
 * What is measured, and why
 *  1. DATA, large: a ~10 MB message (headers, prose, base64 attachment lines of 76 characters, lines starting with
 *     "." that the client dot-stuffs) fed to an SmtpSession after EHLO/MAIL/RCPT/DATA, in 64 KB chunks. Reported in
 *     MB/s (10^6 octets of wire data per second) next to a baseline: a plain `Buffer.prototype.indexOf` scan of the
 *     same chunks for "\r\n.\r\n" (the last 4 octets carried over, so a split terminator is still found). The scan
 *     is the least any DATA reader must do; the ratio model/baseline says how close the framing comes to it.
 *     A second baseline is the same scan as the browser can do it (no Buffer): decode, then String#indexOf. The
 *     model must also find lone CR and LF on every line (RFC 5321 §2.3.8), which no terminator scan does.
 *  2. DATA, tiny chunks: a ~100 KB message fed one octet per `receive()` call, against the same baseline fed one
 *     octet at a time. This exposes fixed per-call costs (decoding, allocations, event-array churn).
 *  3. Pipelining: 1,000 transactions (MAIL, RCPT, DATA, a short message, ".") sent as one byte stream in 64 KB
 *     chunks into one session, in transactions per second. This exercises command framing and parsing. The same
 *     stream is also fed as one buffer: if framing re-reads the rest of a chunk per transaction, that row collapses.
 *
 * The goal: framing must not copy or re-scan data per line, so that a DATA path stays within a small factor of the
 * plain scan (target ratio >= 0.5). Every run is also checked (content length and octets, unstuffed-line count,
 * replies, queue ids) and the bench exits 1 if the model got anything wrong. Inputs are generated from a seeded PRNG,
 * so every run sees the same octets. Each figure is the median of 7 timed runs after warm-up runs.
 *
 * The "where the time goes" rows time pieces of case 1 and 2 on their own (the latin1 TextDecoder alone,
 * DataReader.feed without the session, DataReader.finish's join) to show what the session's figure is made of.
 *
 * Caveat: tsx compiles with esbuild's keepNames, which wraps every closure created at run time in a `__name()` call
 * (an Object.defineProperty). A closure created per call in src/ therefore costs more here (and in Vitest) than in
 * the Vite build; a cost that shows up in this bench is still real work worth removing.
 *
 * Options: `npm run bench -- --only=10mb|1byte|pipelined` runs one case (handy under `node --cpu-prof --import tsx`).
 * `npm run bench -- --bridge` measures the TCP bridge against smtp-server instead (bench/bridge.ts).
 * The last line of output is always one line of key=value pairs.
 */
import { performance } from 'node:perf_hooks'
import { CounterIds, ManualClock, PERSONALITIES, SmtpSession, acceptAll, type ModelEvent } from '../src/smtp/index'
import { DataReader, octetsAsText } from '../src/smtp/data-reader'
import { runBridgeBench } from './bridge'

// --- Settings ---------------------------------------------------------------------------------------------------

const RUNS = 7
const CHUNK = 64 * 1024
const LARGE_TARGET = 10_000_000 // content octets; the postfix personality's SIZE limit is 10,240,000
const SMALL_TARGET = 100_000
const TRANSACTIONS = 1000
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? null
const wants = (name: string) => only === null || only === name
if (only !== null && !['10mb', '1byte', 'pipelined'].includes(only)) {
  console.error(`unknown --only=${only}; use 10mb, 1byte or pipelined`)
  process.exit(2)
}

// --- Failing loudly ---------------------------------------------------------------------------------------------

class BenchFailure extends Error {}

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new BenchFailure(what)
}

// --- Deterministic input ----------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so the input is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = (
  'the a of to and in is that for it as with was on be by this are from at or an have not but which all were ' +
  'message server client mail relay envelope header body line octet data transfer protocol queue recipient sender ' +
  'delivery report attachment invoice quarterly figures meeting tomorrow please find attached regards thanks ' +
  'review budget draft final version schedule project update notes minutes agenda'
).split(' ')

const DOT_LINES = ['.', '..', '...', '.hidden file names start with a dot', '. a sentence after a stray dot', '.signature', '.\t']

interface Message {
  /** The content as the server should store it (every line ends in CRLF). */
  readonly content: Buffer
  /** What the client sends after 354: dot-stuffed content, then ".\r\n" (with content's last CRLF: <CRLF>.<CRLF>). */
  readonly wire: Buffer
  /** Lines of content that start with "." (each one gets a stuffed dot on the wire). */
  readonly dotLines: number
  readonly lines: number
}

/** A multipart message of about `target` octets: prose parts, base64 attachments, and some lines starting with ".". */
function makeMessage(target: number, seed: number): Message {
  const rnd = prng(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T
  const lines: string[] = []
  let size = 0
  const add = (line: string) => {
    lines.push(line)
    size += line.length + 2
  }
  const boundary = `=_bench_${Math.floor(rnd() * 1e9).toString(36)}`
  add('Received: from client.example.net (client.example.net [192.0.2.30])')
  add('\tby mx.bench.example (Postfix) with ESMTP id 4A1B2C3D4E')
  add('From: Alice Example <alice@client.example.net>')
  add('To: Bob Example <bob@bench.example>')
  add('Subject: Quarterly figures, with attachments')
  add('Date: Sat, 02 May 2026 10:00:00 +0000')
  add(`Message-ID: <${seed}.bench@client.example.net>`)
  add('MIME-Version: 1.0')
  add(`Content-Type: multipart/mixed; boundary="${boundary}"`)
  add('')
  add('This is a multi-part message in MIME format.')
  let part = 0
  while (size < target - 200) {
    // A prose part: word-wrapped lines up to 72 characters, now and then one starting with ".".
    add(`--${boundary}`)
    add('Content-Type: text/plain; charset=us-ascii')
    add('')
    const proseLines = 20 + Math.floor(rnd() * 200)
    for (let i = 0; i < proseLines && size < target - 200; i++) {
      if (rnd() < 0.08) {
        add(pick(DOT_LINES))
        continue
      }
      let line = pick(WORDS)
      for (;;) {
        const word = pick(WORDS)
        if (line.length + 1 + word.length > 72) break
        line += ' ' + word
      }
      add(rnd() < 0.1 ? '' : line)
    }
    // An attachment: base64 lines of 76 characters (57 octets each), the bulk of the message.
    add(`--${boundary}`)
    add(`Content-Type: application/octet-stream; name="part-${++part}.bin"`)
    add('Content-Transfer-Encoding: base64')
    add(`Content-Disposition: attachment; filename="part-${part}.bin"`)
    add('')
    const room = Math.max(0, Math.floor((target - 200 - size) / 78))
    const b64Lines = Math.min(room, 200 + Math.floor(rnd() * 1800))
    const raw = Buffer.alloc(b64Lines * 57)
    for (let i = 0; i < raw.length; i += 4) raw.writeUInt32LE(Math.floor(rnd() * 4294967296), Math.min(i, raw.length - 4))
    const b64 = raw.toString('base64')
    for (let i = 0; i < b64.length; i += 76) add(b64.slice(i, i + 76))
  }
  add(`--${boundary}--`)
  const dotLines = lines.filter((l) => l.startsWith('.')).length
  const content = Buffer.from(lines.join('\r\n') + '\r\n', 'latin1')
  const wire = Buffer.from(lines.map((l) => (l.startsWith('.') ? '.' + l : l)).join('\r\n') + '\r\n.\r\n', 'latin1')
  return { content, wire, dotLines, lines: lines.length }
}

/** Views of `buf` in chunks of `size`: plain Uint8Arrays for the model (as a browser would pass), Buffers for the scan. */
function chunked(buf: Buffer, size: number): { views: Uint8Array[]; buffers: Buffer[] } {
  const views: Uint8Array[] = []
  const buffers: Buffer[] = []
  for (let at = 0; at < buf.length; at += size) {
    const len = Math.min(size, buf.length - at)
    views.push(new Uint8Array(buf.buffer, buf.byteOffset + at, len))
    buffers.push(buf.subarray(at, at + len))
  }
  return { views, buffers }
}

// --- Timing -----------------------------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

/** Warm up, then time `RUNS` runs of each function, interleaved; each function returns its own elapsed ms. */
function measure(warmups: number, fns: Record<string, () => number>): Record<string, number> {
  const names = Object.keys(fns)
  for (let i = 0; i < warmups; i++) for (const n of names) fns[n]!()
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
  for (let i = 0; i < RUNS; i++) for (const n of names) times[n]!.push(fns[n]!())
  return Object.fromEntries(names.map((n) => [n, median(times[n]!)]))
}

const mbps = (octets: number, ms: number) => octets / 1e6 / (ms / 1000)

// --- The baseline: a plain scan for <CRLF>.<CRLF> --------------------------------------------------------------

const TERMINATOR = Buffer.from('\r\n.\r\n', 'latin1')

/**
 * Offset just past the first "\r\n.\r\n" in the chunks (the data starts right after the DATA line's CRLF, so the scan
 * starts with "\r\n" carried in), or -1. The last 4 octets of each chunk are carried into a scratch buffer with the
 * first 4 of the next, so a terminator split across chunks is found; no allocation per chunk.
 */
function scanForTerminator(chunks: readonly Buffer[]): number {
  const scratch = Buffer.alloc(8)
  scratch[0] = 13
  scratch[1] = 10
  let tail = 2 // octets of the carry in scratch[0, tail)
  let base = 0 // offset of the current chunk in the stream
  for (const chunk of chunks) {
    const len = chunk.length
    const head = len < 4 ? len : 4
    chunk.copy(scratch, tail, 0, head)
    const across = scratch.subarray(0, tail + head).indexOf(TERMINATOR)
    if (across >= 0) return base - tail + across + 5
    if (len >= 5) {
      const inside = chunk.indexOf(TERMINATOR)
      if (inside >= 0) return base + inside + 5
    }
    if (len >= 4) {
      chunk.copy(scratch, 0, len - 4, len)
      tail = 4
    } else if (tail + len > 4) {
      scratch.copyWithin(0, tail + len - 4, tail + len)
      tail = 4
    } else tail += len
    base += len
  }
  return -1
}

// --- The model --------------------------------------------------------------------------------------------------

const SETUP = 'EHLO client.example.net\r\nMAIL FROM:<alice@client.example.net>\r\nRCPT TO:<bob@bench.example>\r\nDATA\r\n'

function newSession(): SmtpSession {
  return new SmtpSession({ hostname: 'mx.bench.example', policy: acceptAll, clock: new ManualClock(), ids: new CounterIds() })
}

function replies(events: readonly ModelEvent[]) {
  return events.flatMap((e) => (e.type === 'reply' ? [e.reply] : []))
}

/** A session that has said 354 to DATA. */
function sessionInData(): SmtpSession {
  const s = newSession()
  s.start()
  const r = replies(s.receive(SETUP))
  check(r.map((x) => x.code).join(',') === '250,250,250,354', `setup replies were ${r.map((x) => x.code).join(',')}`)
  check(s.mode === 'data', 'session is not reading data after 354')
  return s
}

/** Check what the session said at the end of the data. */
function checkAccepted(s: SmtpSession, events: readonly ModelEvent[], msg: Message, what: string): void {
  const accepted = events.find((e) => e.type === 'message-accepted')
  check(accepted !== undefined, `${what}: no message-accepted event (events: ${events.map((e) => e.type).join(', ')})`)
  check(accepted.type === 'message-accepted', what)
  check(accepted.content.length === msg.content.length, `${what}: content is ${accepted.content.length} octets, expected ${msg.content.length}`)
  check(Buffer.compare(Buffer.from(accepted.content.buffer, accepted.content.byteOffset, accepted.content.length), msg.content) === 0, `${what}: content octets differ from the unstuffed message`)
  const unstuffed = events.find((e) => e.type === 'lines-unstuffed')
  const count = unstuffed?.type === 'lines-unstuffed' ? unstuffed.count : 0
  check(count === msg.dotLines, `${what}: ${count} lines unstuffed, expected ${msg.dotLines}`)
  const r = replies(events)
  check(r.length === 1 && r[0]?.key === 'queued', `${what}: replies after the data were ${r.map((x) => `${x.code} ${x.key}`).join('; ')}`)
  check(s.mode === 'command', `${what}: session did not return to command mode`)
}

function runSession(msg: Message, chunks: readonly Uint8Array[], what: string): number {
  const s = sessionInData()
  const events: ModelEvent[] = []
  const t0 = performance.now()
  for (const c of chunks) {
    const out = s.receive(c)
    for (const e of out) events.push(e)
  }
  const ms = performance.now() - t0
  checkAccepted(s, events, msg, what)
  return ms
}

function runBaseline(msg: Message, chunks: readonly Buffer[], what: string): number {
  const t0 = performance.now()
  const end = scanForTerminator(chunks)
  const ms = performance.now() - t0
  check(end === msg.wire.length, `${what}: baseline found the end at ${end}, expected ${msg.wire.length}`)
  return ms
}

/**
 * The same plain scan as a browser can do it, with no Buffer: decode each chunk one character per octet, then
 * String#indexOf, carrying the last 4 characters over. The model runs in the browser, so this is its home ground.
 */
function runStringBaseline(msg: Message, chunks: readonly Uint8Array[], what: string): number {
  const t0 = performance.now()
  const pattern = '\r\n.\r\n'
  let carry = '\r\n' // the DATA line's CRLF
  let base = 0 // offset of the current chunk in the stream
  let end = -1
  for (const chunk of chunks) {
    const text = latin1.decode(chunk)
    // A terminator across the boundary: search only the few characters around it, never re-copy the chunk.
    const seam = (carry + text.slice(0, 4)).indexOf(pattern)
    const i = seam >= 0 ? seam - carry.length : text.indexOf(pattern)
    if (seam >= 0 || i >= 0) {
      end = base + i + 5
      break
    }
    base += text.length
    carry = text.length >= 4 ? text.slice(-4) : (carry + text).slice(-4)
  }
  const ms = performance.now() - t0
  check(end === msg.wire.length, `${what}: string baseline found the end at ${end}, expected ${msg.wire.length}`)
  return ms
}

// Pieces, for "where the time goes".

const latin1 = new TextDecoder('latin1')
let sink = 0 // keeps results alive so the work is not optimised away

function runDecodeOnly(chunks: readonly Uint8Array[]): number {
  const t0 = performance.now()
  for (const c of chunks) sink += latin1.decode(c).length
  return performance.now() - t0
}

const READER_LIMITS = { textLine: PERSONALITIES.postfix.limits.textLine, messageSize: PERSONALITIES.postfix.limits.messageSize }

/** DataReader alone: the feed loop and finish() timed apart. */
function runReader(msg: Message, chunks: readonly Uint8Array[], what: string): { feed: number; finish: number } {
  const reader = new DataReader(PERSONALITIES.postfix.bareLineEndings, READER_LIMITS)
  let end = -1
  let i = 0
  const t0 = performance.now()
  for (; i < chunks.length; i++) {
    const chunk = chunks[i] as Uint8Array
    end = reader.feed(chunk, octetsAsText(chunk))
    if (end >= 0) break
  }
  const t1 = performance.now()
  const summary = reader.finish()
  const t2 = performance.now()
  check(i === chunks.length - 1 && end === (chunks[i] as Uint8Array).length, `${what}: DataReader ended at chunk ${i} offset ${end}`)
  check(summary.content.length === msg.content.length && summary.unstuffed === msg.dotLines, `${what}: DataReader summary wrong`)
  return { feed: t1 - t0, finish: t2 - t1 }
}

// --- Case 3: pipelined transactions -----------------------------------------------------------------------------

interface Pipeline {
  readonly wire: Buffer
  readonly contentLengths: number[]
}

function makePipeline(n: number): Pipeline {
  const parts: string[] = []
  const contentLengths: number[] = []
  for (let i = 0; i < n; i++) {
    const content =
      `From: sender${i}@client.example.net\r\nTo: user${i % 50}@bench.example\r\nSubject: pipelined message ${i}\r\n` +
      `Message-ID: <${i}.pipe@client.example.net>\r\n\r\nHello number ${i}.\r\n.a line that starts with a dot\r\nBye.\r\n`
    contentLengths.push(content.length)
    const stuffed = content.replace(/^\./gm, '..')
    parts.push(`MAIL FROM:<sender${i}@client.example.net>\r\nRCPT TO:<user${i % 50}@bench.example>\r\nDATA\r\n${stuffed}.\r\n`)
  }
  return { wire: Buffer.from(parts.join(''), 'latin1'), contentLengths }
}

function runPipeline(p: Pipeline, chunks: readonly Uint8Array[]): number {
  const s = newSession()
  s.start()
  const hello = replies(s.receive('EHLO client.example.net\r\n'))
  check(hello.length === 1 && hello[0]?.code === 250, 'pipelined: EHLO not accepted')
  const events: ModelEvent[] = []
  const t0 = performance.now()
  for (const c of chunks) {
    const out = s.receive(c)
    for (const e of out) events.push(e)
  }
  const ms = performance.now() - t0
  let accepted = 0
  let queued = 0
  let starts = 0
  let ok = 0
  const ids = new Set<string>()
  for (const e of events) {
    if (e.type === 'message-accepted') {
      ids.add(e.queueId)
      check(e.content.length === p.contentLengths[accepted], `pipelined: message ${accepted} has ${e.content.length} octets, expected ${p.contentLengths[accepted]}`)
      accepted++
    } else if (e.type === 'reply') {
      if (e.reply.key === 'queued') queued++
      else if (e.reply.key === 'startData') starts++
      else if (e.reply.key === 'senderOk' || e.reply.key === 'recipientOk') ok++
      else throw new BenchFailure(`pipelined: unexpected reply ${e.wire.trim()}`)
    }
  }
  check(accepted === TRANSACTIONS && queued === TRANSACTIONS && starts === TRANSACTIONS && ok === 2 * TRANSACTIONS,
    `pipelined: ${accepted} accepted, ${queued} queued, ${starts} x 354, ${ok} x 250 Ok; expected ${TRANSACTIONS} each (Ok: ${2 * TRANSACTIONS})`)
  check(ids.size === TRANSACTIONS, `pipelined: ${ids.size} distinct queue ids for ${TRANSACTIONS} messages`)
  check(s.mode === 'command', 'pipelined: session not in command mode at the end')
  return ms
}

// --- Main -------------------------------------------------------------------------------------------------------

const rows: [string, string, string][] = []
const keys: string[] = []
const fmt = (x: number, digits = 1) => x.toFixed(digits)
const started = performance.now()
const readerFinish: number[] = [] // DataReader.finish times of case 1, gathered beside the feed times

function main(): void {
  if (wants('10mb')) {
    const msg = makeMessage(LARGE_TARGET, 0x5eed1)
    const { views, buffers } = chunked(msg.wire, CHUNK)
    const what = 'data 10 MB'
    const t = measure(3, {
      model: () => runSession(msg, views, what),
      baseline: () => runBaseline(msg, buffers, what),
      stringBaseline: () => runStringBaseline(msg, views, what),
      decode: () => runDecodeOnly(views),
      reader: () => {
        const r = runReader(msg, views, what)
        readerFinish.push(r.finish)
        return r.feed
      },
    })
    const finish = median(readerFinish.splice(0))
    const size = msg.wire.length
    const model = mbps(size, t.model!)
    const base = mbps(size, t.baseline!)
    rows.push([`1. DATA ${fmt(size / 1e6, 2)} MB, ${views.length} chunks of 64 KB`, '', ''])
    rows.push(['   SmtpSession.receive', `${fmt(t.model!, 2)} ms`, `${fmt(model)} MB/s`])
    rows.push(['   baseline: Buffer.indexOf scan', `${fmt(t.baseline!, 2)} ms`, `${fmt(base)} MB/s`])
    rows.push(['   ratio model/baseline', '', fmt(model / base, 3)])
    const stringBase = mbps(size, t.stringBaseline!)
    rows.push(['   browser baseline: decode + String.indexOf', `${fmt(t.stringBaseline!, 2)} ms`, `${fmt(stringBase)} MB/s`])
    rows.push(['   ratio model/browser baseline', '', fmt(model / stringBase, 3)])
    rows.push(['   where the time goes: latin1 decode only', `${fmt(t.decode!, 2)} ms`, `${fmt(mbps(size, t.decode!))} MB/s`])
    rows.push(['     DataReader.feed only (no session)', `${fmt(t.reader!, 2)} ms`, `${fmt(mbps(size, t.reader!))} MB/s`])
    rows.push(['     DataReader.finish (join the views)', `${fmt(finish, 2)} ms`, ''])
    rows.push([`     (${msg.lines} lines, ${msg.dotLines} dot-stuffed)`, '', ''])
    keys.push(`data_10mb_mbps=${fmt(model)}`, `data_10mb_ratio=${fmt(model / base, 3)}`, `data_10mb_ratio_vs_string=${fmt(model / stringBase, 3)}`)
  }
  if (wants('1byte')) {
    const msg = makeMessage(SMALL_TARGET, 0x5eed2)
    const { views, buffers } = chunked(msg.wire, 1)
    const what = 'data 1-octet chunks'
    const t = measure(3, {
      model: () => runSession(msg, views, what),
      baseline: () => runBaseline(msg, buffers, what),
      decode: () => runDecodeOnly(views),
      reader: () => runReader(msg, views, what).feed,
    })
    const size = msg.wire.length
    const model = mbps(size, t.model!)
    const base = mbps(size, t.baseline!)
    const perOctet = (ms: number) => `${fmt((ms * 1e6) / size, 0)} ns/octet`
    rows.push([`2. DATA ${fmt(size / 1e3, 1)} KB, one octet per call`, '', ''])
    rows.push(['   SmtpSession.receive', `${fmt(t.model!, 2)} ms`, `${fmt(model, 2)} MB/s  ${perOctet(t.model!)}`])
    rows.push(['   baseline: Buffer.indexOf scan', `${fmt(t.baseline!, 2)} ms`, `${fmt(base, 2)} MB/s  ${perOctet(t.baseline!)}`])
    rows.push(['   ratio model/baseline', '', fmt(model / base, 3)])
    rows.push(['   where the time goes: latin1 decode only', `${fmt(t.decode!, 2)} ms`, perOctet(t.decode!)])
    rows.push(['     DataReader.feed only (no session)', `${fmt(t.reader!, 2)} ms`, perOctet(t.reader!)])
    keys.push(`data_1byte_mbps=${fmt(model, 3)}`, `data_1byte_ratio=${fmt(model / base, 3)}`)
  }
  if (wants('pipelined')) {
    const p = makePipeline(TRANSACTIONS)
    const { views } = chunked(p.wire, CHUNK)
    const whole = [new Uint8Array(p.wire.buffer, p.wire.byteOffset, p.wire.length)]
    const t = measure(3, { model: () => runPipeline(p, views) })
    const one = measure(1, { model: () => runPipeline(p, whole) })
    const tps = TRANSACTIONS / (t.model! / 1000)
    const oneTps = TRANSACTIONS / (one.model! / 1000)
    rows.push([`3. ${TRANSACTIONS} pipelined transactions, ${fmt(p.wire.length / 1e3, 1)} KB`, '', ''])
    rows.push([`   SmtpSession.receive, ${views.length} chunks of 64 KB`, `${fmt(t.model!, 2)} ms`, `${fmt(tps, 0)} transactions/s`])
    // The same octets in one receive() call: shows whether the framing re-reads the rest of a chunk per transaction.
    rows.push(['   SmtpSession.receive, one buffer', `${fmt(one.model!, 2)} ms`, `${fmt(oneTps, 0)} transactions/s`])
    keys.push(`pipelined_tps=${fmt(tps, 0)}`, `pipelined_onebuf_tps=${fmt(oneTps, 0)}`)
  }
}

/** The model-only cases, printed as a table with the key=value line last. */
function modelBench(): void {
  try {
    main()
  } catch (e) {
    if (e instanceof BenchFailure) {
      console.error(`BENCH FAILED: the model gave a wrong result: ${e.message}`)
      process.exit(1)
    }
    throw e
  }

  const w0 = Math.max(...rows.map((r) => r[0].length))
  const w1 = Math.max(...rows.map((r) => r[1].length))
  console.log(`smtp-sim bench (node ${process.version}; median of ${RUNS} runs; MB = 10^6 octets of wire data)`)
  for (const [a, b, c] of rows) console.log(b || c ? `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}` : a)
  console.log(`total ${fmt((performance.now() - started) / 1000, 1)} s (decoded ${sink} characters in the decode-only rows)`)
  console.log(keys.join(' '))
}

// `--bridge`: the TCP bridge against smtp-server instead (bench/bridge.ts).
if (process.argv.includes('--bridge')) await runBridgeBench()
else modelBench()
