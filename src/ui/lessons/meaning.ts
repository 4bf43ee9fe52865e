/**
 * A reply code read digit by digit, for the box beside a highlighted reply: the class (RFC 5321 §4.2.1) and, for an
 * enhanced status code, its class and subject (RFC 3463 §3). Only what the digits say; the explain pane of the lab
 * goes further. Pure data.
 */

const CLASS: Readonly<Record<string, string>> = {
  '2': 'positive completion: done',
  '3': 'positive intermediate: go on, the server waits for more',
  '4': 'transient failure: not now, try again later',
  '5': 'permanent failure: not like this, do not repeat it unchanged',
}

const SECOND: Readonly<Record<string, string>> = {
  '0': 'syntax',
  '1': 'information',
  '2': 'the connection',
  '3': 'unspecified',
  '4': 'unspecified',
  '5': 'the mail system',
}

const ENHANCED_CLASS: Readonly<Record<string, string>> = { '2': 'success', '4': 'persistent transient failure', '5': 'permanent failure' }

const SUBJECT: Readonly<Record<string, string>> = {
  '0': 'other or undefined',
  '1': 'addressing',
  '2': 'mailbox',
  '3': 'mail system',
  '4': 'network and routing',
  '5': 'mail delivery protocol',
  '6': 'message content or media',
  '7': 'security or policy',
}

export interface CodeMeaning {
  readonly code: string
  readonly text: string
}

/** What the digits of a reply code and its enhanced code say. */
export function meaningOf(code: number, enhanced: string | null): CodeMeaning[] {
  const digits = String(code)
  const out: CodeMeaning[] = [{ code: digits, text: `${CLASS[digits[0] ?? ''] ?? 'not a reply class'}; about ${SECOND[digits[1] ?? ''] ?? '?'} (RFC 5321 §4.2)` }]
  if (enhanced) {
    const [cls = '', subject = ''] = enhanced.split('.')
    out.push({ code: enhanced, text: `${ENHANCED_CLASS[cls] ?? '?'}; subject: ${SUBJECT[subject] ?? '?'} (RFC 3463)` })
  }
  return out
}
