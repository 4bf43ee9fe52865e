// The router is the one reader and writer of lesson links: #/lessons/<id>/<step>, presenter mode, and a step that
// moves without a new history entry.
import { expect, test } from 'vitest'
import { hrefOf, lessonHref, lessonRoute, parseRoute, Router } from '../../../src/ui/state/route.svelte'

test('reads #/lessons/<id>/<step>, with or without a step or a trailing slash, decoded', () => {
  expect(parseRoute('#/lessons/dot-transparency/try-it-a-line-that-starts-with-a-dot')).toEqual({ view: 'lessons', path: ['dot-transparency', 'try-it-a-line-that-starts-with-a-dot'] })
  expect(parseRoute('#/lessons/first-conversation')).toEqual({ view: 'lessons', path: ['first-conversation'] })
  expect(parseRoute('#/lessons/first-conversation/')).toEqual({ view: 'lessons', path: ['first-conversation'] })
  expect(parseRoute('#/lessons')).toEqual({ view: 'lessons', path: [] })
  expect(parseRoute(lessonHref('a b', 'c/d'))).toEqual(lessonRoute('a b', 'c/d'))
})

test('writes lesson links, presenter mode included', () => {
  expect(lessonHref('demo', 'guess')).toBe('#/lessons/demo/guess')
  expect(lessonHref('demo')).toBe('#/lessons/demo')
  expect(lessonHref('demo', 'guess', true)).toBe('#/lessons/demo/guess/present')
  expect(parseRoute(lessonHref('demo', 'guess', true))).toEqual(parseRoute('#/present/demo/guess'))
})

test('replace() moves to a route without a new history entry', () => {
  const replaced: string[] = []
  const win = {
    location: { hash: '#/lessons/demo' },
    history: { state: null, replaceState: (_: unknown, __: string, url: string) => void replaced.push(url) },
    addEventListener() {},
    removeEventListener() {},
  }
  const router = new Router(win)
  router.replace(lessonRoute('demo', 'guess'))
  expect(replaced).toEqual(['#/lessons/demo/guess'])
  expect(router.route).toEqual({ view: 'lessons', path: ['demo', 'guess'] })
  expect(hrefOf(router.route)).toBe('#/lessons/demo/guess')
})
