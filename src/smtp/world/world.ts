/**
 * The running world (README, "The world"): its hosts, DNS, faults, the mail log, and one clock and id source.
 * Time moves only through `advance()`: queue retries, expiry and bounces happen then, in time order.
 */
import { CounterIds, ManualClock, type IdSource } from '../deps'
import { MailLog } from '../delivery/log'
import { rfc5322Date } from '../time'
import type { ModelEvent } from '../events'
import { PERSONALITIES, type Personality } from '../settings'
import { DEFAULT_WORLD } from './default-world'
import { keyFingerprint } from '../authentication/dkim'
import { hostDown, type Fault } from './faults'
import { MailHost, type ClientInfo, type Dial, type WorldContext } from './host'
import type { WorldData } from './types'

export class World {
  readonly data: WorldData
  readonly clock: ManualClock
  readonly log = new MailLog()
  readonly #hosts = new Map<string, MailHost>()
  #faults: Fault[]
  /**
   * The character of the servers the world's hosts relay to each other through. Postfix unless a lesson sets the
   * whole world in another time (history mode: RFC 821's servers all the way, so source routes are followed hop by
   * hop and the reverse-path grows as RFC 821 §3.6 says).
   */
  relayPersonality: Personality = PERSONALITIES.postfix

  constructor(data: WorldData = DEFAULT_WORLD, clock = new ManualClock(), ids?: (host: string, index: number) => IdSource, faults: readonly Fault[] = []) {
    this.data = data
    this.clock = clock
    this.#faults = [...faults]
    const context: WorldContext = {
      clock,
      dns: data.dns,
      log: this.log,
      faults: () => this.#faults,
      connect: (client, address, port, personality) => this.connect(client, address, port, personality),
      relayPersonality: () => this.relayPersonality,
      // The world's DKIM key ring: what a verifier holds instead of a public key (authentication/dkim.ts).
      secretFor: (fingerprint) => data.hosts.flatMap((h) => h.signing ?? []).find((k) => keyFingerprint(k.secret) === fingerprint)?.secret ?? null,
    }
    data.hosts.forEach((h, i) => this.#hosts.set(h.name, new MailHost(h, context, ids ? ids(h.name, i) : new CounterIds(0x4a1b2c3d + i * 0x1000193))))
  }

  /** A host by name or IP, or undefined if nothing by that name answers. */
  host(nameOrIp: string): MailHost | undefined {
    const key = nameOrIp.toLowerCase()
    return this.#hosts.get(key) ?? [...this.#hosts.values()].find((h) => h.data.ip === key)
  }

  /** The host that answers a connection at this name or IP now: undefined when there is none, or it is down. */
  answering(nameOrIp: string): MailHost | undefined {
    const host = this.host(nameOrIp)
    return host && !hostDown(host.name, this.#faults, this.clock) ? host : undefined
  }

  /**
   * Open a TCP connection from `client` to `address` (a host's name or IPv4 address) on `port`: a session of the
   * server listening there, refused when the host has nothing on that port, a timeout when no host answers at all.
   * The session greets when `start()` is called.
   */
  connect(client: ClientInfo, address: string, port: number, personality?: Personality, options: { readonly plaintextAuth?: boolean } = {}): Dial {
    const host = this.answering(address) // a host that is down does not answer: the connection times out
    if (!host) return { kind: 'timeout' }
    const profile = host.listener(port)
    if (!profile) return { kind: 'refused', host }
    return { kind: 'connected', host, connection: host.connect(client, personality, { ...options, profile }) }
  }

  get hosts(): readonly MailHost[] {
    return [...this.#hosts.values()]
  }

  get faults(): readonly Fault[] {
    return this.#faults
  }

  /** Switch scripted faults on (they apply to connections opened from now on). */
  setFaults(faults: readonly Fault[]): void {
    this.#faults = [...faults]
  }

  /** The name an address has in DNS, for the client's reverse name in Received: lines. */
  nameOf(ip: string): string | null {
    return Object.entries(this.data.dns.a).find(([, v]) => v === ip)?.[0] ?? null
  }

  /** Move the clock forward by `ms`, running every queue retry that falls due on the way, in order. */
  advance(ms: number): ModelEvent[] {
    const until = this.clock.now() + ms
    const events: ModelEvent[] = []
    for (;;) {
      // Asked at every step of the bridge's sessions: a plain scan, no arrays made when nothing is due.
      let next = Infinity
      for (const h of this.#hosts.values()) {
        const t = h.nextDue()
        if (t !== null && t <= until && t < next) next = t
      }
      if (next === Infinity) break
      if (next > this.clock.now()) this.clock.set(next)
      events.push(...this.hosts.flatMap((h) => h.runDue()))
    }
    this.clock.set(until)
    return events
  }

  /** The date as the world's hosts write it. */
  get date(): string {
    return rfc5322Date(this.clock.now())
  }
}
