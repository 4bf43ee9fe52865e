/** A JSON Schema file of the app, read as the tests need it (Node). */
import { readFileSync } from 'node:fs'

export function readSchema(url: URL): Record<string, unknown> {
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>
}
