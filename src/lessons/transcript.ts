/**
 * The transcript notation, line by line (lessons/README.md documents it for authors):
 *
 *   C: EHLO client.example.net        a line the client sends (one space after the colon is dropped; `C:` alone
 *                                     is an empty line, as inside DATA)
 *   S: 250 2.1.5 Ok                   one line of the server's reply; `S: ...` stands for lines left out
 *   M: Return-Path: <a@b.example>     a line of a stored message (after `~ mailbox`); `M: ...` skips lines
 *   L: status=sent                    a line of mail.log containing this (at or after the previous L: match)
 *   ~ advance 5d                      the world's clock runs on (queue retries, expiry, bounces)
 *   ~ connect localhost [host [port]] a new session: `stranger` or `localhost`, optionally to another host and port
 *   ~ mailbox bob@example.com [n]     the M: lines that follow show message n of that mailbox (default: the last)
 *   ~ pipeline                        the C: lines that follow go in ONE write (RFC 2920), up to `~ end` or the
 *                                     next line that is not C:/W:
 *   W: a<LF>.<LF>b                    bytes the client writes exactly as given: <CR> and <LF> are those bytes, and
 *                                     nothing is added (what a program writes; telnet always ends lines in CR LF)
 *   > a note                          annotates the line above (Markdown; several `>` lines make one note)
 *
 * Inside C:, S:, M: and L: lines, `[[...]]` highlights a span (`S: [[250]] [[2.1.5]] Ok`); the brackets are not
 * part of the line. `\[[` is a literal `[[`. Blank lines are ignored (an empty DATA line is written `C:`).
 *
 * This module only parses: nothing is sent or compared here (runner.ts does that).
 */
import { parseDuration } from './duration'
import type { ClientKind, ClientLine, ConnectDirective, Directive, LessonPort, LogLine, MessageLine, ServerLine, Span, Transcript, TranscriptLine } from './types'

export interface SourceLine {
  readonly text: string
  /** 1-based line in the lesson file. */
  readonly line: number
}

export interface ParseProblem {
  readonly line: number
  readonly message: string
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: ParseProblem }

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value })
const fail = (line: number, message: string): Parsed<never> => ({ ok: false, problem: { line, message } })

/** Strip `[[...]]` markers; the spans they mark, in the stripped text. */
export function parseHighlights(raw: string, line: number): Parsed<{ text: string; spans: Span[] }> {
  let text = ''
  const spans: Span[] = []
  let i = 0
  while (i < raw.length) {
    if (raw.startsWith('\\[[', i)) {
      text += '[['
      i += 3
      continue
    }
    if (raw.startsWith('[[', i)) {
      const close = raw.indexOf(']]', i + 2)
      if (close < 0) return fail(line, 'a highlight opened with [[ is not closed with ]]')
      const inner = raw.slice(i + 2, close)
      if (inner === '') return fail(line, 'an empty highlight [[]]')
      if (inner.includes('[[')) return fail(line, 'highlights cannot be nested')
      spans.push({ start: text.length, end: text.length + inner.length })
      text += inner
      i = close + 2
      continue
    }
    text += raw[i]
    i++
  }
  return ok({ text, spans })
}

/** The text after `X:`: one space after the colon belongs to the notation, the rest to the line. */
function content(raw: string): string {
  const rest = raw.slice(2)
  return rest.startsWith(' ') ? rest.slice(1) : rest
}

const ELISION = /^(\.\.\.|…)$/
/** Reply-code = %x32-35 %x30-35 %x30-39 (5321 §4.2); then SP or "-" and text, or nothing. */
const REPLY_LINE = /^([2-5][0-5]\d)(?:([ -])(.*))?$/
/** RFC 3463 §2: class "." subject "." detail. */
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)/
const CLIENTS: readonly ClientKind[] = ['stranger', 'localhost']
const PORTS: readonly LessonPort[] = [25, 587, 465]

/** `<CR>` and `<LF>` in a W: line or `~ write` → those bytes. */
export function decodeWire(text: string): string {
  return text.replace(/<CR>/g, '\r').replace(/<LF>/g, '\n')
}

/** `~ advance 5d`, `~ connect localhost`, `~ mailbox bob@example.com 2`, `~ pipeline`, `~ end`, `~ write …`. */
export function parseDirective(raw: string, line: number): Parsed<Directive> {
  const text = raw.replace(/^~\s*/, '').trim()
  const [word = '', ...args] = text.split(/\s+/)
  switch (word) {
    case 'advance':
    case 'sleep': {
      const ms = args.length === 1 ? parseDuration(args[0] ?? '') : null
      if (ms === null) return fail(line, `"~ ${word}" needs one duration such as 30m, 2h or 5d`)
      return ok({ kind: 'advance', ms, text: raw.trim(), line })
    }
    case 'connect': {
      const [who = '', host, portWord] = args
      const port = portWord === undefined ? null : Number(portWord)
      if (!CLIENTS.includes(who as ClientKind) || args.length > 3) return fail(line, '"~ connect" takes stranger or localhost, and optionally a host name and a port')
      if (port !== null && !PORTS.includes(port as LessonPort)) return fail(line, `"~ connect": the port is one of ${PORTS.join(', ')}, not "${portWord}"`)
      const d: ConnectDirective = { kind: 'connect', client: who as ClientKind, host: host ?? null, port: port as LessonPort | null, text: raw.trim(), line }
      return ok(d)
    }
    case 'mailbox': {
      const [address = '', n] = args
      if (!/^[^@\s]+@[^@\s]+$/.test(address) || args.length > 2) return fail(line, '"~ mailbox" takes an address such as bob@example.com, and optionally a message number')
      if (n !== undefined && !/^[1-9]\d*$/.test(n)) return fail(line, `"~ mailbox": the message number must be 1 or more, not "${n}"`)
      return ok({ kind: 'mailbox', address, index: n === undefined ? null : Number(n), text: raw.trim(), line })
    }
    case 'pipeline':
    case 'end':
      if (args.length > 0) return fail(line, `"~ ${word}" takes nothing after it`)
      return ok({ kind: word, text: raw.trim(), line })
    case 'write': {
      const bytes = text.slice('write'.length).replace(/^\s/, '')
      if (bytes === '') return fail(line, '"~ write" needs the bytes to write, with <CR> and <LF> for line endings')
      return ok({ kind: 'write', bytes: decodeWire(bytes), text: raw.trim(), line })
    }
    default:
      return fail(line, `unknown directive "~ ${word}" (known: advance, connect, mailbox, pipeline, end, write)`)
  }
}

/** One `S:` line: an elision, or a reply line whose code and enhanced code are read out. */
export function parseServerLine(raw: string, line: number, opts: { highlights?: boolean } = {}): Parsed<ServerLine> {
  const body = content(raw)
  if (ELISION.test(body.trim())) return ok({ kind: 'server', text: '...', spans: [], elided: true, code: null, enhanced: null, line })
  const h = opts.highlights === false ? ok({ text: body, spans: [] as Span[] }) : parseHighlights(body, line)
  if (!h.ok) return h
  const m = REPLY_LINE.exec(h.value.text)
  if (!m) return fail(line, `"${h.value.text}" is not a reply line: a reply starts with a three-digit code from 200 to 559, then a space or "-" (RFC 5321 §4.2)`)
  const enhanced = ENHANCED.exec(m[3] ?? '')?.[1] ?? null
  return ok({ kind: 'server', text: h.value.text, spans: h.value.spans, elided: false, code: Number(m[1]), enhanced, line })
}

/**
 * Parse transcript lines. Checks what can be checked without the model: the notation, and that the only `S:`
 * lines before a session's first `C:` are its greeting (220, or 554 for a server that refuses service: 5321 §3.1).
 */
export function parseTranscript(lines: readonly SourceLine[]): Parsed<Transcript> {
  const out: TranscriptLine[] = []
  const notes = new Map<number, string[]>()
  let clientSeen = false
  let inMailbox = false
  let grouping = false
  for (const { text: raw, line } of lines) {
    if (raw.trim() === '') continue
    if (raw.startsWith('>')) {
      const index = out.length - 1
      if (index < 0) return fail(line, 'a note (">") must follow the transcript line it explains')
      const list = notes.get(index) ?? []
      list.push(raw.replace(/^> ?/, ''))
      notes.set(index, list)
      continue
    }
    const tag = raw.slice(0, 2)
    if (raw.startsWith('~')) {
      const d = parseDirective(raw, line)
      if (!d.ok) return d
      if (d.value.kind === 'write') return fail(line, 'in a transcript, bytes written as they are go on a W: line ("W: a<LF>.<LF>b")')
      if (d.value.kind === 'end' && !grouping) return fail(line, '"~ end" closes a group opened with "~ pipeline", and none is open')
      grouping = d.value.kind === 'pipeline'
      if (d.value.kind === 'connect') clientSeen = false
      inMailbox = d.value.kind === 'mailbox'
      out.push(d.value)
      continue
    }
    if (tag !== 'C:' && tag !== 'W:') grouping = false
    if (tag === 'C:' || tag === 'W:') {
      const h = parseHighlights(content(raw), line)
      if (!h.ok) return h
      if (tag === 'W:' && !/<CR>|<LF>/.test(h.value.text)) return fail(line, 'a W: line writes bytes as they are: end its lines with <CR><LF>, <LF> or <CR> (for an ordinary line, write C:)')
      const c: ClientLine = { kind: 'client', text: h.value.text, spans: h.value.spans, line, ...(tag === 'W:' ? { raw: true } : {}) }
      out.push(c)
      clientSeen = true
      inMailbox = false
      continue
    }
    if (tag === 'S:') {
      const s = parseServerLine(raw, line)
      if (!s.ok) return s
      if (!clientSeen && !s.value.elided && s.value.code !== 220 && s.value.code !== 554) {
        return fail(line, `an S: line before the session's first C: line can only be the server's greeting (220, or 554), not ${s.value.code}`)
      }
      out.push(s.value)
      inMailbox = false
      continue
    }
    if (tag === 'M:') {
      if (!inMailbox) return fail(line, 'M: lines show a stored message: put "~ mailbox <address>" before them')
      const body = content(raw)
      if (ELISION.test(body.trim())) {
        out.push({ kind: 'message', text: '...', spans: [], elided: true, line } satisfies MessageLine)
        continue
      }
      const h = parseHighlights(body, line)
      if (!h.ok) return h
      out.push({ kind: 'message', text: h.value.text, spans: h.value.spans, elided: false, line } satisfies MessageLine)
      continue
    }
    if (tag === 'L:') {
      const h = parseHighlights(content(raw), line)
      if (!h.ok) return h
      if (h.value.text.trim() === '') return fail(line, 'an empty L: line')
      out.push({ kind: 'log', text: h.value.text, spans: h.value.spans, line } satisfies LogLine)
      continue
    }
    return fail(line, `a transcript line starts with "C:", "W:", "S:", "M:", "L:", "~" or ">", not "${raw.slice(0, 12)}"`)
  }
  if (!out.some((l) => l.kind === 'client' || l.kind === 'server')) {
    return fail(lines[0]?.line ?? 0, 'the transcript has no C: or S: lines')
  }
  const withNotes = out.map((l, i) => {
    const n = notes.get(i)
    return n ? { ...l, note: n.join('\n').trim() } : l
  })
  return ok({ lines: withNotes })
}

/**
 * Attempt input (a try step's solution): typed lines, with directives among them: `~ advance`, `~ connect`,
 * `~ pipeline` … `~ end` (lines sent in one write; without `~ end`, to the end of the input) and `~ write`.
 */
export function parseAttemptLines(lines: readonly SourceLine[]): Parsed<(string | Directive)[]> {
  const out: (string | Directive)[] = []
  let grouping = false
  for (const { text, line } of lines) {
    if (text.startsWith('~')) {
      const d = parseDirective(text, line)
      if (!d.ok) return d
      if (d.value.kind === 'mailbox') return fail(line, '"~ mailbox" shows a message in a transcript; it is not something a learner types')
      if (grouping && (d.value.kind === 'advance' || d.value.kind === 'connect' || d.value.kind === 'pipeline')) return fail(line, `"~ ${d.value.kind}" inside a pipelined group: close the group with "~ end" first`)
      if (d.value.kind === 'end' && !grouping) return fail(line, '"~ end" closes a group opened with "~ pipeline", and none is open')
      if (d.value.kind === 'pipeline') grouping = true
      if (d.value.kind === 'end') grouping = false
      out.push(d.value)
    } else out.push(text)
  }
  return ok(out)
}
