/**
 * Keymap: what the user did, from the string xterm hands to `onData` (xterm-readline's `parseInput`). Pure.
 *
 * xterm calls onData once per key (or IME composition), and once per paste with the whole pasted text, its line
 * breaks turned into CR. So a data string holding a line break and anything else is a paste: it becomes one
 * `paste` action whose lines keep their blank lines and their tabs, because that is how a pipelined batch of
 * commands or a DATA block is sent (local-echo's paste heuristic collapsed blank lines; this one must not).
 */

export type InputAction =
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'enter' }
  | { readonly type: 'backspace' }
  | { readonly type: 'delete' }
  | { readonly type: 'left' }
  | { readonly type: 'right' }
  | { readonly type: 'home' }
  | { readonly type: 'end' }
  /** Ctrl-U: delete from the start of the line to the cursor. */
  | { readonly type: 'kill-to-start' }
  /** Ctrl-W: delete the word before the cursor (readline's unix-word-rubout: back to the previous blank). */
  | { readonly type: 'kill-word' }
  /** Ctrl-C: abandon the line. */
  | { readonly type: 'interrupt' }
  /** Ctrl-D: delete the character under the cursor, or end of input on an empty line (as in a shell). */
  | { readonly type: 'eof' }
  /** Ctrl-]: telnet's escape character (leave the session). */
  | { readonly type: 'escape' }
  /** ↑ and ↓: walk the history. */
  | { readonly type: 'history-back' }
  | { readonly type: 'history-forward' }
  /** Ctrl-L: clear the screen, keep the line. */
  | { readonly type: 'clear-screen' }
  /** F1: explain the last reply. */
  | { readonly type: 'explain' }
  /** Tab (a key on its own; a tab inside a paste is text): complete the word before the cursor. */
  | { readonly type: 'complete' }
  /**
   * Several lines at once. `lines[0]` continues the line being edited, the last element is the unfinished rest
   * after the final line break ('' when the paste ended with one); there are always at least two elements.
   */
  | { readonly type: 'paste'; readonly lines: readonly string[] }

export type InputType = InputAction['type']

const LINE_BREAK = /\r\n|\r|\n/

/** Single control characters (C0 and DEL) that edit the line; other control characters are ignored. */
const CONTROL: Readonly<Record<string, InputAction>> = {
  '\r': { type: 'enter' },
  '\n': { type: 'enter' },
  '\x7f': { type: 'backspace' },
  '\b': { type: 'backspace' },
  '\x01': { type: 'home' }, // Ctrl-A
  '\x05': { type: 'end' }, // Ctrl-E
  '\x02': { type: 'left' }, // Ctrl-B
  '\x06': { type: 'right' }, // Ctrl-F
  '\x04': { type: 'eof' }, // Ctrl-D
  '\x15': { type: 'kill-to-start' }, // Ctrl-U
  '\x17': { type: 'kill-word' }, // Ctrl-W
  '\x03': { type: 'interrupt' }, // Ctrl-C
  '\x1d': { type: 'escape' }, // Ctrl-]
  '\x0c': { type: 'clear-screen' }, // Ctrl-L
  '\x10': { type: 'history-back' }, // Ctrl-P
  '\x0e': { type: 'history-forward' }, // Ctrl-N
}

/** CSI/SS3 final bytes (ESC [ … X or ESC O X): arrows, Home, End, F1. Modifiers (ESC [1;5C) are ignored. */
const FINAL: Readonly<Record<string, InputAction>> = {
  A: { type: 'history-back' },
  B: { type: 'history-forward' },
  C: { type: 'right' },
  D: { type: 'left' },
  H: { type: 'home' },
  F: { type: 'end' },
  P: { type: 'explain' }, // F1 (ESC O P)
}

/** `ESC [ n ~` keys: 1/7 Home, 4/8 End, 3 Delete (xterm, rxvt and VT220 numbering). */
const TILDE: Readonly<Record<string, InputAction>> = {
  '1': { type: 'home' },
  '7': { type: 'home' },
  '4': { type: 'end' },
  '8': { type: 'end' },
  '3': { type: 'delete' },
  '11': { type: 'explain' }, // F1 in the VT220 numbering
}

// ESC [ params final  |  ESC O final  |  ESC + one character (Alt-key)  |  a lone ESC
const ESCAPE = /^\x1b(?:\[([0-9;?]*)([\x40-\x7e])|O([\x40-\x7e])|[\s\S])?/

/** The actions one onData string stands for, in order. */
export function parseInput(data: string): InputAction[] {
  if (data.length > 1 && LINE_BREAK.test(data)) return [{ type: 'paste', lines: data.split(LINE_BREAK) }]
  if (data === '\t') return [{ type: 'complete' }]
  const actions: InputAction[] = []
  let text = ''
  const flush = () => {
    if (text) actions.push({ type: 'insert', text })
    text = ''
  }
  let i = 0
  while (i < data.length) {
    const ch = data[i]!
    if (ch === '\x1b') {
      flush()
      const m = ESCAPE.exec(data.slice(i))!
      const [whole, params, csiFinal, ss3Final] = m
      const action = csiFinal === '~' ? TILDE[(params ?? '').split(';')[0] ?? ''] : FINAL[csiFinal ?? ss3Final ?? '']
      if (action) actions.push(action)
      i += whole.length
      continue
    }
    const code = ch.charCodeAt(0)
    if (ch !== '\t' && (code < 0x20 || code === 0x7f)) {
      flush()
      const action = CONTROL[ch]
      if (action) actions.push(action)
      i++
      continue
    }
    text += ch
    i++
  }
  flush()
  return actions
}
