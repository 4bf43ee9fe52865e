/**
 * Tab completion, as a shell does it (issue 10 item 6): the word before the cursor is completed from a list of
 * candidates — commands, hosts, ports, SMTP verbs — to their longest common prefix, with a space after a word that
 * is complete; when Tab cannot add anything and several candidates fit, they are listed in columns, as bash lists
 * them. What the candidates are is decided where the knowledge lives (each shell command, the SMTP verbs); this
 * module only does the matching and the layout. Pure.
 */

/** What Tab does to the line: text to insert at the cursor, or candidates to list (when nothing can be inserted). */
export interface Completion {
  readonly insert: string
  readonly candidates: readonly string[]
}

export interface CompleteOptions {
  /** Match without regard to case, and complete in the case the learner typed (SMTP verbs). */
  readonly caseless?: boolean
  /** What follows a word that is complete: ' ' (default), or '' where more follows directly (`FROM:<`). */
  readonly after?: (candidate: string) => string
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? ''
  for (const w of words) {
    let i = 0
    while (i < prefix.length && i < w.length && prefix[i] === w[i]) i++
    prefix = prefix.slice(0, i)
  }
  return prefix
}

/** The case the learner is typing in: lower if the word has lower-case letters and no capitals. */
function inCaseOf(word: string, text: string): string {
  return /[a-z]/.test(word) && !/[A-Z]/.test(word) ? text.toLowerCase() : text
}

/** Complete `word` from `candidates`. Null when no candidate starts with it. */
export function completeWord(word: string, candidates: readonly string[], options: CompleteOptions = {}): Completion | null {
  const key = (s: string) => (options.caseless ? s.toUpperCase() : s)
  const matches = [...new Set(candidates)].filter((c) => key(c).startsWith(key(word))).sort()
  if (matches.length === 0) return null
  const only = matches.length === 1 ? matches[0]! : null
  const prefix = only ?? commonPrefix(matches.map(key))
  // The common prefix in the candidates' spelling, then in the case the learner typed.
  let insert = inCaseOf(word, (only ?? matches[0]!).slice(word.length, prefix.length))
  if (only !== null) insert += options.after ? options.after(only) : ' '
  return { insert, candidates: insert === '' ? matches : [] }
}

/** Candidates in columns across the terminal's width, as `ls` and bash lay them out. Ends with CRLF. */
export function columns(candidates: readonly string[], cols: number): string {
  const width = Math.max(...candidates.map((c) => c.length)) + 2
  const perRow = Math.max(1, Math.floor(cols / width))
  const rows = Math.ceil(candidates.length / perRow)
  const lines: string[] = []
  for (let r = 0; r < rows; r++) {
    const row: string[] = []
    // Down the columns first, as bash does.
    for (let c = 0; c < perRow; c++) {
      const item = candidates[c * rows + r]
      if (item !== undefined) row.push(item.padEnd(width))
    }
    lines.push(row.join('').trimEnd())
  }
  return lines.map((l) => l + '\r\n').join('')
}
