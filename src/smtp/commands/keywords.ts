/** EHLO keywords that bring no verb of their own: MAIL/RCPT parameters, or a promise about behaviour. */
import { sizeLimit } from '../profiles'
import type { Extension } from './types'

/** Commands may be sent in batches (RFC 2920). */
export const pipelining: Extension = { keyword: 'PIPELINING', ehlo: () => 'PIPELINING' }
/** The largest message taken, and MAIL's SIZE= (RFC 1870 §4). */
export const size: Extension = { keyword: 'SIZE', ehlo: ({ personality, profile }) => `SIZE ${sizeLimit(personality, profile)}` }
/** Replies carry RFC 3463 codes (RFC 2034). */
export const enhancedStatusCodes: Extension = { keyword: 'ENHANCEDSTATUSCODES', ehlo: () => 'ENHANCEDSTATUSCODES' }
/** MAIL's BODY=8BITMIME (RFC 6152). */
export const eightBitMime: Extension = { keyword: '8BITMIME', ehlo: () => '8BITMIME' }
/** Delivery status notifications: RET, ENVID, NOTIFY, ORCPT (RFC 3461). */
export const dsn: Extension = { keyword: 'DSN', ehlo: () => 'DSN' }
/** UTF-8 addresses and header fields (RFC 6531). */
export const smtputf8: Extension = { keyword: 'SMTPUTF8', ehlo: () => 'SMTPUTF8' }
