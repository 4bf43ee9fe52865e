/**
 * The lesson pane's hands on the terminal: which world a lesson runs in, how to connect the way a lesson's session
 * does, what "Type the next line for me", the raw-write box and "Solve" type, and which keys step. Pure functions
 * over the LessonTerminal interface.
 */
import { decodeWire, type AttemptInput, type ClientKind, type Directive, type LessonSettings, type TryStep } from '../../lessons'
import { profileForPort } from '../../smtp/profiles'
import type { ShowAction } from './next-line'
import type { LessonTerminal } from './terminal-port'

/**
 * The bytes the raw-write box's text stands for: `<CR>` and `<LF>` are those bytes, and a line break typed in the
 * box is sent as CR LF (as telnet would end the line).
 */
export function rawBytes(text: string): string {
  return decodeWire(text.replace(/\r\n?/g, '\n').replace(/\n/g, '\r\n'))
}

/** Does a write leave its last line unfinished (no line ending after it)? The server then waits for the rest. */
export function unfinishedLine(bytes: string): boolean {
  return bytes !== '' && !bytes.endsWith('\n') && !bytes.endsWith('\r')
}

/** The shell command that opens a session like the lesson's: `telnet mail.example.com 587`, `telnet localhost 25`. */
export function connectCommand(settings: Pick<LessonSettings, 'client' | 'host' | 'port'>, client: ClientKind = settings.client, host: string | null = null, port: number | null = null): string {
  if (client === 'localhost') return `telnet localhost ${port ?? 25}`
  const target = host ?? settings.host
  const p = port ?? (target === settings.host && client === settings.client ? settings.port : 25)
  // Port 465 speaks TLS from the first octet (RFC 8314 §3.3): telnet gets no greeting there, openssl s_client does
  // (-quiet, or it takes lines starting with R or Q as its own commands).
  if (profileForPort(p)?.implicitTls) return `openssl s_client -connect ${target}:${p} -crlf -quiet`
  return `telnet ${target} ${p}`
}

/** Where a try step's attempt starts: its solution's first connection if it opens one (a step may start elsewhere than the lesson's server), else the lesson's. */
export function attemptConnectCommand(step: TryStep, settings: LessonSettings): string {
  const first = step.solution[0]
  return first !== undefined && typeof first !== 'string' && first.kind === 'connect' ? connectCommand(settings, first.client, first.host, first.port) : connectCommand(settings)
}

export function connectDirectiveCommand(settings: LessonSettings): (d: Extract<Directive, { kind: 'connect' }>) => string {
  return (d) => connectCommand(settings, d.client, d.host, d.port)
}

/**
 * Give the terminal the lesson's world and personality. A terminal still loading its model builds its first world
 * its own way, so the lesson's world is put in once it has loaded, before any keys the learner typed meanwhile
 * (they belong to the lesson's world: put in after them, it would wipe them). The terminal builds the world from the settings
 * (src/lessons/setup.ts): the lesson pane hands over plain data, so a lesson's text shows without the model loaded.
 */
export function prepareTerminal(terminal: LessonTerminal, settings: LessonSettings, { keep = false }: { readonly keep?: boolean } = {}): void {
  if (terminal.personality !== settings.personality) terminal.setPersonality?.(settings.personality)
  // `keep`: a world already built from these settings (the lesson's own, as a reload brings it back) stays as it is.
  const reset = () => {
    if (!(keep && sameSettings(terminal.worldSettings ?? null, settings))) terminal.reset(undefined, settings)
  }
  terminal.afterLoad(reset)
}

/**
 * Do `action` now, or, while the terminal's model is still loading, start it and do `action` once it is here (in
 * order with any keys typed meanwhile): a button pressed before the terminal is ready is not lost or refused.
 */
export function whenReady(terminal: LessonTerminal, action: () => void): void {
  if (terminal.mode === 'loading') terminal.start?.()
  terminal.afterLoad(action)
}

/** Settings as plain data, keys sorted: two equal settings give the same text, whatever order they were read in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/** Are two world settings the same (faults, users and all)? */
export function sameSettings(a: LessonSettings | null, b: LessonSettings | null): boolean {
  return a !== null && b !== null && canonical(a) === canonical(b)
}

const AT_SHELL = 'shell'
const IN_SESSION = new Set(['smtp', 'data', 'auth'])

/** Is the terminal in an SMTP session (rather than at the shell, in the mail program, or loading)? */
export function inSession(terminal: LessonTerminal): boolean {
  return IN_SESSION.has(terminal.mode)
}

/** Back to a known state: leave an open session as telnet's Ctrl-] does (the server side ends too). */
export function endSession(terminal: LessonTerminal): void {
  if (inSession(terminal)) terminal.type('\x1d')
}

/** Connect first if the terminal is at the shell prompt. */
function ensureSession(terminal: LessonTerminal, settings: LessonSettings): void {
  if (terminal.mode === AT_SHELL) terminal.type(`${connectCommand(settings)}\n`)
}

/**
 * Write bytes as they are on the terminal's session (connecting first, as the lesson's client). Returns a message
 * for the learner when it cannot.
 */
export function writeRaw(terminal: LessonTerminal, bytes: string, settings: LessonSettings): string | null {
  if (terminal.mode === 'foreground') return 'The terminal is in the mail program: finish it first (q, or a line holding only a dot).'
  if (terminal.mode === 'loading') return 'The terminal is still starting.'
  ensureSession(terminal, settings)
  return terminal.write(bytes) ? null : 'The connection could not be opened; the terminal says why.'
}

/**
 * Carry out one "Type the next line for me" action in the terminal. Returns a message for the learner when the
 * terminal cannot do it (null when it did).
 */
export function perform(terminal: LessonTerminal, action: ShowAction, settings: LessonSettings): string | null {
  if (terminal.mode === 'foreground') return 'The terminal is in the mail program: finish it first (q, or a line holding only a dot).'
  if (terminal.mode === 'loading') return 'The terminal is still starting.'
  switch (action.kind) {
    case 'shell':
      if (IN_SESSION.has(terminal.mode)) return `This needs the shell: end the session first (QUIT), then type ${action.command}.`
      terminal.type(`${action.command}\n`)
      return null
    case 'type':
      ensureSession(terminal, settings)
      terminal.type(`${action.text}\n`)
      return null
    case 'paste':
      terminal.play(action.lines.join('\r\n'), connectTarget(settings))
      return null
    case 'raw':
      return writeRaw(terminal, decodeWire(action.text), settings)
  }
}

function connectTarget(settings: LessonSettings): { host: string; port: number } {
  return settings.client === 'localhost' ? { host: 'localhost', port: 25 } : { host: settings.host, port: settings.port }
}

/**
 * Type a model solution into the terminal (the tutorial's "solve"): lines as typed, `~ pipeline` groups as one
 * paste, shell actions at the shell, `~ write` bytes as they are (as the raw-write box does). Returns what could
 * not be done.
 */
export function solve(terminal: LessonTerminal, input: readonly AttemptInput[], settings: LessonSettings): string[] {
  const problems: string[] = []
  let group: string[] | null = null
  const flush = () => {
    if (group && group.length > 0) {
      ensureSession(terminal, settings)
      terminal.play(group.join('\r\n'), connectTarget(settings))
    }
    group = null
  }
  for (const item of input) {
    if (typeof item === 'string') {
      if (group) group.push(item)
      else {
        ensureSession(terminal, settings)
        terminal.type(`${item}\n`)
      }
      continue
    }
    switch (item.kind) {
      case 'pipeline':
        flush()
        group = []
        break
      case 'end':
        flush()
        break
      case 'write': {
        flush()
        const problem = writeRaw(terminal, item.bytes, settings)
        if (problem) problems.push(problem)
        break
      }
      case 'advance':
      case 'connect': {
        flush()
        const command = item.kind === 'advance' ? `sleep ${item.text.replace(/^~\s*(advance|sleep)\s+/, '')}` : connectCommand(settings, item.client, item.host, item.port)
        if (IN_SESSION.has(terminal.mode)) problems.push(`"${command}" needs the shell; the session was still open`)
        else terminal.type(`${command}\n`)
        break
      }
      case 'mailbox':
        break
    }
  }
  flush()
  return problems
}

export type StepKey = 'next' | 'prev' | 'first' | 'last'

interface KeyLike {
  readonly key: string
  readonly altKey?: boolean
  readonly ctrlKey?: boolean
  readonly metaKey?: boolean
  readonly shiftKey?: boolean
  readonly target?: unknown
}

/** Is the key meant for something else: the terminal, a text field, a menu? */
export function typingTarget(target: unknown): boolean {
  const el = target as { closest?: (s: string) => unknown; isContentEditable?: boolean; tagName?: string } | null
  if (!el || typeof el.closest !== 'function') return false
  if (el.isContentEditable) return true
  return el.closest('.xterm, [data-testid="terminal"], input, textarea, select, [contenteditable="true"]') !== null
}

/** Is the key the terminal's (its hidden textarea has the focus)? */
function inTerminal(target: unknown): boolean {
  const el = target as { closest?: (s: string) => unknown } | null
  return !!el && typeof el.closest === 'function' && el.closest('.xterm, [data-testid="terminal"]') !== null
}

/**
 * Which way a key steps: ←/→ (not while typing in the terminal or a field), PageUp/PageDown (presenter clickers;
 * in presenter mode even from the terminal), Home/End. `driven`: presenter mode is driving the terminal (a demo, a
 * question), so ←/→ step from the terminal too — a clicker sends either pair. Null for any other key, or with a
 * modifier.
 */
export function stepKey(event: KeyLike, presenting = false, driven = false): StepKey | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null
  const inField = typingTarget(event.target)
  if (driven && (event.key === 'ArrowRight' || event.key === 'ArrowLeft') && inTerminal(event.target)) return event.key === 'ArrowRight' ? 'next' : 'prev'
  switch (event.key) {
    case 'PageDown':
      return !inField || presenting ? 'next' : null
    case 'PageUp':
      return !inField || presenting ? 'prev' : null
    case 'ArrowRight':
      return inField ? null : 'next'
    case 'ArrowLeft':
      return inField ? null : 'prev'
    case 'Home':
      return inField ? null : 'first'
    case 'End':
      return inField ? null : 'last'
    default:
      return null
  }
}
