/**
 * The shape of a verb record and of an extension record: everything the server knows of one SMTP verb or one EHLO
 * keyword, in one file each (commands/<verb>.ts). commands/index.ts gathers them; every list of verbs is derived
 * from there.
 */
import type { Conversation } from '../conversation'
import type { Profile } from '../profiles'
import type { ReplyKey } from '../replies'
import type { Personality } from '../settings'

/** What the EHLO keywords depend on: the server's character, the port, and whether TLS is up (RFC 3207 §4.2). */
export interface EhloFacts {
  readonly personality: Personality
  readonly profile: Profile
  readonly tls: boolean
  /** AUTH allowed without TLS (the bridge's --allow-plaintext-auth). */
  readonly plaintextAuth: boolean
}

export interface Verb {
  /** The verb, upper case. */
  readonly verb: string
  /** Its syntax, as HELP shows it (RFC 5321 §4.1.1). */
  readonly syntax: string
  /** What HELP says of it, or null for a verb HELP does not list. */
  readonly help: string | null
  /** Taken before STARTTLS on a port that wants TLS first (RFC 3207 §4). */
  readonly beforeTls: boolean
  /** Needs a login on a port that wants one (RFC 4954 §6, RFC 6409 §4.3). */
  readonly needsAuth: boolean
  /** Counts towards the junk limit, in a transaction or not (Postfix's smtpd_junk_command_limit; fixture 2.6). */
  readonly junk?: boolean
  /**
   * A personality without this verb answers it as an unknown command, with this catalogue entry, before any other
   * check (Postfix has no HELP and no EXPN: 500 even on a port that wants TLS first, fixture 2.1).
   */
  readonly absent?: { readonly when: (p: Personality) => boolean; readonly key: ReplyKey }
  /** Known to the protocol but not offered here: answered 502, never 500 (RFC 5321 §4.2.4), and not a shell hint. */
  readonly unimplemented?: boolean
  /** One of RFC 821's commands (§4.1.1), known to the `rfc821` personality; the others came later (EHLO: RFC 1869). */
  readonly rfc821?: boolean
  /** Gone since RFC 5321 (App. F.4, F.6): only the `rfc821` personality knows it; modern servers answer 500. */
  readonly obsolete?: boolean
  /** The EHLO keyword the verb brings (BDAT → CHUNKING), or null where it is not offered. */
  readonly ehlo?: (facts: EhloFacts) => string | null
  /** Answer the command; `argument` is what follows the verb, white space trimmed. Runs once `gate` let it by. */
  readonly handle: (c: Conversation, argument: string) => void
}

/** An EHLO keyword that brings no verb of its own (PIPELINING, SIZE, 8BITMIME…): parameters or behaviour. */
export interface Extension {
  readonly keyword: string
  readonly ehlo: (facts: EhloFacts) => string | null
}
