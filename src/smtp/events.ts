/**
 * What the model says happened, as typed values. Replies are events too, so a consumer sees one
 * ordered stream: the explain pane, the lesson engine, the log and the sequence diagram all read these, and none of
 * them re-parses reply text.
 */
import type { MailParams, RcptParams } from './params'
import type { Mechanism } from './sasl'
import type { Reply } from './replies'

/** The envelope of one transaction (aiosmtpd's Envelope): replaced, never patched, by RSET and the final dot. */
export interface Envelope {
  /** The reverse-path as `local@domain`, '' for the null reverse-path `<>`. Source routes already stripped. */
  readonly sender: string
  readonly recipients: readonly string[]
  /** MAIL parameters the server accepted (keyword → value, null when the keyword has no value). */
  readonly mailParams: Readonly<Record<string, string | null>>
  /** The same, understood: SIZE, BODY, SMTPUTF8, and the DSN request (RET, ENVID). */
  readonly mail?: MailParams
  /** Per recipient, in the same order: NOTIFY and ORCPT (RFC 3461). */
  readonly recipientParams?: readonly RcptParams[]
  /** How the message came in, for the Received: line (RFC 3848). */
  readonly protocol?: WithProtocol
  /**
   * RFC 821's delivery verbs (§4.1.1): MAIL into the mailbox (the default), SEND to the terminal, SOML to the terminal
   * or else the mailbox, SAML to both.
   */
  readonly delivery?: Delivery
  /** Recipients that came with a source route this host honoured (RFC 821 §3.6): relayed with the reverse-path extended. */
  readonly routed?: readonly string[]
}

export type Delivery = 'mail' | 'send' | 'soml' | 'saml'

/** WITH protocol names (RFC 3848 §1, RFC 5321 §4.4). */
export type WithProtocol =
  | 'SMTP' | 'ESMTP' | 'ESMTPA' | 'ESMTPS' | 'ESMTPSA'
  | 'UTF8SMTP' | 'UTF8SMTPA' | 'UTF8SMTPS' | 'UTF8SMTPSA' // RFC 6531 §3.7.3

export type BareKind = 'LF' | 'CR'

/**
 * Positions in the octets the client has sent in this session, counted from 0 (the first octet after the connection
 * opened), so that a view of the wire can mark the octet an event is about (the wire view's stuffed dot, bare LF).
 * At most MAX_POSITIONS are listed; `count` says how many there were.
 */
export type StreamPositions = readonly number[]

/** The most positions an event lists (a 10 MB message may have a million stuffed lines). */
export const MAX_POSITIONS = 1000

export type ModelEvent =
  /** A complete command line was read. `line` is what arrived, without the line ending. */
  | { readonly type: 'command'; readonly verb: string; readonly argument: string; readonly line: string }
  /**
   * A reply was sent; `wire` is its exact text on the wire. `cause` says, for a learner, what in the input caused
   * it when that is more than the reply text says (e.g. "RCPT before MAIL").
   */
  | { readonly type: 'reply'; readonly reply: Reply; readonly wire: string; readonly cause?: string }
  /** The server accepted input that RFC 5321 does not allow, as its personality does (e.g. "space after colon"). */
  | { readonly type: 'syntax-tolerated'; readonly what: string }
  /**
   * History mode (RFC 821 §3.6): this host was the first hop of a source route; it took its name off the route and
   * will relay to `next`, the next host of the route, or the mailbox's own domain when the route is used up.
   */
  | { readonly type: 'source-route-honoured'; readonly route: readonly string[]; readonly mailbox: string; readonly next: string }
  /**
   * SEND, SOML or SAML (RFC 821 §4.1.1): the message was written to a logged-in user's terminal on `host`, as
   * write(1) does, instead of (or as well as) into the mailbox.
   */
  | { readonly type: 'terminal-message'; readonly host: string; readonly user: string; readonly sender: string; readonly lines: readonly string[] }
  /** A source route was removed from a path, as RFC 5321 Appendix C says a server should. */
  | { readonly type: 'source-route-stripped'; readonly role: 'sender' | 'recipient'; readonly route: readonly string[]; readonly mailbox: string }
  | { readonly type: 'helo'; readonly verb: 'HELO' | 'EHLO'; readonly name: string }
  /** The (simulated) TLS handshake is done: from now on an eavesdropper sees only ciphertext (RFC 3207). */
  | { readonly type: 'tls-started'; readonly implicit: boolean }
  /** Octets that arrived with STARTTLS, before the handshake, were thrown away (RFC 3207 §4.2, CVE-2011-0411). */
  | { readonly type: 'input-discarded'; readonly octets: number; readonly reason: string }
  | { readonly type: 'authenticated'; readonly user: string; readonly mechanism: Mechanism }
  | { readonly type: 'authentication-failed'; readonly mechanism: Mechanism; readonly why: string }
  /** The submission server added header fields the message lacked (RFC 6409 §8). */
  | { readonly type: 'headers-added'; readonly fields: readonly string[] }
  /** The server's cleanup removed fields that must not travel: Bcc, Resent-Bcc, Return-Path, Content-Length. */
  | { readonly type: 'headers-removed'; readonly fields: readonly string[] }
  /** `user%domain@here` was rewritten to `user@domain` (the % hack, RFC 5321 Appendix C; Postfix's allow_percent_hack). */
  | { readonly type: 'percent-hack'; readonly from: string; readonly to: string }
  /**
   * An alias of `host` names an address on another domain, so the message is sent on there (RFC 5321 §3.9.1; as
   * Postfix's virtual_alias_maps rewrite it): the envelope sender stays as it was, which is what breaks SPF at the
   * next hop unless the forwarder rewrites it (SRS).
   */
  | { readonly type: 'forwarded'; readonly host: string; readonly queueId: string; readonly from: string; readonly to: string }
  | { readonly type: 'transaction-started'; readonly sender: string }
  | { readonly type: 'recipient-accepted'; readonly recipient: string; readonly typed: string }
  | { readonly type: 'recipient-rejected'; readonly recipient: string; readonly code: number }
  /** The buffers were cleared: RSET, a new EHLO/HELO, or QUIT in an open transaction (5321 §4.1.1.5, §4.1.4). */
  | { readonly type: 'transaction-reset'; readonly by: 'RSET' | 'HELO' | 'EHLO' | 'QUIT' | 'STARTTLS' }
  | { readonly type: 'data-started' }
  /**
   * Lines of the message started with a dot that the server removed (5321 §4.5.2). `at`: where each removed dot was
   * in the client's octet stream of this session (see `StreamPositions`).
   */
  | { readonly type: 'lines-unstuffed'; readonly count: number; readonly at?: StreamPositions }
  /** Lone LF or CR octets in a command or the message, and what the personality did with them; `at`: where each was. */
  | { readonly type: 'bare-line-ending'; readonly kind: BareKind; readonly count: number; readonly action: 'normalized' | 'replaced-with-space' | 'rejected' | 'ended-line' | 'kept'; readonly at?: StreamPositions }
  /**
   * A non-standard end of data (<LF>.<LF> and the like, the SMTP smuggling trick): under `lenient` it ended the data,
   * under `postfix` the dot line was dropped and the data went on, under `rfc` the message is refused.
   */
  | { readonly type: 'nonstandard-end-of-data'; readonly sequence: string; readonly action: 'ended-data' | 'ignored' | 'rejected' }
  /** A text line was longer than the limit; `action` says whether the message is refused for it. */
  | { readonly type: 'line-too-long'; readonly where: 'command' | 'data'; readonly length: number; readonly limit: number; readonly action: 'truncated' | 'rejected' | 'accepted' }
  /** The message was accepted: the server now carries responsibility for it (5321 §4.2.5, §6.1). */
  | { readonly type: 'message-accepted'; readonly queueId: string; readonly envelope: Envelope; readonly content: Uint8Array }
  | { readonly type: 'message-rejected'; readonly code: number; readonly why: string }
  /** The session is over; nothing more will be read or answered. `dropped`: a scripted fault cut the line. */
  | { readonly type: 'closed'; readonly reason: 'quit' | 'too-many-errors' | 'timeout' | 'dropped' | 'shutdown' | 'message-text' | 'client-closed' }
  // --- What happens to a message after it was accepted (src/smtp/delivery) ---
  /** A host put a message in its queue. */
  | { readonly type: 'queued'; readonly host: string; readonly queueId: string; readonly sender: string; readonly recipients: readonly string[] }
  /** The message reached a local mailbox on a host of the world. */
  | { readonly type: 'delivered'; readonly queueId: string; readonly host: string; readonly mailbox: string; readonly recipient: string }
  /** A host handed the message to the next hop, which accepted it; `transcript` is the client side of that session. */
  | { readonly type: 'relayed'; readonly host: string; readonly queueId: string; readonly to: string; readonly recipients: readonly string[]; readonly reply: string; readonly transcript: readonly { readonly from: 'client' | 'server'; readonly text: string; readonly reply?: Reply }[] }
  /** A temporary failure: the message stays in the queue and is tried again at `nextAttempt`. */
  | { readonly type: 'deferred'; readonly host: string; readonly queueId: string; readonly recipient: string; readonly status: string; readonly reason: string; readonly nextAttempt: number }
  /** A permanent failure (or the queue lifetime ran out): a DSN goes to the sender, unless the sender was <>. */
  | { readonly type: 'bounced'; readonly host: string; readonly queueId: string; readonly recipient: string; readonly status: string; readonly reason: string; readonly dsnQueueId: string | null }

export type ModelEventType = ModelEvent['type']

/** The replies among some events, in order. */
export function repliesOf(events: readonly ModelEvent[]): Reply[] {
  return events.flatMap((e) => (e.type === 'reply' ? [e.reply] : []))
}

/** The exact bytes the server sent, as text. */
export function wireOf(events: readonly ModelEvent[]): string {
  return events.map((e) => (e.type === 'reply' ? e.wire : '')).join('')
}
