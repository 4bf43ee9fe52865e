// The first-run card's memory: a first visit, a returning learner, and stored values that are not trusted.
import { describe, expect, test } from 'vitest'
import { lastLesson, rememberLesson, welcomeFor, welcomeSeen } from '../../src/ui/state/welcome'

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) }
}

describe('welcome', () => {
  test('a browser with nothing stored gets the first-run card, once', () => {
    const storage = memory()
    expect(welcomeFor(storage)).toEqual({ kind: 'first' })
    welcomeSeen(storage)
    expect(welcomeFor(storage)).toBeNull()
  })

  test('lesson progress or a saved lab session means this browser has been here', () => {
    expect(welcomeFor(memory({ 'smtp-sim:progress:v2': '{}' }))).toBeNull()
    expect(welcomeFor(memory({ 'smtp-sim:lab-session': '{}' }))).toBeNull()
  })

  test('a learner who opened a lesson step is offered to continue there', () => {
    const storage = memory()
    rememberLesson(storage, ['dot-transparency', 'try-a-dot'])
    expect(welcomeFor(storage)).toEqual({ kind: 'returning', last: { id: 'dot-transparency', step: 'try-a-dot' } })
    rememberLesson(storage, ['bounces'])
    expect(lastLesson(storage)).toEqual({ id: 'bounces', step: null })
  })

  test.each([
    ['not JSON', '{'],
    ['a list', '["a"]'],
    ['an id with a slash', '{"id": "../x", "step": null}'],
    ['an inherited id', '{"step": "1"}'],
    ['a numeric step', '{"id": "bounces", "step": 3}'],
  ])('a stored last lesson that is %s is ignored', (_what, text) => {
    expect(lastLesson(memory({ 'smtp-sim:last-lesson': text }))).toBeNull()
  })

  test('a route that is not a lesson id is not remembered', () => {
    const storage = memory()
    rememberLesson(storage, ['<script>'])
    rememberLesson(storage, [])
    expect(storage.data.has('smtp-sim:last-lesson')).toBe(false)
  })
})
