// Presenter mode as the page sees it: `#/present/<id>/<step>` routes to the lesson pane in presenter mode, and the
// terminal's font grows while it is on (and only then), the flag mirrored on <html> for page-level CSS.
import { expect, test } from 'vitest'
import { PRESENTER_FONT_SIZE, PresenterMode } from '../../../src/ui/lessons/presenter.svelte'
import { hrefOf, parseRoute } from '../../../src/ui/state/route.svelte'

test('#/present/<id>/<step> is the lesson step in presenter mode', () => {
  expect(parseRoute('#/present/dot-transparency/intro')).toEqual({ view: 'lessons', path: ['dot-transparency', 'intro', 'present'] })
  expect(parseRoute('#/present/dot-transparency')).toEqual({ view: 'lessons', path: ['dot-transparency', 'present'] })
})

test('the terminal font is at least the presenter size while presenting, and <html> says so', () => {
  const mode = new PresenterMode()
  const root = { dataset: {} as DOMStringMap }
  expect(mode.fontSize(15)).toBe(15)
  mode.set(true, root)
  expect(mode.fontSize(15)).toBe(PRESENTER_FONT_SIZE)
  expect(mode.fontSize(32)).toBe(32)
  expect(root.dataset.presenting).toBe('')
  mode.set(false, root)
  expect(mode.fontSize(15)).toBe(15)
  expect(root.dataset.presenting).toBeUndefined()
})

test('#/present/lab is the lab in presenter mode, and back again', () => {
  expect(parseRoute('#/present/lab')).toEqual({ view: 'lab', present: true })
  expect(hrefOf({ view: 'lab', present: true })).toBe('#/present/lab')
  expect(hrefOf({ view: 'lab' })).toBe('#/lab')
  expect(parseRoute('#/present/lab/intro')).toEqual({ view: 'lessons', path: ['lab', 'intro', 'present'] }) // a lesson's step
})
