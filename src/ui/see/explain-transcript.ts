/**
 * The transcript explainer (#/explain): every line of a pasted transcript annotated — replies from the one reply
 * catalogue (src/smtp/replies.ts) and the code tables (src/smtp/codes.ts), commands from the verb records, Postfix log
 * lines field by field — and, for a conversation, each server line compared with what our Postfix model answers to
 * the same client lines (./replay-verdicts.ts). Pure.
 */
import { ENHANCED_DETAIL, explainBasic, explainEnhanced, explainStatus } from '../../smtp/codes'
import { describe, REPLIES, type ReplyKey } from '../../smtp/replies'
import { rfcLinks, type RfcLink } from '../../smtp/rfc-links'
import { MAIL_PORTS } from '../../smtp/world/types'
import { commandHelp, syntaxAndHelp } from './command-help'
import { answeredOtherwise, replayTranscript, type LineVerdict, type ReplayEntry } from './replay-verdicts'
import { parseTranscript, type LogLine, type ParsedLine } from './transcript-parse'

export type Role = 'command' | 'message' | 'auth' | 'reply' | 'reply-line' | 'log' | 'note' | 'blank' | 'unknown'

export interface ExplainedLine {
  readonly line: ParsedLine
  readonly role: Role
  /** Sentences about the line, most important first. */
  readonly notes: readonly string[]
  readonly links: readonly RfcLink[]
  /** For a server line of a conversation: how our model's answer compares. */
  readonly verdict?: LineVerdict
  /** Reply class 2–5 for replies (and log lines that carry one), for colour. */
  readonly tone?: number
  /** Where our model differs from this line in what it says (a log line's reply) — beside the replay's verdicts. */
  readonly differs?: string
}

export type Explanation =
  | {
      readonly ok: true
      readonly format: string
      readonly lines: readonly ExplainedLine[]
      readonly truncated: number
      /** Server lines compared with the model, and how many differ (null: nothing to replay). */
      readonly compared: { readonly lines: number; readonly differ: number; readonly port: number } | null
      readonly replayNotes: readonly string[]
      readonly extra: readonly string[]
    }
  | { readonly ok: false; readonly message: string }

// --- the catalogue, read backwards --------------------------------------------------------------------------------

interface Pattern {
  readonly key: ReplyKey
  readonly code: number
  readonly enhanced: string | null
  readonly text: RegExp
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
let patterns: Pattern[] | null = null
function catalogue(): Pattern[] {
  patterns ??= (Object.keys(REPLIES) as ReplyKey[]).map((key) => {
    const spec = REPLIES[key]
    const source = spec.text.split(/\{\w+\}/).map(escape).join('.+?')
    return { key, code: spec.code, enhanced: spec.enhanced, text: new RegExp(`^${source}$`, 'i') }
  })
  return patterns
}

export interface CatalogueMatch {
  readonly key: ReplyKey
  /** The same code and enhanced code as in the catalogue (not only the words). */
  readonly exact: boolean
}

/** The catalogue entry whose words these are: one with the same codes first; `prefer` a key (e.g. the verb's). */
export function matchCatalogue(code: number, enhanced: string | null, text: string, prefer?: string): CatalogueMatch | null {
  const found = catalogue().filter((p) => p.text.test(text))
  const exact = found.filter((p) => p.code === code && p.enhanced === enhanced)
  const pick = (list: Pattern[]) => list.find((p) => prefer && p.key.toLowerCase() === prefer.toLowerCase()) ?? list[0]
  const best = pick(exact)
  if (best) return { key: best.key, exact: true }
  // Only the words: a template that is nothing but a parameter ({host}) says nothing about a different code.
  const worded = found.filter((p) => REPLIES[p.key].text.replace(/\{\w+\}/g, '').trim().length > 3)
  const near = worded.find((p) => p.code === code) ?? worded[0]
  return near ? { key: near.key, exact: false } : null
}

function replyNotes(code: number, enhanced: string | null, rest: string, prefer?: string): { notes: string[]; links: RfcLink[]; differs?: string } {
  const basic = explainBasic(code)
  const notes = [`${code}: ${basic.meaning?.text ?? 'not a code RFC 5321 defines.'}${basic.class ? ` ${basic.class.text}` : ''}`]
  const links: RfcLink[] = []
  const e = enhanced ? explainEnhanced(enhanced) : null
  if (e) {
    const [, subject] = e.code.split('.')
    const detail = e.detail ?? ENHANCED_DETAIL[`${subject}.0`]
    notes.push(`${e.code}: ${[e.class?.name, e.subject?.name, detail?.text.replace(/\.$/, '')].filter(Boolean).join('; ')} (RFC 3463).`)
  }
  const match = matchCatalogue(code, enhanced, rest, prefer)
  let differs: string | undefined
  if (match) {
    const spec = describe(match.key)
    if (match.exact) notes.push(`Our Postfix model says this too: ${spec.meaning}`)
    else {
      differs = `our model words it the same but answers ${spec.code}${spec.enhanced ? ` ${spec.enhanced}` : ''}`
      notes.push(`Our Postfix model words this reply the same way but answers it with ${spec.code}${spec.enhanced ? ` ${spec.enhanced}` : ''}: ${spec.meaning}`)
    }
    links.push(...rfcLinks(spec.rfc))
  } else {
    notes.push('Not in these words in our model: servers word their replies their own way; a client acts on the code (RFC 5321 §4.2).')
    links.push(...rfcLinks('5321 §4.2'))
  }
  return { notes, links, ...(differs ? { differs } : {}) }
}

// --- Postfix log lines --------------------------------------------------------------------------------------------

const PROGRAMS: Readonly<Record<string, string>> = {
  smtpd: 'the SMTP server: it talks to clients that connect',
  smtp: 'the SMTP client: it delivers mail to other hosts',
  lmtp: 'the LMTP client: it hands mail to a local delivery agent',
  qmgr: 'the queue manager: it schedules deliveries',
  cleanup: 'cleanup: it checks the message and writes it into the queue',
  pickup: 'pickup: it takes mail submitted on this machine (sendmail)',
  local: 'the local delivery agent: it writes to mailboxes on this machine',
  virtual: 'the virtual delivery agent',
  bounce: 'bounce: it writes delivery status notifications (RFC 3464)',
  anvil: 'anvil: it counts connections per client (rate limits)',
  master: 'the master daemon: it starts the other programs',
  'postfix-script': 'the postfix command',
  postscreen: 'postscreen: it screens clients before smtpd',
}

const FIELD: Readonly<Record<string, string>> = {
  relay: 'where it went: "local" is this machine, host[address]:port the next hop',
  delay: 'seconds from arrival to this attempt',
  delays: 'seconds before the queue manager / in the queue / setting up the connection / transmitting',
  dsn: 'the RFC 3463 status of this attempt',
  size: 'octets in the queue file',
  nrcpt: 'how many recipients',
  orig_to: 'the address before aliasing',
  proto: 'the protocol the client spoke (SMTP after HELO, ESMTP after EHLO)',
  helo: 'the name the client gave in HELO/EHLO',
}

function logNotes(log: LogLine): { notes: string[]; links: RfcLink[]; tone?: number; differs?: string } {
  const who = PROGRAMS[log.program]
  const notes = [`Postfix ${log.program}${log.service ? ` (the ${log.service} service)` : ''}${who ? `: ${who}` : ''}, on host ${log.host}, at ${log.time}.`]
  const links: RfcLink[] = []
  const m = log.message
  let tone: number | undefined
  let differs: string | undefined
  const queue = log.queueId && log.queueId !== 'NOQUEUE' ? `Message ${log.queueId}` : null
  let match: RegExpExecArray | null
  if ((match = /^connect from (\S+)$/.exec(m))) notes.push(`A client connected: ${match[1]} (the name from reverse DNS, "unknown" without one, and the address).`)
  else if ((match = /^disconnect from (\S+)\s*(.*)$/.exec(m))) {
    const counts = (match[2] ?? '').split(/\s+/).filter(Boolean).map((c) => {
      const [name, value = ''] = c.split('=')
      const [ok, sent] = value.split('/')
      return sent ? `${name}: ${ok} of ${sent} accepted` : `${name}: ${ok}`
    })
    notes.push(`The client ${match[1]} disconnected.${counts.length ? ` Commands: ${counts.join(', ')}.` : ''}`)
  } else if ((match = /^client=(\S+)/.exec(m))) notes.push(`${queue ?? 'A message'} got its queue id when the first MAIL FROM was accepted, from ${match[1]}.`)
  else if ((match = /^message-id=(.*)$/.exec(m))) notes.push(`cleanup read the message's Message-ID header field: ${match[1] || '(none)'}.`)
  else if ((match = /^from=<([^>]*)>, size=(\d+), nrcpt=(\d+)/.exec(m))) notes.push(`${queue ?? 'The message'} is in the active queue: envelope sender <${match[1]}>${match[1] === '' ? ' (the null sender of a bounce)' : ''}, ${match[2]} octets, ${match[3]} recipient${match[3] === '1' ? '' : 's'}.`)
  else if (/^removed$/.test(m)) notes.push(`${queue ?? 'The message'} left the queue: every recipient was delivered or bounced.`)
  else if ((match = /^sender non-delivery notification: (\S+)$/.exec(m))) {
    notes.push(`A bounce (a delivery status notification, RFC 3464) was written as message ${match[1]} and goes back to the sender.`)
    links.push(...rfcLinks('3464 §2'))
  } else if ((match = /^to=<([^>]*)>,(.*)$/.exec(m))) {
    const fields = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)=([^,(]+?)(?=,|\s*$|\s*\()/g)].map((f) => [f[1] ?? '', (f[2] ?? '').trim()]))
    const status = /status=(\w+)(?: \((.*)\))?$/.exec(m)
    notes.push(`${queue ?? 'A message'} to <${match[1]}>: ${status?.[1] === 'sent' ? 'delivered' : status?.[1] === 'deferred' ? 'deferred: it stays in the queue and is tried again later' : status?.[1] === 'bounced' ? 'bounced: it cannot be delivered; the sender gets a bounce' : status?.[1] === 'expired' ? 'expired: it stayed in the queue too long and bounces' : (status?.[1] ?? 'status unknown')}.`)
    for (const [name, value] of Object.entries(fields)) if (FIELD[name] && name !== 'dsn') notes.push(`${name}=${value}: ${FIELD[name]}.`)
    if (fields['dsn']) notes.push(`dsn=${fields['dsn']}: ${explainStatus(fields['dsn'])}`)
    tone = status?.[1] === 'sent' ? 2 : status?.[1] === 'deferred' ? 4 : status?.[1] ? 5 : undefined
    const said = status?.[2] ? /(?:said: |^)([2-5]\d\d)[ -]([245]\.\d{1,3}\.\d{1,3} )?(.*)$/.exec(status[2]) : null
    if (said) {
      const r = replyNotes(Number(said[1]), said[2]?.trim() ?? null, said[3] ?? '')
      notes.push(`The reply in it — ${r.notes.join(' ')}`)
      links.push(...r.links)
      differs = r.differs
    } else if (status?.[2]) notes.push(`Why: ${status[2]}.`)
    links.push(...rfcLinks('3463 §2'))
  } else if ((match = /^reject: (\S+) from (\S+): ([2-5]\d\d) ([245]\.\d{1,3}\.\d{1,3} )?(.*?)(?:; (from=.*|to=.*))?$/.exec(m))) {
    const [, verb = '', client = '', code = '0', enhanced, text = '', rest] = match
    notes.push(`The server refused ${verb} from ${client}${log.queueId === 'NOQUEUE' ? ' before any message was queued (NOQUEUE)' : ''}: it answered ${code}${enhanced ? ` ${enhanced.trim()}` : ''}.`)
    const r = replyNotes(Number(code), enhanced?.trim() ?? null, text, verb)
    notes.push(...r.notes)
    links.push(...r.links)
    differs = r.differs
    if (rest) notes.push(`Logged with it: ${rest}.`)
    tone = Math.floor(Number(code) / 100)
  } else if (/^warning: /.test(m)) notes.push(`A warning: ${m.slice(9)}`)
  else notes.push('A Postfix log line the explainer does not take apart.')
  return { notes, links, ...(tone ? { tone } : {}), ...(differs ? { differs } : {}) }
}

// --- the whole transcript -----------------------------------------------------------------------------------------

export function explainTranscript(input: string): Explanation {
  const parsed = parseTranscript(input)
  if (!parsed.ok) return parsed
  const out: ExplainedLine[] = []
  const entries: ReplayEntry[] = []
  let inData = false
  let dataLines = 0
  let inHeader = false
  let inAuth = false
  let lastVerb = ''
  let group: { n: number; text: string }[] = []
  let replyKey: string | undefined

  for (const line of parsed.lines) {
    if (line.kind === 'server') {
      if (inData && dataLines === 0 && line.code !== 354) inData = false // DATA refused: the next lines are commands
      group.push({ n: line.n, text: line.text })
      if (group.length === 1) {
        const r = replyNotes(line.code, line.enhanced, line.rest, lastVerb)
        replyKey = matchCatalogue(line.code, line.enhanced, line.rest, lastVerb)?.key
        out.push({ line, role: 'reply', notes: r.notes, links: r.links, tone: Math.floor(line.code / 100) })
      } else {
        const word = line.rest.split(' ')[0] ?? ''
        const verb = replyKey === 'ehlo' ? commandHelp(word === 'CHUNKING' ? 'BDAT' : word) : null
        const keyword = replyKey === 'ehlo' ? (verb ? `The server offers ${word}: ${syntaxAndHelp(verb)}.` : `An ESMTP extension keyword the server offers: ${line.rest}.`) : 'Continues the reply above (a multi-line reply, RFC 5321 §4.2.1).'
        out.push({ line, role: 'reply-line', notes: [keyword], links: [], tone: Math.floor(line.code / 100) })
      }
      if (line.last) {
        entries.push({ direction: 'server', lines: group })
        group = []
        inAuth = line.code === 334
      }
      continue
    }
    if (line.kind === 'client') {
      if (group.length) {
        entries.push({ direction: 'server', lines: group })
        group = []
      }
      entries.push({ direction: 'client', data: line.text })
      if (inData) {
        dataLines++
        const text = line.text
        const notes =
          text === '.'
            ? ['The end of the message: a line holding only a dot (<CRLF>.<CRLF>, RFC 5321 §4.1.1.4).']
            : text.startsWith('.')
              ? [`A line starting with a dot: the client doubled it (dot-stuffing), and the server stores "${text.slice(1)}" (RFC 5321 §4.5.2).`]
              : text === '' && inHeader
                ? ['The empty line that ends the header and starts the body (RFC 5322 §2.1).']
                : inHeader
                  ? [`A header field of the message${/^[\x21-\x39\x3b-\x7e]+:/.test(text) ? '' : ' (or its continuation)'} (RFC 5322 §2.2).`]
                  : ['A line of the message body.']
        if (text === '') inHeader = false
        if (text === '.') inData = false
        out.push({ line, role: 'message', notes, links: rfcLinks(text === '.' ? '5321 §4.1.1.4' : text.startsWith('.') ? '5321 §4.5.2' : '5322 §2.1') })
        continue
      }
      if (inAuth) {
        out.push({ line, role: 'auth', notes: ['An answer in an AUTH exchange (base64, RFC 4954 §4): it may hold a user name and a password.'], links: rfcLinks('4954 §4') })
        continue
      }
      const word = /^\s*(\S*)/.exec(line.text)?.[1] ?? ''
      const verb = word.replace(/:.*$/, '')
      lastVerb = verb.toUpperCase()
      const help = commandHelp(verb)
      const notes = help ? [`${help.verb}: ${syntaxAndHelp(help)}.${help.unimplemented ? ' Known to SMTP, but our server does not offer it.' : ''}`] : [line.text.trim() === '' ? 'An empty line: not a command.' : `"${word}" is not an SMTP verb our model knows.`]
      if (help?.verb === 'DATA') {
        inData = true
        inHeader = true
        dataLines = 0
      }
      out.push({ line, role: 'command', notes, links: help ? rfcLinks(/RFC (\d+) ([\d.]+)/.exec(help.help ?? '')?.slice(1).join(' §') ?? '') : [] })
      continue
    }
    if (line.kind === 'log') {
      const r = logNotes(line.log)
      out.push({ line, role: 'log', notes: r.notes, links: r.links, ...(r.tone ? { tone: r.tone } : {}), ...(r.differs ? { differs: r.differs } : {}) })
      continue
    }
    const notes = line.kind === 'note' ? ['Said by the client program (swaks, telnet), not part of SMTP.'] : line.kind === 'unknown' ? ['Not recognised as part of an SMTP conversation.'] : []
    out.push({ line, role: line.kind, notes, links: [] })
  }
  if (group.length) entries.push({ direction: 'server', lines: group })

  const hasConversation = entries.some((e) => e.direction === 'client') && entries.some((e) => e.direction === 'server')
  if (!hasConversation) return { ok: true, format: parsed.format, lines: out, truncated: parsed.truncated, compared: null, replayNotes: [], extra: [] }
  // The model listens on 25, 587 and 465; a transcript from another port (a test server, the bridge) is played on 25.
  const port = (parsed.port ?? 25) in MAIL_PORTS ? (parsed.port ?? 25) : 25
  const moved = port !== (parsed.port ?? 25) ? [`The transcript was made on port ${parsed.port}; it was played on our port 25.`] : []
  const replay = replayTranscript(entries, port)
  if ('error' in replay) return { ok: true, format: parsed.format, lines: out, truncated: parsed.truncated, compared: null, replayNotes: [`The conversation could not be replayed: ${replay.error}.`], extra: [] }
  const lines = out.map((l) => {
    const verdict = replay.verdicts.get(l.line.n)
    return verdict ? { ...l, verdict } : l
  })
  const compared = [...replay.verdicts.values()]
  return {
    ok: true,
    format: parsed.format,
    lines,
    truncated: parsed.truncated,
    compared: { lines: compared.length, differ: compared.filter(answeredOtherwise).length, port: replay.port },
    replayNotes: [...moved, ...replay.notes],
    extra: replay.extra,
  }
}
