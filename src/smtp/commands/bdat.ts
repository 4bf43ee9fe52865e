/**
 * BDAT (CHUNKING, RFC 3030 §2): exactly `size` octets follow the command, no dot-stuffing and no end line; the
 * chunk marked LAST ends the message. The octets are read whatever the reply, so a chunk out of order is read and
 * thrown away before the 503.
 */
import type { Conversation } from '../conversation'
import { concat } from '../data-reader'
import type { Refusal } from '../policy'
import { reply } from '../replies'
import { outOfOrder } from '../state'
import { acceptMessage } from './accept'
import type { Verb } from './types'

const CRLF = new Uint8Array([13, 10])

export const bdat: Verb = {
  verb: 'BDAT',
  syntax: 'BDAT <octets> [LAST]',
  help: null,
  beforeTls: false,
  needsAuth: true,
  ehlo: () => 'CHUNKING',
  handle(c, argument) {
    const m = /^(\d{1,9})(?:[ \t]+(LAST))?$/i.exec(argument)
    if (!m) {
      c.reply('bdatSyntax', {}, 'BDAT <octets> [LAST]')
      return c.close('shutdown')
    }
    const size = Number(m[1])
    const last = m[2] !== undefined
    const refused = outOfOrder(c, 'BDAT')
    const parts: Uint8Array[] = []
    let remaining = size
    const end = () => {
      c.readCommands()
      endOfChunk(c, size, last, parts, refused)
    }
    if (size === 0) return end()
    c.readOctets('bdat', (octets, _text, offset) => {
      const take = Math.min(remaining, octets.length - offset)
      if (!refused && take > 0) parts.push(octets.subarray(offset, offset + take))
      remaining -= take
      if (remaining === 0) end()
      return offset + take
    })
  },
}

function endOfChunk(c: Conversation, size: number, last: boolean, parts: readonly Uint8Array[], refused: Refusal | null): void {
  const tx = c.tx
  if (refused || !tx) return c.refuse(refused ?? { key: 'needRcpt' })
  const limit = c.sizeLimit
  const total = tx.chunkSize + size
  const keep = total <= limit || limit === 0
  const chunks = keep ? [...(tx.chunks ?? []), ...parts] : []
  c.tx = { ...tx, chunks, chunkSize: total }
  if (!last) return c.reply('bdatChunk', { count: size })
  c.tx = null
  let content = concat(chunks)
  // Postfix stores lines: an unterminated last line gets its CRLF (and the count says so).
  if (content.length > 0 && !(content[content.length - 2] === 13 && content[content.length - 1] === 10)) content = concat([content, CRLF])
  const refusal: Refusal | null = keep ? null : { key: 'messageTooBig', cause: `the chunks add up to ${total} octets; the limit is ${limit}` }
  acceptMessage(c, { ...tx, chunks }, content, refusal, (id) => reply('bdatQueued', { count: content.length, id }))
}
