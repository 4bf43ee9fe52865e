// The glossary (src/lessons/glossary.ts) and the course search (src/lessons/search.ts) over the real course.
import { describe, expect, it } from 'vitest'
import { GLOSSARY, glossaryEntry, glossaryHref, searchCourse } from '../../src/lessons'
import { COURSE } from './course'

const lessons = COURSE.lessons

describe('the glossary', () => {
  it('has unique ids, in alphabetical order of their terms, each naming lessons of the course', () => {
    const ids = GLOSSARY.map((e) => e.id)
    expect(new Set(ids).size).toBe(ids.length)
    const terms = GLOSSARY.map((e) => e.term.toLowerCase())
    expect(terms).toEqual([...terms].sort((a, b) => a.localeCompare(b)))
    for (const e of GLOSSARY) {
      expect(e.lessons.length, e.id).toBeGreaterThan(0)
      for (const id of e.lessons) expect(lessons.some((l) => l.id === id), `${e.id} names lesson ${id}`).toBe(true)
    }
  })

  it('covers the words issue 15 names (envelope, MTA, MX, DSN, relay) and is linked from the lesson text', () => {
    for (const id of ['envelope', 'mta', 'mx', 'dsn', 'relay']) expect(glossaryEntry(id), id).toBeDefined()
    const linked = new Set(lessons.flatMap((l) => l.steps.flatMap((s) => [...`${s.before} ${s.after}`.matchAll(/\(#\/lessons\/glossary\/([a-z0-9-]+)\)/g)].map((m) => m[1]))))
    for (const id of ['envelope', 'mta', 'mx', 'dsn', 'relay', 'mua', 'msa', 'mda']) expect(linked.has(id), `a lesson links "${id}"`).toBe(true)
    expect(glossaryHref('mx')).toBe('#/lessons/glossary/mx')
  })
})

describe('searching the course', () => {
  it('finds a glossary term and the lesson steps that teach it, the term first', () => {
    const hits = searchCourse(lessons, GLOSSARY, 'greylisting')
    expect(hits[0]).toMatchObject({ kind: 'term', href: '#/lessons/glossary/greylisting', title: 'greylisting' })
    expect(hits.some((h) => h.kind === 'step' && h.href.startsWith('#/lessons/greylisting/'))).toBe(true)
  })

  it('needs every word, ignores case and accents, and shows the text around the match', () => {
    const zoe = searchCourse(lessons, GLOSSARY, 'ZOE utf-8')
    expect(zoe.some((h) => h.href.startsWith('#/lessons/international-mail/'))).toBe(true)
    const hit = searchCourse(lessons, GLOSSARY, 'null MX').find((h) => h.kind === 'step')
    expect(hit?.snippet.toLowerCase()).toContain('null mx')
    expect(searchCourse(lessons, GLOSSARY, 'greylisting xyzzy')).toEqual([])
  })

  it('says nothing for a query under two characters, and caps the results', () => {
    expect(searchCourse(lessons, GLOSSARY, ' a ')).toEqual([])
    expect(searchCourse(lessons, GLOSSARY, 'the', 5)).toHaveLength(5)
  })
})

describe('search results read well', () => {
  it('names a lesson\'s introduction by the lesson alone, and shows code without its backticks', () => {
    const hits = searchCourse(lessons, GLOSSARY, 'greylisting')
    expect(hits.map((h) => h.title)).toContain('Greylisting, or why 4xx exists')
    expect(hits.every((h) => !/^(.+) › \1$/.test(h.title))).toBe(true)
    expect(hits.every((h) => !h.snippet.includes('`'))).toBe(true)
  })
})
