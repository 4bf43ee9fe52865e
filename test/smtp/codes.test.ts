import { describe, expect, test } from 'vitest'
import { REPLIES } from '../../src/smtp'
import { BASIC_CODES, ENHANCED_DETAIL, explainBasic, explainEnhanced, explainStatus, gistOf } from '../../src/smtp/codes'
import { rfcLinks } from '../../src/smtp/rfc-links'

describe('the code tables (explanations only)', () => {
  test('every code in the reply catalogue has a basic meaning, and every enhanced code a class, subject and detail', () => {
    for (const [key, spec] of Object.entries(REPLIES)) {
      expect(BASIC_CODES[spec.code], `${key} ${spec.code}`).toBeDefined()
      if (spec.enhanced) {
        const e = explainEnhanced(spec.enhanced)
        expect(e?.class, key).not.toBeNull()
        expect(e?.subject, key).not.toBeNull()
        expect(e?.detail, `${key} ${spec.enhanced}`).not.toBeNull()
      }
    }
  })

  test('a basic code: its class, category and meaning (RFC 5321 §4.2)', () => {
    expect(explainBasic(503)).toMatchObject({ category: 'syntax', meaning: { text: 'Bad sequence of commands.' } })
    expect(explainBasic(550).class?.text).toMatch(/^Permanent negative/)
    expect(explainBasic(299).meaning).toBeNull()
  })

  test('an enhanced code: class, subject and detail (RFC 3463)', () => {
    expect(explainEnhanced('5.1.1')).toMatchObject({ class: { text: expect.stringMatching(/^Permanent failure/) }, subject: { text: expect.stringMatching(/^Addressing/) }, detail: { text: expect.stringMatching(/^Bad destination mailbox address/) } })
    expect(explainEnhanced('4.4.1')?.detail?.text).toBe('No answer from host.')
    expect(explainEnhanced('2.0.0')?.detail?.text).toBe('Other undefined status.')
    expect(explainEnhanced('3.0.0')).toBeNull()
    expect(explainEnhanced('5.9.99')).toMatchObject({ subject: null, detail: null })
    expect(Object.keys(ENHANCED_DETAIL).length).toBeGreaterThan(50)
  })

  test('RFC references become links to the RFC Editor, one per section', () => {
    expect(rfcLinks('5321 §3.3, §4.1.4')).toEqual([
      { rfc: 5321, section: '3.3', label: 'RFC 5321 §3.3', href: 'https://www.rfc-editor.org/rfc/rfc5321#section-3.3' },
      { rfc: 5321, section: '4.1.4', label: 'RFC 5321 §4.1.4', href: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.1.4' },
    ])
    expect(rfcLinks('5321 §4.2.2; 3463 §3.2').map((l) => l.href)).toEqual(['https://www.rfc-editor.org/rfc/rfc5321#section-4.2.2', 'https://www.rfc-editor.org/rfc/rfc3463#section-3.2'])
    expect(rfcLinks('4954 §6; 6409 §4.1').map((l) => l.label)).toEqual(['RFC 4954 §6', 'RFC 6409 §4.1'])
    expect(rfcLinks('1985')).toEqual([{ rfc: 1985, section: null, label: 'RFC 1985', href: 'https://www.rfc-editor.org/rfc/rfc1985' }])
    for (const spec of Object.values(REPLIES)) expect(rfcLinks(spec.rfc).length, spec.rfc).toBeGreaterThan(0)
  })

  test('one table, three views: the lesson box, the DSN Status: field and the explain pane say the same thing', () => {
    expect(gistOf(220, null)).toEqual([{ code: '220', text: 'positive completion: done; about connections (RFC 5321 §4.2)' }])
    expect(gistOf(451, '4.4.1')).toEqual([
      { code: '451', text: 'transient negative: not now, try again later; about the mail system (RFC 5321 §4.2)' },
      { code: '4.4.1', text: 'persistent transient failure; subject: network and routing (RFC 3463)' },
    ])
    expect(explainStatus('4.4.1')).toBe(`Persistent transient failure (may work later): ${explainEnhanced('4.4.1')!.detail!.text.replace(/^N/, 'n').replace(/\.$/, '')} (RFC 3463).`)
    expect(explainStatus('5.4.7')).toMatch(/^Permanent failure \(retrying will not help\): delivery time expired/)
    expect(explainStatus('2.0.0')).toBe('Success: other undefined status (RFC 3463).')
    expect(explainStatus('4.9.99')).toBe('Persistent transient failure (may work later): unknown subject (RFC 3463).')
  })
})
