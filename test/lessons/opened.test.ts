// Lessons opened in the browser (issue 12 §7): a file checked as the tests check the course (problems and the lines
// the model answers differently as `file:line: message`), and the kept files read back validated and versioned.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { checkLessonFile } from '../../src/lessons/check-file'
import { memoryStorage } from '../../src/lessons'
import { OPENED_KEY, OPENED_VERSION, parseOpened, readOpened, serializeOpened, writeOpened, type OpenedFile } from '../../src/lessons/opened'

const GOOD = `---
id: morning
title: This morning's lesson
summary: Written before class.
order: 1
---

## Watch

\`\`\`transcript
S: 220 mail.example.com ESMTP Postfix
> The greeting.
C: HELO client.example.net
S: 250 mail.example.com
> Hello back.
\`\`\`
`

describe('checking a lesson file opened in the page', () => {
  test('a good lesson loads, and the model answers every line as it says', () => {
    const check = checkLessonFile('morning.md', GOOD)
    expect(check.errors).toEqual([])
    expect(check.differences).toEqual([])
    expect(check.lesson?.id).toBe('morning')
  })

  test('a malformed one: its problem as file:line: message, as the tests print it, and no lesson', () => {
    const check = checkLessonFile('broken.md', GOOD.replace('```transcript', '```transcipt'))
    expect(check.lesson).toBeNull()
    expect(check.errors).toHaveLength(1)
    expect(check.errors[0]).toMatch(/^broken\.md:\d+: .*transcipt/)
  })

  test('every line the model would answer differently is listed, file:line: message; the lesson still loads', () => {
    const check = checkLessonFile('wrong.md', GOOD.replace('S: 250 mail.example.com', 'S: 550 mail.example.com'))
    expect(check.lesson).not.toBeNull()
    expect(check.differences).toHaveLength(1)
    const line = GOOD.split('\n').findIndex((l) => l === 'S: 250 mail.example.com') + 1
    expect(check.differences[0]).toMatch(new RegExp(`^wrong\\.md:${line}: `))
    expect(check.differences[0]).toContain('550 mail.example.com')
  })

  test("an id the course has already is refused; an unknown prerequisite too; the seed session's JSON shape loads", () => {
    const summary = (id: string) => ({ id, title: id, summary: '', order: 1, minutes: 1, file: `${id}.md` })
    expect(checkLessonFile('copy.md', GOOD, [summary('morning')]).errors[0]).toMatch(/^copy\.md:1: the id "morning" is already a lesson/)
    expect(checkLessonFile('pre.md', GOOD.replace('order: 1', 'order: 1\nprerequisites: [nothing-here]')).errors[0]).toContain('prerequisite "nothing-here"')
    const seed = checkLessonFile('90-seed-submission-session.json', readFileSync('lessons/90-seed-submission-session.json', 'utf8'), [summary('starttls-and-auth')])
    expect(seed.errors).toEqual([])
    expect(seed.lesson?.steps.length).toBeGreaterThan(0)
  })
})

describe('the opened lessons kept in the browser', () => {
  const file: OpenedFile = { file: 'morning.md', id: 'morning', title: 'Morning', text: GOOD, added: '2026-12-04T08:00:00.000Z' }

  test('written and read back as they were, under a versioned key', () => {
    const storage = memoryStorage()
    expect(writeOpened(storage, [file])).toBe(true)
    expect(JSON.parse(storage.items.get(OPENED_KEY) ?? '{}').version).toBe(OPENED_VERSION)
    expect(readOpened(storage)).toEqual({ lessons: [file], notice: null })
    expect(parseOpened(null)).toEqual({ ok: true, lessons: [] })
  })

  test.each([
    ['not JSON', '{'],
    ['another version', JSON.stringify({ version: 99, lessons: [] })],
    ['no list', JSON.stringify({ version: OPENED_VERSION })],
    ['an entry without its text', JSON.stringify({ version: OPENED_VERSION, lessons: [{ file: 'a.md', id: 'a', title: 'A', added: 'x' }] })],
  ])('saved data that is %s is set aside with a notice, and storage reset', (_what, raw) => {
    const storage = memoryStorage({ [OPENED_KEY]: raw })
    const read = readOpened(storage)
    expect(read.lessons).toEqual([])
    expect(read.notice).toMatch(/set aside/)
    expect(storage.items.get(OPENED_KEY)).toBe(serializeOpened([]))
  })
})
