// The lessons opened in this browser, as the lessons view holds them: a kept file that no longer loads is listed with
// its problems until it is removed.
import { expect, test } from 'vitest'
import { memoryStorage } from '../../../src/lessons'
import { OPENED_KEY, serializeOpened } from '../../../src/lessons/opened'
import { OpenedLessons } from '../../../src/ui/lessons/opened.svelte'

test('removing a kept file that no longer loads takes its problems away too', async () => {
  const broken = { file: 'broken.md', id: 'broken', title: 'Broken', text: 'no front matter here', added: '2026-12-04T00:00:00Z' }
  const storage = memoryStorage({ [OPENED_KEY]: serializeOpened([broken]) })
  const opened = new OpenedLessons(storage, () => [])
  await opened.ready
  expect(opened.problems.get('broken')?.length).toBeGreaterThan(0)
  opened.remove('broken')
  expect(opened.files).toEqual([])
  expect(opened.problems.has('broken')).toBe(false)
})
