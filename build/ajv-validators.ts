/**
 * A Vite plugin that compiles a JSON Schema file into a standalone validator module with ajv (draft-07, allErrors,
 * ajv-formats), at build and test time: `import { validate } from './message.schema.json?validator'`.
 *
 * Why compiled: the page's CSP (`script-src 'self'`, index.html) forbids the `new Function` that `ajv.compile` needs
 * at run time, so the browser runs ajv's standalone output instead, made from the schema file as it is now. ajv
 * itself never reaches the page; only the generated code (and ajv-formats' format checks it names) does.
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Ajv, _, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import standaloneCode from 'ajv/dist/standalone/index.js'
import type { Plugin } from 'vite'

const QUERY = '?validator'
/** The module's id: virtual (\0), and not ending in .json, so Vite's JSON plugin leaves it alone. */
const PREFIX = '\0ajv-validator:'
const SUFFIX = '.validator.js'

function ajvFor(source: boolean): Ajv {
  // `formats` names the module-level binding the generated code reads date-time's validator from.
  const ajv = new Ajv({ allErrors: true, code: source ? { source: true, esm: true, lines: true, formats: _`fullFormats` } : {} })
  addFormats(ajv)
  return ajv
}

/** ajv's own run-time validator for a schema (Node only: it evaluates generated code); the tests compare the two. */
export function runtimeValidator(schema: Record<string, unknown>): ValidateFunction {
  return ajvFor(false).compile(schema)
}

/** The module text of the compiled validator for a schema: `validate` (named and default). */
export function validatorModule(schema: Record<string, unknown>): string {
  const ajv = ajvFor(true)
  const code = standaloneCode(ajv, ajv.compile(schema))
  return [...(code.includes('fullFormats') ? ["import { fullFormats } from 'ajv-formats/dist/formats.js'"] : []), code].join('\n')
}

export function ajvValidators(): Plugin {
  return {
    name: 'ajv-validators',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!source.endsWith('.schema.json' + QUERY) || !importer) return null
      return PREFIX + resolve(dirname(importer.replace(/\?.*$/, '')), source.slice(0, -QUERY.length)) + SUFFIX
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null
      const file = id.slice(PREFIX.length, -SUFFIX.length)
      this.addWatchFile(file)
      return validatorModule(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    },
  }
}
