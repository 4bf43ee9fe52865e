/**
 * The course's glossary: the words a newcomer meets in the lessons, each in a sentence or two, with the lessons that
 * teach it. Lesson text links a term as `[envelope](#/lessons/glossary/envelope)`; the glossary page is
 * `#/lessons/glossary` (src/ui/lessons/Glossary.svelte), and the course search covers it (search.ts).
 * Definitions are plain lesson Markdown (inline: `code`, **strong**, links).
 */

export interface GlossaryEntry {
  /** Used in links: `#/lessons/glossary/<id>`. */
  readonly id: string
  readonly term: string
  /** Other names a learner may search for (abbreviations spelt out, the command that carries it…). */
  readonly also?: readonly string[]
  readonly definition: string
  /** Ids of the lessons that teach it, most basic first. */
  readonly lessons: readonly string[]
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    id: 'alias',
    term: 'alias',
    definition: 'A local address that stands for one or more others: mail to `info@example.com` goes to alice and bob. The envelope sender stays as it was.',
    lessons: ['aliases-lists-vrfy-expn', 'one-failing-member'],
  },
  {
    id: 'bounce',
    term: 'bounce',
    also: ['non-delivery notification', 'NDR'],
    definition: 'The message a server sends back to the envelope sender when it cannot deliver: a **DSN** saying which recipient failed and why. It goes to `MAIL FROM`, never to `From:`.',
    lessons: ['bounces', 'temporary-and-permanent-failures'],
  },
  {
    id: 'dkim',
    term: 'DKIM',
    also: ['DomainKeys Identified Mail', 'DKIM-Signature'],
    definition: 'A signature a sending domain puts over chosen header fields and the body (RFC 6376); a receiver checks it with a key published in DNS. It survives forwarding, not a change to the signed text.',
    lessons: ['dkim-lists-and-dmarc', 'spf-and-forwarding'],
  },
  {
    id: 'dmarc',
    term: 'DMARC',
    definition: 'A policy a domain publishes (RFC 7489): mail claiming to be `From:` it must pass SPF or DKIM for the same domain, or the receiver should quarantine or reject it.',
    lessons: ['spoofing-and-spf', 'dkim-lists-and-dmarc'],
  },
  {
    id: 'dot-stuffing',
    term: 'dot-stuffing',
    also: ['dot transparency'],
    definition: 'A client doubles a dot at the start of a line of the message, and the server removes one, so that a line holding only a dot can end the data.',
    lessons: ['dot-transparency'],
  },
  {
    id: 'dsn',
    term: 'DSN',
    also: ['delivery status notification'],
    definition: 'A machine-readable report on a delivery (RFC 3464): `Final-Recipient`, `Action: failed` or `delayed`, `Status: 5.1.1`. A bounce is a DSN.',
    lessons: ['bounces', 'temporary-and-permanent-failures'],
  },
  {
    id: 'ehlo',
    term: 'EHLO',
    also: ['ESMTP', 'extension', 'HELO'],
    definition: 'The greeting of extended SMTP: the server answers with the extensions it offers, one per line (SIZE, STARTTLS, AUTH…). The older HELO offers none.',
    lessons: ['ehlo-multiline', 'smtp-in-1982'],
  },
  {
    id: 'enhanced-status-code',
    term: 'enhanced status code',
    definition: 'The `class.subject.detail` code after the three digits, such as `5.1.1` "bad destination mailbox" (RFC 3463): finer than the reply code, the same for every server.',
    lessons: ['reply-codes', 'the-third-digit'],
  },
  {
    id: 'envelope',
    term: 'envelope',
    also: ['MAIL FROM', 'RCPT TO', 'reverse-path', 'forward-path'],
    definition: 'What a server is told outside the message: the sender in `MAIL FROM` (where problems are reported) and the recipients in `RCPT TO`. Servers route by the envelope, never by `To:`.',
    lessons: ['how-email-moves', 'envelope-vs-headers'],
  },
  {
    id: 'forwarding',
    term: 'forwarding',
    also: ['SRS', '.forward'],
    definition: 'A server sends a message on to another address, its envelope sender unchanged: SPF then fails at the next hop, unless the forwarder rewrites the sender (SRS).',
    lessons: ['spf-and-forwarding'],
  },
  {
    id: 'greylisting',
    term: 'greylisting',
    definition: 'A server answers a new client and sender `450` "try again later" and lets them in when they come back a few minutes later: real mail servers retry, most spam senders do not.',
    lessons: ['greylisting', 'reply-codes'],
  },
  {
    id: 'header-field',
    term: 'header field',
    also: ['header', 'From:', 'Subject:'],
    definition: 'A `Name: value` line at the top of the message text (RFC 5322), for the reader: `From:`, `To:`, `Subject:`, `Date:`. A long one may be folded onto lines that start with a space.',
    lessons: ['message-format', 'envelope-vs-headers'],
  },
  {
    id: 'mda',
    term: 'MDA',
    also: ['mail delivery agent', 'local delivery'],
    definition: 'The program that writes a message into the recipient\'s mailbox (Postfix\'s `local`). Its trouble, a locked or full mailbox, comes after the server said 250.',
    lessons: ['how-email-moves', 'temporary-and-permanent-failures'],
  },
  {
    id: 'mime',
    term: 'MIME',
    also: ['multipart', 'Content-Type', 'quoted-printable', 'base64', 'encoded word'],
    definition: 'The structure inside a message body (RFC 2045): parts with their own `Content-Type`, separated by a boundary line, each in a transfer encoding; and encoded words for UTF-8 in header fields (RFC 2047).',
    lessons: ['message-format', 'international-mail'],
  },
  {
    id: 'msa',
    term: 'MSA',
    also: ['mail submission agent', 'submission', 'port 587', 'port 465'],
    definition: 'The server that takes a message from a logged-in user, on port 587 (after STARTTLS) or 465 (TLS at once), and sends it on for them.',
    lessons: ['how-email-moves', 'starttls-and-auth'],
  },
  {
    id: 'mta',
    term: 'MTA',
    also: ['mail transfer agent', 'mail server', 'port 25'],
    definition: 'A server that passes mail on from server to server over SMTP on port 25, finding the next one by MX. Postfix, Exim and Sendmail are MTAs.',
    lessons: ['how-email-moves', 'multi-hop-delivery'],
  },
  {
    id: 'mua',
    term: 'MUA',
    also: ['mail user agent', 'mail program', 'mail client'],
    definition: 'The mail program a person writes and reads mail in. It hands messages to an MSA, and reads the mailbox with IMAP or POP, not SMTP.',
    lessons: ['how-email-moves'],
  },
  {
    id: 'mx',
    term: 'MX record',
    also: ['MX', 'mail exchanger', 'null MX', 'preference'],
    definition: 'The DNS record naming the servers that take mail for a domain, each with a preference (lowest first). With none, the domain\'s own address is used; a null MX (`MX 0 .`) says it takes no mail.',
    lessons: ['how-email-moves', 'mx-backup-and-null-mx'],
  },
  {
    id: 'queue',
    term: 'queue',
    also: ['deferred', 'retry', 'mailq'],
    definition: 'Where a server keeps a message it has accepted but not yet delivered. After a 4xx it is deferred and retried, for days, before it is returned as a bounce.',
    lessons: ['temporary-and-permanent-failures', 'greylisting'],
  },
  {
    id: 'received',
    term: 'Received:',
    also: ['trace field', 'Return-Path', 'Delivered-To'],
    definition: 'The trace field each server adds on top of the message: who it got the message from, and when. Read newest first, the lines are the message\'s travel log.',
    lessons: ['return-path-and-trace-headers', 'multi-hop-delivery'],
  },
  {
    id: 'relay',
    term: 'relay',
    also: ['relaying', 'open relay'],
    definition: 'To accept a message for another domain and send it on. A server relays only for its own users (logged in, or trusted networks); one that relays for anyone is an open relay.',
    lessons: ['relaying', 'how-email-moves'],
  },
  {
    id: 'reply-code',
    term: 'reply code',
    also: ['2xx', '4xx', '5xx', 'transient', 'permanent'],
    definition: 'The three digits that start every server reply. The first says how it went: 2 done, 3 go on, 4 try again later (transient), 5 do not repeat it (permanent).',
    lessons: ['reply-codes', 'the-third-digit', 'temporary-and-permanent-failures'],
  },
  {
    id: 'smtp-smuggling',
    term: 'SMTP smuggling',
    also: ['bare LF', '<LF>.<LF>'],
    definition: 'Hiding a second message inside the first with a non-standard end of data (`<LF>.<LF>`), which an outbound server passes on and a receiver takes as the end: the hidden message arrives from the provider\'s own server.',
    lessons: ['smtp-smuggling'],
  },
  {
    id: 'smtputf8',
    term: 'SMTPUTF8',
    also: ['8BITMIME', 'UTF-8 address'],
    definition: 'The extension that allows UTF-8 in addresses and header fields (RFC 6531). `8BITMIME` is the one for octets above 127 in the body only.',
    lessons: ['international-mail', 'message-format'],
  },
  {
    id: 'source-route',
    term: 'source route',
    also: ['% hack'],
    definition: 'An RFC 821 address that names the hosts to go through, `<@a.example:user@b.example>`. Today servers accept the syntax and ignore the route.',
    lessons: ['smtp-in-1982'],
  },
  {
    id: 'spf',
    term: 'SPF',
    also: ['Sender Policy Framework', 'Received-SPF'],
    definition: 'A DNS record in which a domain lists the addresses that may send with it in `MAIL FROM` (RFC 7208). The receiver checks it during the session, against the connecting client\'s address.',
    lessons: ['spoofing-and-spf', 'spf-and-forwarding'],
  },
  {
    id: 'starttls',
    term: 'STARTTLS',
    also: ['TLS', 'implicit TLS'],
    definition: 'The command that turns a plaintext SMTP connection into an encrypted one (RFC 3207); the session then starts over with EHLO. Port 465 uses TLS from the first byte instead.',
    lessons: ['starttls-and-auth', 'pipelining'],
  },
  {
    id: 'vrfy',
    term: 'VRFY',
    also: ['EXPN'],
    definition: 'Commands that ask about an address (VRFY) or a list\'s members (EXPN) without sending mail. Most servers today answer 252 "cannot verify" or have them switched off.',
    lessons: ['vrfy-today', 'aliases-lists-vrfy-expn'],
  },
]

/** The entry with this id, or undefined. */
export function glossaryEntry(id: string): GlossaryEntry | undefined {
  return GLOSSARY.find((e) => e.id === id)
}

/** The link to a glossary entry (or to the whole glossary). */
export function glossaryHref(id?: string): string {
  return id ? `#/lessons/glossary/${encodeURIComponent(id)}` : '#/lessons/glossary'
}
