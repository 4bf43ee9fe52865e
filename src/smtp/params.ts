/**
 * MAIL and RCPT parameters of the extensions this model implements (5321 §4.1.1.11: anything else is 555):
 *   MAIL: SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461), AUTH= (RFC 4954 §5)
 *   RCPT: NOTIFY and ORCPT (RFC 3461)
 * Pure checks: each returns the accepted values or the catalogue refusal.
 */
import type { EsmtpParam } from './grammar'
import type { Refusal } from './policy'

export type Notify = 'NEVER' | 'SUCCESS' | 'FAILURE' | 'DELAY'

export interface MailParams {
  readonly size: number | null
  readonly body: '7BIT' | '8BITMIME' | null
  readonly smtputf8: boolean
  readonly ret: 'FULL' | 'HDRS' | null
  readonly envid: string | null
  /** Every accepted parameter as typed, keyword → value (null when it has none). */
  readonly raw: Readonly<Record<string, string | null>>
}

export interface RcptParams {
  /** null when the client said nothing: then FAILURE (and maybe DELAY) applies (3461 §4.1). */
  readonly notify: readonly Notify[] | null
  readonly orcpt: string | null
  readonly raw: Readonly<Record<string, string | null>>
}

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: Refusal }
const fail = (refusal: Refusal) => ({ ok: false as const, refusal })
const unknown = (p: EsmtpParam, why: string): Refusal => ({ key: 'unknownParameter', params: { param: p.text }, cause: why })

// xtext = *( xchar / hexchar ) ; xchar = any ASCII CHAR between "!" (33) and "~" (126) except "+" and "=" ;
// hexchar = "+" 2(%x30-39 / %x41-46)                                                               (RFC 3461 §4)
const XTEXT = /^(?:[\x21-\x2a\x2c-\x3c\x3e-\x7e]|\+[0-9A-F]{2})+$/

/** Decode xtext (RFC 3461 §4): `+2B` → `+`. */
export function decodeXtext(s: string): string {
  return s.replace(/\+([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** The largest size a file can have (2^63 - 1, a signed 64-bit off_t). */
const MAX_FILE_SIZE = 2n ** 63n - 1n

export interface ParamContext {
  readonly sizeLimit: number
  /** Extensions as the personality and port offer them. */
  readonly dsn: boolean
  readonly smtputf8: boolean
}

export function checkMailParams(params: readonly EsmtpParam[], ctx: ParamContext): Result<MailParams> {
  let size: number | null = null
  let body: MailParams['body'] = null
  let smtputf8 = false
  let ret: MailParams['ret'] = null
  let envid: string | null = null
  const raw: Record<string, string | null> = {}
  for (const p of params) {
    const v = p.value
    // A DSN parameter given twice is a syntax error (Postfix; RFC 3461 §4 allows each once); SIZE, BODY and
    // SMTPUTF8 twice are taken, the last one winning.
    if (p.keyword in raw && (p.keyword === 'RET' || p.keyword === 'ENVID')) return fail({ key: p.keyword === 'RET' ? 'badRet' : 'badEnvid', cause: `${p.keyword} was given twice` })
    switch (p.keyword) {
      case 'SIZE':
        if (v === null) return fail(unknown(p, 'SIZE needs a value: SIZE=<number of octets>'))
        if (!/^\d+$/.test(v)) return fail({ key: 'badSize', cause: 'SIZE=<number of octets>' })
        // Past 2^63 - 1 the number does not fit a file size (Postfix's off_t): a different 552 text.
        if (BigInt(v) > MAX_FILE_SIZE) return fail({ key: 'sizeExceedsFileSystem', cause: `${v} octets cannot even be stored in a file` })
        if (ctx.sizeLimit > 0 && Number(v) > ctx.sizeLimit) {
          return fail({ key: 'sizeExceeded', cause: `the declared size ${v} is over the limit ${ctx.sizeLimit} (RFC 1870 §6.1)` })
        }
        size = Number(v)
        break
      case 'BODY':
        if (!v || !/^(7BIT|8BITMIME)$/i.test(v)) return fail(unknown(p, 'BODY=7BIT or BODY=8BITMIME (BINARYMIME is not offered)'))
        body = v.toUpperCase() as '7BIT' | '8BITMIME'
        break
      case 'SMTPUTF8':
        if (!ctx.smtputf8) return fail(unknown(p, 'SMTPUTF8 was not offered'))
        if (v !== null) return fail({ key: 'badSmtputf8', cause: 'SMTPUTF8 takes no value' })
        smtputf8 = true
        break
      case 'RET':
        if (!ctx.dsn) return fail(unknown(p, 'DSN was not offered'))
        if (!v || !/^(FULL|HDRS)$/i.test(v)) return fail({ key: 'badRet', cause: 'RET=FULL or RET=HDRS' })
        ret = v.toUpperCase() as 'FULL' | 'HDRS'
        break
      case 'ENVID':
        if (!ctx.dsn) return fail(unknown(p, 'DSN was not offered'))
        if (!v || v.length > 100 || !XTEXT.test(v)) return fail({ key: 'badEnvid', cause: 'ENVID=<xtext, at most 100 characters>' })
        envid = decodeXtext(v)
        break
      case 'AUTH':
        // RFC 4954 §5: servers MUST accept AUTH=<mailbox> or AUTH=<>, even from clients that did not authenticate.
        if (!v) return fail(unknown(p, 'AUTH=<mailbox as xtext> or AUTH=<>'))
        break
      default:
        return fail(unknown(p, `${p.keyword} is not an extension this server advertised`))
    }
    raw[p.keyword] = v
  }
  return { ok: true, value: { size, body, smtputf8, ret, envid, raw } }
}

export function checkRcptParams(params: readonly EsmtpParam[], ctx: ParamContext): Result<RcptParams> {
  let notify: Notify[] | null = null
  let orcpt: string | null = null
  const raw: Record<string, string | null> = {}
  for (const p of params) {
    const v = p.value
    if (p.keyword in raw && ctx.dsn) return fail({ key: p.keyword === 'NOTIFY' ? 'badNotify' : 'badOrcpt', cause: `${p.keyword} was given twice` })
    if (p.keyword === 'NOTIFY' && ctx.dsn) {
      const list = (v ?? '').toUpperCase().split(',')
      const valid = list.every((n) => ['NEVER', 'SUCCESS', 'FAILURE', 'DELAY'].includes(n))
      if (!v || !valid || (list.includes('NEVER') && list.length > 1)) return fail({ key: 'badNotify', cause: 'NOTIFY=NEVER, or a list of SUCCESS, FAILURE, DELAY' })
      notify = list as Notify[]
    } else if (p.keyword === 'ORCPT' && ctx.dsn) {
      const m = v ? /^([A-Za-z0-9-]+);(.+)$/.exec(v) : null
      if (!m || !XTEXT.test(m[2] ?? '')) return fail({ key: 'badOrcpt', cause: 'ORCPT=rfc822;<address as xtext>' })
      orcpt = `${m[1]};${decodeXtext(m[2] ?? '')}`
    } else {
      return fail(unknown(p, `${p.keyword} is not an extension this server advertised`))
    }
    raw[p.keyword] = v
  }
  return { ok: true, value: { notify, orcpt, raw } }
}
