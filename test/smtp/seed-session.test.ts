// The annotated seed session (shared/seeds/002, copied to test/fixtures) replays against the model line for line.
//
// The seed was stored after an HTML filter ate everything between angle brackets, so a few lines are restored
// here, and only those: `MAIL FROM:` and `RCPT TO:` lost their paths, `354 End data with .` lost `<CR><LF>`, and the
// From:/To: header fields lost their addresses. The STARTTLS and AUTH steps, and the EHLO keywords that depend on
// them, belong to the ESMTP issue: this test replays everything else, on port 25 of mail.example.com.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { World, wireOf } from '../../src/smtp'
import { lines } from '../helpers/conversation'

interface SeedStep {
  readonly direction?: 'client' | 'server'
  readonly data?: string
  readonly note: string
}

const seed = JSON.parse(readFileSync(new URL('../fixtures/seed-002-session.json', import.meta.url), 'utf8')) as { session: SeedStep[] }

/** Undo the HTML filter's damage (see the file comment). */
function restore(data: string): string {
  return data
    .replace(/^MAIL FROM:$/, 'MAIL FROM:<alice@sender.com>')
    .replace(/^RCPT TO:$/, 'RCPT TO:<bob@example.com>')
    .replace(/^354 End data with \.$/, '354 End data with <CR><LF>.<CR><LF>')
    .replace('From: Alice Smith \r\n', 'From: Alice Smith <alice@sender.com>\r\n')
    .replace('To: Bob Jones \r\n', 'To: Bob Jones <bob@example.com>\r\n')
}

/** The steps this issue replays: everything but STARTTLS, AUTH and the TLS handshake note. */
function replayable(steps: readonly SeedStep[]): SeedStep[] {
  const out: SeedStep[] = []
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]
    if (!step?.direction || step.data === undefined) continue // "[ TLS handshake occurs ]"
    if (step.direction === 'client' && /^(STARTTLS|AUTH)\b/.test(step.data)) {
      i++ // and its reply
      continue
    }
    out.push({ ...step, data: restore(step.data) })
  }
  return out
}

describe('the seed session 002', () => {
  it('replays reply by reply (STARTTLS and AUTH left to the ESMTP issue)', () => {
    const world = new World(undefined, undefined, () => ({ next: () => 'A1B2C3D4E5' }))
    const connection = world.host('mail.example.com')!.connect({ ip: '192.0.2.99', name: 'client.sender.com' })
    const steps = replayable(seed.session)
    let pending = lines(wireOf(connection.start()))
    let ehloCount = 0
    for (const step of steps) {
      if (step.direction === 'client') {
        const data = step.data ?? ''
        // The message is sent as one block ending in the final dot, as a client sends it after 354.
        pending = lines(wireOf(connection.receive(data + '\r\n')))
        if (/^EHLO /.test(data)) ehloCount++
        continue
      }
      const expected = (step.data ?? '').split('\n')
      if (expected[0]?.startsWith('250-mail.example.com')) {
        // The first EHLO line is the server's name; the keywords after it differ until STARTTLS/AUTH exist.
        expect(pending[0], step.note).toBe(expected[0])
        expect(pending.length, 'a multi-line EHLO reply').toBeGreaterThan(1)
      } else {
        expect(pending, step.note).toEqual(expected)
      }
    }
    expect(ehloCount).toBe(2)
    const stored = world.host('mail.example.com')!.mailbox('bob')
    expect(stored).toHaveLength(1)
    expect(new TextDecoder().decode(stored[0]!.content)).toContain('Subject: Hello from SMTP\r\n')
    expect(connection.closed).toBe(true)
  })
})
