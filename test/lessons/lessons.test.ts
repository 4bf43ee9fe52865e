// Every lesson in lessons/ against the model (issue 7): each file parses; every transcript line replays; every
// predict question's right answer is what the model says and its wrong answers are not; every try step's model
// solution meets its goal, and each wrong attempt does not and gets the hint keyed on what it got.
// Lessons that need a model feature that does not exist yet are skipped by name, with their reason printed.
import { readdirSync, readFileSync } from 'node:fs'
import { index, loaders } from 'virtual:smtp-sim/course'
import { afterAll, describe, expect, it } from 'vitest'
import { estimateMinutes, formatDifference, formatLessonError, glossaryEntry, loadCatalogue, replayLesson, summarize, type Lesson } from '../../src/lessons'

const DIR = new URL('../../lessons/', import.meta.url)
const files = Object.fromEntries(
  readdirSync(DIR)
    .filter((f) => /\.(md|json)$/.test(f))
    .map((f) => [`/lessons/${f}`, readFileSync(new URL(f, DIR), 'utf8')]),
)
const catalogue = loadCatalogue(files)
let replayMs = 0

const kinds = (l: Lesson) => new Set(l.steps.map((s) => s.kind))

describe('the course', () => {
  it('loads every lesson file without an error', () => {
    expect(catalogue.errors.map(formatLessonError)).toEqual([])
    const lessonFiles = Object.keys(files).filter((f) => !/README/i.test(f))
    expect(catalogue.lessons.map((l) => l.file).sort()).toEqual(lessonFiles.sort())
  })

  it('is what the app ships, compiled at build time (build/lessons.ts): the index, and each lesson as the parser makes it', async () => {
    expect(index.errors).toEqual([])
    expect(index.lessons).toEqual(catalogue.lessons.map(summarize))
    expect(Object.keys(loaders)).toEqual(catalogue.lessons.map((l) => l.id))
    for (const lesson of catalogue.lessons) expect(await loaders[lesson.id]?.(), lesson.id).toEqual(lesson)
  })

  it('has at least 25 Markdown lessons (the floor of issue 15), each with a transcript, a try-it step and a predict step', () => {
    const course = catalogue.lessons.filter((l) => l.format === 'markdown')
    expect(course.length).toBeGreaterThanOrEqual(25)
    for (const lesson of course) expect([...kinds(lesson)].sort(), lesson.id).toEqual(expect.arrayContaining(['predict', 'transcript', 'try']))
  })

  it('cites at most one RFC in parentheses per paragraph or list item of prose (issue 15 §8: readable text)', () => {
    for (const [file, text] of Object.entries(files)) {
      if (/README/i.test(file) || !file.endsWith('.md')) continue
      const prose = text.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/```[\s\S]*?```/g, '')
      for (const paragraph of prose.split(/\n\s*\n/)) {
        if (paragraph.trimStart().startsWith('|')) continue // a table has a column for its sources
        for (const item of paragraph.split(/\n(?=- |\d+\. )/)) {
          const cites = item.match(/\([^()]*RFC \d+[^()]*\)/g) ?? []
          expect(cites.length, `${file}: ${item.slice(0, 80)}`).toBeLessThanOrEqual(1)
        }
      }
    }
  })

  it('states one learning objective per Markdown lesson, in one sentence (issue 15 §8)', () => {
    for (const lesson of catalogue.lessons.filter((l) => l.format === 'markdown')) {
      expect(lesson.objective, lesson.id).toMatch(/^[A-Z].*\.$/)
      expect(lesson.objective, lesson.id).not.toMatch(/[.!?] [A-Z]/) // one sentence, not two
      expect(lesson.objective!.length, lesson.id).toBeLessThanOrEqual(160)
    }
  })

  it('gives each lesson an estimated time: reading, transcripts, predictions and try-it steps add up', () => {
    for (const lesson of catalogue.lessons) {
      const minutes = estimateMinutes(lesson)
      expect(minutes, lesson.id).toBeGreaterThanOrEqual(2)
      expect(minutes, lesson.id).toBeLessThanOrEqual(30)
    }
    const first = catalogue.lessons[0] as Lesson
    const noTry = { steps: first.steps.filter((s) => s.kind !== 'try') }
    expect(estimateMinutes(first) - estimateMinutes(noTry)).toBeGreaterThanOrEqual(2) // a try-it step takes minutes
    expect(estimateMinutes({ steps: [] })).toBe(1)
  })

  it('shows learners no words of the developers: no "seed", "session schema" or order numbers in titles and summaries', () => {
    for (const lesson of catalogue.lessons) expect(`${lesson.title} ${lesson.summary}`, lesson.id).not.toMatch(/\bseed\b|session schema|\bLesson \d+/i)
  })

  it('names every date\'s weekday as the calendar has it (the seed said Fri for Saturday 2 May 2026)', () => {
    const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
    let dates = 0
    for (const [file, text] of Object.entries(files)) {
      for (const m of text.matchAll(/\b(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/g)) {
        dates++
        const day = new Date(Date.UTC(Number(m[4]), MONTHS.indexOf(m[3]!), Number(m[2]))).getUTCDay()
        expect(`${file}: ${m[0]}`).toBe(`${file}: ${DAYS[day]}, ${m[2]} ${m[3]} ${m[4]}`)
      }
    }
    expect(dates).toBeGreaterThan(0)
  })

  it('tells the learner every extra login a lesson\'s world accepts (the seed\'s username/password)', () => {
    for (const lesson of catalogue.lessons) {
      const text = JSON.stringify(lesson.steps)
      for (const [user, password] of Object.entries(lesson.settings.users)) {
        expect(text, `${lesson.id}: user ${user}`).toContain(user)
        expect(text, `${lesson.id}: password of ${user}`).toContain(password)
      }
    }
    expect(catalogue.lessons.some((l) => Object.keys(l.settings.users).length > 0)).toBe(true)
  })

  it('names other lessons by link, never by number (numbers shift when a lesson is added), and every link finds its lesson or glossary entry', () => {
    const ids = new Set(catalogue.lessons.map((l) => l.id))
    for (const [file, text] of Object.entries(files)) {
      if (/README/i.test(file)) continue
      expect(text, file).not.toMatch(/\b[Ll]essons? \d+\b/)
      for (const [, id, term] of text.matchAll(/\]\(#\/lessons\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?/g)) {
        if (id === 'glossary') expect(glossaryEntry(term ?? ''), `${file}: a link to the glossary's "${term}"`).toBeDefined()
        else if (id === 'sandbox') expect(term, `${file}: the sandbox has no pages`).toBeUndefined()
        else expect(ids.has(id ?? ''), `${file}: a link to lesson "${id}"`).toBe(true)
      }
    }
  })

  it('starts with "How email moves" (issue 15 §8), then follows the order of issue 7 §4', () => {
    const ids = catalogue.lessons.filter((l) => l.format === 'markdown').map((l) => l.id)
    expect(ids[0]).toBe('how-email-moves')
    const added = new Set(['how-email-moves', 'message-format']) // issue 15 §8's lesson 0 and message-format lesson
    expect(ids.filter((id) => !added.has(id)).slice(0, 14)).toEqual([
      'first-conversation', 'reply-codes', 'ehlo-multiline', 'envelope-vs-headers', 'dot-transparency', 'sequence-errors',
      'relaying', 'aliases-lists-vrfy-expn', 'multi-hop-delivery', 'temporary-and-permanent-failures',
      'bounces', 'return-path-and-trace-headers', 'limits', 'starttls-and-auth',
    ]) // source routes moved into the history lesson (issue 15 §8)
  })

  it('documents the format with a complete example that parses and replays (lessons/README.md)', () => {
    const readme = readFileSync(new URL('README.md', DIR), 'utf8')
    const example = /````markdown\n([\s\S]*?)\n````/.exec(readme)?.[1] ?? ''
    const withExample = loadCatalogue({ ...files, '/lessons/100-example.md': example })
    expect(withExample.errors.map(formatLessonError)).toEqual([])
    const lesson = withExample.lessons.find((l) => l.id === 'noop-and-rset')
    expect(lesson?.steps.map((s) => s.kind)).toEqual(['prose', 'transcript', 'predict', 'try'])
    expect(replayLesson(lesson as Lesson).steps.flatMap((s) => s.problems)).toEqual([])
  })
})

describe.each(catalogue.lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  const started = performance.now()
  const replay = replayLesson(lesson)
  replayMs += performance.now() - started

  it.each(replay.steps.filter((s) => s.kind !== 'prose').map((s) => [`${s.kind} step "${s.step}"`, s] as const))('%s agrees with the model', (_name, step) => {
    const problems = step.problems.map((p) => formatDifference(lesson.file, p))
    expect(problems).toEqual([])
  })
})

afterAll(() => {
  const steps = catalogue.lessons.reduce((n, l) => n + l.steps.length, 0)
  console.log(`replayed ${catalogue.lessons.length} lessons (${steps} steps) against the model in ${replayMs.toFixed(0)} ms`)
})
