/**
 * Lessons opened in the browser (issue 12 §7): lesson files an instructor opened from disk, kept in this browser as
 * their source text (parsed again each time, so the page's own checks always apply) under one versioned key, like
 * progress. Validated when read: saved data that is not what this version wrote is set aside with a notice. Pure:
 * the storage is passed in; nothing here parses a lesson.
 */
import { isRecord, type ProgressStorage } from './progress'

export const OPENED_KEY = 'smtp-sim:opened-lessons'
export const OPENED_VERSION = 1
/** A lesson file larger than this is refused: lessons are a few kilobytes. */
export const OPENED_FILE_LIMIT = 512 * 1024
/** At most this many opened lessons are kept. */
export const OPENED_COUNT_LIMIT = 50

export interface OpenedFile {
  /** The file's name as it was opened (the `file` of its messages). */
  readonly file: string
  /** The lesson's id (from the file; kept so the index can list it before the parser has loaded). */
  readonly id: string
  readonly title: string
  readonly text: string
  /** When it was added (ISO 8601). */
  readonly added: string
}

export interface OpenedData {
  readonly version: typeof OPENED_VERSION
  readonly lessons: readonly OpenedFile[]
}

export type ReadOpened = { readonly ok: true; readonly lessons: readonly OpenedFile[] } | { readonly ok: false; readonly message: string }


/** Saved opened lessons, checked field by field. Nothing saved: none. */
export function parseOpened(raw: string | null): ReadOpened {
  if (raw === null) return { ok: true, lessons: [] }
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { ok: false, message: 'the lessons opened in this browser could not be read (not JSON)' }
  }
  if (!isRecord(value)) return { ok: false, message: 'the lessons opened in this browser are not an object' }
  if (value.version !== OPENED_VERSION) return { ok: false, message: `the lessons opened in this browser have version ${JSON.stringify(value.version)}, not ${OPENED_VERSION}` }
  if (!Array.isArray(value.lessons)) return { ok: false, message: 'the lessons opened in this browser have no list' }
  const lessons: OpenedFile[] = []
  for (const [i, entry] of value.lessons.entries()) {
    if (!isRecord(entry)) return { ok: false, message: `opened lesson ${i + 1} is not an object` }
    const { file, id, title, text, added } = entry
    if (typeof file !== 'string' || typeof id !== 'string' || typeof title !== 'string' || typeof text !== 'string' || typeof added !== 'string') {
      return { ok: false, message: `opened lesson ${i + 1} lacks its file, id, title, text or date` }
    }
    if (text.length > OPENED_FILE_LIMIT) return { ok: false, message: `opened lesson ${i + 1} is larger than a lesson can be` }
    lessons.push({ file, id, title, text, added })
  }
  if (lessons.length > OPENED_COUNT_LIMIT) return { ok: false, message: `more than ${OPENED_COUNT_LIMIT} opened lessons` }
  return { ok: true, lessons }
}

export function serializeOpened(lessons: readonly OpenedFile[]): string {
  const data: OpenedData = { version: OPENED_VERSION, lessons }
  return JSON.stringify(data)
}

/** The opened lessons kept in `storage`, and what was wrong with them if they had to be set aside. */
export function readOpened(storage: ProgressStorage | null): { readonly lessons: readonly OpenedFile[]; readonly notice: string | null } {
  let raw: string | null = null
  try {
    raw = storage?.getItem(OPENED_KEY) ?? null
  } catch {
    raw = null
  }
  const read = parseOpened(raw)
  if (read.ok) return { lessons: read.lessons, notice: null }
  try {
    storage?.setItem(OPENED_KEY, serializeOpened([]))
  } catch {
    // Storage refused: nothing to keep anyway.
  }
  return { lessons: [], notice: `${read.message}, so they were set aside. Open the files again to add them.` }
}

/** Keep `lessons` in `storage`; false when the browser refused (full, or disabled). */
export function writeOpened(storage: ProgressStorage | null, lessons: readonly OpenedFile[]): boolean {
  if (!storage) return false
  try {
    storage.setItem(OPENED_KEY, serializeOpened(lessons))
    return true
  } catch {
    return false
  }
}
