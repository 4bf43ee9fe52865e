/**
 * Extension verbs this server knows of but does not implement: 502 5.5.1 rather than 500 (RFC 5321 §4.2.4), as
 * Postfix answers STARTTLS on a port without TLS. Postfix itself does not know ATRN and BURL (500), and neither
 * does the `postfix` personality. RFC 821's SEND, SOML, SAML and TURN are gone from RFC 5321
 * (App. F.4, F.6): like Postfix, the model does not recognise them (500).
 */
import type { Verb } from './types'

function unimplemented(verb: string, syntax: string): Verb {
  return {
    verb,
    syntax,
    help: null,
    beforeTls: true,
    needsAuth: false,
    unimplemented: true,
    absent: { when: (p) => !p.knowsUnofferedVerbs, key: 'unrecognized' }, // Postfix knows neither (fixture part 1)
    handle: (c) => c.reply('notImplemented', {}, `${verb} is not offered on this port`),
  }
}

/** On-demand mail relay (RFC 2645). */
export const atrn = unimplemented('ATRN', 'ATRN [domain,...]')
/** Submission by reference (RFC 4468). */
export const burl = unimplemented('BURL', 'BURL <url> [LAST]')
