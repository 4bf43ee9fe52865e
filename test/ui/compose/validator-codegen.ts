/**
 * Compiling a JSON Schema file into a standalone validator module with ajv (draft-07, ajv-formats).
 *
 * Why compiled: the page's CSP (`script-src 'self'`, index.html) forbids the `new Function` that `ajv.compile` needs
 * at run time, so the browser runs ajv's standalone output instead. The tests compile the schema file again with the
 * same options and require the committed module to be byte-identical (`npx vitest run test/ui -u` regenerates it
 * after a schema change), and check that both validators give the same errors.
 */
import { readFileSync } from 'node:fs'
import { Ajv, _, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import standaloneCode from 'ajv/dist/standalone/index.js'

export function readSchema(url: URL): Record<string, unknown> {
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>
}

function ajvFor(source: boolean): Ajv {
  // `formats` names the module-level binding the generated code reads date-time's validator from.
  const ajv = new Ajv({ allErrors: true, code: source ? { source: true, esm: true, lines: true, formats: _`fullFormats` } : {} })
  addFormats(ajv)
  return ajv
}

/** ajv's own run-time validator for a schema (Node only: it evaluates generated code). */
export function runtimeValidator(schema: Record<string, unknown>): ValidateFunction {
  return ajvFor(false).compile(schema)
}

/** The module text of the compiled validator, as committed next to the schema file. */
export function compiledModule(schema: Record<string, unknown>, schemaFile: string): string {
  const ajv = ajvFor(true)
  const code = standaloneCode(ajv, ajv.compile(schema))
  return [
    `// GENERATED from ./${schemaFile} by ajv's standalone code (draft-07, allErrors, ajv-formats). Do not edit.`,
    "// The page's CSP forbids ajv.compile's eval, so this compiled validator runs instead. test/ui checks that it",
    '// is exactly what ajv makes of the schema file now; after a schema change, run `npx vitest run test/ui -u`.',
    ...(code.includes('fullFormats') ? ["import { fullFormats } from 'ajv-formats/dist/formats.js'"] : []),
    code,
  ].join('\n')
}

export type { ErrorObject }
