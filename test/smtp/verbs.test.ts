// The verb records (src/smtp/commands): every list of verbs and every EHLO keyword is derived from them.
import { describe, expect, it } from 'vitest'
import { PERSONALITIES, PROFILES, SMTP_VERBS, VERBS, capabilities } from '../../src/smtp'
import { afterEhlo, converse } from '../helpers/conversation'

describe('verb records', () => {
  it('each verb has one record', () => {
    expect(new Set(VERBS.map((v) => v.verb)).size).toBe(VERBS.length)
  })

  it('the shell’s list holds every implemented verb, ETRN and BDAT among them, and not the 502 ones', () => {
    expect(SMTP_VERBS).toEqual(['HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT', 'BDAT', 'STARTTLS', 'AUTH', 'ETRN'])
  })

  it('HELP lists the verbs whose record has a help line, and each line is the record’s (rfc: Postfix has no HELP)', () => {
    const c = afterEhlo({ personality: 'rfc' })
    const listed = VERBS.filter((v) => v.help !== null && !v.obsolete) // RFC 821's SEND, SOML, SAML, TURN: history mode only
    expect(c.say('HELP')[0]).toBe(`214-2.0.0 Commands: ${listed.map((v) => v.verb).join(' ')}`)
    for (const v of listed) expect(c.say(`HELP ${v.verb.toLowerCase()}`)).toEqual([`214 2.0.0 ${v.syntax} - ${v.help}`])
  })

  it('knows every record’s verb: unimplemented ones get 502 (RFC 5321 §4.2.4), only those a personality lacks get "not recognized"', () => {
    for (const personality of ['postfix', 'rfc'] as const) {
      for (const v of VERBS) {
        const c = afterEhlo({ personality })
        const first = c.say(v.verb === 'BDAT' ? 'BDAT 0 LAST' : v.verb)[0] ?? ''
        if (v.absent?.when(PERSONALITIES[personality])) expect(first, `${v.verb} under ${personality}`).toBe('500 5.5.2 Error: command not recognized')
        else if (v.unimplemented) expect(first, v.verb).toMatch(/^502 /)
        else if (v.obsolete) expect(first, `${v.verb} is gone since RFC 5321`).toBe('500 5.5.2 Error: command not recognized')
        else expect(first, `${v.verb} under ${personality}`).not.toBe('500 5.5.2 Error: command not recognized')
      }
    }
    expect(VERBS.filter((v) => v.absent?.when(PERSONALITIES.postfix)).map((v) => v.verb), 'Postfix has no HELP, EXPN, ATRN or BURL').toEqual(['EXPN', 'HELP', 'ATRN', 'BURL'])
    expect(afterEhlo().say('XYZZY'), 'a verb without a record').toEqual(['500 5.5.2 Error: command not recognized'])
  })

  it('every EHLO keyword comes from a record, in the order Postfix lists them', () => {
    const all = capabilities(PERSONALITIES.lenient, PROFILES.mta, { tls: false, plaintextAuth: false })
    expect(all).toEqual(['PIPELINING', 'SIZE 10240000', 'VRFY', 'EXPN', 'ETRN', 'STARTTLS', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'])
    // Postfix 3.7.11 with Debian's snakeoil certificate (fixture part 2, 2.1): no EXPN, STARTTLS after ETRN.
    expect(capabilities(PERSONALITIES.postfix, PROFILES.mta, { tls: false, plaintextAuth: false })).toEqual(['PIPELINING', 'SIZE 10240000', 'VRFY', 'ETRN', 'STARTTLS', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'])
    expect(capabilities(PERSONALITIES.rfc, PROFILES.submission, { tls: false, plaintextAuth: true })).toEqual(['PIPELINING', 'SIZE 52428800', 'STARTTLS', 'AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'])
  })

  it('a personality that turns VRFY off stops advertising it', () => {
    const quiet = { ...PERSONALITIES.postfix, vrfy: false }
    expect(capabilities(quiet, PROFILES.mta, { tls: false, plaintextAuth: false })).not.toContain('VRFY')
    expect(converse({ personality: quiet }).say('VRFY alice')).toEqual(['502 5.5.1 VRFY command is disabled'])
  })
})
