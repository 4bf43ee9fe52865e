/**
 * Replies as the learner sees them: the exact wire text (wireLines from the catalogue, never re-spelt here),
 * coloured by reply class (RFC 5321 §4.2.1: 2yz green, 3yz cyan, 4yz amber, 5yz red), the code in bold and the
 * enhanced status code (RFC 3463) underlined. Lines end in CRLF. Pure: strings in, strings out.
 *
 * Colours are ANSI palette indexes, so the terminal theme (theme.ts) decides the actual shade for light and dark.
 */
import { wireLines, type Reply } from '../smtp/replies'

export const SGR = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  notBold: '\x1b[22m',
  /** Palette colour 8 ("bright black"): themed as a readable grey, unlike SGR 2 (dim), which halves contrast. */
  muted: '\x1b[90m',
  underline: '\x1b[4m',
  notUnderline: '\x1b[24m',
} as const

/** ANSI foreground colour per reply class (the first digit of the code). */
export const CLASS_COLOUR: Readonly<Record<number, number>> = {
  2: 32, // green: completed
  3: 36, // cyan: go on, send more
  4: 33, // yellow, themed amber: transient failure, try again later
  5: 31, // red: permanent failure
}

/** The SGR sequence that colours a reply of this code ('' for codes outside 2xx–5xx). */
export function replyColour(code: number): string {
  const colour = CLASS_COLOUR[Math.floor(code / 100)]
  return colour ? `\x1b[${colour}m` : ''
}

/**
 * Markers for an encrypted channel, as swaks prints them: ` ~>` before what the client sends and `<~ ` before what
 * the server answers once TLS is up. Shown muted, so the protocol text stays the eye's first stop.
 */
export const TLS_MARK = { client: '~> ', server: '<~ ' } as const

/** A muted marker to put before a line. */
export function renderMark(mark: string): string {
  return SGR.muted + mark + SGR.reset
}

/** A reply named in a sentence: its code and enhanced code ("550 5.1.1"). */
export function replyHead(reply: Reply): string {
  return reply.enhanced ? `${reply.code} ${reply.enhanced}` : String(reply.code)
}

/** One reply, every line coloured, ready to write to the terminal; `mark` (e.g. TLS_MARK.server) before each line. */
export function renderReply(reply: Reply, mark = ''): string {
  const before = mark ? renderMark(mark) : ''
  const colour = replyColour(reply.code)
  return wireLines(reply)
    .map((line) => {
      // wireLines writes "ddd-" or "ddd " and then, when there is one, the enhanced code (RFC 2034 §3).
      const head = line.slice(0, 4)
      let rest = line.slice(4)
      let enhanced = ''
      if (reply.enhanced && rest.startsWith(reply.enhanced)) {
        enhanced = SGR.underline + reply.enhanced + SGR.notUnderline
        rest = rest.slice(reply.enhanced.length)
      }
      return before + colour + SGR.bold + head + SGR.notBold + enhanced + rest + SGR.reset + '\r\n'
    })
    .join('')
}

/** A line the client program (telnet) prints itself, not the server: plain text, CRLF-terminated. */
export function renderNotice(text: string): string {
  return text + '\r\n'
}

/** A hint from the simulator, set apart from protocol text. */
export function renderHint(text: string): string {
  return SGR.muted + text + SGR.reset + '\r\n'
}

/**
 * Prose broken at spaces into rows of at most `cols` cells (a word longer than a row is cut), continuation rows
 * starting with `indent`. For the simulator's own text — help, the welcome, hints — never for protocol lines, which
 * the terminal shows exactly as sent.
 */
export function wrapWords(text: string, cols: number, indent = ''): string[] {
  const width = Math.max(cols, indent.length + 8)
  const rows: string[] = []
  let row = ''
  for (const word of text.split(/(?<=\S) (?=\S)/)) {
    const gap = row === '' || row === indent ? '' : ' '
    if (row !== '' && row !== indent && row.length + gap.length + word.length > width) {
      rows.push(row)
      row = indent
    }
    row += (row === '' || row === indent ? '' : ' ') + word
    while (row.length > width) {
      rows.push(row.slice(0, width))
      row = indent + row.slice(width)
    }
  }
  rows.push(row)
  return rows
}

const HINT_LINE = new RegExp(`^${SGR.muted.replace('[', '\\[')}(.*)${SGR.reset.replace('[', '\\[')}$`)

/**
 * Output with every line of prose that is wider than the terminal broken at spaces: hint lines (renderHint) always;
 * plain lines too when `plain` (the welcome). A hint's continuation rows are indented like its line, plus two.
 */
export function wrapProse(output: string, cols: number, plain = false): string {
  if (cols < 20 || !output.includes('\r\n')) return output
  const lines = output.split('\r\n')
  return lines
    .map((line) => {
      const hint = HINT_LINE.exec(line)
      const text = hint ? hint[1]! : plain && !line.includes('\x1b') ? line : null
      if (text === null || text.length <= cols) return line
      const indent = hint ? ' '.repeat(Math.min(/^ */.exec(text)![0].length + 2, 8)) : ''
      const rows = wrapWords(text, cols, indent)
      return hint ? rows.map((r) => SGR.muted + r + SGR.reset).join('\r\n') : rows.join('\r\n')
    })
    .join('\r\n')
}

export { REPLY_OSC, replyMark } from './reply-mark'

/** Remove SGR sequences (and reply marks): what the text says without its colours. */
export function stripSgr(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m|\x1b\]\d+;[^\x07]*\x07/g, '')
}

/**
 * Terminal output as plain text, for a screen reader: colours, marks and screen controls (clear, cursor moves)
 * removed, CRLF as a line break, blank lines at the ends dropped.
 */
export function plainText(output: string): string {
  return output
    .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\]\d+;[^\x07]*\x07/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/^\n+|\n+$/g, '')
}
