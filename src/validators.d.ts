/** Validators compiled from JSON Schema files at build time (build/ajv-validators.ts): `import { validate } from './x.schema.json?validator'`. */
declare module '*.schema.json?validator' {
  import type { ErrorObject } from 'ajv'

  export interface CompiledValidator {
    (data: unknown): boolean
    /** After a failed call: every error (allErrors), as ajv reports them. */
    errors?: ErrorObject[] | null
  }

  export const validate: CompiledValidator
  export default validate
}
