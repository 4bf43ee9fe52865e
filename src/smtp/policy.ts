/**
 * What the session asks of the host it runs on: who may receive mail here, what VRFY and EXPN may reveal.
 * The world (src/smtp/world) answers these from its data; the session only turns the answers into replies.
 */
import type { Mailbox } from './grammar'
import type { ReplyKey } from './replies'

/** A refusal names its catalogue entry; the session builds the reply. `cause` explains it to a learner. */
export interface Refusal {
  readonly key: ReplyKey
  readonly params?: Readonly<Record<string, string | number>>
  readonly cause?: string
}

export interface PeerFacts {
  /** The name the client gave in HELO/EHLO, or null before it did. */
  readonly heloName: string | null
  /** Set once AUTH succeeded (the ESMTP issue). */
  readonly authenticated: string | null
}

export interface MailPolicy {
  /** May this recipient receive mail through this server (from this envelope sender)? null means yes. */
  checkRecipient(recipient: Mailbox, peer: PeerFacts, sender?: string): Refusal | null
  /** VRFY: the mailbox text to confirm (answered 252, as Postfix does), or the refusal RCPT would get. */
  verify(argument: string, peer?: PeerFacts): { readonly mailbox: string } | Refusal
  /**
   * SEND (RFC 821 §4.1.1): is this local user logged in, so that a message can be written to the terminal? null when
   * the address is not a local user's.
   */
  loggedIn?(recipient: Mailbox): boolean | null
  /** Is this recipient one this host does not deliver itself, but sends on to another host (a relay)? */
  forwards?(recipient: Mailbox): boolean
  /** EXPN: the members of an alias or list, or a refusal. */
  expand(argument: string): { readonly members: readonly string[] } | Refusal
  /**
   * After the final dot, before the 250: can the host store the message now? A refusal (451 4.3.0, as Postfix's
   * "queue file write error") leaves the message with the client, which tries again later (5321 §4.2.5).
   */
  canStore?(): Refusal | null
  /**
   * After the final dot: does the host take this message from this envelope sender? (A receiver that checks SPF, DKIM
   * and DMARC refuses here what the From: domain's DMARC policy says to reject, RFC 7489 §6.3.)
   */
  checkMessage?(content: Uint8Array, sender: string, peer: PeerFacts): Refusal | null
}

/**
 * Scripted faults (README, "The world after the 250"): a host may answer a command, or the final dot, with a scripted
 * failure, or drop the connection. Deterministic: the world decides from data and the clock, never at random.
 */
export interface SessionScript {
  /** Called before the `nth` use (1-based) of `verb` in this session. */
  beforeCommand(verb: string, nth: number, argument: string): Refusal | 'drop' | null
  /** Called after the final dot, before the message is accepted. */
  afterData(): Refusal | 'drop' | null
  /** Cut the connection as soon as message data arrives. */
  readonly dropDuringData: boolean
}

/** A policy that accepts every recipient and expands nothing: for tests of the protocol alone. */
export const acceptAll: MailPolicy = {
  checkRecipient: () => null,
  verify: (argument) => ({ mailbox: argument }),
  expand: (argument) => ({ key: 'expnNotList', params: { arg: argument } }),
}
