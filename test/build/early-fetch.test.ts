// build/early-fetch.ts (issue 13): the boot script a lesson's link runs before the app, which asks for the lesson
// pane's files and the linked lesson's; the closure of a chunk's imports that the page's entry has not brought.
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import type { Rollup } from 'vite'
import { bootScript, closureOf } from '../../build/early-fetch'

const PANE = ['LessonPane-a.js', 'LessonPane-a.css', 'codes-b.js']
const LESSONS = { 'first-conversation': ['first-conversation-c.js'], bounces: ['bounces-d.js'] }

/** Run the boot script for an address; the links it added to the head. */
function linksFor(hash: string, script = bootScript(PANE.map((f) => `assets/${f}`), Object.fromEntries(Object.entries(LESSONS).map(([id, f]) => [id, f.map((x) => `assets/${x}`)])))) {
  const links: Record<string, string>[] = []
  const document = {
    currentScript: { src: 'https://example.org/smtp-sim/assets/boot-x.js' },
    createElement: () => ({}) as Record<string, string>,
    head: { appendChild: (link: Record<string, string>) => void links.push(link) },
  }
  runInNewContext(script, { document, location: { hash }, URL })
  return links
}

describe('the boot script', () => {
  it('asks a lesson step for the pane, its imports and styles, and that lesson, at low priority, beside the script', () => {
    const links = linksFor('#/lessons/first-conversation/2')
    expect(links.map((l) => l.href)).toEqual([...PANE, 'first-conversation-c.js'].map((f) => `https://example.org/smtp-sim/assets/${f}`))
    expect(links.map((l) => l.rel)).toEqual(['modulepreload', 'preload', 'modulepreload', 'modulepreload'])
    expect(links[1]?.as).toBe('style')
    expect(links.every((l) => l.fetchPriority === 'low' && l.crossOrigin === '')).toBe(true)
  })

  it('knows a presenter link and an encoded id; the index and an unknown lesson get the pane alone', () => {
    expect(linksFor('#/present/bounces/3').map((l) => (l.href ?? '').split('/').pop())).toContain('bounces-d.js')
    expect(linksFor('#/lessons/first%2Dconversation').map((l) => (l.href ?? '').split('/').pop())).toContain('first-conversation-c.js')
    expect(linksFor('#/lessons').length).toBe(PANE.length)
    expect(linksFor('#/lessons/no-such-lesson').length).toBe(PANE.length)
    expect(linksFor('#/lessons/constructor').length).toBe(PANE.length) // not a lesson, though every object has one
    expect(linksFor('#/lessons/%E0%A4%A').length).toBe(PANE.length) // malformed: no exception
  })

  it('asks nothing for the lab, its presenter mode, the other views or no address', () => {
    for (const hash of ['', '#/lab', '#/present/lab', '#/compose', '#/mail', '#/explain', '#/s/abc', '#/lessonsx']) expect(linksFor(hash), hash).toEqual([])
  })
})

describe('closureOf', () => {
  const chunk = (fileName: string, imports: string[], extra: Partial<Rollup.OutputChunk> & { css?: string[] } = {}) =>
    ({ type: 'chunk', fileName, imports, isEntry: false, viteMetadata: { importedCss: new Set(extra.css ?? []), importedAssets: new Set() }, ...extra }) as unknown as Rollup.OutputChunk
  const bundle = Object.fromEntries(
    [
      chunk('assets/index.js', ['assets/shared.js'], { isEntry: true }),
      chunk('assets/shared.js', []),
      chunk('assets/LessonPane.js', ['assets/shared.js', 'assets/codes.js'], { css: ['assets/LessonPane.css'] }),
      chunk('assets/codes.js', ['assets/deeper.js']),
      chunk('assets/deeper.js', ['assets/codes.js']), // a cycle ends
    ].map((c) => [c.fileName, c]),
  ) as Rollup.OutputBundle

  it('is the chunk, its styles and what it imports, however deep, less what the entry brings', () => {
    expect(closureOf(bundle, bundle['assets/LessonPane.js'] as Rollup.OutputChunk)).toEqual(['assets/LessonPane.js', 'assets/LessonPane.css', 'assets/codes.js', 'assets/deeper.js'])
  })
})
