/**
 * Facts about SMTP verbs that are data, not behaviour: HELP texts (5321 §4.1.1.8) and the verbs that are known to
 * the protocol but not offered here, which get 502 rather than 500 (5321 §4.2.4).
 */

/** One line of HELP per command, with the syntax from RFC 5321 §4.1.1. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  HELO: 'HELO <domain> - say hello, plain SMTP (RFC 5321 4.1.1.1)',
  EHLO: 'EHLO <domain> - say hello and ask for the extensions (RFC 5321 4.1.1.1)',
  MAIL: 'MAIL FROM:<reverse-path> [parameters] - start a transaction (RFC 5321 4.1.1.2)',
  RCPT: 'RCPT TO:<forward-path> [parameters] - add a recipient (RFC 5321 4.1.1.3)',
  DATA: 'DATA - send the message, end it with a line holding only "." (RFC 5321 4.1.1.4)',
  RSET: 'RSET - abort the transaction (RFC 5321 4.1.1.5)',
  VRFY: 'VRFY <user> - ask whether a user exists (RFC 5321 4.1.1.6)',
  EXPN: 'EXPN <list> - list the members of a mailing list or alias (RFC 5321 4.1.1.7)',
  HELP: 'HELP [command] - this help (RFC 5321 4.1.1.8)',
  NOOP: 'NOOP - do nothing, answer 250 (RFC 5321 4.1.1.9)',
  QUIT: 'QUIT - close the session (RFC 5321 4.1.1.10)',
}

/**
 * Extension verbs this server knows of but does not implement: answered 502 5.5.1 (as Postfix answers STARTTLS on a
 * port without TLS; the STARTTLS handler does that itself). RFC 821's SEND, SOML, SAML and TURN are gone from RFC 5321 (App F.4, F.6): like Postfix,
 * the model does not recognise them (500).
 */
export const RECOGNIZED_UNIMPLEMENTED: ReadonlySet<string> = new Set([
  'ATRN', // RFC 2645, on-demand relay
  'BURL', // RFC 4468
])

/** Commands that count as junk when repeated without a transaction (Postfix's smtpd_junk_command_limit). */
export const JUNK_COMMANDS: ReadonlySet<string> = new Set(['NOOP', 'RSET', 'VRFY', 'ETRN'])
