/**
 * A running mail host of the simulated world: its policy (who may receive mail here), its mailboxes, and the
 * connections clients open to it. A Connection wraps one SmtpSession and delivers what the session accepts, so the
 * session itself stays a pure protocol machine.
 */
import type { Clock, IdSource } from '../deps'
import { deliveredToHeader, receivedHeader, returnPathHeader, type WithProtocol } from '../delivery/trace'
import type { Envelope, ModelEvent } from '../events'
import type { Mailbox } from '../grammar'
import type { MailPolicy, PeerFacts, Refusal } from '../policy'
import { SmtpSession } from '../session'
import { PERSONALITIES, type Personality } from '../settings'
import { isLocalDomain, lookupKey, members, resolve } from './directory'
import type { HostData } from './types'

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

const encoder = new TextEncoder()

export class MailHost {
  readonly data: HostData
  readonly #clock: Clock
  readonly #ids: IdSource
  readonly #mailboxes = new Map<string, StoredMessage[]>()

  constructor(data: HostData, clock: Clock, ids: IdSource) {
    this.data = data
    this.#clock = clock
    this.#ids = ids
    for (const name of data.mailboxes) this.#mailboxes.set(name, [])
  }

  get name(): string {
    return this.data.name
  }

  /** The messages in one mailbox, oldest first. */
  mailbox(name: string): readonly StoredMessage[] {
    return this.#mailboxes.get(name) ?? []
  }

  get mailboxNames(): readonly string[] {
    return [...this.#mailboxes.keys()]
  }

  /** The recipient policy for a client: local users here, relaying only for trusted networks (design §3). */
  policyFor(client: ClientInfo): MailPolicy {
    const host = this.data
    const primary = host.localDomains[0] ?? host.name
    const unknown = (text: string): Refusal => ({ key: 'userUnknown', params: { addr: text }, cause: `there is no mailbox, alias or list "${text.split('@')[0]}" here` })
    return {
      checkRecipient: (recipient: Mailbox, peer: PeerFacts): Refusal | null => {
        const text = recipient.domain ? `${recipient.local}@${recipient.domain}` : recipient.local
        if (recipient.domain === '' && lookupKey(host, recipient.local) === 'postmaster') return null // 5321 §4.5.1
        const found = resolve(host, recipient)
        if (found.kind === 'local') return null
        if (found.kind === 'unknown-user') return unknown(text)
        if (host.trustedNetworks.includes(client.ip) || peer.authenticated) return null
        return { key: 'relayDenied', params: { addr: text }, cause: `${found.domain} is not a domain of ${host.name}, and this client may not relay` }
      },
      verify: (argument: string) => {
        const bare = argument.replace(/^<(.*)>$/, '$1')
        const [local = '', domain = primary] = bare.split('@')
        if (!isLocalDomain(host, domain)) return { mailbox: bare }
        const found = resolve(host, { local, domain })
        return found.kind === 'unknown-user' ? unknown(bare) : { mailbox: bare }
      },
      expand: (argument: string) => {
        const list = members(host, argument)
        return list ? { members: list.map((m) => `<${m}>`) } : { key: 'expnNotList', params: { arg: argument } }
      },
    }
  }

  /** Open a connection from a client: the session greets when `start()` is called. */
  connect(client: ClientInfo, personality: Personality = PERSONALITIES.postfix): Connection {
    return new Connection(this, client, personality, this.#clock, this.#ids)
  }

  /** Final delivery of an accepted message (design §3; issue 5 moves remote recipients into a queue). */
  deliver(queueId: string, envelope: Envelope, content: Uint8Array, trace: string): ModelEvent[] {
    const events: ModelEvent[] = []
    for (const recipient of envelope.recipients) {
      const [local = '', domain = ''] = splitAddress(recipient)
      const found = resolve(this.data, { local, domain })
      if (found.kind !== 'local') continue
      const sender = found.sender ?? envelope.sender
      for (const mailbox of found.mailboxes) {
        const deliveredTo = found.via === 'mailbox' ? recipient : `${mailbox}@${this.data.localDomains[0] ?? this.name}`
        const headers = returnPathHeader(sender) + deliveredToHeader(deliveredTo) + trace
        const stored: StoredMessage = {
          queueId,
          mailbox,
          envelope: { ...envelope, sender },
          deliveredTo: recipient,
          receivedAt: this.#clock.now(),
          content: joinText(headers, content),
        }
        this.#mailboxes.get(mailbox)?.push(stored)
        events.push({ type: 'delivered', queueId, host: this.name, mailbox, recipient })
      }
    }
    return events
  }
}

/** One client connection to a host: the session plus the delivery of what it accepts. */
export class Connection {
  readonly session: SmtpSession
  readonly #host: MailHost
  readonly #client: ClientInfo
  readonly #clock: Clock

  constructor(host: MailHost, client: ClientInfo, personality: Personality, clock: Clock, ids: IdSource) {
    this.#host = host
    this.#client = client
    this.#clock = clock
    this.session = new SmtpSession({ hostname: host.name, policy: host.policyFor(client), clock, ids, personality })
  }

  start(): ModelEvent[] {
    return this.session.start()
  }

  receive(chunk: Uint8Array | string): ModelEvent[] {
    return this.#deliverAccepted(this.session.receive(chunk))
  }

  tick(): ModelEvent[] {
    return this.session.tick()
  }

  get closed(): boolean {
    return this.session.closed
  }

  #deliverAccepted(events: ModelEvent[]): ModelEvent[] {
    const out: ModelEvent[] = []
    for (const event of events) {
      out.push(event)
      if (event.type !== 'message-accepted') continue
      const protocol: WithProtocol = this.session.heloVerb === 'EHLO' ? 'ESMTP' : 'SMTP'
      const trace = receivedHeader({
        helo: this.session.peer.heloName,
        clientName: this.#client.name,
        clientIp: this.#client.ip,
        by: this.#host.name,
        protocol,
        queueId: event.queueId,
        forRecipient: event.envelope.recipients.length === 1 ? (event.envelope.recipients[0] ?? null) : null,
        date: this.#clock.now(),
      })
      out.push(...this.#host.deliver(event.queueId, event.envelope, event.content, trace))
    }
    return out
  }
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@')
  return at < 0 ? [address, ''] : [address.slice(0, at), address.slice(at + 1)]
}

function joinText(headers: string, content: Uint8Array): Uint8Array {
  const head = encoder.encode(headers)
  const out = new Uint8Array(head.length + content.length)
  out.set(head, 0)
  out.set(content, head.length)
  return out
}
