/**
 * LineEditor: the line being typed, and the terminal output that shows it (xterm-readline's LineBuffer + its
 * rendering, as one pure value). Every editing method returns the exact string to write to the terminal; nothing
 * here touches xterm or the DOM.
 *
 * How the echo stays right with wide and non-ASCII text
 *  - The text is edited by grapheme cluster (Intl.Segmenter): ← over "é" written as e + U+0301, or over a flag,
 *    moves past the whole thing, and backspace removes it whole.
 *  - Each cluster is shown in a display form (`displayCluster`): control characters in caret notation (^I, ^[) and
 *    invisible code points as <U+200B>, so an escape sequence pasted into the line cannot drive the terminal and
 *    every cluster occupies at least one cell. The text itself (what is sent) is never changed.
 *  - Cell positions come from the same width table xterm uses (cell-width.ts), including its wrapping rule: a wide
 *    character that does not fit in the last column moves to the next row and leaves that column blank.
 *  - After an edit, the line is redrawn from the first cluster that changed; cells the old line used beyond the
 *    new end are blanked with spaces (ED/EL would clear xterm's "wrapped" flag on that row); and if the text ends
 *    exactly at the right margin a ' \r' moves the cursor onto the next row, so the terminal cursor is never left
 *    in xterm's pending-wrap state, from which relative moves are off by one.
 * Limit: a line taller than the screen cannot be edited above its visible part (cursor-up stops at the top row).
 */
import { cellWidth } from './cell-width'

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** The grapheme clusters of a text, in order. */
export function clusters(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment)
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

const hex = (cp: number) => `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`

/** How one cluster is shown on screen. Always at least one cell wide; never contains a control character. */
export function displayCluster(cluster: string): string {
  const first = cluster.codePointAt(0) ?? 0
  if (first < 0x20) return '^' + String.fromCharCode(first + 0x40) + displayText(cluster.slice(1))
  if (first === 0x7f) return '^?' + displayText(cluster.slice(1))
  if (first >= 0xd800 && first <= 0xdfff) return '\ufffd' + displayText(cluster.slice(1))
  if (cellWidth(first) === 0) return Array.from(cluster, (c) => hex(c.codePointAt(0) ?? 0)).join('')
  return cluster
}

/** A whole text in display form (for echoing lines that are not edited, e.g. the middle lines of a paste). */
export function displayText(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text // the common case, and the fast path for a big paste
  return clusters(text).map(displayCluster).join('')
}

/** A display text (displayText's output) cut to at most `cols` cells, cluster by cluster, as mailx cuts its header lines. */
export function clipToCells(text: string, cols: number): string {
  if (PRINTABLE_ASCII.test(text)) return text.slice(0, Math.max(cols, 0))
  let out = ''
  let used = 0
  for (const cluster of clusters(text)) {
    // A cluster is as wide as its widest code point, at least one cell (the display form guarantees a base).
    const width = Math.max(1, ...Array.from(cluster, (c) => cellWidth(c.codePointAt(0) ?? 0)))
    if (used + width > cols) break
    out += cluster
    used += width
  }
  return out
}

/** A cell position relative to the line's first row. `col` equals the width only in xterm's pending-wrap state. */
interface Cell {
  readonly row: number
  readonly col: number
}

interface Layout {
  /** Where the cursor stands before cluster k (k = 0..n): the end of cluster k-1, wrapped onto the next row if it
   * ended exactly at the margin. */
  readonly stops: readonly Cell[]
  /** Where xterm's cursor is right after writing the whole line (may be in pending-wrap state). */
  readonly end: Cell
}

function layout(shown: readonly string[], cols: number, startColumn: number): Layout {
  let row = 0
  let col = startColumn
  const stops: Cell[] = []
  const normal = (): Cell => (col >= cols ? { row: row + 1, col: 0 } : { row, col })
  for (const cluster of shown) {
    stops.push(normal())
    let first = true
    for (const ch of cluster) {
      const w = cellWidth(ch.codePointAt(0) ?? 0)
      // xterm joins a zero-width code point to the cell before it; the display form guarantees there is one.
      if (w === 0 && !first) continue
      const width = Math.max(w, 1)
      if (col + width > cols) {
        row++
        col = 0
      }
      col += width
      first = false
    }
  }
  stops.push(normal())
  return { stops, end: { row, col } }
}

export interface EditorOptions {
  /** Terminal width in cells (at least 2, as in xterm). */
  readonly cols: number
  /** The column the line starts at (after a prompt). */
  readonly startColumn?: number
}

export class LineEditor {
  #cols: number
  #start: number
  /** The clusters of the text and their display forms. */
  #clusters: string[] = []
  #shown: string[] = []
  /** The cursor, as a cluster index 0..n. */
  #cursor = 0
  /** Where the terminal's cursor is now, relative to the line's first row; never in pending-wrap state. */
  #at: Cell
  /** The linear cell index (row * cols + col) just past the last visible cell drawn for this line. */
  #drawnEnd: number

  constructor(options: EditorOptions) {
    this.#cols = Math.max(2, options.cols)
    this.#start = options.startColumn ?? 0
    this.#at = { row: 0, col: this.#start }
    this.#drawnEnd = this.#start
  }

  /** The line as typed, exactly as it will be sent. */
  get text(): string {
    return this.#clusters.join('')
  }

  /** The cursor as an offset into `text` (UTF-16 code units). */
  get cursor(): number {
    return this.#clusters.slice(0, this.#cursor).join('').length
  }

  get cols(): number {
    return this.#cols
  }

  /** Insert text at the cursor (text must not hold line breaks: the keymap splits those off). */
  insert(text: string): string {
    if (text === '') return ''
    const before = this.#clusters.slice(0, this.#cursor).join('')
    const after = this.#clusters.slice(this.#cursor).join('')
    const inserted = clusters(before + text)
    return this.#replace(inserted, after, inserted.length)
  }

  /** Delete the cluster before the cursor. */
  backspace(): string {
    if (this.#cursor === 0) return ''
    const before = this.#clusters.slice(0, this.#cursor - 1)
    return this.#replace(before, this.#clusters.slice(this.#cursor).join(''), before.length)
  }

  /** Delete the cluster under the cursor. */
  delete(): string {
    if (this.#cursor >= this.#clusters.length) return ''
    const before = this.#clusters.slice(0, this.#cursor)
    return this.#replace(before, this.#clusters.slice(this.#cursor + 1).join(''), before.length)
  }

  /** Ctrl-U, as in readline: delete everything before the cursor. */
  killToStart(): string {
    if (this.#cursor === 0) return ''
    return this.#replace([], this.#clusters.slice(this.#cursor).join(''), 0)
  }

  /** Ctrl-W, as readline's unix-word-rubout: delete back over blanks, then over the word before them. */
  killWordBack(): string {
    let from = this.#cursor
    while (from > 0 && /^\s+$/.test(this.#clusters[from - 1]!)) from--
    while (from > 0 && !/^\s+$/.test(this.#clusters[from - 1]!)) from--
    if (from === this.#cursor) return ''
    const before = this.#clusters.slice(0, from)
    return this.#replace(before, this.#clusters.slice(this.#cursor).join(''), before.length)
  }

  /** Replace the whole line (a history entry), cursor at its end. */
  setText(text: string): string {
    const next = clusters(text)
    return this.#replace(next, '', next.length)
  }

  /**
   * Draw the line again from scratch on a fresh row, after other output (an explanation, a cleared screen): the
   * caller has written the prompt, so the line starts at `startColumn`. The cursor keeps its place in the text.
   */
  reprint(startColumn: number): string {
    const text = this.#clusters.join('')
    const cursor = this.#cursor
    this.clear(startColumn)
    const out = this.insert(text)
    return out + this.#moveCursor(cursor)
  }

  left(): string {
    return this.#moveCursor(this.#cursor - 1)
  }

  right(): string {
    return this.#moveCursor(this.#cursor + 1)
  }

  home(): string {
    return this.#moveCursor(0)
  }

  end(): string {
    return this.#moveCursor(this.#clusters.length)
  }

  /** Enter: the finished line, and the echo that leaves the cursor at the start of the next row. Then empty. */
  submit(): { line: string; echo: string } {
    const line = this.text
    const l = layout(this.#shown, this.#cols, this.#start)
    // A line that ends exactly at the margin already has the cursor on the row below (see #leavePendingWrap):
    // erase that row's placeholder space and its "wrapped" mark (EL at column 0) instead of adding a blank row.
    const echo = this.end() + (l.end.col >= this.#cols ? '\x1b[K' : '\r\n')
    this.clear()
    return { line, echo }
  }

  /** Ctrl-C: abandon the line, show ^C, start an empty line on the next row. */
  cancel(): string {
    return this.abandon('^C')
  }

  /** Abandon the line, showing `marker` (e.g. ^C, ^]) after it, and go to the start of the next row. */
  abandon(marker: string): string {
    const echo = this.end() + marker + '\r\n'
    this.clear()
    return echo
  }

  /** Forget the line without output (the caller has moved to a fresh row), e.g. after a submit or reconnect. */
  clear(startColumn = 0): void {
    this.#clusters = []
    this.#shown = []
    this.#cursor = 0
    this.#start = startColumn
    this.#at = { row: 0, col: startColumn }
    this.#drawnEnd = startColumn
  }

  /**
   * The terminal is now `cols` wide. xterm reflows everything but the line the cursor is on (its default
   * `reflowCursorLine: false`, because shells redraw that line themselves), so this line's rows are still where
   * they were, cut or padded. Redraw it: back to its first row, erase from there down, write it at the new width.
   */
  resize(cols: number): string {
    const up = this.#at.row
    this.#cols = Math.max(2, cols)
    const l = layout(this.#shown, this.#cols, this.#start)
    let out = (up > 0 ? `\x1b[${up}A` : '') + `\x1b[${this.#start + 1}G\x1b[J` + this.#shown.join('')
    this.#at = l.end
    out += this.#leavePendingWrap()
    this.#drawnEnd = this.#linear(l.end)
    return out + this.#moveTo(l.stops[this.#cursor]!)
  }

  // --- rendering ----------------------------------------------------------------------------------------------

  /** Make the text `head` + `tail` with the cursor at cluster `cursor`, and return the output that shows it. */
  #replace(head: readonly string[], tail: string, cursor: number): string {
    const next = clusters(head.join('') + tail)
    const old = this.#clusters
    let from = 0
    while (from < old.length && from < next.length && old[from] === next[from]) from++
    this.#clusters = next
    this.#shown = next.map(displayCluster)
    const l = layout(this.#shown, this.#cols, this.#start)
    // Cluster boundaries before `from` are unchanged, so stop `from` is where the old line had it too.
    let out = this.#moveTo(l.stops[from]!)
    out += this.#shown.slice(from).join('')
    this.#at = l.end
    out += this.#leavePendingWrap()
    const end = this.#linear(l.end)
    if (this.#drawnEnd > end) {
      out += ' '.repeat(this.#drawnEnd - end)
      this.#at = this.#advance(this.#at, this.#drawnEnd - end)
      out += this.#leavePendingWrap()
    }
    this.#drawnEnd = end
    this.#cursor = cursor
    return out + this.#moveTo(l.stops[cursor]!)
  }

  #moveCursor(index: number): string {
    const target = Math.min(Math.max(index, 0), this.#clusters.length)
    if (target === this.#cursor) return ''
    this.#cursor = target
    return this.#moveTo(layout(this.#shown, this.#cols, this.#start).stops[target]!)
  }

  /** Cursor movement from where the terminal cursor is to `to`, as short as possible. */
  #moveTo(to: Cell): string {
    const from = this.#at
    this.#at = to
    let out = ''
    // From xterm's pending-wrap state (col == width) relative moves are off by one: go by absolute column.
    if (from.col >= this.#cols && to.row === from.row) return `\x1b[${to.col + 1}G`
    if (to.row < from.row) out += `\x1b[${from.row - to.row}A`
    else if (to.row > from.row) out += `\x1b[${to.row - from.row}B`
    if (to.row !== from.row) return to.col === from.col && from.col < this.#cols ? out : out + `\x1b[${to.col + 1}G`
    const d = to.col - from.col
    if (d === -1) return '\b'
    if (d < 0) return `\x1b[${-d}D`
    if (d > 0) return `\x1b[${d}C`
    return ''
  }

  /** After output that ended exactly at the right margin: go to the next row (xterm marks it as wrapped). */
  #leavePendingWrap(): string {
    if (this.#at.col < this.#cols) return ''
    this.#at = { row: this.#at.row + 1, col: 0 }
    return ' \r'
  }

  #advance(at: Cell, cells: number): Cell {
    const linear = this.#linear(at) + cells
    const row = Math.floor((linear - 1) / this.#cols)
    return { row, col: linear - row * this.#cols }
  }

  #linear(at: Cell): number {
    return at.row * this.#cols + at.col
  }
}

