/**
 * The end of a message, by DATA's final dot or BDAT LAST: the last checks, then the server takes responsibility
 * for it (RFC 5321 §4.2.5, §6.1) and says so with a queue id.
 */
import type { Conversation, Transaction } from '../conversation'
import { fieldValues, headerOf } from '../message'
import type { Refusal } from '../policy'
import type { Reply } from '../replies'

export function acceptMessage(c: Conversation, tx: Transaction, content: Uint8Array, refusal: Refusal | null, accepted: (id: string) => Reply): void {
  const hops = countReceived(content)
  const limit = c.personality.limits.hops
  if (!refusal && hops > limit) refusal = { key: 'tooManyHops', cause: `the message has ${hops} Received: lines; more than ${limit} means a mail loop (RFC 5321 §6.3)` }
  refusal ??= c.config.policy.canStore?.() ?? null
  refusal ??= c.config.policy.checkMessage?.(content, tx.sender, c.peer) ?? null
  const scripted = refusal ? null : (c.config.script?.afterData() ?? null)
  if (scripted === 'drop') return c.close('dropped')
  refusal ??= scripted
  if (refusal) {
    c.refuse(refusal)
    c.emit({ type: 'message-rejected', code: c.lastReplyCode, why: refusal.cause ?? '' })
    return
  }
  const queueId = c.config.ids.next()
  c.emit({ type: 'message-accepted', queueId, envelope: c.envelope(tx), content })
  c.forgiveErrors()
  c.send(accepted(queueId))
}

/** Received: fields in the header section of a message (5321 §6.3 counts them to find loops). */
function countReceived(content: Uint8Array): number {
  return fieldValues(headerOf(content), 'Received').length
}
