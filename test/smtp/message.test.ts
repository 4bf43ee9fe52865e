// The RFC 5322 message structure (src/smtp/message.ts): where the header section ends, and fields unfolded.
import { describe, expect, it } from 'vitest'
import { fieldValue, fieldValues, headerFields, headerOf, sections, splitMessage } from '../../src/smtp/message'

const enc = new TextEncoder()

describe('sections (RFC 5322 §2.1)', () => {
  it('ends the header section at the first empty line, in octets and in text alike', () => {
    const text = 'Subject: a\r\nTo: b\r\n\r\nbody\r\n\r\nmore\r\n'
    expect(sections(text)).toEqual({ headerEnd: 19, bodyStart: 21 })
    expect(sections(enc.encode(text))).toEqual({ headerEnd: 19, bodyStart: 21 })
    expect(splitMessage(text)).toEqual({ head: 'Subject: a\r\nTo: b\r\n', body: 'body\r\n\r\nmore\r\n' })
  })

  it('takes lone LF line ends too (BDAT does not normalise them)', () => {
    expect(splitMessage('Subject: a\n\nbody\n')).toEqual({ head: 'Subject: a\n', body: 'body\n' })
    expect(splitMessage('Subject: a\r\n\nbody')).toEqual({ head: 'Subject: a\r\n', body: 'body' })
  })

  it('a message without an empty line is all header; one that starts with it has none', () => {
    expect(sections('Subject: a\r\n')).toEqual({ headerEnd: 12, bodyStart: 12 })
    expect(splitMessage('\r\nbody')).toEqual({ head: '', body: 'body' })
  })
})

describe('header fields (RFC 5322 §2.2)', () => {
  it('unfolds: the line ends before white space go, the white space stays (§2.2.3)', () => {
    const head = 'Received: from a\r\n\tby b\r\nSubject:  two  words \r\nsubject: again\r\n'
    const fields = headerFields(head)
    expect(fields.map((f) => [f.name, f.value])).toEqual([['Received', 'from a\tby b'], ['Subject', 'two  words'], ['subject', 'again']])
    expect(fields[0]).toMatchObject({ index: 0, raw: 'Received: from a\r\n\tby b', start: 0, end: 25 })
    expect(head.slice(fields[1]!.start, fields[1]!.end)).toBe('Subject:  two  words \r\n')
    expect(fieldValues(fields, 'SUBJECT')).toEqual(['two  words', 'again'])
    expect(fieldValue(fields, 'to')).toBeNull()
  })

  it('keeps a line without a colon as a field named ""', () => {
    expect(headerFields('From nobody\r\nTo: a\r\n').map((f) => f.name)).toEqual(['', 'To'])
  })

  it('reads the fields of octets, offsets being octet offsets', () => {
    const fields = headerOf(enc.encode('Bcc: x\r\nSubject: é\r\n\r\nBcc: not a field\r\n'))
    expect(fields.map((f) => f.name)).toEqual(['Bcc', 'Subject'])
    expect(fields[1]).toMatchObject({ start: 8, end: 21 })
  })
})
