// The world's network (World.connect): what a TCP connection to a host and port meets, with ports as host data.
import { describe, expect, it } from 'vitest'
import { DEFAULT_WORLD, PERSONALITIES, World, wireOf } from '../../src/smtp'

const CLIENT = { ip: '192.0.2.30', name: 'client.example.net' }

describe('World.connect', () => {
  it('reaches the server on each mail port, by name or address, with that port’s behaviour', () => {
    const world = new World()
    for (const [port, profile] of [[25, 'mta'], [587, 'submission'], [465, 'submissions']] as const) {
      for (const address of ['mail.example.com', '192.0.2.10']) {
        const dial = world.connect(CLIENT, address, port)
        expect(dial.kind, `${address}:${port}`).toBe('connected')
        if (dial.kind === 'connected') expect(dial.connection.session.profile.name).toBe(profile)
      }
    }
    const dial = world.connect(CLIENT, 'mail.example.com', 25, PERSONALITIES.rfc)
    if (dial.kind !== 'connected') throw new Error('not connected')
    expect(dial.connection.session.personality.name).toBe('rfc')
    expect(wireOf(dial.connection.start())).toMatch(/^220 mail\.example\.com /)
  })

  it('is refused on a port nothing listens on, and times out where no host answers', () => {
    const world = new World()
    expect(world.connect(CLIENT, 'mail.example.com', 110)).toMatchObject({ kind: 'refused', host: { name: 'mail.example.com' } })
    expect(world.connect(CLIENT, '192.0.2.99', 25)).toEqual({ kind: 'timeout' })
    expect(world.connect(CLIENT, 'nowhere.example', 25)).toEqual({ kind: 'timeout' })
  })

  it('reads the listening ports from the host’s data', () => {
    const data = { ...DEFAULT_WORLD, hosts: DEFAULT_WORLD.hosts.map((h) => (h.name === 'mx.example.net' ? { ...h, ports: { 25: 'mta' as const } } : h)) }
    const world = new World(data)
    expect(world.connect(CLIENT, 'mx.example.net', 25).kind).toBe('connected')
    expect(world.connect(CLIENT, 'mx.example.net', 587).kind).toBe('refused')
    expect(world.connect(CLIENT, 'mail.example.com', 587).kind).toBe('connected')
  })
})
