/**
 * A running mail host of the simulated world: its recipient policy, its mailboxes, its queue, and the connections
 * clients open to it. A Connection wraps one SmtpSession and hands what the session accepts to the host, so the
 * session itself stays a pure protocol machine; the host's delivery agent (delivery/agent.ts) does the rest.
 */
import { sign as signDkim, verify, type DkimVerdict } from '../authentication/dkim'
import { authenticationResults, authorDomain, evaluate, type DmarcVerdict } from '../authentication/dmarc'
import { checkSender, receivedSpf, type SpfCheck } from '../authentication/spf'
import type { Clock, IdSource } from '../deps'
import { attempt, type DeliveryHost, type LocalResult, type QueueEntry } from '../delivery/agent'
import type { ServerEnd } from '../delivery/client'
import { dropHeaders } from '../delivery/cleanup'
import type { MailLog } from '../delivery/log'
import { RetrySchedule } from '../delivery/schedule'
import { deliveredToHeader, originalToHeader, receivedHeader, returnPathHeader } from '../delivery/trace'
import { compactTime, rfc5322Date } from '../time'
import type { Envelope, ModelEvent } from '../events'
import { splitMailbox, unquoteLocal, type Mailbox } from '../grammar'
import { fieldValue, headerOf, sections } from '../message'
import type { MailPolicy, PeerFacts, Refusal } from '../policy'
import type { Notify } from '../params'
import { PROFILES, type Profile } from '../profiles'
import type { Credentials } from '../sasl'
import { SmtpSession } from '../session'
import { PERSONALITIES, type Personality } from '../settings'
import { isLocalDomain, lookupKey, members, percentHack, resolve, routedAddress } from './directory'
import { bareLfHandling, greylistDelay, mailboxFull, mailboxUnavailable, scriptFor, vrfyOff, type Fault } from './faults'
import { nextHops } from './dns'
import { MAIL_PORTS, type DnsData, type HostData, type NextHops } from './types'

/** A message as a mailbox holds it: trace headers added, otherwise the octets the client sent. */
export interface StoredMessage {
  readonly queueId: string
  readonly mailbox: string
  readonly envelope: Envelope
  /** The recipient address that led here (before alias or list expansion). */
  readonly deliveredTo: string
  readonly receivedAt: number
  readonly content: Uint8Array
}

export interface ClientInfo {
  readonly ip: string
  /** The client's name in reverse DNS, if any. */
  readonly name: string | null
}

/** Which port a client connects to, and whether plaintext AUTH is allowed there (the bridge's option). */
export interface ListenerOptions {
  readonly profile?: Profile
  readonly plaintextAuth?: boolean
}

/** A message handed to the queue: what the session accepted, with the DSN request (RFC 3461) per recipient. */
export interface Submission {
  readonly sender: string
  readonly recipients: readonly { readonly address: string; readonly notify?: readonly Notify[] | null; readonly orcpt?: string | null; readonly routed?: boolean; readonly forwardedFrom?: string }[]
  readonly ret?: 'FULL' | 'HDRS' | null
  readonly envid?: string | null
}

/**
 * Where a host's mailboxes keep their messages beyond memory (the bridge's Maildir), and how many stay in memory.
 * Without one, every message stays in memory (the browser's world is small and reset often).
 */
export interface MailStorage {
  /** Keep at most this many messages per mailbox in memory, dropping the oldest (default: keep all). */
  readonly keep?: number
  /** Why no message can be stored now, or null: asked after the final dot, before the 250 (a refusal is 451 4.3.0). */
  ready?(): string | null
  /** Store a message a mailbox took; an error text instead defers the delivery (4.3.0), to be retried. */
  save?(message: StoredMessage): string | null
  /** A message left memory because its mailbox holds `keep` newer ones. */
  dropped?(message: StoredMessage): void
}

/** What a host needs of the world around it. */
export interface WorldContext {
  readonly clock: Clock
  readonly dns: DnsData
  readonly log: MailLog
  faults(): readonly Fault[]
  /** Open a connection across the world's network (World.connect). */
  connect(client: ClientInfo, address: string, port: number, personality?: Personality): Dial
  /** The personality of the servers hosts relay to (world.ts). */
  relayPersonality(): Personality
  /** The DKIM key ring: the secret behind a key record's p=, if a host of the world signs with it. */
  secretFor(fingerprint: string): string | null
}

/** What a TCP connection attempt meets: a server, a host with nothing on that port, or no host at all. */
export type Dial =
  | { readonly kind: 'connected'; readonly host: MailHost; readonly connection: Connection }
  | { readonly kind: 'refused'; readonly host: MailHost }
  | { readonly kind: 'timeout' }

const encoder = new TextEncoder()

export class MailHost implements DeliveryHost {
  readonly data: HostData
  readonly #world: WorldContext
  readonly #ids: IdSource
  readonly #mailboxes = new Map<string, StoredMessage[]>()
  /** Entries with recipients still to deliver, in arrival order (what mailq lists); finished ones leave at once. */
  readonly #queue = new Map<QueueEntry, number>()
  /** The same entries by when they are next due. */
  readonly #schedule = new RetrySchedule<QueueEntry>()
  #arrivals = 0
  #storage: MailStorage = {}
  /** Greylisting: when each (client IP, sender, recipient) triple was first seen (Postgrey's database). */
  readonly #triples = new Map<string, number>()

  constructor(data: HostData, world: WorldContext, ids: IdSource) {
    this.data = data
    this.#world = world
    this.#ids = ids
    for (const name of data.mailboxes) this.#mailboxes.set(name, [])
  }

  get name(): string {
    return this.data.name
  }
  get ip(): string {
    return this.data.ip
  }
  get log(): MailLog {
    return this.#world.log
  }
  /** Where this host sends mail for a domain, as its resolver finds it (RFC 5321 §5.1). */
  nextHops(domain: string): NextHops {
    return nextHops(this.#world.dns, domain)
  }
  /** What listens on a port of this host, or null (a connection there is refused). */
  listener(port: number): Profile | null {
    const name = (this.data.ports ?? MAIL_PORTS)[port]
    return name ? PROFILES[name] : null
  }
  now(): number {
    return this.#world.clock.now()
  }
  nextId(): string {
    return this.#ids.next()
  }

  /** The messages in one mailbox, oldest first. */
  mailbox(name: string): readonly StoredMessage[] {
    return this.#mailboxes.get(name) ?? []
  }

  get mailboxNames(): readonly string[] {
    return [...this.#mailboxes.keys()]
  }

  /** Messages still waiting in this host's queue (what `mailq` lists). */
  get queue(): readonly QueueEntry[] {
    return [...this.#queue.keys()]
  }

  /** Where the mailboxes keep their messages (see MailStorage); applies to deliveries from now on. */
  setStorage(storage: MailStorage): void {
    this.#storage = storage
  }

  isLocal(address: string): boolean {
    if (address.startsWith('@')) return false // a source route still to follow names another host (RFC 821 §3.6)
    const at = address.lastIndexOf('@')
    return at < 0 || isLocalDomain(this.data, address.slice(at + 1))
  }

  /**
   * The recipient policy for a client: local users here, relaying only for trusted networks (Postfix's mynetworks) —
   * or for anyone, when the server is of a time before relaying was restricted (the personality's openRelay).
   */
  policyFor(client: ClientInfo, personality: Personality = PERSONALITIES.postfix): MailPolicy {
    const host = this.data
    const unknown = (text: string): Refusal => ({ key: 'userUnknown', params: { addr: text }, cause: `there is no mailbox, alias or list "${text.split('@')[0]}" here` })
    // The address as Postfix prints it in a reply: its internal form, a quoted local part unquoted.
    const shown = (m: Mailbox) => (m.domain ? `${unquoteLocal(m.local)}@${m.domain}` : unquoteLocal(m.local))
    const check = (recipient: Mailbox, authenticated: string | null): Refusal | null => {
      const text = shown(recipient)
      if (recipient.domain === '' && lookupKey(host, recipient.local) === 'postmaster') return null // 5321 §4.5.1
      const found = resolve(host, recipient)
      if (found.kind === 'unknown-user') return unknown(text)
      // A locked mailbox is not refused here: the server accepts, and its local delivery defers (deliverLocally).
      if (found.kind === 'local') return null
      if (host.relayDomains?.includes(found.domain)) return null // a backup MX takes mail for the domains it relays to
      // A logged-in user's mail for a domain with a null MX is refused at once (RFC 7505), as Postfix's submission
      // service does with reject_unknown_recipient_domain; port 25's trusted clients learn it from the bounce.
      if (authenticated && this.nextHops(found.domain).kind === 'nullmx') return { key: 'nullMxRecipient', params: { addr: text, domain: found.domain }, cause: `${found.domain} publishes a null MX (MX 0 .): it accepts no mail` }
      if (host.trustedNetworks.includes(client.ip) || authenticated || personality.openRelay) return null
      const routed = routedAddress(host, recipient)
      const how = routed ? ` (the local part routes it on: ${routed.via === '!' ? 'a UUCP bang path' : routed.via === '%' ? 'the % hack' : 'a quoted address'})` : ''
      return { key: 'relayDenied', params: { addr: text }, cause: `${found.domain} is not a domain of ${host.name}${how}, and this client may not relay` }
    }
    return {
      checkRecipient: (recipient: Mailbox, peer: PeerFacts, sender = ''): Refusal | null => {
        // Sender restrictions come before recipient ones (Postfix's smtpd_delay_reject: both answered at RCPT).
        const notOwned = peer.authenticated ? this.#senderNotOwned(peer.authenticated, sender) : null
        if (notOwned) return notOwned
        const refused = check(recipient, peer.authenticated)
        if (refused) return refused
        // Greylisting comes after the recipient checks, as Postgrey after reject_unauth_destination.
        const found = resolve(host, recipient)
        return found.kind === 'local' ? this.#greylist(client, peer, sender, shown(recipient), found.mailboxes) : null
      },
      forwards: (recipient: Mailbox) => resolve(host, recipient).kind === 'remote',
      loggedIn: (recipient: Mailbox) => {
        const found = resolve(host, recipient)
        return found.kind === 'local' ? found.mailboxes.some((m) => host.loggedIn?.includes(m) ?? false) : null
      },
      ...(host.authentication
        ? {
            checkMessage: (content: Uint8Array, sender: string, peer: PeerFacts): Refusal | null => {
              const { dmarc } = this.authenticate(client, peer.heloName, sender, content)
              if (dmarc.disposition !== 'reject') return null
              this.#log('smtpd', null, `NOQUEUE: milter-reject: END-OF-MESSAGE from ${client.name ?? 'unknown'}[${client.ip}]: 5.7.1 rejected by DMARC policy for ${dmarc.from}; from=<${sender}> proto=ESMTP helo=<${peer.heloName ?? ''}>`)
              return { key: 'dmarcReject', params: { domain: dmarc.from }, cause: `DMARC: ${dmarc.from} says p=reject, and ${dmarc.why}` }
            },
          }
        : {}),
      canStore: () => {
        const why = this.#storage.ready?.() ?? null
        return why === null ? null : { key: 'localError', cause: `the server cannot store the message: ${why}` }
      },
      // VRFY answers what RCPT would (Postfix runs the recipient checks): relaying refused, unknown users 550 (item 6).
      verify: (argument: string, peer?: PeerFacts) => {
        const bare = argument.replace(/^<(.*)>$/, '$1')
        const refusal = check(mailboxOf(bare), peer?.authenticated ?? null)
        return refusal && refusal.key !== 'mailboxBusy' ? refusal : { mailbox: bare }
      },
      expand: (argument: string) => {
        const list = members(host, argument)
        return list ? { members: list.map((m) => `<${m}>`) } : { key: 'expnNotList', params: { arg: argument } }
      },
    }
  }

  /** A logged-in user sending as an address of this host's domains that is not hers (HostData.senderLogins). */
  #senderNotOwned(user: string, sender: string): Refusal | null {
    const at = sender.lastIndexOf('@')
    if (!this.data.senderLogins || at < 0 || !isLocalDomain(this.data, sender.slice(at + 1))) return null
    const found = resolve(this.data, { local: sender.slice(0, at), domain: sender.slice(at + 1) })
    // Hers: her mailbox, with an extension or through an alias of hers alone (zoë@), not a shared alias or a list.
    if (found.kind === 'local' && found.via !== 'list' && found.mailboxes.length === 1 && found.mailboxes[0] === user) return null
    return { key: 'senderNotOwned', params: { addr: sender, user }, cause: `${user} is logged in, and ${sender} is not one of ${user}'s addresses` }
  }

  /**
   * Greylisting, as Postgrey does it for Postfix (a world policy, faults.ts): the first time a (client IP, sender,
   * recipient) triple is seen, answer 450 4.2.0 and remember when; let it through once the delay has passed. A 4xx
   * says "try again later" (RFC 5321 §4.2.1), which every real MTA does (§4.5.4.1) and a one-shot spam sender does
   * not. Clients this host trusts, and logged-in users, are not greylisted (Postgrey runs after permit_mynetworks).
   */
  #greylist(client: ClientInfo, peer: PeerFacts, sender: string, recipient: string, mailboxes: readonly string[]): Refusal | null {
    const faults = this.#world.faults()
    // A greylist for one mailbox (a user who opted in) applies when the recipient reaches it.
    const delay = mailboxes.reduce<number | null>((d, m) => d ?? greylistDelay(this.name, faults, m), null) ?? (mailboxes.length === 0 ? greylistDelay(this.name, faults) : null)
    if (delay === null || this.data.trustedNetworks.includes(client.ip) || peer.authenticated) return null
    const key = `${client.ip}/${sender.toLowerCase()}/${recipient.toLowerCase()}`
    const now = this.now()
    const first = this.#triples.get(key)
    const who = `client_name=${client.name ?? 'unknown'}, client_address=${client.ip}, sender=${sender}, recipient=${recipient}`
    if (first !== undefined && now - first >= delay) {
      this.#log('postgrey', null, `action=pass, reason=triplet found, delay=${Math.round((now - first) / 1000)}, ${who}`)
      return null
    }
    if (first === undefined) this.#triples.set(key, now)
    const wait = Math.ceil((delay - (now - (first ?? now))) / 1000)
    this.#log('postgrey', null, `action=greylist, reason=${first === undefined ? 'new' : `early-retry (${wait}s missing)`}, ${who}`)
    const domain = recipient.slice(recipient.lastIndexOf('@') + 1)
    this.#log('smtpd', null, `NOQUEUE: reject: RCPT from ${client.name ?? 'unknown'}[${client.ip}]: 450 4.2.0 <${recipient}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/${domain}.html; from=<${sender}> to=<${recipient}> proto=ESMTP helo=<${peer.heloName ?? ''}>`)
    return {
      key: 'greylisted',
      params: { addr: recipient, domain },
      cause: first === undefined ? `greylisting: ${client.ip}, <${sender}> and <${recipient}> are new together; the same triple is let in after ${Math.round(delay / 1000)} seconds` : `greylisting: the same triple came back too early; ${wait} more seconds`,
    }
  }

  /**
   * Who may send for a domain, as this host sees a message (simulated, labelled so): SPF for the client's address
   * and the MAIL FROM (or HELO) domain (RFC 7208), the message's DKIM signatures (RFC 6376), DMARC for its From:
   * domain (RFC 7489). Pure over the world's DNS; the same message always gets the same answer.
   */
  authenticate(client: ClientInfo, helo: string | null, sender: string, content: Uint8Array): { spf: SpfCheck; dkim: DkimVerdict[]; dmarc: DmarcVerdict } {
    const spf = checkSender(this.#world.dns, client.ip, sender, helo)
    const dkim = verify(content, this.#world.dns, (fp) => this.#world.secretFor(fp))
    return { spf, dkim, dmarc: evaluate(this.#world.dns, content, spf, dkim) }
  }

  /** The header fields that record authenticate()'s answer: Authentication-Results (RFC 8601), Received-SPF (RFC 7208 §9.1). */
  authenticationHeaders(client: ClientInfo, helo: string | null, sender: string, content: Uint8Array): string {
    const { spf, dkim, dmarc } = this.authenticate(client, helo, sender, content)
    return authenticationResults(this.name, spf, dkim, dmarc) + receivedSpf(spf, this.name)
  }

  /** DKIM-sign a message that leaves this host, if its From: domain is one of ours (RFC 6376 §5); else as it is. */
  sign(content: Uint8Array): Uint8Array {
    const from = authorDomain(content)
    const key = this.data.signing?.find((k) => k.domain === from)
    return key ? signDkim(content, key, this.now()) : content
  }

  /** Open a connection from a client: the session greets when `start()` is called. */
  connect(client: ClientInfo, personality: Personality = PERSONALITIES.postfix, options: ListenerOptions = {}): Connection {
    // The host's own configuration wins over the personality's default (Postfix's disable_vrfy_command), and so does
    // a fault that gives it an unpatched way with bare LF (the SMTP smuggling lab).
    const noVrfy = this.data.disableVrfy || vrfyOff(this.name, this.#world.faults())
    const quiet = noVrfy && personality.vrfy ? { ...personality, vrfy: false } : personality
    const bareLf = bareLfHandling(this.name, this.#world.faults())
    const character = bareLf ? { ...quiet, bareLineEndings: bareLf } : quiet
    return new Connection(this, client, character, options, this.#world.clock, this.#ids, scriptFor(this.name, this.#world.faults()))
  }

  /** Does this host send a bare LF on as it came (a fault: the outbound half of SMTP smuggling)? */
  passesBareLf(): boolean {
    return bareLfHandling(this.name, this.#world.faults()) === 'pass'
  }

  /** Who may log in here (AUTH), from the host's users and the world's fake token issuer. */
  get credentials(): Credentials {
    const users = this.data.users ?? {}
    return {
      password: (user) => users[user]?.password ?? null,
      tokenOwner: (token) => Object.entries(users).find(([, u]) => u.tokens?.includes(token))?.[0] ?? null,
    }
  }

  connectTo(address: string): ServerEnd | null {
    const dial = this.#world.connect({ ip: this.ip, name: this.name }, address, 25, this.#world.relayPersonality())
    return dial.kind === 'connected' ? dial.connection : null
  }

  /**
   * SEND, SOML, SAML (RFC 821 §4.1.1): write the message to the terminals of the local recipients who are logged in,
   * and say which recipients still want it in their mailbox: SEND's none (RCPT already refused users not logged in),
   * SOML's who were not logged in, SAML's all. Remote recipients are mailed as usual.
   */
  writeTerminals(envelope: Envelope, content: Uint8Array): { events: ModelEvent[]; envelope: Envelope } {
    const delivery = envelope.delivery ?? 'mail'
    if (delivery === 'mail') return { events: [], envelope }
    const events: ModelEvent[] = []
    const text = new TextDecoder().decode(content).split(/\r?\n/)
    if (text.at(-1) === '') text.pop()
    const keep = envelope.recipients.filter((address) => {
      if (!this.isLocal(address)) return true
      const found = resolve(this.data, mailboxOf(address))
      const users = found.kind === 'local' ? found.mailboxes.filter((m) => this.data.loggedIn?.includes(m)) : []
      for (const user of users) {
        this.#log('local', null, `to=<${address}>, relay=terminal, status=sent (written to ${user}'s terminal)`)
        events.push({ type: 'terminal-message', host: this.name, user, sender: envelope.sender, lines: text })
      }
      return delivery === 'saml' || (delivery === 'soml' && users.length === 0)
    })
    return { events, envelope: { ...envelope, recipients: keep, recipientParams: envelope.recipientParams?.filter((_, i) => keep.includes(envelope.recipients[i] ?? '')) } }
  }

  /** A message accepted over SMTP: into the queue, and a first delivery attempt at once (as Postfix's qmgr does). */
  accept(queueId: string, envelope: Envelope, content: Uint8Array, client: ClientInfo, user: string | null): ModelEvent[] {
    this.#log('smtpd', queueId, `client=${client.name ?? 'unknown'}[${client.ip}]${user ? `, sasl_method=PLAIN, sasl_username=${user}` : ''}`)
    return this.#enqueue(queueId, {
      sender: envelope.sender,
      recipients: envelope.recipients.map((address, i) => ({
        address,
        notify: envelope.recipientParams?.[i]?.notify ?? null,
        orcpt: envelope.recipientParams?.[i]?.orcpt ?? null,
        ...(envelope.routed?.includes(address) ? { routed: true } : {}),
      })),
      ret: envelope.mail?.ret ?? null,
      envid: envelope.mail?.envid ?? null,
    }, content)
  }

  /** A message written on this host (`mail -s`, as Postfix's pickup takes it from sendmail). */
  submit(sender: string, recipients: readonly string[], content: Uint8Array): ModelEvent[] {
    const id = this.nextId()
    this.#log('pickup', id, `uid=1000 from=<${sender}>`)
    // Postfix's cleanup completes what a local sender left out: Message-Id:, Date:, From:.
    const fixed = fixSubmittedHeaders(content, id, this.name, this.now(), sender)
    const events: ModelEvent[] = fixed.added.length > 0 ? [{ type: 'headers-added', fields: fixed.added }] : []
    const cleaned = dropHeaders(fixed.content)
    return [...events, ...this.#enqueue(id, { sender, recipients: recipients.map((address) => ({ address })) }, prepend(this.#localReceived(id), cleaned.content))]
  }

  enqueueGenerated(sender: string, recipients: readonly string[], content: Uint8Array, id = this.nextId()): { id: string; events: ModelEvent[] } {
    return { id, events: this.#enqueue(id, { sender, recipients: recipients.map((address) => ({ address })) }, prepend(this.#localReceived(id), content)) }
  }

  /** Run every queue entry whose retry time has come, in arrival order. */
  runDue(): ModelEvent[] {
    const due = this.#schedule.takeDue(this.now()).sort((a, b) => (this.#queue.get(a) ?? 0) - (this.#queue.get(b) ?? 0))
    return due.flatMap((e) => this.#attempt(e))
  }

  /** When this host next wants to retry something, or null. */
  nextDue(): number | null {
    return this.#schedule.nextDue()
  }

  /** One delivery attempt; the entry waits for its next one, or leaves the queue when every recipient is done. */
  #attempt(entry: QueueEntry): ModelEvent[] {
    const events = attempt(this, entry)
    if (entry.recipients.some((r) => !r.done)) this.#schedule.add(entry, entry.nextAttempt)
    else this.#queue.delete(entry)
    return events
  }

  deliverLocally(entry: QueueEntry, recipient: string): LocalResult {
    const found = resolve(this.data, mailboxOf(recipient))
    if (found.kind !== 'local') return { ok: false, status: '5.1.1', reason: `unknown user: "${lookupKey(this.data, recipient.split('@')[0] ?? '')}"` }
    // Scripted faults are looked through only when there are any (no closures made per delivery without them).
    const faults = this.#world.faults()
    // A locked mailbox (a fault): Postfix's local(8) cannot lock it, so the message waits in the queue (4.2.0) and is
    // tried again; the client was told 250 long ago. The whole recipient waits, so no member gets a second copy.
    const locked = faults.length === 0 ? undefined : found.mailboxes.find((m) => mailboxUnavailable(this.name, m, faults, this.#world.clock))
    if (locked) return { ok: false, status: '4.2.0', reason: `cannot update mailbox /var/mail/${locked} for user ${locked}. unable to lock for exclusive access: Resource temporarily unavailable` }
    const full = faults.length === 0 ? [] : found.mailboxes.filter((m) => mailboxFull(this.name, m, faults))
    const domain = this.data.localDomains[0] ?? this.name
    if (found.via === 'mailbox' && full.length > 0) return { ok: false, status: '5.2.2', reason: fullReason(found.mailboxes[0] ?? '') }
    // An alias or list: each member on its own; a full mailbox fails alone (Postfix's local(8)).
    const failed = full.map((m) => ({ address: `${m}@${domain}`, status: '5.2.2', reason: fullReason(m) }))
    const delivered = full.length === 0 ? found.mailboxes : found.mailboxes.filter((m) => !full.includes(m))
    const sender = found.sender ?? entry.sender
    const storage = this.#storage
    for (const mailbox of delivered) {
      const deliveredTo = found.via === 'mailbox' ? recipient : `${mailbox}@${this.data.localDomains[0] ?? this.name}`
      const held = this.#mailboxes.get(mailbox)
      if (!held) continue
      const message: StoredMessage = {
        queueId: entry.id,
        mailbox,
        envelope: { sender, recipients: entry.recipients.map((r) => r.address), mailParams: {} },
        deliveredTo: recipient,
        receivedAt: this.now(),
        content: prepend(returnPathHeader(sender) + originalToHeader(recipient) + deliveredToHeader(deliveredTo), entry.content),
      }
      // As Postfix's local(8) when it cannot write a mailbox: a temporary failure, tried again later.
      const failed = storage.save?.(message) ?? null
      if (failed !== null) return { ok: false, status: '4.3.0', reason: `cannot update mailbox ${mailbox} for user ${mailbox}. ${failed}` }
      held.push(message)
      // One in, one out once full: shift() moves no elements in V8, where splice() copies the whole array.
      if (storage.keep !== undefined) {
        while (held.length > storage.keep) {
          const old = held.shift()!
          storage.dropped?.(old)
        }
      }
    }
    if (found.via === 'mailbox') return { ok: true, mailboxes: delivered }
    return { ok: true, mailboxes: delivered, failed, expanded: found.via, ...(found.via === 'list' && found.sender ? { bounceTo: found.sender } : {}) }
  }

  #enqueue(id: string, message: Submission, content: Uint8Array): ModelEvent[] {
    const messageId = fieldValue(headerOf(content), 'Message-ID')?.split(/\s/)[0]
    this.#log('cleanup', id, `message-id=${messageId ?? ''}`)
    const hacks: ModelEvent[] = []
    const rewritten = message.recipients.map((r) => {
      const at = r.address.lastIndexOf('@')
      const hack = at > 0 ? percentHack(this.data, { local: r.address.slice(0, at), domain: r.address.slice(at + 1) }) : null
      if (!hack) return r
      const to = `${hack.local}@${hack.domain}`
      hacks.push({ type: 'percent-hack', from: r.address, to })
      return { ...r, address: to, orcpt: r.orcpt ?? `rfc822;${r.address}` }
    })
    // A forwarding alias (an alias whose target is on another domain) is rewritten here, before the queue, as Postfix's
    // cleanup does with virtual_alias_maps: the message goes on to the target, the envelope sender unchanged (no SRS).
    const forwards: ModelEvent[] = []
    const expanded = rewritten.flatMap((r): Submission['recipients'][number][] => {
      if (r.routed || !this.isLocal(r.address)) return [r]
      const found = resolve(this.data, mailboxOf(r.address))
      if (found.kind !== 'local' || !found.forwards) return [r]
      const targets = found.forwards.map((to) => {
        forwards.push({ type: 'forwarded', host: this.name, queueId: id, from: r.address, to })
        return { address: to, notify: r.notify ?? null, orcpt: r.orcpt ?? `rfc822;${r.address}`, forwardedFrom: r.address }
      })
      return found.mailboxes.length > 0 ? [r, ...targets] : targets
    })
    const unique = expanded.filter((r, i, all) => all.findIndex((o) => o.address === r.address) === i) // duplicates collapse, as in Postfix
    this.#log('qmgr', id, `from=<${message.sender}>, size=${content.length}, nrcpt=${unique.length} (queue active)`)
    const entry: QueueEntry = {
      id,
      sender: message.sender,
      arrival: this.now(),
      content,
      recipients: unique.map((r) => ({
        address: r.address,
        original: r.orcpt?.replace(/^rfc822;/i, '') ?? r.address,
        notify: r.notify ?? null,
        done: false,
        lastStatus: '',
        lastReason: '',
        ...(r.routed ? { routed: true } : {}),
        ...(r.forwardedFrom ? { forwardedFrom: r.forwardedFrom } : {}),
      })),
      ret: message.ret ?? null,
      envid: message.envid ?? null,
      attempts: 0,
      nextAttempt: this.now(),
    }
    this.#queue.set(entry, this.#arrivals++)
    return [...hacks, ...forwards, { type: 'queued', host: this.name, queueId: id, sender: message.sender, recipients: unique.map((r) => r.address) }, ...this.#attempt(entry)]
  }

  #localReceived(id: string): string {
    return `Received: by ${this.name} (Postfix)\r\n\tid ${id}; ${receivedDate(this.now())}\r\n`
  }

  #log(program: 'smtpd' | 'cleanup' | 'qmgr' | 'pickup' | 'local' | 'postgrey', queueId: string | null, text: string): void {
    this.log.add({ time: this.now(), host: this.name, program, queueId, text })
  }

  /** For connections: log a line of the SMTP server. */
  logSmtpd(text: string): void {
    this.#log('smtpd', null, text)
  }
}

/** One client connection to a host: the session plus the hand-over of what it accepts. */
export class Connection {
  readonly session: SmtpSession
  readonly #host: MailHost
  readonly #client: ClientInfo
  readonly #clock: Clock
  #said = false

  constructor(host: MailHost, client: ClientInfo, personality: Personality, options: ListenerOptions, clock: Clock, ids: IdSource, script: ReturnType<typeof scriptFor>) {
    this.#host = host
    this.#client = client
    this.#clock = clock
    this.session = new SmtpSession({
      hostname: host.name,
      policy: host.policyFor(client, personality),
      clock,
      ids,
      personality,
      profile: options.profile ?? PROFILES.mta,
      plaintextAuth: options.plaintextAuth ?? false,
      credentials: host.credentials,
      ...(script ? { script } : {}),
    })
  }

  get host(): MailHost {
    return this.#host
  }

  start(): ModelEvent[] {
    if (!this.#said) this.#host.logSmtpd(`connect from ${this.#client.name ?? 'unknown'}[${this.#client.ip}]`)
    this.#said = true
    return this.#handOver(this.session.start())
  }

  receive(chunk: Uint8Array | string): ModelEvent[] {
    return this.#handOver(this.session.receive(chunk))
  }

  tick(): ModelEvent[] {
    return this.#handOver(this.session.tick())
  }

  /** The client hangs up (Ctrl-] in telnet): logged as a disconnect, as Postfix's smtpd does. */
  hangUp(): ModelEvent[] {
    return this.#handOver(this.session.hangUp())
  }

  get closed(): boolean {
    return this.session.closed
  }

  #handOver(events: ModelEvent[]): ModelEvent[] {
    const out: ModelEvent[] = []
    for (const event of events) {
      out.push(event)
      if (event.type === 'closed') this.#host.logSmtpd(`disconnect from ${this.#client.name ?? 'unknown'}[${this.#client.ip}]`)
      if (event.type !== 'message-accepted') continue
      let content = event.content
      if (this.session.profile.fixHeaders) {
        const fixed = fixSubmittedHeaders(content, event.queueId, this.#host.name, this.#clock.now())
        content = fixed.content
        if (fixed.added.length > 0) out.push({ type: 'headers-added', fields: fixed.added })
      }
      const cleaned = dropHeaders(content)
      content = cleaned.content
      if (cleaned.removed.length > 0) out.push({ type: 'headers-removed', fields: cleaned.removed })
      const terminal = this.#host.writeTerminals(event.envelope, content)
      out.push(...terminal.events)
      if (terminal.envelope.recipients.length === 0) continue
      const trace = receivedHeader({
        helo: this.session.peer.heloName,
        clientName: this.#client.name,
        clientIp: this.#client.ip,
        by: this.#host.name,
        protocol: event.envelope.protocol ?? 'ESMTP',
        queueId: event.queueId,
        forRecipient: event.envelope.recipients.length === 1 ? (event.envelope.recipients[0] ?? null) : null,
        date: this.#clock.now(),
      })
      const checked = this.#host.data.authentication ? this.#host.authenticationHeaders(this.#client, this.session.peer.heloName, event.envelope.sender, content) : ''
      out.push(...this.#host.accept(event.queueId, terminal.envelope, prepend(checked + trace, content), this.#client, this.session.peer.authenticated))
    }
    return out
  }
}

/** What Postfix's local(8) says of a mailbox over its quota. */
function fullReason(mailbox: string): string {
  return `cannot update mailbox /var/mail/${mailbox} for user ${mailbox}. error writing message: Disk quota exceeded`
}

function receivedDate(ms: number): string {
  return rfc5322Date(ms)
}

/**
 * A submission server may complete what the author's program left out (RFC 6409 §8): here Message-ID: and Date:,
 * added at the end of the header section, as Postfix's cleanup does.
 */
function fixSubmittedHeaders(content: Uint8Array, queueId: string, host: string, now: number, from?: string): { content: Uint8Array; added: string[] } {
  const fields = headerOf(content)
  const at = sections(content).headerEnd
  const has = (name: string) => fieldValue(fields, name) !== null
  const added: string[] = []
  let extra = ''
  if (!has('Message-ID')) {
    added.push('Message-ID')
    extra += `Message-Id: <${compactTime(now)}.${queueId}@${host}>\r\n`
  }
  if (!has('Date')) {
    added.push('Date')
    extra += `Date: ${rfc5322Date(now)}\r\n`
  }
  if (from !== undefined && !has('From')) {
    added.push('From')
    extra += `From: ${from || `MAILER-DAEMON@${host}`}\r\n`
  }
  if (!extra) return { content, added }
  const out = new Uint8Array(content.length + extra.length)
  out.set(content.subarray(0, at))
  out.set(encoder.encode(extra), at)
  out.set(content.subarray(at), at + extra.length)
  return { content: out, added }
}

function prepend(text: string, content: Uint8Array): Uint8Array {
  // Trace fields are nearly always ASCII, one octet per character: encoded straight into the result, one copy.
  const out = new Uint8Array(text.length + content.length)
  const { read, written } = encoder.encodeInto(text, out)
  if (read === text.length && written === text.length) {
    out.set(content, written)
    return out
  }
  const head = encoder.encode(text) // non-ASCII (a UTF-8 HELO name or address): longer than text.length
  const wide = new Uint8Array(head.length + content.length)
  wide.set(head, 0)
  wide.set(content, head.length)
  return wide
}

/** An address the model already accepted, as the directory looks it up (no "@": a bare local part). */
function mailboxOf(address: string): Mailbox {
  const { local, domain } = splitMailbox(address)
  return { local, domain: domain ?? '' }
}
