// Properties of the session over any input: it never throws, chunking never changes what it says,
// every reply is well-formed (5321 §4.2, §4.5.3.1.5), and nothing is said after 221 or 421.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PERSONALITIES, World, type ModelEvent, type PersonalityName } from '../../src/smtp'

const encoder = new TextEncoder()

/** Fragments that steer a session through every mode, mixed with arbitrary octets. */
const FRAGMENTS = [
  'EHLO client.example.net\r\n', 'HELO x\r\n', 'MAIL FROM:<a@b.example>\r\n', 'MAIL FROM:<>\r\n', 'RCPT TO:<alice@example.com>\r\n',
  'RCPT TO:<nobody@example.com>\r\n', 'RCPT TO:<@r.example:bob@example.com>\r\n', 'DATA\r\n', '.\r\n', '..x\r\n', '\r\n.\r\n',
  '\n.\n', '\r', '\n', '.', 'RSET\r\n', 'NOOP\r\n', 'VRFY alice\r\n', 'EXPN staff\r\n', 'HELP\r\n', 'QUIT\r\n', 'FROB\r\n',
  'MAIL FROM:<a@b.example> SIZE=99999999999\r\n', 'x'.repeat(600), 'Subject: s\r\n\r\nbody\r\n',
].map((s) => encoder.encode(s))

const OPEN_DATA = encoder.encode('EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n')

const anyInput = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) }), { maxLength: 40 })
  .map((parts) => {
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const p of parts) {
      all.set(p, at)
      at += p.length
    }
    return all
  })

/** Half the inputs start inside DATA, so that message framing gets as much attention as commands. */
const input = fc.oneof(anyInput, anyInput.map((rest) => {
  const all = new Uint8Array(OPEN_DATA.length + rest.length)
  all.set(OPEN_DATA)
  all.set(rest, OPEN_DATA.length)
  return all
}))

const personality = fc.constantFrom<PersonalityName>('postfix', 'rfc', 'lenient')

/** Cut points that split the input into chunks. */
const cuts = (length: number) => fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 40 }).map((a) => a.sort((x, y) => x - y))

function run(name: PersonalityName, bytes: Uint8Array, cutAt: readonly number[] = []): ModelEvent[] {
  const host = new World().host('mail.example.com')
  if (!host) throw new Error('no host')
  const connection = host.connect({ ip: '192.0.2.30', name: 'client.example.net' }, PERSONALITIES[name])
  const events = connection.start()
  let from = 0
  for (const to of [...cutAt.filter((c) => c < bytes.length), bytes.length]) {
    events.push(...connection.receive(bytes.subarray(from, to)))
    from = to
  }
  return events
}

/** A comparable digest of events: message contents as text. */
function digest(events: readonly ModelEvent[]): unknown[] {
  return events.map((e) => (e.type === 'message-accepted' ? { ...e, content: [...e.content].join(',') } : e))
}

describe('session properties', () => {
  it('never throws, whatever octets arrive', () => {
    fc.assert(fc.property(personality, input, (name, bytes) => {
      run(name, bytes)
    }), { numRuns: 400 })
  })

  it('gives the same events whatever the chunking', () => {
    fc.assert(
      fc.property(personality, input.chain((bytes) => fc.tuple(fc.constant(bytes), cuts(bytes.length))), (name, [bytes, cutAt]) => {
        expect(digest(run(name, bytes, cutAt))).toEqual(digest(run(name, bytes)))
      }),
      { numRuns: 300 },
    )
  })

  it('sends only well-formed replies: CRLF-terminated lines of at most 512 octets, one code per reply, valid continuation', () => {
    fc.assert(fc.property(personality, input, (name, bytes) => {
      for (const e of run(name, bytes)) {
        if (e.type !== 'reply') continue
        const lines = e.wire.split('\r\n')
        expect(lines.pop()).toBe('') // ends with CRLF
        lines.forEach((line, i) => {
          expect(line.length + 2).toBeLessThanOrEqual(512)
          expect(line).toMatch(/^[2-5][0-5]\d/)
          expect(line.slice(0, 3)).toBe(String(e.reply.code))
          expect(line[3] ?? ' ').toBe(i < lines.length - 1 ? '-' : ' ')
          expect(line).toMatch(/^[\x20-\x7e]*$/)
        })
        if (e.reply.enhanced) expect(e.reply.enhanced[0]).toBe(String(e.reply.code)[0])
      }
    }), { numRuns: 400 })
  })

  it('says nothing after 221 or 421, and closes', () => {
    fc.assert(fc.property(personality, input, (name, bytes) => {
      const events = run(name, bytes)
      const last = events.findIndex((e) => e.type === 'reply' && (e.reply.code === 221 || e.reply.code === 421))
      if (last < 0) return
      expect(events.slice(last + 1).filter((e) => e.type === 'reply')).toEqual([])
      expect(events.some((e) => e.type === 'closed')).toBe(true)
    }), { numRuns: 400 })
  })

  it('answers every complete command line exactly once while in command mode', () => {
    const commandLines = fc.array(fc.constantFrom('NOOP', 'RSET', 'HELP', 'FROB', 'VRFY alice', 'EHLO x', 'MAIL FROM:<a@b.example>', 'RCPT TO:<alice@example.com>'), { maxLength: 15 })
    fc.assert(fc.property(commandLines, (list) => {
      const events = run('postfix', encoder.encode(list.map((l) => l + '\r\n').join('')))
      const replies = events.filter((e) => e.type === 'reply' && e.reply.code !== 421)
      expect(replies).toHaveLength(1 + list.length) // the greeting, then one per command
    }), { numRuns: 200 })
  })
})
