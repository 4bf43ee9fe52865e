/**
 * AUTH (RFC 4954): a SASL exchange of 334 challenges and base64 lines, ended by 235 or an error. The mechanisms
 * themselves are in sasl.ts; here the exchange takes over the input until it ends.
 */
import type { Conversation } from '../conversation'
import type { Line } from '../line-reader'
import { reply, type Reply } from '../replies'
import { decodeBase64, startExchange, type Credentials, type Mechanism, type SaslExchange, type SaslStep } from '../sasl'
import { outOfOrder } from '../state'
import { afterStartTlsWithoutEhlo } from './starttls'
import type { Verb } from './types'

/** SASL exchange lines may be long (RFC 4954 §4 suggests 12288 octets). */
const SASL_LINE_LIMIT = 12288 + 2
const NO_CREDENTIALS: Credentials = { password: () => null, tokenOwner: () => null }
const latin1 = new TextDecoder('latin1')

export const auth: Verb = {
  verb: 'AUTH',
  syntax: 'AUTH <mechanism> [initial-response]',
  help: null,
  beforeTls: false,
  needsAuth: false,
  // Offered once the channel is encrypted, unless plaintext AUTH is allowed or the personality lists it early anyway.
  ehlo: ({ personality, profile, tls, plaintextAuth }) =>
    profile.auth && (tls || plaintextAuth || personality.authBeforeTls) ? `AUTH ${personality.mechanisms.join(' ')}` : null,
  handle(c, argument) {
    const profile = c.profile
    if (!profile.auth) return c.reply('authNotEnabled', {}, `AUTH is not offered on port ${profile.port}`)
    if (!c.tls && !c.config.plaintextAuth) return c.reply('mustStartTls', {}, 'passwords are only sent over an encrypted channel here')
    if (c.user) return c.reply('authAlready', {}, `already logged in as ${c.user}`)
    const refused = outOfOrder(c, 'AUTH')
    if (refused) return c.refuse(refused)
    const [name = '', initial, extra] = argument.split(/[ \t]+/)
    if (name === '' || extra !== undefined) return c.reply('authSyntax', {}, 'AUTH <mechanism> [initial-response]')
    const mechanism = name.toUpperCase()
    if (mechanism === 'DIGEST-MD5') {
      return c.reply('authUnknownMechanism', {}, 'DIGEST-MD5 is historic (RFC 6331): insecure and not interoperable, so no server should offer it')
    }
    if (!(c.personality.mechanisms as readonly string[]).includes(mechanism)) {
      return c.reply('authUnknownMechanism', {}, `${mechanism} is not in the AUTH line of the EHLO reply`)
    }
    let response: Uint8Array | null = null
    if (initial !== undefined) {
      response = decodeBase64(initial)
      if (!response) return c.reply('authBadBase64', {}, 'the initial response is not base64')
    }
    const exchange = startExchange(mechanism as Mechanism, c.config.credentials ?? NO_CREDENTIALS, c.config.ids.next(), c.config.hostname)
    step(c, mechanism as Mechanism, exchange, exchange.start(response))
  },
}

function step(c: Conversation, mechanism: Mechanism, exchange: SaslExchange, s: SaslStep): void {
  switch (s.kind) {
    case 'challenge':
    case 'error-challenge':
      c.readLines(SASL_LINE_LIMIT, (line) => respond(c, mechanism, exchange, line))
      return c.reply('authChallenge', { challenge: s.challenge }, s.kind === 'error-challenge' ? s.why : undefined)
    case 'success':
      c.user = s.user
      c.emit({ type: 'authenticated', user: s.user, mechanism })
      return end(c, reply('authOk'), afterStartTlsWithoutEhlo(c) ?? undefined)
    case 'failure':
      c.emit({ type: 'authentication-failed', mechanism, why: s.why })
      return end(c, reply('authFailed'), s.why)
  }
}

/** One line of the client's side of the exchange: base64, or * to cancel (RFC 4954 §4). */
function respond(c: Conversation, mechanism: Mechanism, exchange: SaslExchange, line: Line): void {
  if (line.overrun) return end(c, reply('authLineTooLong'), 'the SASL line was longer than 12288 octets')
  const text = latin1.decode(line.bytes)
  if (text === '*') return end(c, reply('authAborted'), 'the client cancelled with *')
  const response = decodeBase64(text)
  if (!response) return end(c, reply('authBadBase64'), 'the line is not base64')
  step(c, mechanism, exchange, exchange.next(response))
}

function end(c: Conversation, r: Reply, cause?: string): void {
  c.readCommands()
  c.send(r, cause)
}
