/**
 * From a lesson's settings to a running world and a session in it. Every replay, every solution check and every
 * "reset the world" starts here, so a lesson always sees the same world: the default world (README, "The world"), a fresh
 * clock, the lesson's scripted faults, and the learner connected as the lesson says.
 */
import { DEFAULT_WORLD, ManualClock, PERSONALITIES, World, type Connection } from '../smtp'
import type { IdSource } from '../smtp/deps'
import { startingAt, type Fault } from '../smtp/world/faults'
import { CLIENTS } from './settings'
import type { ClientKind, LessonSettings } from './types'

/** The names of the hosts in the default world, for validating lesson files. */
export const WORLD_HOSTS: readonly string[] = DEFAULT_WORLD.hosts.map((h) => h.name)

/**
 * A fresh world for these settings. Faults are written relative to the world's start (`until` of a
 * mailbox-unavailable fault is "ms after the start"); here they are placed on the world's clock. `ids`: where the
 * hosts' queue ids come from (default: the same every time, as replays in tests want; the lab seeds them).
 */
export function createLessonWorld(settings: LessonSettings, ids?: (host: string, index: number) => IdSource): World {
  const clock = new ManualClock()
  const start = clock.now()
  const faults: Fault[] = startingAt(start, settings.faults)
  const world = new World(worldDataFor(settings), clock, ids, faults)
  // History mode sets the whole world in 1982: the hosts relay to each other as RFC 821 servers too.
  if (settings.personality === 'rfc821') world.relayPersonality = PERSONALITIES.rfc821
  return world
}

/** The default world, with the lesson's extra users (AUTH on the submission ports) on the lesson's host. */
function worldDataFor(settings: LessonSettings): typeof DEFAULT_WORLD {
  const extra = Object.entries(settings.users ?? {})
  if (extra.length === 0) return DEFAULT_WORLD
  const hosts = DEFAULT_WORLD.hosts.map((h) =>
    h.name === settings.host ? { ...h, users: { ...h.users, ...Object.fromEntries(extra.map(([user, password]) => [user, { password }])) } } : h,
  )
  return { ...DEFAULT_WORLD, hosts }
}

/**
 * Open a session as `client` to `host` on `port` (defaults: the settings' host and port, or the client's usual host
 * on port 25).
 */
export function openConnection(world: World, settings: LessonSettings, client: ClientKind = settings.client, host?: string | null, port?: number | null): Connection {
  const target = host ?? (client === settings.client ? settings.host : CLIENTS[client].defaultHost)
  const lessonSession = client === settings.client && target === settings.host
  const to = port ?? (lessonSession ? settings.port : 25)
  const dial = world.connect(CLIENTS[client].info, target, to, PERSONALITIES[settings.personality])
  // format.ts validates host names and ports (LESSON_PORTS) first, so this is our own mistake, not the author's.
  if (dial.kind !== 'connected') throw new Error(`lessons: ${target} port ${to}: ${dial.kind === 'refused' ? 'connection refused' : 'no such host'}`)
  return dial.connection
}
