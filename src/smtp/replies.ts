/**
 * The reply catalogue: every reply the model can give, in one place.
 *
 * Each entry has the basic code (RFC 5321 §4.2), the enhanced status code (RFC 3463, null where RFC 2034 §3 says
 * none: greetings, HELO/EHLO, 3xx), the default text, a one-line meaning and the RFC section. The model, the
 * terminal, the explain pane and the tests all draw on it; nothing else spells out a reply.
 *
 * Texts follow Postfix's wording (test/fixtures/postfix-reference.md) where the RFC leaves the text free. `{name}` marks a parameter.
 */

export interface ReplySpec {
  readonly code: number
  readonly enhanced: string | null
  readonly text: string
  readonly meaning: string
  readonly rfc: string
}

const spec = (code: number, enhanced: string | null, text: string, meaning: string, rfc: string): ReplySpec => ({
  code,
  enhanced,
  text,
  meaning,
  rfc,
})

export const REPLIES = {
  // --- Connection opening and closing -------------------------------------------------------------------------
  greeting: spec(220, null, '{host} {banner}', 'Service ready: the server greets and waits for EHLO or HELO.', '5321 §4.2, §4.3.1'),
  quit: spec(221, '2.0.0', 'Bye', 'Service closing the channel: the session is over.', '5321 §4.1.1.10'),
  tooManyErrors: spec(421, '4.7.0', '{host} Error: too many errors', 'The client made too many mistakes; the server closes the channel.', '5321 §3.8, §4.2.2'),
  timeout: spec(421, '4.4.2', '{host} Error: timeout exceeded', 'The client was silent for longer than the server waits; the server closes the channel.', '5321 §4.5.3.2.7'),

  // --- HELO / EHLO ------------------------------------------------------------------------------------------------
  helo: spec(250, null, '{host}', 'Hello accepted: plain SMTP, no extensions listed.', '5321 §4.1.1.1'),
  ehlo: spec(250, null, '{host}', 'Hello accepted: the lines after the first list the service extensions.', '5321 §4.1.1.1'),
  heloSyntax: spec(501, null, 'Syntax: HELO hostname', 'HELO needs the client\'s domain name as its argument.', '5321 §4.1.1.1'),
  ehloSyntax: spec(501, null, 'Syntax: EHLO hostname', 'EHLO needs the client\'s domain name or address literal as its argument.', '5321 §4.1.1.1'),
  heloInvalid: spec(501, '5.5.2', '<{arg}>: Helo command rejected: Invalid name', 'The HELO/EHLO argument is not a domain name or address literal.', '5321 §4.1.1.1, §4.1.2'),

  // --- Sequence errors (5321 §4.1.4) --------------------------------------------------------------------------
  needHelo: spec(503, '5.5.1', 'Error: send HELO/EHLO first', 'A mail transaction cannot start before the client has said HELO or EHLO.', '5321 §4.1.4'),
  nestedMail: spec(503, '5.5.1', 'Error: nested MAIL command', 'A transaction is already open; finish it or send RSET before a new MAIL.', '5321 §4.1.4, §3.3'),
  needMail: spec(503, '5.5.1', 'Error: need MAIL command', 'RCPT and DATA need a MAIL FROM first.', '5321 §3.3, §4.1.4'),
  needRcpt: spec(503, '5.5.1', 'Error: need RCPT command', 'DATA needs at least one accepted RCPT TO.', '5321 §3.3, §4.1.4'),
  noValidRecipients: spec(554, '5.5.1', 'Error: no valid recipients', 'DATA was sent, but every RCPT TO had been refused.', '5321 §3.3, §4.1.1.4'),

  // --- MAIL / RCPT ----------------------------------------------------------------------------------------------
  senderOk: spec(250, '2.1.0', 'Ok', 'The envelope sender (reverse-path) is accepted.', '5321 §4.1.1.2'),
  recipientOk: spec(250, '2.1.5', 'Ok', 'The envelope recipient (forward-path) is accepted.', '5321 §4.1.1.3'),
  mailSyntax: spec(501, '5.5.4', 'Syntax: MAIL FROM:<address>', 'MAIL must be written MAIL FROM:<address>, with no space around the colon.', '5321 §4.1.1.2, §3.3'),
  rcptSyntax: spec(501, '5.5.4', 'Syntax: RCPT TO:<address>', 'RCPT must be written RCPT TO:<address>, with no space around the colon.', '5321 §4.1.1.3, §3.3'),
  badSender: spec(501, '5.1.7', 'Bad sender address syntax', 'The reverse-path is not a valid <local@domain> path.', '5321 §4.1.2; 3463 §3.2'),
  badRecipient: spec(501, '5.1.3', 'Bad recipient address syntax', 'The forward-path is not a valid <local@domain> path.', '5321 §4.1.2; 3463 §3.2'),
  pathTooLong: spec(501, '5.1.3', 'Error: path too long', 'A path longer than the server accepts (at least 256 octets must be accepted).', '5321 §4.5.3.1.3, §4.5.3.1.9'),
  userUnknown: spec(550, '5.1.1', '<{addr}>: Recipient address rejected: User unknown in local recipient table', 'No such mailbox here: the local part does not exist on this domain.', '5321 §4.2.2; 3463 §3.2'),
  relayDenied: spec(554, '5.7.1', '<{addr}>: Relay access denied', 'This server does not forward mail to other domains for this client.', '5321 §3.6.2, §7.1; 3463 §3.8'),
  nullMxRecipient: spec(556, '5.1.10', '<{addr}>: Recipient address rejected: Domain {domain} does not accept mail (nullMX)', 'The recipient\'s domain publishes a null MX ("MX 0 ."): it takes no mail at all, so the server refuses at once instead of bouncing later.', '7504 §3; 7505 §4.2'),
  senderNotOwned: spec(553, '5.7.1', '<{addr}>: Sender address rejected: not owned by user {user}', 'You are logged in, but the envelope sender is not one of your addresses: the server will not let one user send as another (Postfix\'s reject_sender_login_mismatch, checked at RCPT).', '5321 §4.2.2; 3463 §3.8'),
  tooManyRecipients: spec(452, '4.5.3', 'Error: too many recipients', 'The recipient limit for one message is reached; send the rest in another transaction.', '5321 §4.5.3.1.10'),
  unknownParameter: spec(555, '5.5.4', 'Unsupported option: {param}', 'A MAIL or RCPT parameter the server did not advertise or does not know.', '5321 §4.1.1.11'),
  badParameter: spec(501, '5.5.4', 'Bad {param} parameter syntax', 'A known MAIL or RCPT parameter with a value of the wrong form.', '5321 §4.1.1.11; 1870 §3; 6152 §2'),
  sizeExceeded: spec(552, '5.3.4', 'Message size exceeds fixed limit', 'The declared SIZE is larger than the server accepts.', '1870 §6.1; 3463 §3.4'),
  badSize: spec(501, '5.5.4', 'Bad message size syntax', 'SIZE= takes a number of octets.', '1870 §3'),
  sizeExceedsFileSystem: spec(552, '5.3.4', 'Message size exceeds file system imposed limit', 'The declared SIZE is larger than any file can be (more than 2^63 - 1 octets).', '1870 §6.1; 3463 §3.4'),
  messageTooBig: spec(552, '5.3.4', 'Error: message file too big', 'The message turned out larger than the server accepts; nothing is delivered.', '1870 §6.3; 5321 §4.5.3.1.7'),

  // --- DATA -------------------------------------------------------------------------------------------------------
  startData: spec(354, null, 'End data with <CR><LF>.<CR><LF>', 'Go ahead: send the message, then a line holding only a dot.', '5321 §4.1.1.4, §3.3'),
  queued: spec(250, '2.0.0', 'Ok: queued as {id}', 'The server has taken responsibility for the message: delivered or bounced, never lost.', '5321 §4.1.1.4, §4.2.5, §6.1'),
  dataSyntax: spec(501, '5.5.4', 'Syntax: DATA', 'DATA takes no argument.', '5321 §4.1.1.4, §4.1.1'),
  textLineTooLong: spec(500, '5.5.2', 'Error: message line longer than {limit} octets', 'A line of the message was longer than this server accepts; the whole message is refused.', '5321 §4.5.3.1.6, §4.5.3.1.9'),
  bareLineEnding: spec(500, '5.5.2', 'Error: bare <LF> received', 'The command ended in a lone LF; this server accepts only CR LF as a line ending.', '5321 §2.3.8'),
  bareLineEndingInMessage: spec(554, '5.6.0', 'Error: bare <{kind}> in message content', 'The message had a lone LF or CR; this server accepts only CR LF, and refuses the whole message.', '5321 §2.3.8, §4.1.1.4'),

  tooManyHops: spec(554, '5.4.0', 'Error: too many hops', 'The message already carries so many Received: lines that it must be looping.', '5321 §6.3; 3463 §3.5'),

  // --- The TCP bridge's connection layer (src/node): what it says when it, not the session, must end a session ---
  internalError: spec(421, '4.3.0', '{host} Error: internal error, closing connection', 'The server hit a fault of its own while serving this client; it closes the channel, and other clients go on. Try again later.', '5321 §3.8, §4.2.2; 3463 §3.4'),
  tooManyConnections: spec(421, '4.7.0', '{host} Error: too many connections', 'The server already serves as many clients as it allows; try again later.', '5321 §3.8, §4.2.2'),

  // --- Scripted faults of the simulated world (a lesson switches them on; never random) ------------------------
  serviceUnavailable: spec(421, '4.3.2', '{host} Service not available, closing transmission channel', 'The server is shutting down or overloaded and closes the channel; try again later.', '5321 §3.8, §4.2.2'),
  greylisted: spec(450, '4.2.0', '<{addr}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/{domain}.html', 'Greylisting: this server does not know the (client, sender, recipient) triple yet and asks to try again later; a real MTA retries and gets in, a one-shot spam sender does not.', '5321 §4.2.1, §4.5.4.1; Postgrey'),
  dmarcReject: spec(550, '5.7.1', 'rejected by DMARC policy for {domain}', 'The From: domain publishes a DMARC policy of p=reject, and this message passed neither SPF nor DKIM for a domain aligned with it.', '7489 §6.3, §6.6.2'),
  mailboxBusy: spec(450, '4.2.1', '<{addr}>: Recipient address rejected: Mailbox temporarily unavailable', 'The mailbox cannot take mail right now; the sender\'s server will retry.', '5321 §4.2.2; 3463 §3.3'),
  insufficientStorage: spec(452, '4.3.1', 'Insufficient system storage', 'The server is short of space for now; try again later.', '5321 §4.2.2; 3463 §3.4'),
  localError: spec(451, '4.3.0', 'Error: queue file write error', 'A local problem on the server; the client keeps responsibility and retries.', '5321 §4.2.2, §4.2.5'),
  exceededStorage: spec(552, '5.2.2', 'Requested mail action aborted: exceeded storage allocation', 'The mailbox is full. RFC 3463 means X.2.2 as a persistent transient failure (the user can make room), but many servers, Postfix among them, send it as 5.2.2 and the message bounces.', '5321 §4.2.2; 3463 §3.3'),

  // --- ESMTP parameters: DSN (RFC 3461), SMTPUTF8 (RFC 6531) -------------------------------------------------
  badRet: spec(501, '5.5.4', 'Bad RET parameter syntax', 'RET takes FULL or HDRS.', '3461 §4.3'),
  badEnvid: spec(501, '5.5.4', 'Bad ENVID parameter syntax', 'ENVID takes an xtext of at most 100 characters.', '3461 §4.4'),
  badNotify: spec(501, '5.5.4', 'Error: Bad NOTIFY parameter syntax', 'NOTIFY takes NEVER, or a comma list of SUCCESS, FAILURE and DELAY.', '3461 §4.1'),
  badOrcpt: spec(501, '5.5.4', 'Error: Bad ORCPT parameter syntax', 'ORCPT takes addr-type;xtext, e.g. rfc822;bob@example.net.', '3461 §4.2'),
  badSmtputf8: spec(501, '5.5.4', 'Bad SMTPUTF8 parameter syntax', 'SMTPUTF8 takes no value.', '6531 §3.4'),
  nonAsciiSender: spec(550, '5.6.7', 'Error: non-ASCII sender address needs the SMTPUTF8 parameter', 'A UTF-8 address may only be used when MAIL carries SMTPUTF8.', '6531 §3.5'),
  nonAsciiRecipient: spec(553, '5.6.7', 'Error: non-ASCII recipient address needs the SMTPUTF8 parameter', 'A UTF-8 address may only be used when MAIL carried SMTPUTF8.', '6531 §3.5'),

  // --- STARTTLS (RFC 3207) and AUTH (RFC 4954) ------------------------------------------------------------------
  readyForTls: spec(220, '2.0.0', 'Ready to start TLS', 'Go ahead with the TLS handshake. Afterwards the session starts over: HELO, the transaction and any login are forgotten. Like Postfix, this server still takes MAIL or AUTH without a new EHLO, but the client must send EHLO again: only the reply over TLS says what is offered now (AUTH, for one), and what it learned in the clear may have been forged.', '3207 §4, §4.2'),
  startTlsSyntax: spec(501, '5.5.4', 'Syntax: STARTTLS', 'STARTTLS takes no argument.', '3207 §4'),
  tlsAlreadyActive: spec(554, '5.5.1', 'Error: TLS already active', 'The channel is already encrypted; STARTTLS cannot be used twice.', '3207 §4.2'),
  mustStartTls: spec(530, '5.7.0', 'Must issue a STARTTLS command first', 'This port wants an encrypted channel before anything else: send STARTTLS.', '3207 §4'),
  authRequired: spec(530, '5.7.0', 'Authentication required', 'The submission port takes mail only from authenticated users: send AUTH first.', '4954 §6; 6409 §4.3'),
  authChallenge: spec(334, null, '{challenge}', 'The server\'s SASL challenge (base64); answer with one base64 line, or * to cancel.', '4954 §4'),
  authOk: spec(235, '2.7.0', 'Authentication successful', 'You are logged in; on a submission port you may now send mail anywhere.', '4954 §6'),
  authFailed: spec(535, '5.7.8', 'Error: authentication failed: authentication failure', 'Wrong user name, password or token.', '4954 §6'),
  authAborted: spec(501, '5.7.0', 'Authentication aborted', 'The client answered * and so cancelled the exchange.', '4954 §4'),
  authBadBase64: spec(501, '5.5.2', 'Cannot decode response', 'Every line of a SASL exchange must be base64.', '4954 §4'),
  authUnknownMechanism: spec(504, '5.5.4', 'Unsupported authentication mechanism', 'This mechanism is not offered here (see the AUTH line of EHLO).', '4954 §4'),
  authAlready: spec(503, '5.5.1', 'Error: already authenticated', 'AUTH may succeed only once in a session.', '4954 §4'),
  authInTransaction: spec(503, '5.5.1', 'Error: MAIL transaction in progress', 'AUTH is not allowed inside a mail transaction.', '4954 §4'),
  authSyntax: spec(501, '5.5.4', 'Syntax: AUTH mechanism', 'AUTH needs the name of a SASL mechanism.', '4954 §4'),
  authLineTooLong: spec(500, '5.5.6', 'Authentication Exchange line is too long', 'A SASL line longer than 12288 octets.', '4954 §4, §6'),

  // --- CHUNKING (RFC 3030) and ETRN (RFC 1985) ------------------------------------------------------------------
  bdatSyntax: spec(521, '5.5.4', 'Syntax: BDAT count [LAST]', 'BDAT needs the exact number of octets that follow, and LAST on the final chunk; Postfix closes the session.', '3030 §2'),
  nullBdat: spec(551, '5.7.1', 'Null BDAT request', 'BDAT 0 without LAST carries nothing; Postfix refuses it and throws away the chunks after it up to LAST.', '3030 §2'),
  bdatDiscarded: spec(551, '5.0.0', 'Discarded {count} bytes after earlier error', 'An earlier chunk of this message failed: the server reads and throws away the chunks up to LAST (or RSET).', '3030 §2'),
  chunkTooBig: spec(552, '5.3.4', 'Chunk exceeds message size limit', 'With this chunk the message is larger than the server takes; the chunk was read and thrown away, and so are the next ones up to LAST.', '3030 §2; 1870 §6.3'),
  rcptAfterBdat: spec(503, '5.5.1', 'Error: RCPT after BDAT', 'Recipients come before the first chunk; once BDAT has begun the message, RCPT is out of order.', '3030 §2'),
  bdatChunk: spec(250, '2.0.0', 'Ok: {count} bytes', 'The chunk arrived; send the next one, or BDAT n LAST.', '3030 §2'),
  bdatQueued: spec(250, '2.0.0', 'Ok: {count} bytes queued as {id}', 'The last chunk arrived; the server has taken responsibility for the message.', '3030 §2; 5321 §4.2.5'),
  dataAfterBdat: spec(503, '5.5.1', 'Error: DATA after BDAT', 'DATA and BDAT cannot be mixed in one transaction.', '3030 §2'),
  etrnSyntax: spec(500, null, 'Syntax: ETRN domain', 'ETRN names the domain whose queued mail should be sent on.', '1985 §5'),
  etrnInTransaction: spec(503, null, 'Error: MAIL transaction in progress', 'ETRN is not allowed inside a mail transaction.', '1985 §5'),
  etrnInvalid: spec(501, null, 'Error: invalid parameter syntax', 'ETRN names a domain: letters, digits, hyphens (Postfix also takes underscores), no trailing dot.', '1985 §5'),
  etrnUnavailable: spec(459, null, '<{domain}>: service unavailable', 'This server keeps no queue to flush for that domain.', '1985 §5'),

  // --- RSET, NOOP, QUIT -----------------------------------------------------------------------------------------
  resetOk: spec(250, '2.0.0', 'Ok', 'The transaction is aborted; the session stays open.', '5321 §4.1.1.5'),
  resetSyntax: spec(501, '5.5.4', 'Syntax: RSET', 'RSET takes no argument.', '5321 §4.1.1.5, §4.1.1'),
  noop: spec(250, '2.0.0', 'Ok', 'NOOP does nothing but prove the server is listening.', '5321 §4.1.1.9'),
  quitSyntax: spec(501, '5.5.4', 'Syntax: QUIT', 'QUIT takes no argument.', '5321 §4.1.1.10, §4.1.1'),

  // --- VRFY, EXPN, HELP -------------------------------------------------------------------------------------------
  vrfySyntax: spec(501, '5.5.4', 'Syntax: VRFY address [SMTPUTF8]', 'VRFY needs a user name or an address.', '5321 §4.1.1.6'),
  vrfyAmbiguous: spec(553, '5.1.4', '<{arg}>: ambiguous', 'More than one mailbox matches.', '5321 §3.5.1'),
  vrfyWillTry: spec(252, '2.0.0', '{arg}', 'Cannot verify for sure, but the server would accept mail for it and try to deliver.', '5321 §3.5.3, §7.3'),
  vrfyOk: spec(250, '2.1.5', '<{arg}>', 'The user exists: RFC 821 servers said so plainly, which helped address harvesters.', '821 §3.3; 5321 §7.3'),
  vrfyDisabled: spec(502, '5.5.1', 'VRFY command is disabled', 'This server does not answer VRFY, so addresses cannot be harvested.', '5321 §3.5.3, §7.3'),
  expnSyntax: spec(501, '5.5.4', 'Syntax: EXPN list', 'EXPN needs the name of an alias or a mailing list.', '5321 §4.1.1.7'),
  expnMember: spec(250, '2.1.5', '{member}', 'EXPN lists the mailboxes an alias or mailing list stands for, one per line.', '5321 §3.5.2'),
  expnNotList: spec(550, '5.1.1', '<{arg}>: not a mailing list or alias', 'EXPN works on aliases and lists; this name is neither.', '5321 §3.5.4, §4.1.1.7'),
  helpNotImplemented: spec(500, '5.5.2', 'Error: command not recognized', 'Postfix does not implement HELP; RFC 5321 §4.1.1.8 says a server SHOULD answer it (with 211 or 214) even without an argument. Postfix treats it as an unknown command; the rfc personality answers it.', '5321 §4.1.1.8, §4.2.4'),
  expnNotImplemented: spec(500, '5.5.2', 'Error: command not recognized', 'Postfix does not implement EXPN; RFC 5321 §4.1.1.7 says it asks for the members of a mailing list. §4.5.1 does not require it, and sites often leave it out, since it shows spammers who is on a list (§7.3). The rfc personality answers it.', '5321 §4.1.1.7, §3.5.2'),
  help: spec(214, '2.0.0', '{text}', 'Help text for people; programs should not parse it.', '5321 §4.1.1.8'),
  helpUnknownTopic: spec(504, '5.5.1', 'HELP topic not known: {arg}', 'HELP knows the SMTP verbs only.', '5321 §4.1.1.8'),

  // --- Unknown and unimplemented commands ---------------------------------------------------------------------
  unrecognized: spec(500, '5.5.2', 'Error: command not recognized', 'The server does not know this command.', '5321 §4.2.4'),
  badSyntax: spec(500, '5.5.2', 'Error: bad syntax', 'An empty line or a line that is not a command.', '5321 §4.2.4'),
  notImplemented: spec(502, '5.5.1', 'Error: command not implemented', 'The server knows this command but does not implement it.', '5321 §4.2.4'),
  authNotEnabled: spec(503, '5.5.1', 'Error: authentication not enabled', 'This port does not offer AUTH (it was not in the EHLO list).', '4954 §4; 5321 §4.1.4'),
  messageTextAsCommand: spec(221, '2.7.0', 'Error: I can break rules, too. Goodbye.', 'The client sent message text (a header, a dot line) as a command; Postfix hangs up on such clients.', '5321 §3.3; 2920 §3.1'),
  forbiddenCommand: spec(221, '2.7.0', 'Error: I can break rules, too. Goodbye.', 'The line is not SMTP at all: a web request (CONNECT, GET, POST) or a line that does not start with a letter. Postfix (smtpd_forbidden_commands) hangs up on such clients.', '5321 §4.1.1; RFC 2920 §3.1'),
  badUtf8: spec(500, '5.5.2', 'Error: bad UTF-8 syntax', 'The command line has octets that are not valid UTF-8; Postfix (smtputf8_enable) checks this before anything else.', '6531 §3.3; 5321 §2.4'),
  lineTooLong: spec(500, '5.5.2', 'Error: line too long', 'The command line is longer than the server accepts (it must accept 512 octets).', '5321 §4.5.3.1.4, §4.5.3.1.9'),
  invalidCharacter: spec(500, '5.5.2', 'Error: invalid character in command', 'Commands are ASCII; octets ≥ 128 or control characters are not allowed here.', '5321 §2.4, §4.1.2'),

  // --- History mode, RFC 821 (1982): terminal delivery, TURN, forwarding --------------------------------------------
  notLoggedIn: spec(450, '4.2.1', '<{addr}>: Recipient is not logged in', 'SEND writes to the user\'s terminal, and this user has no terminal session on the host now.', '821 §4.1.1 (SEND)'),
  turnRefused: spec(502, '5.5.1', 'Error: command not implemented', 'TURN would let any client that claims a name receive that host\'s mail: refused, as most servers did (RFC 5321 App. F.1).', '821 §4.1.1 (TURN); 5321 App. F.1'),
  forwarded: spec(251, '2.1.5', 'User not local; will forward to <{addr}>', 'The server takes the recipient and will send the message on to another host.', '821 §3.4; 5321 §3.4'),
} as const satisfies Record<string, ReplySpec>

export type ReplyKey = keyof typeof REPLIES

/**
 * RFC 821's wording (§4.2.1 and the examples of its Appendix F), for the `rfc821` personality. A reply without an
 * entry here takes the text RFC 821 §4.2.1 gives its code. There were no enhanced status codes in 1982.
 */
const RFC821_TEXTS: Partial<Record<ReplyKey, string>> = {
  greeting: '{host} Simple Mail Transfer Service Ready',
  quit: '{host} Service closing transmission channel',
  helo: '{host}',
  senderOk: 'OK',
  recipientOk: 'OK',
  queued: 'OK',
  resetOk: 'OK',
  noop: 'OK',
  startData: 'Start mail input; end with <CRLF>.<CRLF>',
  userUnknown: 'No such user here',
  vrfyOk: '<{arg}>',
  expnNotList: 'String does not match anything.',
  notLoggedIn: 'User not active now',
  turnRefused: 'Command not implemented',
  forwarded: 'User not local; will forward to <{addr}>',
  timeout: '{host} Service not available, closing transmission channel',
  tooManyErrors: '{host} Service not available, closing transmission channel',
  serviceUnavailable: '{host} Service not available, closing transmission channel',
}

/** RFC 821 §4.2.1: the text of each reply code. */
const RFC821_BY_CODE: Readonly<Record<number, string>> = {
  211: 'System status, or system help reply',
  214: 'Help message',
  250: 'Requested mail action okay, completed',
  251: 'User not local; will forward to <forward-path>',
  354: 'Start mail input; end with <CRLF>.<CRLF>',
  421: '{host} Service not available, closing transmission channel',
  450: 'Requested mail action not taken: mailbox unavailable',
  451: 'Requested action aborted: local error in processing',
  452: 'Requested action not taken: insufficient system storage',
  500: 'Syntax error, command unrecognized',
  501: 'Syntax error in parameters or arguments',
  502: 'Command not implemented',
  503: 'Bad sequence of commands',
  504: 'Command parameter not implemented',
  550: 'Requested action not taken: mailbox unavailable',
  551: 'User not local; please try <forward-path>',
  552: 'Requested mail action aborted: exceeded storage allocation',
  553: 'Requested action not taken: mailbox name not allowed',
  554: 'Transaction failed',
}

/** Whose words a reply is in: Postfix's (the default) or RFC 821's (history mode). */
export type Wording = 'postfix' | 'rfc821'

/** A reply as the model gives it: one catalogue entry, filled in. Multi-line replies have several lines. */
export interface Reply {
  readonly key: ReplyKey
  readonly code: number
  readonly enhanced: string | null
  readonly lines: readonly string[]
}

/** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including the code and CRLF. */
export const MAX_REPLY_LINE = 512

/** Text echoed from the client may hold anything; a reply must stay printable ASCII (5321 §4.2). */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?')
}

function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : printable(String(value))
  })
}

/** Keep a line within MAX_REPLY_LINE once code, separator, enhanced code and CRLF are added. */
function clip(line: string, enhanced: string | null): string {
  const room = MAX_REPLY_LINE - 4 - (enhanced ? enhanced.length + 1 : 0) - 2
  return line.length <= room ? line : line.slice(0, room - 3) + '...'
}

/** Build a one-line reply from the catalogue, in Postfix's words or RFC 821's (no enhanced code then). */
export function reply(key: ReplyKey, params: Readonly<Record<string, string | number>> = {}, wording: Wording = 'postfix'): Reply {
  const s: ReplySpec = REPLIES[key]
  if (wording === 'rfc821') {
    const text = RFC821_TEXTS[key] ?? RFC821_BY_CODE[s.code] ?? s.text
    return { key, code: s.code, enhanced: null, lines: [clip(fill(text, params), null)] }
  }
  return { key, code: s.code, enhanced: s.enhanced, lines: [clip(fill(s.text, params), s.enhanced)] }
}

/** Build a multi-line reply: the entry's code and enhanced code on every line (RFC 2034 §3). */
export function replyLines(key: ReplyKey, lines: readonly string[]): Reply {
  const s: ReplySpec = REPLIES[key]
  const filled = lines.length > 0 ? lines : ['']
  return { key, code: s.code, enhanced: s.enhanced, lines: filled.map((l) => clip(printable(l), s.enhanced)) }
}

/**
 * The reply on the wire: `code-text` on every line but the last, `code SP text` on the last (5321 §4.2.1),
 * the enhanced code at the start of each line's text when there is one (2034 §3).
 */
export function formatReply(r: Reply): string {
  return wireLines(r).map((line) => line + '\r\n').join('')
}

/** The reply's lines exactly as on the wire, without their CRLFs: what the terminal, the explain pane and replays show. */
export function wireLines(r: Reply): string[] {
  const last = r.lines.length - 1
  return r.lines.map((line, i) => {
    const text = r.enhanced ? (line ? `${r.enhanced} ${line}` : r.enhanced) : line
    return `${r.code}${i < last ? '-' : ' '}${text}` // "334 " keeps its space (RFC 4954 §4)
  })
}

/** The catalogue entry behind a reply: meaning and RFC section for the explain pane. */
export function describe(key: ReplyKey): ReplySpec {
  return REPLIES[key]
}
