/**
 * The simulated world as data (README, "The world"): hosts, their domains and mailboxes, aliases, lists and DNS.
 * Nothing here behaves; `directory.ts` answers questions about it and `host.ts` runs a host.
 */
import type { SigningKey } from '../authentication/dkim'
import type { ProfileName } from '../profiles'

export interface MailingList {
  readonly members: readonly string[]
  /** The list owner becomes the envelope sender of what the list sends on (5321 §3.9.2). */
  readonly owner: string
}

export interface HostData {
  readonly name: string
  readonly ip: string
  /** More addresses of this host (Postfix's inet_interfaces, proxy_interfaces): `user@[address]` is local for each. */
  readonly interfaces?: readonly string[]
  /** Domains this host is the final destination for (Postfix's mydestination). */
  readonly localDomains: readonly string[]
  /** Local mailboxes, by lower-case local part. */
  readonly mailboxes: readonly string[]
  /** Aliases: local part → addresses (local parts or full addresses). */
  readonly aliases: Readonly<Record<string, readonly string[]>>
  readonly lists: Readonly<Record<string, MailingList>>
  /** Address extensions: `alice+news` is delivered to `alice` (Postfix's recipient_delimiter). */
  readonly recipientDelimiter: string
  /**
   * Domains this host accepts mail for from anyone and relays on, though they are not its own (Postfix's
   * relay_domains): what a backup MX does, keeping the mail until the primary answers again.
   */
  readonly relayDomains?: readonly string[]
  /**
   * VRFY switched off on this host (Postfix's `disable_vrfy_command = yes`): 502 5.5.1, and not in the EHLO list,
   * whatever the personality says (RFC 5321 §3.5.3, §7.3).
   */
  readonly disableVrfy?: boolean
  /**
   * A logged-in user may send only as her own addresses in this host's domains (Postfix's
   * reject_sender_login_mismatch with smtpd_sender_login_maps listing them): `553 5.7.1 ... not owned by user`, at
   * RCPT as Postfix's delayed restrictions answer. Senders in other domains are not checked here (a simplification:
   * a real provider would list none of them, so refuse them too).
   */
  readonly senderLogins?: boolean
  /** Client IPs this host relays for without authentication (Postfix's mynetworks). */
  readonly trustedNetworks: readonly string[]
  /** What listens on which TCP port (default MAIL_PORTS: the MTA on 25, submission on 587 and 465). */
  readonly ports?: Readonly<Partial<Record<number, ProfileName>>>
  /**
   * Users with a terminal session on this host now: in RFC 821's world, SEND, SOML and SAML could write a message to
   * their terminal (§4.1.1), as write(1) does. Anyone else is "not logged in".
   */
  readonly loggedIn?: readonly string[]
  /**
   * This host checks who may send for a domain on what it receives (simulated): SPF of the MAIL FROM (or HELO) domain
   * against the client's address, DKIM signatures, DMARC alignment and policy; it records the results in
   * Received-SPF and Authentication-Results, and refuses a message whose From: domain says p=reject.
   */
  readonly authentication?: boolean
  /** DKIM keys this host signs with: mail it relays onward whose From: is in a key's domain gets a DKIM-Signature. */
  readonly signing?: readonly SigningKey[]
  /** Who may log in with AUTH on the submission ports, and the bearer tokens the fake issuer gave them (XOAUTH2). */
  readonly users?: Readonly<Record<string, { readonly password: string; readonly tokens?: readonly string[] }>>
}

export interface DnsData {
  readonly mx: Readonly<Record<string, readonly { readonly preference: number; readonly exchange: string }[]>>
  readonly a: Readonly<Record<string, string>>
  /** TXT records by name: SPF (RFC 7208), DKIM keys (RFC 6376 §3.6), DMARC policies (RFC 7489 §6.1). */
  readonly txt?: Readonly<Record<string, readonly string[]>>
}

/** An MX record as a lookup answers it (RFC 5321 §5.1). */
export interface MxAnswer {
  readonly preference: number
  readonly exchange: string
  /** The exchange's address, or null when its A record is missing. */
  readonly address: string | null
}

/** Where mail for a domain goes (dns.ts answers it; delivery asks through its host, delivery/agent.ts). */
export type NextHops =
  | { readonly kind: 'hops'; readonly hops: readonly MxAnswer[]; readonly implicit: boolean }
  | { readonly kind: 'nxdomain'; readonly name: string }
  /** `MX 0 .`: the domain says it accepts no mail at all (RFC 7505 §3). */
  | { readonly kind: 'nullmx'; readonly name: string }

export interface WorldData {
  readonly hosts: readonly HostData[]
  readonly dns: DnsData
}

/** A mail server's ports: 25 (MTA to MTA), 587 (submission, RFC 6409), 465 (submission over TLS, RFC 8314). */
export const MAIL_PORTS: Readonly<Record<number, ProfileName>> = { 25: 'mta', 587: 'submission', 465: 'submissions' }
