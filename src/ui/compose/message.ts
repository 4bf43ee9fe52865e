/**
 * A message in the shape of the message schema (./message.schema.json), and its
 * validation against that schema file through the validator ajv compiles from it at build time
 * (`./message.schema.json?validator`, build/ajv-validators.ts).
 * Pure: no DOM.
 */
import { validate } from './message.schema.json?validator'
import { fieldErrors, type FieldError } from './schema-errors'

export type Addresses = string | readonly string[]

export interface AttachmentInput {
  readonly filename: string
  readonly contentType: string
  readonly contentId?: string
  readonly disposition?: 'attachment' | 'inline'
  readonly size?: number
}

export interface MessageInput {
  readonly from: string
  readonly to: Addresses
  readonly cc?: Addresses
  readonly bcc?: Addresses
  readonly replyTo?: string
  readonly subject: string
  /** RFC 3339 date-time (format "date-time"); the Date: header is written from it. */
  readonly date?: string
  readonly messageId?: string
  readonly body?: { readonly text?: string; readonly html?: string; readonly mimeType?: string }
  readonly headers?: Readonly<Record<string, string>>
  readonly attachments?: readonly AttachmentInput[]
}

export type Validation = { readonly ok: true; readonly message: MessageInput } | { readonly ok: false; readonly errors: readonly FieldError[] }

/** Validate any JSON value against the message schema; every failing field is reported. */
export function validateMessage(value: unknown): Validation {
  if (validate(value)) return { ok: true, message: value as MessageInput }
  return { ok: false, errors: fieldErrors(validate.errors) }
}

/** `to`, `cc`, `bcc` as a list. */
export function addressList(a: Addresses | undefined): string[] {
  return a === undefined ? [] : typeof a === 'string' ? [a] : [...a]
}
