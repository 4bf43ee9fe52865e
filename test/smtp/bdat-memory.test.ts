// BDAT under abuse (issue 16, "amplification"): `BDAT 999999999 LAST` once made the server buffer the whole
// announced chunk before the size check (1.07 GB RSS). The model keeps a chunk only up to the size allowance and
// counts and discards the rest as it arrives; the 552 comes once the chunk has been read, as Postfix sends it
// (RFC 3030 §2: the server must read the whole chunk to stay in step with the client). Memory stays flat.
import { describe, expect, it } from 'vitest'
import { afterEhlo, lines } from '../helpers/conversation'
import { wireOf } from '../../src/smtp'

describe('BDAT with a count far past SIZE', () => {
  it('BDAT 999999999 LAST and its ~1 GB: memory flat while it streams, then 552 and a usable session', () => {
    const c = afterEhlo()
    c.say('MAIL FROM:<x@example.org>')
    c.say('RCPT TO:<alice@example.com>')
    const before = process.memoryUsage()
    expect(lines(wireOf(c.send('BDAT 999999999 LAST\r\n')))).toEqual([])
    // A fresh buffer per read, as a socket gives them: one the model kept could not be collected.
    const piece = () => new Uint8Array(2 ** 20).fill(0x61)
    let peak = 0
    for (let i = 0; i < 512; i++) {
      expect(c.connection.receive(piece()).filter((e) => e.type === 'reply')).toEqual([])
      const now = process.memoryUsage()
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers)
    }
    // Keeping the chunk would hold 512 MB here; the allowance is for garbage not yet collected.
    expect(peak).toBeLessThan(64 * 2 ** 20) // about 12 MB measured; 520 MB when the chunk is kept
    // The rest of the announced chunk, then the session answers commands again.
    const rest = 999_999_999 - 512 * 2 ** 20
    const tail = new Uint8Array(rest % 2 ** 20).fill(0x61)
    const reused = piece() // the rest without allocating: only the reply at the end matters now
    for (let i = 0; i < Math.floor(rest / 2 ** 20); i++) c.connection.receive(reused)
    expect(lines(wireOf(c.send(tail)))).toEqual(['552 5.3.4 Chunk exceeds message size limit'])
    expect(c.events.some((e) => e.type === 'message-accepted')).toBe(false)
    expect(c.say('RSET')).toEqual(['250 2.0.0 Ok'])
    expect(c.say('NOOP')).toEqual(['250 2.0.0 Ok'])
  }, 60_000) // ~1 GB through receive(): a few seconds; it guards bytes, not time
})
