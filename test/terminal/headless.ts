/**
 * A headless xterm (same parser, buffer and Unicode widths as the browser's, no DOM) to check what the learner
 * would see: write output to it, then read the screen lines and the cursor.
 */
import { Terminal } from '@xterm/headless'

export interface Screen {
  readonly terminal: Terminal
  write(data: string): Promise<void>
  /** Every buffer line (scrollback included), trailing blanks removed; trailing empty lines dropped. */
  lines(): string[]
  /** Rows joined where xterm wrapped them: the logical lines. */
  logicalLines(): string[]
  /** The logical line (wrapped rows joined, trailing blanks removed) that buffer row `row` belongs to. */
  logicalLineAt(row: number): string
  /** The cursor's row counted from the first row of the (wrapped) line it is on. */
  rowInLine(): number
  /** Cursor position in the whole buffer (row counted from the top of the scrollback). */
  cursor(): { row: number; col: number }
}

export function screen(cols = 80, rows = 24): Screen {
  const terminal = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 })
  const buffer = () => terminal.buffer.active
  const rowText = (i: number) => buffer().getLine(i)?.translateToString(true) ?? ''
  return {
    terminal,
    write: (data) => new Promise<void>((resolve) => terminal.write(data, resolve)),
    lines() {
      const out = Array.from({ length: buffer().length }, (_, i) => rowText(i).trimEnd())
      while (out.length > 0 && out[out.length - 1] === '') out.pop()
      return out
    },
    logicalLines() {
      const out: string[] = []
      for (let i = 0; i < buffer().length; i++) {
        const line = buffer().getLine(i)
        const text = line?.translateToString(false) ?? ''
        if (line?.isWrapped && out.length > 0) out[out.length - 1] += text
        else out.push(text)
      }
      const trimmed = out.map((l) => l.trimEnd())
      while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop()
      return trimmed
    },
    logicalLineAt(row) {
      let y = row
      while (y > 0 && buffer().getLine(y)?.isWrapped) y--
      let text = buffer().getLine(y)?.translateToString(false) ?? ''
      while (buffer().getLine(y + 1)?.isWrapped) text += buffer().getLine(++y)?.translateToString(false) ?? ''
      return text.trimEnd()
    },
    rowInLine() {
      const y = buffer().baseY + buffer().cursorY
      let row = 0
      while (row < y && buffer().getLine(y - row)?.isWrapped) row++
      return row
    },
    cursor: () => ({ row: buffer().baseY + buffer().cursorY, col: buffer().cursorX }),
  }
}
