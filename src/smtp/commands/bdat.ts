/**
 * BDAT (CHUNKING, RFC 3030 §2): exactly `size` octets follow the command, no dot-stuffing and no end line; the
 * chunk marked LAST ends the message. The octets are read whatever the reply, so a chunk that is refused is read
 * and thrown away before the answer. As Postfix does (fixture part 2, section 2.5):
 *  - `BDAT 0` without LAST is a null request (551 5.7.1), a chunk that takes the message past the size limit is
 *    552 5.3.4, and a chunk with no accepted recipient is 554 5.5.1; after any of these the next chunks are read,
 *    thrown away and answered 551 5.0.0 up to LAST (which ends the transaction) or RSET.
 *  - A chunk is never held whole before the size check: past the limit its octets are only counted.
 *  - The SIZE declared on MAIL is not enforced on chunks, only the server's limit.
 */
import type { Conversation } from '../conversation'
import { concat } from '../data-reader'
import type { Refusal } from '../policy'
import { reply } from '../replies'
import { outOfOrder } from '../state'
import { acceptMessage } from './accept'
import type { Verb } from './types'

const CRLF = new Uint8Array([13, 10])
/** A count must fit a signed 64-bit file offset, as in Postfix; past it the command is malformed. */
const MAX_COUNT = 2n ** 63n - 1n

export const bdat: Verb = {
  verb: 'BDAT',
  syntax: 'BDAT <octets> [LAST]',
  help: null,
  beforeTls: false,
  needsAuth: true,
  ehlo: () => 'CHUNKING',
  handle(c, argument) {
    const m = /^(\d+)(?:[ \t]+(LAST))?$/i.exec(argument)
    if (!m || BigInt(m[1] ?? '0') > MAX_COUNT) {
      c.reply('bdatSyntax', {}, 'BDAT <octets> [LAST], the count a number of octets')
      return c.close('shutdown')
    }
    const size = Number(m[1])
    const last = m[2] !== undefined
    if (c.bdatDiscarding) {
      return readChunk(c, size, false, () => {
        if (last) c.resetTransaction('RSET')
        c.reply('bdatDiscarded', { count: size }, last ? 'an earlier chunk failed; this LAST chunk ends the failed message' : 'an earlier chunk of this message failed')
      })
    }
    if (size === 0 && !last) {
      fail(c)
      return c.reply('nullBdat', {}, 'BDAT 0 without LAST carries nothing')
    }
    const refused = outOfOrder(c, 'BDAT')
    const tx = c.tx
    if (refused || !tx) {
      return readChunk(c, size, false, () => {
        if (refused?.key === 'noValidRecipients') fail(c, last)
        c.refuse(refused ?? { key: 'needRcpt' })
      })
    }
    const limit = c.sizeLimit
    const total = tx.chunkSize + size
    const tooBig = limit > 0 && total > limit
    readChunk(c, size, !tooBig, (parts) => {
      if (tooBig) {
        fail(c, last)
        return c.reply('chunkTooBig', {}, `with this chunk the message has ${total} octets; the limit is ${limit}`)
      }
      endOfChunk(c, size, last, parts)
    })
  },
}

/** Read `size` octets (kept only when `keep`), then call `done` with what was kept. */
function readChunk(c: Conversation, size: number, keep: boolean, done: (parts: readonly Uint8Array[]) => void): void {
  const parts: Uint8Array[] = []
  let remaining = size
  if (size === 0) return done(parts)
  c.readOctets('bdat', (octets, _text, offset) => {
    const take = Math.min(remaining, octets.length - offset)
    if (keep && take > 0) parts.push(octets.subarray(offset, offset + take))
    remaining -= take
    if (remaining === 0) {
      c.readCommands()
      done(parts)
    }
    return offset + take
  })
}

/** A chunk failed: the message is lost, and chunks are thrown away up to LAST — unless this one was LAST. */
function fail(c: Conversation, last = false): void {
  if (last) return c.resetTransaction('RSET')
  c.bdatDiscarding = true
  const tx = c.tx
  if (tx) c.tx = { ...tx, chunks: [], chunkSize: 0 } // the message has begun: RCPT and DATA are out of order now
}

function endOfChunk(c: Conversation, size: number, last: boolean, parts: readonly Uint8Array[]): void {
  const tx = c.tx
  if (!tx) return
  const chunks = [...(tx.chunks ?? []), ...parts]
  c.tx = { ...tx, chunks, chunkSize: tx.chunkSize + size }
  if (!last) return c.reply('bdatChunk', { count: size })
  c.tx = null
  let content = concat(chunks)
  // Postfix stores lines: an unterminated last line gets its CRLF (and the count says so).
  if (content.length > 0 && !(content[content.length - 2] === 13 && content[content.length - 1] === 10)) content = concat([content, CRLF])
  const refusal: Refusal | null = null
  acceptMessage(c, { ...tx, chunks }, content, refusal, (id) => reply('bdatQueued', { count: content.length, id }))
}
