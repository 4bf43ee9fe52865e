/** Shell housekeeping: help, history, clear, reset, date, and what `exit` says on a machine you cannot leave. */
import { dateCommand, rfc5322Date } from '../../smtp/time'
import { LEARNER } from '../learner'
import { renderHint, renderNotice, wrapWords } from '../render'
import type { Command } from '../shell-context'

const CLEAR = '\x1b[H\x1b[2J\x1b[3J'

export const MISC_COMMANDS: readonly Command[] = [
  {
    name: 'help',
    usage: 'help',
    summary: 'list the commands of this machine',
    run(_args, { commands, cols }) {
      // Usage and summary side by side, the summary broken at spaces under itself; on a narrow terminal (a phone)
      // the summary goes on the rows below its usage.
      // A usage much longer than the others (openssl's) gets a row of its own rather than widening the column.
      const width = Math.max(...commands.map((c) => c.usage.length).filter((n) => n <= 28))
      const sideBySide = cols - (width + 4) >= 28
      const column = (part: string, usage = '') => `  ${usage.padEnd(width)}  ${part.trimStart()}`
      const rows = commands.flatMap((c) =>
        !sideBySide
          ? [...wrapWords(c.usage, cols - 2, '  ').map((part) => `  ${part}`), ...wrapWords(c.summary, cols - 4).map((part) => `    ${part.trimStart()}`)]
          : c.usage.length <= width
            ? wrapWords(c.summary, cols - (width + 4)).map((part, i) => column(part, i === 0 ? c.usage : ''))
            : [...wrapWords(c.usage, cols - 2, '  ').map((part) => `  ${part}`), ...wrapWords(c.summary, cols - (width + 4)).map((part) => column(part))],
      )
      return (
        wrapWords(`Commands on ${LEARNER.host} (a simulated Debian host):`, cols).map(renderNotice).join('') +
        rows.map(renderNotice).join('') +
        renderHint('In a session: QUIT or Ctrl-] returns here. F1, or ? and Enter, explains the last reply.') +
        renderHint('Keys: ←/→ Home/End Ctrl-A/E edit, ↑/↓ history, Ctrl-U/Ctrl-W delete, Ctrl-C cancels the line, Tab completes, Escape then Tab leaves the terminal.')
      )
    },
  },
  {
    name: 'history',
    usage: 'history',
    summary: 'the commands you typed at this shell',
    run(_args, { history }) {
      return history.entries.map((line, i) => renderNotice(`${String(i + 1).padStart(5)}  ${line}`)).join('')
    },
  },
  {
    name: 'clear',
    usage: 'clear',
    summary: 'clear the screen',
    run: () => CLEAR,
  },
  {
    name: 'reset',
    usage: 'reset',
    summary: 'start over with a fresh world: empty mailboxes and queues, the clock back at the start',
    run(_args, context) {
      context.resetWorld()
      return CLEAR + renderHint(`A fresh world: every mailbox and queue is empty and the clock says ${rfc5322Date(context.world.clock.now())}.`)
    },
  },
  {
    name: 'date',
    usage: 'date',
    summary: "the simulated clock (sleep moves it on)",
    run(_args, { world }) {
      return renderNotice(dateCommand(world.clock.now()))
    },
  },
  {
    name: 'exit',
    aliases: ['logout'],
    usage: 'exit',
    summary: 'stay: this shell is the only machine you have',
    run: () => renderHint('(There is nowhere to log out to: this page is the machine. Type reset for a fresh world.)'),
  },
]
