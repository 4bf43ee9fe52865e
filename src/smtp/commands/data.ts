/**
 * DATA: after 354 the message follows, ended by a line holding only "." (RFC 5321 §4.1.1.4, §3.3). The framing is
 * data-reader.ts's; here the reader's findings become events and, where the personality says so, a refusal.
 */
import type { Conversation } from '../conversation'
import { DataReader } from '../data-reader'
import type { Refusal } from '../policy'
import { reply } from '../replies'
import { outOfOrder } from '../state'
import { acceptMessage } from './accept'
import type { Verb } from './types'

export const data: Verb = {
  verb: 'DATA',
  syntax: 'DATA',
  help: 'send the message, end it with a line holding only "." (RFC 5321 4.1.1.4)',
  beforeTls: false,
  needsAuth: true,
  rfc821: true,
  handle(c, argument) {
    // The order first, then the argument: Postfix answers DATA x with 503/554 outside a transaction (fixture 2.4).
    const refused = outOfOrder(c, 'DATA')
    if (refused) return c.refuse(refused)
    if (argument !== '') return c.reply('dataSyntax', {}, 'DATA takes no argument')
    const reader = new DataReader(c.personality.bareLineEndings, { textLine: c.personality.limits.textLine, messageSize: c.sizeLimit })
    c.readOctets('data', (octets, text, offset) => {
      const end = reader.feed(octets, text, offset, c.chunkStart)
      if (end < 0) return octets.length
      c.readCommands()
      endOfData(c, reader)
      return end
    })
    c.emit({ type: 'data-started' })
    c.reply('startData')
  },
}

function endOfData(c: Conversation, reader: DataReader): void {
  const tx = c.tx
  c.tx = null
  if (!tx) return
  const summary = reader.finish()
  const policy = c.personality.bareLineEndings
  if (summary.unstuffed > 0) c.emit({ type: 'lines-unstuffed', count: summary.unstuffed, at: summary.unstuffedAt })
  for (const kind of ['LF', 'CR'] as const) {
    const count = summary.bare[kind]
    if (count === 0) continue
    const action = policy === 'reject' ? 'rejected' : kind === 'CR' ? 'replaced-with-space' : policy === 'normalize' ? 'normalized' : policy === 'pass' ? 'kept' : 'ended-line'
    c.emit({ type: 'bare-line-ending', kind, count, action, at: summary.bareAt[kind] })
  }
  if (summary.nonstandardEnd) {
    const action = summary.nonstandardEnded ? 'ended-data' : policy === 'reject' ? 'rejected' : 'ignored'
    c.emit({ type: 'nonstandard-end-of-data', sequence: summary.nonstandardEnd, action })
  }
  const limits = c.personality.limits
  const tooLong = summary.longestLine > limits.textLine
  if (tooLong) {
    const action = limits.textLineOver === 'reject' ? 'rejected' : 'accepted'
    c.emit({ type: 'line-too-long', where: 'data', length: summary.longestLine, limit: limits.textLine, action })
  }
  let refusal: Refusal | null = null
  if (summary.overSize) refusal = { key: 'messageTooBig', cause: `the message has ${summary.size} octets; the limit is ${c.sizeLimit}` }
  else if (tooLong && limits.textLineOver === 'reject') refusal = { key: 'textLineTooLong', params: { limit: limits.textLine }, cause: `the longest line had ${summary.longestLine} octets with its CRLF` }
  else if (policy === 'reject' && (summary.bare.LF > 0 || summary.bare.CR > 0)) refusal = { key: 'bareLineEndingInMessage', params: { kind: summary.bare.LF > 0 ? 'LF' : 'CR' }, cause: 'lines must end in CR LF' }
  acceptMessage(c, tx, summary.content, refusal, (id) => reply('queued', { id }, c.personality.wording))
}
