// A host's queue and mailboxes under load (issue 16, "the bridge's cost must not grow with the mail it holds"):
// finished entries leave the queue, the retry schedule copes with 200,000 waiting entries, and a mail store
// (the bridge's Maildir) can cap what mailboxes keep in memory, refuse a message it cannot store (451 4.3.0) and
// defer a delivery it could not write.
import { describe, expect, it } from 'vitest'
import { World, type ModelEvent, type StoredMessage } from '../../src/smtp'
import { RetrySchedule } from '../../src/smtp/delivery/schedule'
import { converse } from '../helpers/conversation'

const MINUTE = 60_000

function sendTo(say: (line: string) => string[], to: string, n: number): string[] {
  say('MAIL FROM:<x@example.org>')
  say(`RCPT TO:<${to}>`)
  say('DATA')
  return say(`Subject: ${n}\r\n\r\nmessage ${n}\r\n.`)
}

describe('the queue', () => {
  it('holds only entries with recipients still to deliver', () => {
    const { world, say } = converse()
    say('EHLO client.example.net')
    for (let i = 0; i < 3; i++) expect(sendTo(say, 'alice@example.com', i)[0]).toMatch(/^250 2\.0\.0 Ok: queued as /)
    const host = world.host('mail.example.com')!
    expect(host.mailbox('alice')).toHaveLength(3)
    expect(host.queue).toHaveLength(0)
    expect(host.nextDue()).toBeNull()
    // A success DSN to example.org, whose MX never answers, waits in the queue.
    say('MAIL FROM:<x@example.org>')
    say('RCPT TO:<alice@example.com> NOTIFY=SUCCESS')
    say('DATA')
    say('Subject: dsn\r\n\r\nplease confirm\r\n.')
    expect(host.queue.map((e) => e.sender)).toEqual([''])
    expect(host.nextDue()).toBe(world.clock.now() + 5 * MINUTE)
  })

  it('200,000 waiting entries: the next due time is found without a RangeError, retries run in arrival order', { timeout: 60_000 }, () => {
    const world = new World()
    const host = world.host('mail.example.com')!
    const t0 = world.clock.now()
    // Each generated message is to a domain that never answers: deferred, due again after the minimal backoff.
    for (let i = 0; i < 200_000; i++) {
      world.clock.set(t0 + (i % 1000))
      host.enqueueGenerated('', [`user${i}@example.org`], new TextEncoder().encode(`Subject: ${i}\r\n\r\nx\r\n`))
    }
    expect(host.queue).toHaveLength(200_000)
    expect(host.nextDue()).toBe(t0 + 5 * MINUTE)
    world.clock.set(t0 + 999)
    const events = world.advance(5 * MINUTE - 999)
    const retried = events.filter((e): e is Extract<ModelEvent, { type: 'deferred' }> => e.type === 'deferred').map((e) => e.recipient)
    // The entries made at t0 (i % 1000 === 0) were due first, in the order they arrived.
    expect(retried.slice(0, 3)).toEqual(['user0@example.org', 'user1000@example.org', 'user2000@example.org'])
    expect(retried).toHaveLength(200)
  })

  it('the retry schedule gives earliest first, ties in the order scheduled', () => {
    const s = new RetrySchedule<string>()
    for (const [item, due] of [['c', 30], ['a', 10], ['b', 10], ['d', 40], ['e', 5]] as const) s.add(item, due)
    expect(s.nextDue()).toBe(5)
    expect(s.takeDue(10)).toEqual(['e', 'a', 'b'])
    expect(s.takeDue(29)).toEqual([])
    expect(s.takeDue(100)).toEqual(['c', 'd'])
    expect(s.nextDue()).toBeNull()
  })
})

describe('the mail log', () => {
  it('with a limit, keeps only the newest lines, and tail still reads the end', () => {
    const world = new World()
    world.log.setLimit(5)
    const { say } = converse({ world })
    say('EHLO client.example.net')
    for (let i = 0; i < 4; i++) sendTo(say, 'alice@example.com', i)
    expect(world.log.lines).toHaveLength(5)
    expect(world.log.tail(2)).toHaveLength(2)
    expect(world.log.tail(1)[0]).toMatch(/postfix\/qmgr\[\d+\]: [0-9A-F]{10}: removed$/)
    const unlimited = new World()
    const c = converse({ world: unlimited })
    c.say('EHLO client.example.net')
    for (let i = 0; i < 4; i++) sendTo(c.say, 'alice@example.com', i)
    expect(unlimited.log.lines.length).toBeGreaterThan(20)
  })
})

describe('a mail store behind the mailboxes', () => {
  it('keeps only the newest messages of each mailbox in memory, telling the store which left', () => {
    const world = new World()
    const host = world.host('mail.example.com')!
    const dropped: string[] = []
    host.setStorage({ keep: 2, dropped: (m) => dropped.push(`${m.mailbox}:${m.queueId}`) })
    const { say } = converse({ world })
    say('EHLO client.example.net')
    const ids = [0, 1, 2, 3].map((i) => /queued as (\w+)/.exec(sendTo(say, 'alice@example.com', i)[0]!)![1]!)
    expect(host.mailbox('alice').map((m) => m.queueId)).toEqual(ids.slice(2))
    expect(dropped).toEqual([`alice:${ids[0]}`, `alice:${ids[1]}`])
  })

  it('a store that is not ready: 451 4.3.0 after the final dot, nothing queued or delivered', () => {
    const world = new World()
    const host = world.host('mail.example.com')!
    host.setStorage({ ready: () => 'the Maildir is not a directory' })
    const { say, events } = converse({ world })
    say('EHLO client.example.net')
    expect(sendTo(say, 'alice@example.com', 1)).toEqual(['451 4.3.0 Error: queue file write error'])
    expect(events.some((e) => e.type === 'message-accepted')).toBe(false)
    expect(host.mailbox('alice')).toHaveLength(0)
    // The transaction is over: a new one can start.
    expect(say('MAIL FROM:<x@example.org>')).toEqual(['250 2.1.0 Ok'])
  })

  it('a write that fails: the delivery is deferred (4.3.0) and retried until the store takes it', () => {
    const world = new World()
    const host = world.host('mail.example.com')!
    let broken = true
    const saved: StoredMessage[] = []
    host.setStorage({ save: (m) => (broken ? 'EIO: i/o error' : (saved.push(m), null)) })
    const { say, events } = converse({ world })
    say('EHLO client.example.net')
    expect(sendTo(say, 'alice@example.com', 1)[0]).toMatch(/^250 /)
    const deferred = events.find((e) => e.type === 'deferred')
    expect(deferred).toMatchObject({ status: '4.3.0', recipient: 'alice@example.com' })
    expect(host.mailbox('alice')).toHaveLength(0)
    expect(host.queue).toHaveLength(1)
    broken = false
    world.advance(5 * MINUTE)
    expect(host.mailbox('alice')).toHaveLength(1)
    expect(saved.map((m) => m.queueId)).toEqual([host.mailbox('alice')[0]!.queueId])
    expect(host.queue).toHaveLength(0)
  })
})
