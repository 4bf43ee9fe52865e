// Validation against the message schema file: the validator compiled at build time (build/ajv-validators.ts) agrees
// with ajv's own, needs no eval (the page's CSP), and invalid input gets exactly the field errors the schema implies.
import { describe, expect, it } from 'vitest'
import { emptyForm, formToValue, valueToForm } from '../../../src/ui/compose/form'
import { validateMessage } from '../../../src/ui/compose/message'
import { validate as compiled } from '../../../src/ui/compose/message.schema.json?validator'
import { errorsUnder, fieldErrors, pathOf } from '../../../src/ui/compose/schema-errors'
import { readSchema } from './read-schema'
import { runtimeValidator, validatorModule } from '../../../build/ajv-validators'

const schemaUrl = new URL('../../../src/ui/compose/message.schema.json', import.meta.url)
const schema = readSchema(schemaUrl)

const errorsOf = (value: unknown) => {
  const v = validateMessage(value)
  return v.ok ? [] : v.errors.map((e) => `${e.path}: ${e.message}`)
}

const samples: unknown[] = [
  { from: 'a@example.com', to: 'b@example.com', subject: 's' },
  { from: 'a@example.com', to: ['b@example.com', 'c@example.org'], cc: [], bcc: 'd@example.net', subject: '', body: { text: 't', html: '<p>' }, headers: { 'X-A': 'v' }, attachments: [{ filename: 'f', contentType: 'text/plain', size: 3, disposition: 'inline' }] },
  { from: 'x', to: ['b@example.com', 'bad'], cc: 5, subject: 1, date: 'yesterday', attachments: [{ filename: 'a', size: 'x', disposition: 'outline' }], headers: { 'X-A': 2 } },
  { from: 'a@example.com', to: [], subject: 's' },
  { to: 'b@example.com' },
  [],
  'text',
  null,
]

describe('the message schema file', () => {
  it('is the seed 001 schema: draft-07, from/to/subject required', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#')
    expect(schema['$id']).toBe('https://smtp.standard/schemas/message')
    expect(schema['required']).toEqual(['from', 'to', 'subject'])
    expect(Object.keys(schema['properties'] as object)).toEqual(['from', 'to', 'cc', 'bcc', 'replyTo', 'subject', 'date', 'messageId', 'body', 'headers', 'attachments'])
  })

  it('compiles to a module that needs no eval or new Function, which the page\'s CSP forbids', () => {
    const code = validatorModule(schema)
    expect(code).toMatch(/export const validate\b/)
    expect(code).not.toMatch(/\beval\(|new Function|\bajv\/dist\/(?!runtime)/)
  })

  it('is applied the same by the compiled validator and by ajv at run time', () => {
    const runtime = runtimeValidator(schema)
    for (const sample of samples) {
      expect(compiled(sample)).toBe(runtime(sample))
      expect(fieldErrors(compiled.errors)).toEqual(fieldErrors(runtime.errors))
    }
  })
})

describe('field-by-field errors', () => {
  it('accepts a valid message', () => {
    expect(errorsOf(samples[0])).toEqual([])
    expect(errorsOf(samples[1])).toEqual([])
  })

  it('names every bad field by its path, as the schema says', () => {
    expect(errorsOf(samples[2])).toEqual([
      'from: must be an email address (format "email"), like alice@example.com',
      'to[1]: must be an email address (format "email"), like alice@example.com',
      'cc: must be a string or an array',
      'subject: must be a string',
      'date: must be an RFC 3339 date-time (format "date-time"), like 2026-05-02T10:00:00Z',
      'headers.X-A: must be a string',
      'attachments[0].contentType: is required',
      'attachments[0].disposition: must be one of: "attachment", "inline"',
      'attachments[0].size: must be an integer',
    ])
  })

  it('reports missing required fields and an empty To list', () => {
    expect(errorsOf(samples[4])).toEqual(['from: is required', 'subject: is required'])
    expect(errorsOf(samples[3])).toEqual(['to: must have at least 1 item'])
    expect(errorsOf({ from: 'a@example.com', to: 'not an address', subject: 's' })).toEqual(['to: must be an email address (format "email"), like alice@example.com'])
    expect(errorsOf([])).toEqual([': must be an object'])
  })

  it('turns JSON pointers into paths and groups errors under a field', () => {
    expect(pathOf('/attachments/0/filename')).toBe('attachments[0].filename')
    expect(pathOf('/headers/a~1b c')).toBe('headers["a/b c"]')
    const v = validateMessage(samples[2])
    expect(v.ok).toBe(false)
    if (!v.ok) expect(errorsUnder(v.errors, 'attachments[0]').map((e) => e.path)).toEqual(['attachments[0].contentType', 'attachments[0].disposition', 'attachments[0].size'])
  })
})

describe('the form', () => {
  it('gives the schema what it has, and lets the schema judge it', () => {
    const form = { ...emptyForm('student@client.example.net'), to: 'alice@example.com, bob@example.com', bcc: 'info@example.com', subject: 'Hi', text: 'Hello', headers: 'X-A: 1\nnonsense', attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', contentId: '', disposition: '' as const, size: 'ten' }] }
    const { value, errors } = formToValue(form)
    expect(value).toEqual({ from: 'student@client.example.net', to: ['alice@example.com', 'bob@example.com'], bcc: 'info@example.com', subject: 'Hi', body: { text: 'Hello' }, headers: { 'X-A': '1' }, attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', size: 'ten' }] })
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual(['headers: line 2: write "Name: value"'])
    expect(errorsOf(value)).toEqual(['attachments[0].size: must be an integer'])
    expect(formToValue(valueToForm(value)!).value).toEqual(value)
  })

  it('leaves To out when it is empty, so the schema says it is required', () => {
    expect(errorsOf(formToValue(emptyForm('a@example.com')).value)).toEqual(['to: is required'])
  })
})
