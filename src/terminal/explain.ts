/**
 * A reply explained in a few terminal lines (F1, or a line holding only `?` in a session): the catalogue's meaning and
 * RFC section (src/smtp/replies.ts `describe`), the code tables (src/smtp/codes.ts), and the model's `cause`. Nothing
 * here reads the reply's text. Pure.
 */
import { describe, wireLines } from '../smtp/replies'
import { renderHint } from './render'
import type { ReplyRecord } from './smtp-client'
import { explainBasic, explainEnhanced } from '../smtp/codes'

export function explainReply(record: ReplyRecord): string {
  const { reply, cause } = record
  const spec = describe(reply.key)
  const basic = explainBasic(reply.code)
  const enhanced = reply.enhanced ? explainEnhanced(reply.enhanced) : null
  const head = wireLines(reply)[0] ?? ''
  const lines = [
    `  ${head.length > 60 ? head.slice(0, 57) + '...' : head}`,
    `  ${reply.code}: ${basic.meaning?.text ?? basic.class?.text ?? 'a reply code outside RFC 5321'}`,
    ...(enhanced ? [`  ${enhanced.code}: ${enhanced.detail?.text ?? enhanced.subject?.text ?? ''} (${enhanced.class?.text.split(':')[0] ?? ''})`] : []),
    `  Here: ${spec.meaning}`,
    ...(cause ? [`  Caused by: ${cause}`] : []),
    `  See RFC ${spec.rfc}; the explain pane has links.`,
  ]
  return lines.map(renderHint).join('')
}
