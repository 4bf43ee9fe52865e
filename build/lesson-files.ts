/** Which files of lessons/ the course reads, and their text (build/lessons.ts at build time; the tests, from disk). */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** `/lessons/<name>` → text for every .md and .json file (the catalogue skips what is not a lesson, e.g. README.md). */
export function readLessonFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const name of readdirSync(dir).sort()) {
    if (/\.(md|json)$/i.test(name)) files[`/lessons/${name}`] = readFileSync(join(dir, name), 'utf8')
  }
  return files
}

