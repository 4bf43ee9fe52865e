/**
 * What the learner's host prints when the terminal opens: the login banner and two hints. One home for the shell,
 * which prints it (Shell.start), and the terminal's frame, which shows it before xterm has loaded (TerminalView).
 */
import { LEARNER } from './learner'

export interface MotdLine {
  readonly text: string
  /** A hint from the simulator (shown muted), not the host's own text. */
  readonly hint?: true
}

export const MOTD: readonly MotdLine[] = [
  { text: `Linux ${LEARNER.shortHost} 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64` },
  { text: '' },
  { text: `A simulated host, ${LEARNER.host}: nothing you type leaves this page.`, hint: true },
  { text: 'Type help for the commands, or start with: telnet mail.example.com 25', hint: true },
  { text: '' },
]
