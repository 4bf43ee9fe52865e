/** Types for the compiled validator next to this file (ajv standalone output; see its first lines). */
import type { ErrorObject } from 'ajv'

export interface CompiledValidator {
  (data: unknown): boolean
  /** After a failed call: every error (allErrors), as ajv reports them. */
  errors?: ErrorObject[] | null
}

export declare const validate: CompiledValidator
export default validate
