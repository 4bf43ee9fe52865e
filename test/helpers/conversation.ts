/**
 * An in-memory conversation with the model (h11's ConnectionPair, for SMTP): `say('RCPT TO:<a@b>')` sends one line
 * with CRLF and returns the reply lines exactly as they would appear on the wire, without CRLF.
 */
import { PERSONALITIES, World, wireOf, type Connection, type ModelEvent, type Personality, type PersonalityName } from '../../src/smtp'

export interface Conversation {
  readonly world: World
  readonly connection: Connection
  readonly greeting: string[]
  /** Send one line (CRLF added); the reply lines it caused. */
  say(line: string): string[]
  /** Send raw octets; the events they caused. */
  send(raw: string | Uint8Array): ModelEvent[]
  /** Every event so far. */
  readonly events: ModelEvent[]
}

export function lines(wire: string): string[] {
  return wire.split('\r\n').filter((l, i, all) => i < all.length - 1 || l !== '')
}

export function converse(options: { personality?: PersonalityName | Personality; host?: string; clientIp?: string; world?: World } = {}): Conversation {
  const world = options.world ?? new World()
  const personality = typeof options.personality === 'string' ? PERSONALITIES[options.personality] : options.personality
  const host = world.host(options.host ?? 'mail.example.com')
  if (!host) throw new Error('no such host')
  const connection = host.connect({ ip: options.clientIp ?? '192.0.2.30', name: 'client.example.net' }, personality)
  const events: ModelEvent[] = []
  const record = (e: ModelEvent[]) => {
    events.push(...e)
    return e
  }
  const greeting = lines(wireOf(record(connection.start())))
  return {
    world,
    connection,
    greeting,
    events,
    say: (line) => lines(wireOf(record(connection.receive(line + '\r\n')))),
    send: (raw) => record(connection.receive(raw)),
  }
}

/** A conversation that has already said EHLO. */
export function afterEhlo(options: Parameters<typeof converse>[0] = {}): Conversation {
  const c = converse(options)
  c.say('EHLO client.example.net')
  return c
}

/** A conversation with an open transaction: EHLO, MAIL FROM, RCPT TO alice. */
export function inTransaction(options: Parameters<typeof converse>[0] = {}): Conversation {
  const c = afterEhlo(options)
  c.say('MAIL FROM:<student@client.example.net>')
  c.say('RCPT TO:<alice@example.com>')
  return c
}

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)
