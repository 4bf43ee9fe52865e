// The course compiled at build time (issue 13, build/lessons.ts): the page gets an index and one module per lesson,
// a broken file becomes an entry of the index's errors (`file:line: message`) while the rest still load, the dev
// server follows edits, new files and removed ones, and parseLessonSource is the one entry point for a lesson file
// opened in the page.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { courseModule, lessonsPlugin } from '../../build/lessons'
import { compileCourse, compiledCourse, courseOf, formatLessonError, loadCatalogue, parseLessonSource, type CourseIndex, type Lesson } from '../../src/lessons'
import { COURSE, FILES } from './course'

const lessonText = (id: string, order: number, extra = '') => `---\nid: ${id}\ntitle: Lesson ${id}\nsummary: About ${id}.\norder: ${order}\n${extra}---\n\n## Start\n\nSome words to read.\n\n## Talk\n\n\`\`\`transcript\nS: 220 mail.example.com ESMTP Postfix\nC: QUIT\nS: 221 2.0.0 Bye\n\`\`\`\n`
const BROKEN = `---\nid: broken\ntitle: Broken\nsummary: A typo.\norder: 9\n---\n\n## Step\n\n\`\`\`transcipt\nC: NOOP\n\`\`\`\n`

describe('compileCourse', () => {
  it('makes the index of the course as the catalogue loads it: summaries in order, with the estimated time, and no steps', () => {
    const { index, lessons } = compileCourse(FILES)
    expect(lessons).toEqual(COURSE.lessons)
    expect(index.errors).toEqual([])
    expect(index.lessons.map((l) => l.id)).toEqual(COURSE.lessons.map((l) => l.id))
    const first = index.lessons[0]
    expect(Object.keys(first ?? {}).sort()).toEqual(['file', 'id', 'minutes', 'order', 'summary', 'title'])
    expect(first?.minutes).toBeGreaterThanOrEqual(2)
  })

  it('turns a broken file into an error of the index, file:line: message, and loads every other lesson', () => {
    const { index, lessons } = compileCourse({ '/lessons/01-a.md': lessonText('a', 1), '/lessons/09-broken.md': BROKEN })
    expect(lessons.map((l) => l.id)).toEqual(['a'])
    expect(index.errors.map(formatLessonError)).toEqual([expect.stringMatching(/^\/lessons\/09-broken\.md:10: .*transcipt/)])
  })

  it('ships each lesson as data equal to what the parser made (nothing lost in JSON)', () => {
    for (const lesson of COURSE.lessons) expect(JSON.parse(JSON.stringify(lesson)), lesson.id).toEqual(lesson)
  })

  it('writes an index module with one dynamic import per lesson (a chunk each)', () => {
    const text = courseModule(compileCourse({ '/lessons/01-a.md': lessonText('a', 1), '/lessons/02-b.md': lessonText('b', 2) }))
    expect(text.match(/import\("virtual:smtp-sim\/lesson\/[ab]"\)/g)).toHaveLength(2)
    expect(text).not.toContain('Some words to read') // the index has no lesson text
  })
})

describe('the course in the page (course.ts)', () => {
  const index: CourseIndex = { lessons: [{ id: 'a', title: 'A', summary: 's', order: 1, minutes: 2, file: '/lessons/01-a.md' }], errors: [] }

  it('fetches a lesson once, when it is first opened, and has it at once after', async () => {
    const lesson = loadCatalogue({ '/lessons/01-a.md': lessonText('a', 1) }).lessons[0] as Lesson
    let fetches = 0
    const course = compiledCourse(index, { a: async () => (fetches++, lesson) })
    expect(course.get('a')).toBeUndefined()
    const [one, two] = await Promise.all([course.load('a'), course.load('a')])
    expect(one).toBe(lesson)
    expect(two).toBe(lesson)
    expect(course.get('a')).toBe(lesson)
    expect(fetches).toBe(1)
    expect(await course.load('nope')).toBeUndefined()
  })

  it('tries a failed fetch again (offline, then back)', async () => {
    const lesson = loadCatalogue({ '/lessons/01-a.md': lessonText('a', 1) }).lessons[0] as Lesson
    let online = false
    const course = compiledCourse(index, { a: async () => (online ? lesson : Promise.reject(new Error('offline'))) })
    await expect(course.load('a')).rejects.toThrow('offline')
    online = true
    expect(await course.load('a')).toBe(lesson)
  })

  it('courseOf: a course of lessons already parsed has every lesson at once (tests, a file opened in the page)', () => {
    const course = courseOf(COURSE)
    expect(course.lessons.map((l) => l.id)).toEqual(COURSE.lessons.map((l) => l.id))
    expect(course.get('first-conversation')?.title).toBe('A first conversation')
  })
})

describe('parseLessonSource: a lesson file opened in the page', () => {
  it('gives the lesson, or the problem with its line', () => {
    expect(parseLessonSource('/lessons/x.md', lessonText('x', 5)).lesson?.id).toBe('x')
    const broken = parseLessonSource('/lessons/x.md', BROKEN)
    expect(broken.lesson).toBeNull()
    expect(broken.errors.map(formatLessonError)).toEqual([expect.stringMatching(/^\/lessons\/x\.md:10: /)])
  })

  it('checks prerequisites against the course it is opened in', () => {
    const text = lessonText('x', 5, 'prerequisites: [first-conversation, no-such-lesson]\n')
    const { lesson, errors } = parseLessonSource('/lessons/x.md', text, courseOf(COURSE))
    expect(lesson?.id).toBe('x')
    expect(errors.map((e) => e.message)).toEqual(['prerequisite "no-such-lesson" is not a lesson of this course'])
  })
})

describe('the dev server follows lessons/ (build/lessons.ts)', () => {
  let root: string
  let server: ViteDevServer

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'smtp-sim-lessons-'))
    writeFileSync(join(root, 'index.html'), '<!doctype html>')
    const dir = join(root, 'lessons')
    mkdirSync(dir)
    writeFileSync(join(dir, '01-a.md'), lessonText('a', 1))
    server = await createServer({ configFile: false, root, logLevel: 'silent', plugins: [lessonsPlugin()], server: { middlewareMode: true, ws: false } })
  })

  afterAll(async () => {
    await server?.close()
    rmSync(root, { recursive: true, force: true })
  })

  const index = async () => (await server.environments.client.transformRequest('virtual:smtp-sim/course'))?.code ?? ''
  /** Wait until the index module says what we expect (the watcher reports changes asynchronously). */
  async function until(check: (code: string) => boolean): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const code = await index()
      if (check(code)) return code
      await new Promise((r) => setTimeout(r, 100))
    }
    return index()
  }

  it('serves the index and a lesson, then picks up an edit, a new file, a broken one and a removal', async () => {
    expect(await index()).toContain('Lesson a')
    const lesson = await server.environments.client.transformRequest('virtual:smtp-sim/lesson/a')
    expect(lesson?.code).toContain('Some words to read')

    writeFileSync(join(root, 'lessons/01-a.md'), lessonText('a', 1).replace('title: Lesson a', 'title: Lesson a, edited'))
    expect(await until((c) => c.includes('Lesson a, edited'))).toContain('Lesson a, edited')

    writeFileSync(join(root, 'lessons/02-b.md'), lessonText('b', 2))
    expect(await until((c) => c.includes('Lesson b'))).toContain('virtual:smtp-sim/lesson/b')

    writeFileSync(join(root, 'lessons/03-broken.md'), BROKEN)
    expect(await until((c) => c.includes('03-broken.md'))).toMatch(/03-broken\.md\\",\\"line\\":10/)

    unlinkSync(join(root, 'lessons/02-b.md'))
    expect(await until((c) => !c.includes('Lesson b'))).not.toContain('Lesson b')
  })
})
