/**
 * The small Markdown of lesson text, parsed to plain nodes that Markdown.svelte renders as Svelte elements — never
 * to an HTML string, so nothing a lesson says is ever interpreted as markup (no `{@html}`, nothing to sanitize).
 *
 * Blocks: paragraphs, `#`–`######` headings, `-`/`*`/`1.` lists (one level; continuation lines join the item),
 * `>` quotes, fenced code, and pipe tables. Inline: `code`, *emphasis*, **strong**, [links](url) and <autolinks>,
 * backslash escapes. Anything else is text, shown as written. A link is kept only if it is http(s), mailto, a
 * `#/` route of the app or relative; any other scheme (javascript:, data:) becomes plain text.
 */

export type Inline =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'code'; readonly text: string }
  | { readonly t: 'em'; readonly children: readonly Inline[] }
  | { readonly t: 'strong'; readonly children: readonly Inline[] }
  | { readonly t: 'link'; readonly href: string; readonly external: boolean; readonly children: readonly Inline[] }

export type Align = 'left' | 'center' | 'right' | null

export type Block =
  | { readonly t: 'p'; readonly children: readonly Inline[] }
  | { readonly t: 'heading'; readonly level: number; readonly children: readonly Inline[] }
  | { readonly t: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly Inline[])[] }
  | { readonly t: 'quote'; readonly children: readonly Block[] }
  | { readonly t: 'code'; readonly lang: string; readonly text: string }
  | { readonly t: 'table'; readonly align: readonly Align[]; readonly head: readonly (readonly Inline[])[]; readonly rows: readonly (readonly (readonly Inline[])[])[] }

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/
const BULLET = /^ {0,3}([-*+])\s+(.*)$/
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/
const QUOTE = /^ {0,3}>\s?(.*)$/
const TABLE_RULE = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/

/** Parse Markdown text to blocks. */
export function parseMarkdown(text: string): Block[] {
  return blocks(text.replace(/\r\n?/g, '\n').split('\n'))
}

function blocks(lines: readonly string[]): Block[] {
  const out: Block[] = []
  let i = 0
  const isBlank = (l: string | undefined) => l === undefined || l.trim() === ''
  const startsBlock = (l: string, next: string | undefined) =>
    FENCE.test(l) || HEADING.test(l) || BULLET.test(l) || ORDERED.test(l) || QUOTE.test(l) || (l.includes('|') && next !== undefined && TABLE_RULE.test(next) && next.includes('-'))
  while (i < lines.length) {
    const line = lines[i] ?? ''
    if (isBlank(line)) {
      i++
      continue
    }
    const fence = FENCE.exec(line)
    if (fence) {
      const mark = fence[1] ?? '```'
      const body: string[] = []
      i++
      while (i < lines.length && !((lines[i] ?? '').trim().startsWith(mark) && (lines[i] ?? '').trim().replace(new RegExp(`^\\${mark[0]}+`), '') === '')) body.push(lines[i++] ?? '')
      i++ // the closing fence (or the end)
      out.push({ t: 'code', lang: fence[2] ?? '', text: body.join('\n') })
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      out.push({ t: 'heading', level: (heading[1] ?? '#').length, children: parseInline(heading[2] ?? '') })
      i++
      continue
    }
    if (QUOTE.test(line)) {
      const inner: string[] = []
      while (i < lines.length && QUOTE.test(lines[i] ?? '')) inner.push(QUOTE.exec(lines[i++] ?? '')?.[1] ?? '')
      out.push({ t: 'quote', children: blocks(inner) })
      continue
    }
    const next = lines[i + 1]
    if (line.includes('|') && next !== undefined && TABLE_RULE.test(next) && next.includes('-')) {
      const head = cells(line)
      const align = cells(next).map((c): Align => {
        const l = c.startsWith(':')
        const r = c.endsWith(':')
        return l && r ? 'center' : r ? 'right' : l ? 'left' : null
      })
      i += 2
      const rows: Inline[][][] = []
      while (i < lines.length && !isBlank(lines[i]) && (lines[i] ?? '').includes('|')) rows.push(cells(lines[i++] ?? '').map(parseInline))
      out.push({ t: 'table', align, head: head.map(parseInline), rows })
      continue
    }
    const bullet = BULLET.exec(line)
    const ordered = ORDERED.exec(line)
    if (bullet || ordered) {
      const isOrdered = !bullet
      const itemRe = isOrdered ? ORDERED : BULLET
      const items: string[] = []
      const start = ordered ? Number(ordered[1]) : 1
      while (i < lines.length) {
        const l = lines[i] ?? ''
        const m = itemRe.exec(l)
        if (m) {
          items.push(m[2] ?? '')
          i++
        } else if (!isBlank(l) && /^\s+\S/.test(l) && items.length > 0) {
          items[items.length - 1] += ' ' + l.trim() // a continuation line of the item
          i++
        } else if (isBlank(l) && itemRe.test(lines[i + 1] ?? '')) {
          i++ // a loose list: blank lines between items
        } else break
      }
      out.push({ t: 'list', ordered: isOrdered, start, items: items.map(parseInline) })
      continue
    }
    const para: string[] = []
    while (i < lines.length && !isBlank(lines[i]) && (para.length === 0 || !startsBlock(lines[i] ?? '', lines[i + 1]))) para.push((lines[i++] ?? '').trim())
    out.push({ t: 'p', children: parseInline(para.join('\n')) })
  }
  return out
}

/** The cells of a table row: `| a | b |` → ['a', 'b'] (a `\|` stays in its cell). */
function cells(row: string): string[] {
  const trimmed = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '')
  const out: string[] = []
  let cell = ''
  let inCode = false
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i] ?? ''
    if (ch === '\\' && trimmed[i + 1] === '|') {
      cell += '|'
      i++
    } else if (ch === '`') {
      inCode = !inCode
      cell += ch
    } else if (ch === '|' && !inCode) {
      out.push(cell.trim())
      cell = ''
    } else cell += ch
  }
  out.push(cell.trim())
  return out
}

/** Is this link target safe to follow? http(s), mailto, the app's own `#/` routes, and relative paths. */
export function safeHref(href: string): boolean {
  const h = href.trim()
  if (/^(https?:|mailto:)/i.test(h)) return true
  if (/^[a-z][a-z0-9+.-]*:/i.test(h)) return false // any other scheme: javascript:, data:, vbscript:, …
  return !h.startsWith('//')
}

const ESCAPABLE = '\\`*_{}[]()#+-.!|<>~'

/** Parse inline Markdown. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = []
  let buffer = ''
  const flush = () => {
    if (buffer) out.push({ t: 'text', text: buffer })
    buffer = ''
  }
  let i = 0
  while (i < text.length) {
    const ch = text[i] ?? ''
    if (ch === '\\' && i + 1 < text.length && ESCAPABLE.includes(text[i + 1] ?? '')) {
      buffer += text[i + 1]
      i += 2
      continue
    }
    if (ch === '`') {
      const run = /^`+/.exec(text.slice(i))?.[0] ?? '`'
      const close = text.indexOf(run, i + run.length)
      if (close > 0) {
        flush()
        let code = text.slice(i + run.length, close).replace(/\n/g, ' ')
        if (code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1)
        out.push({ t: 'code', text: code })
        i = close + run.length
        continue
      }
      buffer += run
      i += run.length
      continue
    }
    if (ch === '*' || ch === '_') {
      const double = text[i + 1] === ch
      const mark = double ? ch + ch : ch
      const prev = text[i - 1] ?? ' '
      const intraword = ch === '_' && /[\p{L}\p{N}]/u.test(prev)
      const close = findClose(text, mark, i + mark.length)
      if (!intraword && close > i + mark.length && !/\s/.test(text[i + mark.length] ?? ' ')) {
        flush()
        const children = parseInline(text.slice(i + mark.length, close))
        out.push(double ? { t: 'strong', children } : { t: 'em', children })
        i = close + mark.length
        continue
      }
    }
    if (ch === '[') {
      const link = readLink(text, i)
      if (link) {
        flush()
        const children = parseInline(link.label)
        if (safeHref(link.href)) out.push({ t: 'link', href: link.href, external: /^(https?:|mailto:)/i.test(link.href), children })
        else out.push(...children)
        i = link.end
        continue
      }
    }
    if (ch === '<') {
      const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(text.slice(i))
      if (auto?.[1]) {
        flush()
        out.push({ t: 'link', href: auto[1], external: true, children: [{ t: 'text', text: auto[1].replace(/^mailto:/i, '') }] })
        i += auto[0].length
        continue
      }
    }
    buffer += ch === '\n' ? ' ' : ch
    i++
  }
  flush()
  return out
}

/** The closing emphasis mark: not escaped, not preceded by white space, and (for `*`) not part of a `**`. */
function findClose(text: string, mark: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text[j] ?? ''
    if (c === '\\') {
      j++
      continue
    }
    if (c === '`') {
      const run = /^`+/.exec(text.slice(j))?.[0] ?? '`'
      const close = text.indexOf(run, j + run.length)
      if (close > 0) j = close + run.length - 1
      continue
    }
    if (text.startsWith(mark, j) && !/\s/.test(text[j - 1] ?? ' ')) {
      if (mark.length === 1 && text[j + 1] === mark) {
        const inner = findClose(text, mark + mark, j + 2)
        if (inner > 0) {
          j = inner + 1
          continue
        }
      }
      if (mark === '_' && /[\p{L}\p{N}]/u.test(text[j + 1] ?? ' ')) continue
      return j
    }
  }
  return -1
}

function readLink(text: string, at: number): { label: string; href: string; end: number } | null {
  let depth = 0
  let j = at
  for (; j < text.length; j++) {
    const c = text[j]
    if (c === '\\') {
      j++
      continue
    }
    if (c === '[') depth++
    else if (c === ']' && --depth === 0) break
  }
  if (j >= text.length || text[j + 1] !== '(') return null
  let close = -1
  let parens = 0
  for (let k = j + 2; k < text.length; k++) {
    const c = text[k]
    if (c === '(') parens++
    else if (c === ')' && parens-- === 0) {
      close = k
      break
    }
  }
  if (close < 0) return null
  const href = text.slice(j + 2, close).trim().replace(/^<|>$/g, '').split(/\s+/)[0] ?? ''
  if (href === '') return null
  return { label: text.slice(at + 1, j), href, end: close + 1 }
}

/** The plain text of inline nodes (for titles and accessible names). */
export function plainText(nodes: readonly Inline[]): string {
  return nodes.map((n) => (n.t === 'text' || n.t === 'code' ? n.text : plainText(n.children))).join('')
}
