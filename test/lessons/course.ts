/**
 * The course as lessons/ holds it, read from disk and parsed here, in the tests (the app ships it compiled by
 * build/lessons.ts; the lesson tests replay these very files against the model).
 */
import { resolve } from 'node:path'
import { readLessonFiles } from '../../build/lesson-files'
import { loadCatalogue, type Catalogue } from '../../src/lessons'

/** `/lessons/<name>` → text, for every .md and .json file in lessons/ (README.md included: the catalogue skips it). */
export const FILES: Readonly<Record<string, string>> = readLessonFiles(resolve('lessons')) // Vitest runs at the project's root (jsdom's import.meta.url is not a file)

export const COURSE: Catalogue = loadCatalogue(FILES)
