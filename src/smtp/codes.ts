/**
 * What reply codes mean, as data for explanations: the basic three-digit codes (RFC 5321 §4.2, with the codes that
 * later RFCs added) and the enhanced status codes (RFC 3463: class.subject.detail, with later registrations).
 *
 * The one home of this knowledge: the explain pane, the terminal's F1, the lesson pane's code box and the
 * inspector's DSN view all read it. It only EXPLAINS codes; which code a reply carries is the catalogue's business
 * (replies.ts). Pure data and lookups.
 */

export interface Meaning {
  readonly text: string
  /** Where it is defined, in the catalogue's notation: "5321 §4.2.2". */
  readonly rfc: string
}

/** A class or subject: also a name in a few words, and (classes) what a client should do about it. */
export interface NamedMeaning extends Meaning {
  readonly name: string
  readonly hint?: string
}

const m = (text: string, rfc: string): Meaning => ({ text, rfc })
const named = (name: string, text: string, rfc: string, hint?: string): NamedMeaning => (hint === undefined ? { name, text, rfc } : { name, text, rfc, hint })

/** First digit of a basic reply code (RFC 5321 §4.2.1). */
export const REPLY_CLASS: Readonly<Record<string, NamedMeaning>> = {
  '2': named('positive completion', 'Positive completion: the action is done.', '5321 §4.2.1', 'done'),
  '3': named('positive intermediate', 'Positive intermediate: go on, the server waits for more (the message, or the next step of a login).', '5321 §4.2.1', 'go on, the server waits for more'),
  '4': named('transient negative', 'Transient negative: not now; the same command may work later, so a client retries.', '5321 §4.2.1', 'not now, try again later'),
  '5': named('permanent negative', 'Permanent negative: this will not work as sent; do not repeat it unchanged.', '5321 §4.2.1', 'not like this, do not repeat it unchanged'),
}

/** Second digit of a basic reply code (RFC 5321 §4.2.1). */
export const REPLY_CATEGORY: Readonly<Record<string, string>> = {
  '0': 'syntax',
  '1': 'information',
  '2': 'connections',
  '3': 'unspecified',
  '4': 'unspecified',
  '5': 'the mail system',
}

/** Basic reply codes (RFC 5321 §4.2.2–4.2.3, and the RFCs named). */
export const BASIC_CODES: Readonly<Record<number, Meaning>> = {
  211: m('System status, or system help reply.', '5321 §4.2.2'),
  214: m('Help message, for a human reader.', '5321 §4.2.2'),
  220: m('Service ready.', '5321 §4.2.2'),
  221: m('Service closing transmission channel.', '5321 §4.2.2'),
  235: m('Authentication succeeded.', '4954 §6'),
  250: m('Requested mail action okay, completed.', '5321 §4.2.2'),
  251: m('User not local; will forward.', '5321 §4.2.2'),
  252: m('Cannot verify the user, but will accept the message and attempt delivery.', '5321 §4.2.2'),
  334: m('Server challenge: continue the authentication exchange.', '4954 §4'),
  354: m('Start mail input; end with <CRLF>.<CRLF>.', '5321 §4.2.2'),
  421: m('Service not available, closing transmission channel.', '5321 §4.2.2'),
  432: m('A password transition is needed.', '4954 §6'),
  450: m('Requested mail action not taken: mailbox unavailable (busy or blocked for now).', '5321 §4.2.2'),
  451: m('Requested action aborted: local error in processing.', '5321 §4.2.2'),
  452: m('Requested action not taken: insufficient system storage.', '5321 §4.2.2'),
  454: m('Temporary authentication failure, or TLS not available for now.', '4954 §6'),
  455: m('Server unable to accommodate the parameters.', '5321 §4.2.2'),
  459: m('ETRN: the node may not flush its queue.', '1985 §5'),
  500: m('Syntax error, command unrecognized (also: command line too long).', '5321 §4.2.2'),
  501: m('Syntax error in parameters or arguments.', '5321 §4.2.2'),
  502: m('Command not implemented.', '5321 §4.2.2'),
  503: m('Bad sequence of commands.', '5321 §4.2.2'),
  504: m('Command parameter not implemented.', '5321 §4.2.2'),
  521: m('Server does not accept mail (Postfix also ends a broken BDAT with it).', '7504 §3'),
  530: m('Authentication required (or, with 5.7.0, encryption first).', '4954 §6'),
  534: m('Authentication mechanism is too weak.', '4954 §6'),
  535: m('Authentication credentials invalid.', '4954 §6'),
  538: m('Encryption required for the requested authentication mechanism.', '4954 §6'),
  550: m('Requested action not taken: mailbox unavailable (not found, no access, or refused by policy).', '5321 §4.2.2'),
  551: m('User not local; please try another path.', '5321 §4.2.2'),
  552: m('Requested mail action aborted: exceeded storage allocation.', '5321 §4.2.2'),
  553: m('Requested action not taken: mailbox name not allowed.', '5321 §4.2.2'),
  554: m('Transaction failed (or, as a greeting, no SMTP service here).', '5321 §4.2.2'),
  555: m('MAIL FROM/RCPT TO parameters not recognized or not implemented.', '5321 §4.2.2'),
  556: m('Domain does not accept mail (it publishes a null MX).', '7504 §3'),
}

/** Enhanced status code classes (RFC 3463 §3.1). */
export const ENHANCED_CLASS: Readonly<Record<string, NamedMeaning>> = {
  '2': named('success', 'Success.', '3463 §3.1'),
  '4': named('persistent transient failure', 'Persistent transient failure: the message is fine, but something is in the way for now; try again later.', '3463 §3.1', 'may work later'),
  '5': named('permanent failure', 'Permanent failure: sending it again in the same form will not work.', '3463 §3.1', 'retrying will not help'),
}

/** Enhanced status code subjects (RFC 3463 §4). */
export const ENHANCED_SUBJECT: Readonly<Record<string, NamedMeaning>> = {
  '0': named('other or undefined', 'Other or undefined status.', '3463 §4'),
  '1': named('addressing', 'Addressing status: something about the sender or a recipient address.', '3463 §3.2'),
  '2': named('mailbox', 'Mailbox status: the recipient mailbox exists, but something about it.', '3463 §3.3'),
  '3': named('mail system', 'Mail system status: the receiving system itself.', '3463 §3.4'),
  '4': named('network and routing', 'Network and routing status.', '3463 §3.5'),
  '5': named('mail delivery protocol', 'Mail delivery protocol status: the SMTP conversation.', '3463 §3.6'),
  '6': named('message content or media', 'Message content or media status.', '3463 §3.7'),
  '7': named('security or policy', 'Security or policy status.', '3463 §3.8'),
}

/** Subject.detail meanings (RFC 3463 §3.2–3.8, and later registrations where named). */
export const ENHANCED_DETAIL: Readonly<Record<string, Meaning>> = {
  '0.0': m('Other undefined status.', '3463 §3.1'),
  '1.0': m('Other address status.', '3463 §3.2'),
  '1.1': m('Bad destination mailbox address: no such user there.', '3463 §3.2'),
  '1.2': m('Bad destination system address: no such domain, or it does not accept mail.', '3463 §3.2'),
  '1.3': m('Bad destination mailbox address syntax.', '3463 §3.2'),
  '1.4': m('Destination mailbox address ambiguous.', '3463 §3.2'),
  '1.5': m('Destination address valid.', '3463 §3.2'),
  '1.6': m('Destination mailbox has moved, no forwarding address.', '3463 §3.2'),
  '1.7': m("Bad sender's mailbox address syntax.", '3463 §3.2'),
  '1.8': m("Bad sender's system address.", '3463 §3.2'),
  '1.10': m('Recipient address has a null MX.', '7505 §4.2'),
  '2.0': m('Other or undefined mailbox status.', '3463 §3.3'),
  '2.1': m('Mailbox disabled, not accepting messages.', '3463 §3.3'),
  '2.2': m('Mailbox full.', '3463 §3.3'),
  '2.3': m('Message length exceeds administrative limit.', '3463 §3.3'),
  '2.4': m('Mailing list expansion problem.', '3463 §3.3'),
  '3.0': m('Other or undefined mail system status.', '3463 §3.4'),
  '3.1': m('Mail system full.', '3463 §3.4'),
  '3.2': m('System not accepting network messages.', '3463 §3.4'),
  '3.3': m('System not capable of selected features.', '3463 §3.4'),
  '3.4': m('Message too big for system.', '3463 §3.4'),
  '3.5': m('System incorrectly configured.', '3463 §3.4'),
  '4.0': m('Other or undefined network or routing status.', '3463 §3.5'),
  '4.1': m('No answer from host.', '3463 §3.5'),
  '4.2': m('Bad connection.', '3463 §3.5'),
  '4.3': m('Directory server failure (e.g. DNS).', '3463 §3.5'),
  '4.4': m('Unable to route: no next hop could be found (no MX or A record for the domain).', '3463 §3.5'),
  '4.5': m('Mail system congestion.', '3463 §3.5'),
  '4.6': m('Routing loop detected.', '3463 §3.5'),
  '4.7': m('Delivery time expired: the queue lifetime ran out.', '3463 §3.5'),
  '5.0': m('Other or undefined protocol status.', '3463 §3.6'),
  '5.1': m('Invalid command: not allowed here or now.', '3463 §3.6'),
  '5.2': m('Syntax error: the command could not be understood.', '3463 §3.6'),
  '5.3': m('Too many recipients.', '3463 §3.6'),
  '5.4': m('Invalid command arguments.', '3463 §3.6'),
  '5.5': m('Wrong protocol version.', '3463 §3.6'),
  '5.6': m('Authentication exchange line is too long.', '4954 §6'),
  '6.0': m('Other or undefined media error.', '3463 §3.7'),
  '6.1': m('Media not supported.', '3463 §3.7'),
  '6.2': m('Conversion required and prohibited.', '3463 §3.7'),
  '6.3': m('Conversion required but not supported.', '3463 §3.7'),
  '6.4': m('Conversion with loss performed.', '3463 §3.7'),
  '6.5': m('Conversion failed.', '3463 §3.7'),
  '6.7': m('Non-ASCII addresses not permitted for that sender or recipient.', '6531 §3.5'),
  '6.8': m('UTF-8 string reply is required, but not permitted by the client.', '6531 §3.7.4.2'),
  '7.0': m('Other or undefined security status.', '3463 §3.8'),
  '7.1': m('Delivery not authorized, message refused (e.g. relaying denied).', '3463 §3.8'),
  '7.2': m('Mailing list expansion prohibited.', '3463 §3.8'),
  '7.3': m('Security conversion required but not possible.', '3463 §3.8'),
  '7.4': m('Security features not supported.', '3463 §3.8'),
  '7.5': m('Cryptographic failure.', '3463 §3.8'),
  '7.6': m('Cryptographic algorithm not supported.', '3463 §3.8'),
  '7.7': m('Message integrity failure.', '3463 §3.8'),
  '7.8': m('Authentication credentials invalid.', '4954 §6'),
  '7.9': m('Authentication mechanism is too weak.', '4954 §6'),
  '7.10': m('Encryption needed.', '5248 §2.4'),
  '7.11': m('Encryption required for the requested authentication mechanism.', '4954 §6'),
  '7.12': m('A password transition is needed.', '4954 §6'),
}

export interface BasicExplanation {
  readonly code: number
  readonly class: NamedMeaning | null
  readonly category: string | null
  readonly meaning: Meaning | null
}

export function explainBasic(code: number): BasicExplanation {
  const digits = String(code)
  return {
    code,
    class: REPLY_CLASS[digits[0] ?? ''] ?? null,
    category: REPLY_CATEGORY[digits[1] ?? ''] ?? null,
    meaning: BASIC_CODES[code] ?? null,
  }
}

export interface EnhancedExplanation {
  readonly code: string
  readonly class: NamedMeaning | null
  readonly subject: NamedMeaning | null
  readonly detail: Meaning | null
}

/** The parts of an enhanced status code like "5.1.1"; null when it is not one (RFC 3463 §2 syntax). */
export function explainEnhanced(code: string): EnhancedExplanation | null {
  const parts = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(code.trim())
  if (!parts) return null
  const [, cls = '', subject = '', detail = ''] = parts
  return {
    code: code.trim(),
    class: ENHANCED_CLASS[cls] ?? null,
    subject: ENHANCED_SUBJECT[subject] ?? null,
    detail: ENHANCED_DETAIL[`${subject}.${detail}`] ?? null,
  }
}

/** A meaning's text as a phrase inside a sentence: "No answer from host." → "no answer from host". */
export function phrase(meaning: Meaning): string {
  return meaning.text.charAt(0).toLowerCase() + meaning.text.slice(1).replace(/\.$/, '')
}

export interface CodeGist {
  readonly code: string
  readonly text: string
}

/** What the digits of a reply code and its enhanced code say, in a line each: for a small box beside a reply. */
export function gistOf(code: number, enhanced: string | null): CodeGist[] {
  const basic = explainBasic(code)
  const cls = basic.class ? `${basic.class.name}: ${basic.class.hint}` : 'not a reply class'
  const out: CodeGist[] = [{ code: String(code), text: `${cls}; about ${basic.category ?? '?'} (RFC 5321 §4.2)` }]
  const e = enhanced ? explainEnhanced(enhanced) : null
  if (enhanced) out.push({ code: enhanced, text: `${e?.class?.name ?? '?'}; subject: ${e?.subject?.name ?? '?'} (RFC 3463)` })
  return out
}

/** An RFC 3463 status, as a DSN's Status: field carries it, in one sentence. */
export function explainStatus(code: string): string {
  const e = explainEnhanced(code)
  if (!e?.class) return 'Not an RFC 3463 status code (class.subject.detail).'
  const [, subject] = e.code.split('.')
  const detail = e.detail ?? ENHANCED_DETAIL[`${subject}.0`]
  const name = e.class.name.charAt(0).toUpperCase() + e.class.name.slice(1)
  return `${name}${e.class.hint ? ` (${e.class.hint})` : ''}: ${detail ? phrase(detail) : 'unknown subject'} (RFC 3463).`
}
