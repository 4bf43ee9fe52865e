// The annotated seed session (test/fixtures/seed-002-session.json) replays against the model line for line,
// on port 587 of mail.example.com: STARTTLS (simulated), AUTH PLAIN, then the message.
//
// The seed was stored after an HTML filter ate everything between angle brackets, so a few lines are restored
// here, and only those: `MAIL FROM:` and `RCPT TO:` lost their paths, `354 End data with .` lost `<CR><LF>`, and the
// From:/To: header fields lost their addresses. Its AUTH PLAIN logs in as "username" with password "password", so
// the world of this test has that user (a lesson can do the same with a line of data).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_WORLD, PERSONALITIES, PROFILES, World, wireOf } from '../../src/smtp'
import { lines } from '../helpers/conversation'

interface SeedStep {
  readonly direction?: 'client' | 'server'
  readonly data?: string
  readonly note: string
}

const seed = JSON.parse(readFileSync(new URL('../fixtures/seed-002-session.json', import.meta.url), 'utf8')) as { port: number; session: SeedStep[] }

/** Undo the HTML filter's damage (see the file comment). */
function restore(data: string): string {
  return data
    .replace(/^MAIL FROM:$/, 'MAIL FROM:<alice@sender.com>')
    .replace(/^RCPT TO:$/, 'RCPT TO:<bob@example.com>')
    .replace(/^354 End data with \.$/, '354 End data with <CR><LF>.<CR><LF>')
    .replace('From: Alice Smith \r\n', 'From: Alice Smith <alice@sender.com>\r\n')
    .replace('To: Bob Jones \r\n', 'To: Bob Jones <bob@example.com>\r\n')
}

/** The default world, with the seed's user on mail.example.com. */
function seedWorld(): World {
  const hosts = DEFAULT_WORLD.hosts.map((h) => (h.name === 'mail.example.com' ? { ...h, users: { ...h.users, username: { password: 'password' } } } : h))
  return new World({ ...DEFAULT_WORLD, hosts }, undefined, () => ({ next: () => 'A1B2C3D4E5' }))
}

describe('the seed session 002', () => {
  it('replays reply by reply on port 587, STARTTLS and AUTH included', () => {
    expect(seed.port).toBe(587)
    const world = seedWorld()
    const connection = world.host('mail.example.com')!.connect({ ip: '192.0.2.99', name: 'client.sender.com' }, PERSONALITIES.postfix, { profile: PROFILES.submission })
    let pending = lines(wireOf(connection.start()))
    let compared = 0
    for (const step of seed.session) {
      if (!step.direction || step.data === undefined) continue // "[ TLS handshake occurs ]"
      const data = restore(step.data)
      if (step.direction === 'client') {
        pending = lines(wireOf(connection.receive(data + '\r\n')))
        continue
      }
      expect(pending, step.note).toEqual(data.split('\n'))
      compared++
    }
    expect(compared).toBe(10)
    expect(connection.session.tls).toBe(true)
    const stored = world.host('mail.example.com')!.mailbox('bob')
    expect(stored).toHaveLength(1)
    const text = new TextDecoder().decode(stored[0]!.content)
    expect(text).toContain('Subject: Hello from SMTP\r\n')
    expect(text).toMatch(/with ESMTPSA id A1B2C3D4E5/)
    expect(connection.closed).toBe(true)
  })
})
