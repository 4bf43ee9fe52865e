// The order of commands (src/smtp/state.ts), read like a diary: where the session stands after each command, and
// what a verb out of order gets there (RFC 5321 §3.3, §4.1.4; RFC 3030 §2; RFC 4954 §4; RFC 1985 §5).
import { describe, expect, it } from 'vitest'
import { OUT_OF_ORDER, phaseOf, type Phase } from '../../src/smtp/state'
import { VERB_TABLE } from '../../src/smtp/commands/index'
import { converse } from '../helpers/conversation'

const phase = (c: ReturnType<typeof converse>): Phase => c.connection.session.phase

describe('phases: greeted → ready → mail → rcpt → ready', () => {
  it('moves through a transaction and back', () => {
    const c = converse()
    expect(phase(c)).toBe('greeted')
    c.say('EHLO client.example.net')
    expect(phase(c)).toBe('ready')
    c.say('MAIL FROM:<a@example.net>')
    expect(phase(c)).toBe('mail')
    c.say('RCPT TO:<nobody@example.com>') // refused: moves nothing
    expect(phase(c)).toBe('mail')
    c.say('RCPT TO:<alice@example.com>')
    expect(phase(c)).toBe('rcpt')
    c.say('DATA')
    c.send('Subject: x\r\n\r\nhi\r\n.\r\n')
    expect(phase(c)).toBe('ready')
    c.say('MAIL FROM:<a@example.net>')
    c.say('RSET')
    expect(phase(c)).toBe('ready')
  })

  it('reads BDAT chunks as a phase of their own', () => {
    expect(phaseOf({ helo: null, tx: { sender: '', mail: { size: null, body: null, smtputf8: false, ret: null, envid: null, raw: {} }, recipients: [], refused: 0, chunks: [], chunkSize: 0 } })).toBe('chunks')
  })
})

describe('the table answers each verb out of order with the catalogue reply', () => {
  const cases: [Phase, string, string][] = [
    ['greeted', 'RCPT TO:<alice@example.com>', '503 5.5.1 Error: need MAIL command'],
    ['greeted', 'DATA', '503 5.5.1 Error: need RCPT command'],
    ['ready', 'RCPT TO:<alice@example.com>', '503 5.5.1 Error: need MAIL command'],
    ['ready', 'DATA', '503 5.5.1 Error: need RCPT command'],
    ['mail', 'MAIL FROM:<b@example.net>', '503 5.5.1 Error: nested MAIL command'],
    ['mail', 'DATA', '554 5.5.1 Error: no valid recipients'],
    ['mail', 'ETRN example.com', '503 Error: MAIL transaction in progress'],
    ['rcpt', 'MAIL FROM:<b@example.net>', '503 5.5.1 Error: nested MAIL command'],
    ['rcpt', 'ETRN example.com', '503 Error: MAIL transaction in progress'],
  ]
  for (const [where, line, expected] of cases) {
    it(`${where}: ${line} → ${expected}`, () => {
      const c = converse()
      if (where !== 'greeted') c.say('EHLO client.example.net')
      if (where === 'mail' || where === 'rcpt') c.say('MAIL FROM:<a@example.net>')
      if (where === 'rcpt') c.say('RCPT TO:<alice@example.com>')
      expect(phase(c)).toBe(where)
      expect(c.say(line)).toEqual([expected])
    })
  }

  it('MAIL before HELO is out of order only where the personality says so', () => {
    expect(converse({ personality: 'postfix' }).say('MAIL FROM:<a@example.net>')).toEqual(['250 2.1.0 Ok'])
    expect(converse({ personality: 'rfc' }).say('MAIL FROM:<a@example.net>')).toEqual(['503 5.5.1 Error: send HELO/EHLO first'])
  })

  it('names only verbs that have a record', () => {
    for (const row of Object.values(OUT_OF_ORDER)) for (const verb of Object.keys(row)) expect(VERB_TABLE.has(verb), verb).toBe(true)
  })
})
