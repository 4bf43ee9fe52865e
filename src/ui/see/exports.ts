/**
 * The session as files (issue 11 §5): a swaks-style text transcript, annotated Markdown for slides or a report, and the
 * sequence diagram as a standalone SVG. (The session-schema JSON is src/ui/sessions/session-json.ts's, each message as
 * .eml the inspector's.) Every meaning comes from the reply catalogue (src/smtp/replies.ts), the code tables
 * (src/smtp/codes.ts) and the verb records; which lines were commands comes from the model's `command` events. Pure
 * but for `svgFile`, which reads the drawn diagram's computed colours.
 */
import { explainBasic, explainEnhanced } from '../../smtp/codes'
import type { ModelEvent } from '../../smtp/events'
import { describe, type Reply } from '../../smtp/replies'
import { rfcLinks } from '../../smtp/rfc-links'
import type { WireChunk } from '../../terminal/smtp-client'
import { commandHelp } from './command-help'
import { buildDiagram, type Conversation } from './diagram'

export interface ExportMeta {
  /** The server's name and port, and the learner's host. */
  readonly host: string
  readonly port: number
  readonly client: string
  /** The connection has ended. */
  readonly closed: boolean
}

const splitLines = (text: string): string[] => {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''))
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/**
 * As swaks prints a session: `<-` the server, ` ->` the client, `~>`/`<~` once TLS is up, `<**` (or `<~*`) a 4xx/5xx
 * reply, and `===` for what is not SMTP.
 */
export function swaksText(wire: readonly WireChunk[], meta: ExportMeta): string {
  const out = [`=== Trying ${meta.host}:${meta.port}...`, `=== Connected to ${meta.host}.`]
  for (const chunk of wire) {
    if (chunk.handshake) {
      out.push('=== TLS started (simulated by smtp-sim: no real handshake or cryptography)')
      continue
    }
    const failed = (chunk.reply?.code ?? 0) >= 400
    const mark = chunk.from === 'client' ? (chunk.encrypted ? ' ~> ' : ' -> ') : failed ? (chunk.encrypted ? '<~* ' : '<** ') : chunk.encrypted ? '<~  ' : '<-  '
    for (const line of splitLines(chunk.text)) out.push(mark + line)
  }
  if (meta.closed) out.push('=== Connection closed with remote host.')
  return out.join('\n') + '\n'
}

/** The meaning of a reply, in a sentence or three, with its RFC sections as Markdown links. */
export function replyNotes(reply: Reply, cause?: string): string[] {
  const spec = describe(reply.key)
  const basic = explainBasic(reply.code)
  const notes = [`**${reply.code}** — ${prose(basic.meaning?.text ?? 'not a code RFC 5321 defines.')}${basic.class ? ` (${basic.class.name})` : ''}`]
  const enhanced = reply.enhanced ? explainEnhanced(reply.enhanced) : null
  if (enhanced) {
    const parts = [enhanced.class?.name, enhanced.subject?.name, enhanced.detail?.text.replace(/\.$/, '')].filter(Boolean)
    notes.push(`**${enhanced.code}** — ${prose(parts.join('; '))} (RFC 3463)`)
  }
  notes.push(`Here: ${prose(spec.meaning)}${cause ? ` Caused by: ${prose(cause)}.` : ''}`)
  const links = rfcLinks(spec.rfc).map((l) => `[${l.label}](${l.href})`)
  if (links.length) notes.push(`See ${links.join(', ')}.`)
  return notes
}

/** Prose for Markdown: `<CRLF>`, `<domain>` and the like must not read as HTML tags, nor `_`/`*` as emphasis. */
const prose = (text: string) => text.replace(/[\\<>*_[\]`]/g, (c) => `\\${c}`)

const fence = (lines: readonly string[]) => {
  const body = lines.join('\n')
  const ticks = body.includes('```') ? '~~~~' : '```'
  return `${ticks}\n${body}\n${ticks}`
}
const inline = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``)

/**
 * The conversation in Markdown: each command with what its verb record says, each reply with its meaning and RFC
 * sections, the message as a block, then what the world did with it (relays, deliveries, deferrals, bounces).
 */
export function annotatedMarkdown(wire: readonly WireChunk[], events: readonly ModelEvent[], meta: ExportMeta): string {
  const conversation: Conversation = { server: meta.host, port: meta.port, client: meta.client }
  const diagram = buildDiagram(events, conversation, Number.MAX_SAFE_INTEGER)
  // The client's lines that were not commands (the message, AUTH answers), in order: from the wire, with the
  // commands the model read taken out.
  const commands = events.flatMap((e) => (e.type === 'command' ? [e.line] : []))
  const other: string[][] = []
  let run: string[] = []
  for (const chunk of wire) {
    if (chunk.from !== 'client' || chunk.handshake) continue
    for (const line of splitLines(chunk.text)) {
      if (commands.length > 0 && line === commands[0]) {
        commands.shift()
        if (run.length) other.push(run)
        run = []
      } else run.push(line)
    }
  }
  if (run.length) other.push(run)

  const out = [`# SMTP session: ${meta.client} → ${meta.host}, port ${meta.port}`, '', '_Exported from smtp-sim, a simulated Postfix 3.7 server. `C:` is what the client sent, `S:` what the server answered._', '']
  let world = false
  for (const row of diagram.rows) {
    if (row.kind === 'note') {
      if (row.tone === 'tls') out.push('---', '', `🔒 ${row.text}`, '')
      else if (row.lanes[0] === 'client' || row.lanes.length > 1) out.push(`_${prose(row.text)}_`, '')
      else {
        if (!world) out.push('## What happened next', '')
        world = true
        out.push(`- **${row.lanes[0]}**: ${prose(row.text)}`)
      }
      continue
    }
    if (row.hop) {
      if (!world) out.push('## What happened next', '')
      world = true
      out.push(`- ${row.from} → ${row.to}: ${inline(row.detail)}${row.reply ? ` — ${prose(describe(row.reply.key).meaning)}` : ''}`)
      continue
    }
    if (row.dir === 'client' && row.command) {
      const help = commandHelp(row.command.verb)
      out.push(`**C:** ${inline(row.command.line)}${row.encrypted ? ' 🔒' : ''}  `, help ? `_${help.verb}: ${prose(help.syntax)}${help.help ? ` — ${prose(help.help)}` : ''}_` : '_Not a command this server knows._', '')
    } else if (row.dir === 'client') {
      out.push(`**C:** the message, ended by a line holding only "."${row.encrypted ? ' 🔒' : ''}`, '', fence(other.shift() ?? []), '')
    } else if (row.reply) {
      const lines = row.reply.lines.map((l, i, all) => `${row.reply!.code}${i < all.length - 1 ? '-' : ' '}${row.reply!.enhanced ? `${row.reply!.enhanced} ${l}`.trimEnd() : l}`)
      out.push(`**S:**${row.encrypted ? ' 🔒' : ''}`, '', fence(lines), '', ...replyNotes(row.reply, row.cause).map((n) => `> ${n}  `), '')
    }
  }
  if (world) out.push('')
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n'
}

/** Presentation properties written out as attributes, so the SVG looks the same outside the page. */
const PAINT = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-family', 'font-size', 'font-weight', 'text-decoration'] as const

/**
 * The drawn diagram as a standalone SVG file: each element's computed colours and type written on it (the page's
 * custom properties do not travel), interactive attributes left out.
 */
export function svgFile(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement
  const source = [svg, ...svg.querySelectorAll('*')]
  const target = [copy, ...copy.querySelectorAll('*')]
  source.forEach((element, i) => {
    const into = target[i]
    if (!into) return
    const style = getComputedStyle(element)
    for (const name of PAINT) {
      const value = style.getPropertyValue(name)
      if (value && value !== 'none' && !(name === 'fill-opacity' && value === '1')) into.setAttribute(name, value)
    }
    for (const name of ['class', 'tabindex', 'role', 'style']) into.removeAttribute(name)
  })
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  copy.setAttribute('role', 'img')
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy) + '\n'
}
