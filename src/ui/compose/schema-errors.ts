/**
 * ajv's errors, as a person reads them: one entry per field, the field named by its path in the document
 * (`to[1]`, `attachments[0].size`), the message saying what the schema wants there.
 *
 * ajv reports a failed `oneOf` (to, cc, bcc: an address or a list of addresses) with an error from every branch.
 * Only the branches whose type fits the value are worth reading; when no branch fits, one line says which types
 * would. Pure: no DOM, no ajv import (the validators are compiled at build time: build/ajv-validators.ts).
 */
import type { ErrorObject } from 'ajv'

export interface FieldError {
  /** The field, `to[1]` style; '' for the document itself. */
  readonly path: string
  readonly message: string
  /** The JSON pointer ajv gave (`/to/1`), and the schema rule that failed (`#/properties/to/oneOf/1/items/format`). */
  readonly pointer: string
  readonly schemaPath: string
}

const ARTICLE: Record<string, string> = { string: 'a string', integer: 'an integer', number: 'a number', array: 'an array', object: 'an object', boolean: 'true or false', null: 'null' }

const FORMAT_HINTS: Record<string, string> = {
  email: 'an email address (format "email"), like alice@example.com',
  'date-time': 'an RFC 3339 date-time (format "date-time"), like 2026-05-02T10:00:00Z',
}

/** `/attachments/0/filename` → `attachments[0].filename` (JSON pointer tokens unescaped, RFC 6901 §4). */
export function pathOf(pointer: string): string {
  if (pointer === '') return ''
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, token) => (/^\d+$/.test(token) ? `${path}[${token}]` : /^[A-Za-z_$][\w$-]*$/.test(token) ? (path ? `${path}.${token}` : token) : `${path}[${JSON.stringify(token)}]`), '')
}

function typeList(types: readonly string[]): string {
  const words = types.map((t) => ARTICLE[t] ?? t)
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`
}

function messageOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required':
      return 'is required'
    case 'type': {
      const t = p['type']
      return `must be ${typeList(Array.isArray(t) ? t.map(String) : [String(t)])}`
    }
    case 'format':
      return `must be ${FORMAT_HINTS[String(p['format'])] ?? `in format "${String(p['format'])}"`}`
    case 'minItems':
      return `must have at least ${String(p['limit'])} item${p['limit'] === 1 ? '' : 's'}`
    case 'enum':
      return `must be one of: ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'additionalProperties':
      return `has a property the schema does not allow: ${String(p['additionalProperty'])}`
    default:
      return e.message ?? `fails "${e.keyword}"`
  }
}

/** Where an error points: the value's own path, or for `required` the missing property's. */
function pointerOf(e: ErrorObject): string {
  if (e.keyword === 'required') return `${e.instancePath}/${String((e.params as { missingProperty: string }).missingProperty)}`
  return e.instancePath
}

export function fieldErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const all = [...(errors ?? [])]
  const dropped = new Set<ErrorObject>()
  const replaced = new Map<ErrorObject, ErrorObject>()
  for (const one of all.filter((e) => e.keyword === 'oneOf')) {
    const prefix = one.schemaPath + '/'
    const inBranch = all.filter((e) => e !== one && e.schemaPath.startsWith(prefix))
    const branchOf = (e: ErrorObject) => e.schemaPath.slice(prefix.length).split('/')[0] ?? ''
    // A branch "does not fit" when the value itself has the wrong type for it.
    const unfit = new Set(inBranch.filter((e) => e.keyword === 'type' && e.instancePath === one.instancePath && e.schemaPath === `${prefix}${branchOf(e)}/type`).map(branchOf))
    for (const e of inBranch) if (unfit.has(branchOf(e))) dropped.add(e)
    const fitting = inBranch.filter((e) => !unfit.has(branchOf(e)))
    if (fitting.length > 0) dropped.add(one)
    else if (unfit.size > 0) {
      const types = inBranch.filter((e) => e.keyword === 'type' && e.instancePath === one.instancePath).map((e) => String((e.params as { type: string }).type))
      replaced.set(one, { ...one, keyword: 'type', params: { type: types }, message: `must be ${typeList(types)}` })
    }
  }
  const seen = new Set<string>()
  const out: FieldError[] = []
  for (const original of all) {
    if (dropped.has(original)) continue
    const e = replaced.get(original) ?? original
    const pointer = pointerOf(e)
    const item: FieldError = { path: pathOf(pointer), message: messageOf(e), pointer, schemaPath: e.schemaPath }
    const key = `${item.pointer}\n${item.message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(item)
  }
  return out
}

/** The errors that concern one field or anything inside it (`to` covers `to[2]`). */
export function errorsUnder(errors: readonly FieldError[], path: string): FieldError[] {
  return errors.filter((e) => e.path === path || e.path.startsWith(path + '[') || e.path.startsWith(path + '.'))
}
