/** The running world: its hosts, its DNS and one shared clock and id source (design §3). */
import { CounterIds, ManualClock, type IdSource } from '../deps'
import { DEFAULT_WORLD } from './default-world'
import { MailHost } from './host'
import type { WorldData } from './types'

export class World {
  readonly data: WorldData
  readonly clock: ManualClock
  readonly #hosts = new Map<string, MailHost>()

  constructor(data: WorldData = DEFAULT_WORLD, clock = new ManualClock(), ids?: (host: string, index: number) => IdSource) {
    this.data = data
    this.clock = clock
    data.hosts.forEach((h, i) => this.#hosts.set(h.name, new MailHost(h, clock, ids ? ids(h.name, i) : new CounterIds(0x4a1b2c3d + i * 0x1000193))))
  }

  /** A host by name or IP, or undefined if nothing by that name answers. */
  host(nameOrIp: string): MailHost | undefined {
    const key = nameOrIp.toLowerCase()
    return this.#hosts.get(key) ?? [...this.#hosts.values()].find((h) => h.data.ip === key)
  }

  get hosts(): readonly MailHost[] {
    return [...this.#hosts.values()]
  }

  /** The host name a name resolves to by A record, for the client's reverse name in Received: lines. */
  nameOf(ip: string): string | null {
    return Object.entries(this.data.dns.a).find(([, v]) => v === ip)?.[0] ?? null
  }
}
