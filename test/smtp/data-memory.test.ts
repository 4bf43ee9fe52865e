// DATA dripped one octet per call (issue 16, "the bridge under abuse"): the reader must not keep one view per
// octet (about 190 octets of heap each, so 3 MB dripped cost 570 MB); small pieces are copied into shared blocks.
import { describe, expect, it } from 'vitest'
import { afterEhlo } from '../helpers/conversation'

describe('DATA in 1-octet pieces', () => {
  it('4 MB dripped one octet at a time: the heap grows by little more than the message, which arrives intact', () => {
    const line = 'abcdefghijklmnopqrstuvwxyz0123456789 .. the quick brown fox jumps over the lazy dog\r\n'
    const body = line.repeat(Math.ceil(4_000_000 / line.length))
    const wire = new TextEncoder().encode(`${body}.\r\n`)
    const c = afterEhlo()
    c.say('MAIL FROM:<x@example.org>')
    c.say('RCPT TO:<alice@example.com>')
    c.say('DATA')
    const before = process.memoryUsage().heapUsed
    let accepted = 0
    let peak = 0
    for (let i = 0; i < wire.length; i++) {
      for (const e of c.connection.receive(wire.subarray(i, i + 1))) if (e.type === 'message-accepted') accepted = e.content.length
      if (i === wire.length - 4) peak = process.memoryUsage().heapUsed - before // just before the end: all of it held
    }
    expect(accepted).toBe(body.length)
    // One view per octet would be over 300 MB here; the content itself is outside the heap (ArrayBuffers).
    expect(peak).toBeLessThan(64 * 2 ** 20)
  }, 60_000) // 4 million receive() calls: ~2 s alone, over 5 s while the machine runs other suites; it guards bytes, not time
})
