/**
 * Reading a pasted SMTP transcript, line by line, for the transcript explainer (#/explain): swaks output (` -> `,
 * `<- `, `<** `, ` ~> `, `<~ `, `=== `), `C:`/`S:` lines, `->`/`<-` markers, a telnet or nc session (replies are the
 * lines that look like replies, RFC 5321 §4.2; the rest is what the client typed), and Postfix log lines. This is
 * the explainer's own input format: what each line *means* comes from the catalogue and the replay, not from here.
 * Pure.
 */

/** The most characters the explainer reads, and the most lines it shows. */
export const INPUT_LIMIT = 1_000_000
export const LINE_LIMIT = 5000

export type Side = 'client' | 'server'

interface Base {
  /** 1-based line number in the pasted text. */
  readonly n: number
  readonly raw: string
}

export type ParsedLine =
  | (Base & { readonly kind: 'client'; readonly text: string; readonly tls: boolean })
  | (Base & { readonly kind: 'server'; readonly text: string; readonly tls: boolean; readonly code: number; readonly last: boolean; readonly enhanced: string | null; readonly rest: string })
  | (Base & { readonly kind: 'log'; readonly log: LogLine })
  | (Base & { readonly kind: 'note' | 'blank' | 'unknown' })

export interface LogLine {
  readonly time: string
  readonly host: string
  /** The Postfix program: smtpd, smtp, qmgr, cleanup, local, bounce… (the service, e.g. "submission", apart). */
  readonly program: string
  readonly service: string | null
  readonly pid: string
  /** The queue id, or "NOQUEUE", or null. */
  readonly queueId: string | null
  readonly message: string
}

export type ParseResult =
  | { readonly ok: true; readonly lines: readonly ParsedLine[]; readonly truncated: number; readonly port: number | null; readonly format: string }
  | { readonly ok: false; readonly message: string }

const REPLY = /^([2-5]\d\d)([ -]|$)(.*)$/
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?: (.*)|$)/
const LOG = /^(\w{3} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)\s+(\S+)\s+(postfix[\w-]*(?:\/[\w.-]+)+)\[(\d+)\]:\s?(.*)$/
const TELNET_NOTES = [/^Trying \S+\.\.\.$/, /^Connected to \S+\.?$/, /^Escape character is /, /^Connection closed/, /^telnet> /, /^\$ /]
/** swaks's prefixes: what the client sent, what the server said (`**`: a 4xx/5xx), `~`: inside TLS. */
const SWAKS = /^( ->| ~>|<- |<\*\*|<~ |<~\*|===|\*\*\*| \*\*)\s?(.*)$/
const MARKED = /^\s*(C|S|Client|Server)\s*:\s?(.*)$/i
const ARROWS = /^\s*(->|<-|>>>|<<<|>|<)\s?(.*)$/

function serverLine(base: Base, text: string, tls: boolean): ParsedLine {
  const m = REPLY.exec(text)
  if (!m) return { ...base, kind: 'unknown' }
  const [, code = '0', sep = '', after = ''] = m
  const e = ENHANCED.exec(after)
  return { ...base, kind: 'server', text, tls, code: Number(code), last: sep !== '-', enhanced: e?.[1] ?? null, rest: e ? (e[2] ?? '') : after }
}

/** What kind of text this is, to say so in the summary. */
function formatOf(lines: readonly ParsedLine[], swaks: boolean, marked: boolean): string {
  if (lines.some((l) => l.kind === 'log') && !lines.some((l) => l.kind === 'client' || l.kind === 'server')) return 'Postfix log lines'
  if (swaks) return 'swaks output'
  if (marked) return 'a transcript with C:/S: or ->/<- markers'
  return 'a telnet or nc session'
}

/**
 * The lines of a transcript, each with its side. Refuses (with a sentence) what is not a transcript: binary data,
 * more than INPUT_LIMIT characters, nothing recognisable.
 */
export function parseTranscript(input: string): ParseResult {
  if (input.length > INPUT_LIMIT) {
    return { ok: false, message: `The text is ${(input.length / 1_000_000).toFixed(1)} million characters long; the explainer reads up to ${INPUT_LIMIT / 1_000_000} million. Paste the part you want explained.` }
  }
  const sample = input.slice(0, 100_000)
  const controls = [...sample].filter((c) => (c < ' ' && c !== '\n' && c !== '\r' && c !== '\t') || c === '\ufffd').length
  if (sample.includes('\0') || controls > sample.length * 0.05 + 4) {
    return { ok: false, message: 'This looks like binary data, not a transcript: it has NUL or many other control characters. Paste the text of an SMTP session (swaks output, a telnet session, C:/S: lines) or Postfix log lines.' }
  }
  const all = input.replace(/\r\n?/g, '\n').split('\n')
  if (all.at(-1) === '') all.pop()
  const truncated = Math.max(0, all.length - LINE_LIMIT)
  const texts = truncated ? all.slice(0, LINE_LIMIT) : all

  const swaks = texts.some((t) => /^( -> |<- {2}|=== )/.test(t))
  const marked = !swaks && texts.some((t) => MARKED.test(t) || /^\s*(->|<-)\s/.test(t))
  let port: number | null = null
  /** In a telnet session, nothing is SMTP before the server's greeting. */
  let greeted = false
  const lines: ParsedLine[] = texts.map((raw, i) => {
    const base = { n: i + 1, raw }
    if (raw.trim() === '') return { ...base, kind: 'blank' }
    const log = LOG.exec(raw)
    if (log) {
      const [, time = '', host = '', path = '', pid = '', rest = ''] = log
      const parts = path.split('/')
      const program = parts.at(-1) ?? path
      const service = parts.length > 2 ? (parts[1] ?? null) : null
      const q = /^([0-9A-Za-z]{5,}|NOQUEUE): (.*)$/.exec(rest)
      return { ...base, kind: 'log', log: { time, host, program, service, pid, queueId: q ? (q[1] ?? null) : null, message: q ? (q[2] ?? '') : rest } }
    }
    if (swaks) {
      const m = SWAKS.exec(raw)
      if (!m) return { ...base, kind: 'unknown' }
      const [, mark = '', text = ''] = m
      if (mark === '===' || mark === '***' || mark === ' **') {
        const trying = /^Trying [^:]+:(\d+)\.\.\.$/.exec(text)
        if (trying) port = Number(trying[1])
        return { ...base, kind: 'note' }
      }
      const inTls = mark.includes('~')
      if (mark === ' ->' || mark === ' ~>') return { ...base, kind: 'client', text, tls: inTls }
      return serverLine(base, text.replace(/^ /, ''), inTls)
    }
    if (marked) {
      const m = MARKED.exec(raw) ?? ARROWS.exec(raw)
      if (!m) return { ...base, kind: TELNET_NOTES.some((p) => p.test(raw)) ? 'note' : 'unknown' }
      const [, mark = '', text = ''] = m
      const server = /^(s|server|<-|<<<|<)$/i.test(mark)
      return server ? serverLine(base, text, false) : { ...base, kind: 'client', text, tls: false }
    }
    // A telnet or nc session: the server's lines look like replies; telnet's own lines are notes; the rest was typed.
    if (TELNET_NOTES.some((p) => p.test(raw))) {
      const telnet = /^\$?\s*(?:telnet|nc|ncat)\s+\S+\s+(\d+)/.exec(raw)
      if (telnet) port = Number(telnet[1])
      return { ...base, kind: 'note' }
    }
    const telnet = /^\$?\s*(?:telnet|nc|ncat)\s+\S+\s+(\d+)\s*$/.exec(raw)
    if (telnet) {
      port = Number(telnet[1])
      return { ...base, kind: 'note' }
    }
    if (REPLY.test(raw)) {
      greeted = true
      return serverLine(base, raw, false)
    }
    return greeted ? { ...base, kind: 'client', text: raw, tls: false } : { ...base, kind: 'unknown' }
  })
  if (!lines.some((l) => l.kind === 'client' || l.kind === 'server' || l.kind === 'log')) {
    return { ok: false, message: 'No line here looks like SMTP: no replies (three digits, e.g. "250 2.1.0 Ok"), no commands, no swaks or C:/S: markers, no Postfix log lines. Paste a transcript of an SMTP session or lines of a Postfix mail log.' }
  }
  return { ok: true, lines, truncated, port, format: formatOf(lines, swaks, marked) }
}
