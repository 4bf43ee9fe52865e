/** What MAIL and RCPT share: reading a path with its parameters (RFC 5321 §4.1.1.2-3, §4.1.2) and saying what went wrong. */
import type { Conversation } from '../conversation'
import { parseEnvelopeArgument, type EnvelopeArgument } from '../envelope-syntax'
import type { ParamContext } from '../params'
import type { ReplyKey } from '../replies'

export const NON_ASCII = /[^\x00-\x7f]/

export function parseEnvelope(c: Conversation, argument: string, keyword: 'FROM' | 'TO'): EnvelopeArgument {
  const limits = c.personality.limits
  const strictPath = limits.pathOver === 'reject'
  return parseEnvelopeArgument(argument, keyword, {
    strict: c.personality.strictEnvelope,
    maxLocalPart: strictPath ? limits.localPart : Infinity, // Postfix has no path limits, only its line's (fixture 2.4)
    maxDomain: limits.domain, // Postfix checks the domain's length even when lenient
    maxPath: strictPath ? limits.path : 0,
    defaultDomain: c.config.hostname,
    smtputf8: keyword === 'TO' && (c.tx?.mail.smtputf8 ?? false),
  })
}

/** What the ESMTP parameters may use: only what EHLO offers now (RFC 5321 §4.1.1.11). */
export function paramContext(c: Conversation): ParamContext {
  return { sizeLimit: c.sizeLimit, dsn: c.offers('DSN'), smtputf8: c.offers('SMTPUTF8') }
}

/**
 * RFC 821 knew no MAIL or RCPT parameters: they came with ESMTP (RFC 1869, 1995) and only after EHLO. A server of
 * 1982 reads `SIZE=10` after the path as a syntax error (501).
 */
export function parametersBefore1995(c: Conversation, parsed: Extract<EnvelopeArgument, { ok: true }>, key: 'mailSyntax' | 'rcptSyntax'): boolean {
  if (c.personality.commands !== 'rfc821' || parsed.params.length === 0) return false
  c.reply(key, {}, 'RFC 821 has no MAIL or RCPT parameters: they came with ESMTP (RFC 1869, 1995), after EHLO')
  return true
}

export function envelopeError(c: Conversation, parsed: Extract<EnvelopeArgument, { ok: false }>, syntaxKey: ReplyKey, addressKey: ReplyKey): void {
  if (parsed.kind === 'syntax') return c.reply(syntaxKey, {}, parsed.why)
  if (parsed.kind === 'path-length') return c.reply('pathTooLong', {}, parsed.why)
  if (parsed.kind === 'params') return c.reply('badParameter', { param: 'ESMTP' }, parsed.why)
  c.reply(addressKey, {}, parsed.why)
}

/** Say what the personality let pass that RFC 5321 does not allow. */
export function tolerated(c: Conversation, parsed: Extract<EnvelopeArgument, { ok: true }>): void {
  for (const what of parsed.tolerated) c.emit({ type: 'syntax-tolerated', what })
}
