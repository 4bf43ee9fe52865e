// Progress: injected storage, a versioned key, validation of what is read, reset with a notice, version 1 carried over,
// who completed each step, export and import.
import { describe, expect, it } from 'vitest'
import { memoryStorage, parseProgress, PROGRESS_KEY, ProgressStore, type Lesson, type ProgressStorage } from '../../src/lessons'
import { PROGRESS_KEY_V1 } from '../../src/lessons/progress'

const step = (id: string, kind: 'prose' | 'try' | 'predict') => ({ id, kind }) as unknown as Lesson['steps'][number]
const lesson = { id: 'dots', steps: [step('intro', 'prose'), step('guess', 'predict'), step('try', 'try')] }
const reading = { id: 'reading', steps: [step('one', 'prose'), step('two', 'prose')] }

describe('ProgressStore', () => {
  it('uses the versioned key', () => {
    expect(PROGRESS_KEY).toBe('smtp-sim:progress:v2')
  })

  it('moves a lesson from not started to in progress to done, and survives a reload', () => {
    const storage = memoryStorage()
    const store = new ProgressStore(storage)
    expect(store.state('dots')).toBe('not-started')
    store.visit(lesson, 'intro')
    expect(store.get('dots')).toEqual({ state: 'in-progress', step: 'intro', completed: {} })
    store.completeStep(lesson, 'guess')
    expect(store.state('dots')).toBe('in-progress')
    store.completeStep(lesson, 'try', 'solved')
    store.completeStep(lesson, 'try', 'solved')
    expect(store.get('dots')).toEqual({ state: 'done', step: 'intro', completed: { guess: 'learner', try: 'solved' } })
    store.visit(lesson, 'guess')
    expect(store.state('dots')).toBe('done')

    const again = new ProgressStore(storage)
    expect(again.notice).toBeNull()
    expect(again.get('dots')).toEqual({ state: 'done', step: 'guess', completed: { guess: 'learner', try: 'solved' } })
    expect(JSON.parse(storage.items.get(PROGRESS_KEY) ?? '')).toMatchObject({ version: 2 })
  })

  it('looks lessons up as own properties: "__proto__" saved as a lesson id stays a lesson, "constructor" is not started', () => {
    const saved = '{"version": 2, "lessons": {"__proto__": {"state": "done", "step": null, "completed": {}}}}'
    const store = new ProgressStore(memoryStorage({ [PROGRESS_KEY]: saved }))
    expect(store.notice).toBeNull()
    expect(Object.getPrototypeOf(store.data.lessons)).toBe(Object.prototype)
    expect(store.get('__proto__')).toEqual({ state: 'done', step: null, completed: {} })
    expect(store.get('constructor')).toEqual({ state: 'not-started', step: null, completed: {} })
    expect(store.state('toString')).toBe('not-started')
    store.visit({ id: 'constructor', steps: lesson.steps }, 'intro')
    expect(new ProgressStore(memoryStorage({ [PROGRESS_KEY]: store.export() })).state('constructor')).toBe('in-progress')
  })

  it('records who completed a step; the learner doing it later counts, "Solve" after the learner does not take it away', () => {
    const store = new ProgressStore(memoryStorage())
    store.completeStep(lesson, 'guess', 'revealed')
    expect(store.metBy('dots', 'guess')).toBe('revealed')
    store.completeStep(lesson, 'guess', 'learner')
    expect(store.metBy('dots', 'guess')).toBe('learner')
    store.completeStep(lesson, 'guess', 'revealed')
    expect(store.metBy('dots', 'guess')).toBe('learner')
    expect(store.metBy('dots', 'try')).toBeNull()
  })

  it('marks a lesson without try or predict steps done when its end is reached, not when it is opened', () => {
    const store = new ProgressStore(memoryStorage())
    store.visit(reading, 'one')
    expect(store.state('reading')).toBe('in-progress')
    store.visit(reading, 'two')
    expect(store.state('reading')).toBe('in-progress')
    store.finish(reading)
    expect(store.state('reading')).toBe('done')
    store.finish(lesson) // a lesson with exercises is done by its exercises
    expect(store.state('dots')).toBe('not-started')
  })

  it('carries version 1 progress over, with a notice; its completed steps say they were not recorded', () => {
    const storage = memoryStorage({ [PROGRESS_KEY_V1]: JSON.stringify({ version: 1, lessons: { dots: { state: 'done', step: 'try', completed: ['guess', 'try'] } } }) })
    const store = new ProgressStore(storage)
    expect(store.notice?.reason).toBe('migrated')
    expect(store.notice?.message).toContain('carried over')
    expect(store.get('dots')).toEqual({ state: 'done', step: 'try', completed: { guess: 'unrecorded', try: 'unrecorded' } })
    expect(JSON.parse(storage.items.get(PROGRESS_KEY) ?? '')).toMatchObject({ version: 2, lessons: { dots: { state: 'done' } } })
    expect(new ProgressStore(storage).notice).toBeNull()
  })

  it('reads names such as __proto__ as plain names', () => {
    const v = parseProgress('{"version": 2, "lessons": {"__proto__": {"state": "done", "step": null, "completed": {"__proto__": "learner"}}}}')
    expect(v.ok).toBe(true)
    if (!v.ok) return
    expect(Object.getPrototypeOf(v.data.lessons)).toBe(Object.prototype)
    expect(Object.hasOwn(v.data.lessons, '__proto__')).toBe(true)
    const store = new ProgressStore(memoryStorage({ [PROGRESS_KEY]: '{"version": 2, "lessons": {}}' }))
    expect(store.state('constructor')).toBe('not-started')
    expect(store.metBy('dots', 'constructor')).toBeNull()
  })

  it('resets one lesson, or everything', () => {
    const store = new ProgressStore(memoryStorage())
    store.visit(lesson, 'intro')
    store.visit(reading, 'one')
    store.reset('dots')
    expect([store.state('dots'), store.state('reading')]).toEqual(['not-started', 'in-progress'])
    store.reset()
    expect(store.data).toEqual({ version: 2, lessons: {} })
  })

  it.each([
    ['corrupt JSON', '{"version": 2, "lessons": {', 'corrupt', 'not valid JSON'],
    ['an older version', '{"version": 0, "lessons": {}}', 'version', 'version 0'],
    ['a newer version', '{"version": 3, "lessons": {}}', 'version', 'version 3'],
    ['no version at all', '{"lessons": {}}', 'version', 'version null'],
    ['an unknown state', '{"version": 2, "lessons": {"dots": {"state": "finished", "step": null, "completed": {}}}}', 'invalid', 'unknown state "finished"'],
    ['a wrong shape', '[1, 2, 3]', 'invalid', 'not an object'],
    ['bad completed steps (version 1)', '{"version": 1, "lessons": {"dots": {"state": "done", "step": null, "completed": [1]}}}', 'invalid', 'completed must be a list'],
    ['a list of completed steps in version 2', '{"version": 2, "lessons": {"dots": {"state": "done", "step": null, "completed": ["try"]}}}', 'invalid', 'completed must map step ids'],
    ['an unknown completer', '{"version": 2, "lessons": {"dots": {"state": "done", "step": null, "completed": {"try": "robot"}}}}', 'invalid', 'completed by "robot"'],
  ])('resets %s, with a notice, and saves the reset', (_what, saved, reason, message) => {
    const storage = memoryStorage({ [PROGRESS_KEY]: saved })
    const store = new ProgressStore(storage)
    expect(store.notice?.reason).toBe(reason)
    expect(store.notice?.message).toContain(message)
    expect(store.data).toEqual({ version: 2, lessons: {} })
    expect(storage.items.get(PROGRESS_KEY)).toBe('{"version":2,"lessons":{}}')
    store.dismissNotice()
    expect(store.notice).toBeNull()
    expect(new ProgressStore(storage).notice).toBeNull()
  })

  it('keeps working in memory when storage throws, and says so', () => {
    const broken: ProgressStorage = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    }
    const store = new ProgressStore(broken)
    expect(store.notice?.reason).toBe('unavailable')
    store.visit(lesson, 'intro')
    expect(store.state('dots')).toBe('in-progress')
    expect(new ProgressStore(null).notice).toBeNull()
  })

  it('exports JSON that imports back, and refuses invalid imports without changing anything', () => {
    const store = new ProgressStore(memoryStorage())
    store.visit(lesson, 'guess')
    store.completeStep(lesson, 'guess')
    const file = store.export()
    expect(JSON.parse(file)).toEqual({ version: 2, lessons: { dots: { state: 'in-progress', step: 'guess', completed: { guess: 'learner' } } } })

    const other = new ProgressStore(memoryStorage())
    other.visit(reading, 'one')
    expect(other.import('not json')).toEqual({ ok: false, message: 'saved progress is not valid JSON' })
    expect(other.import('{"version": 9, "lessons": {}}')).toMatchObject({ ok: false, message: expect.stringContaining('version 9') })
    expect(other.state('reading')).toBe('in-progress')
    expect(other.import(file)).toEqual({ ok: true })
    expect(other.data).toEqual(JSON.parse(file))
    expect(parseProgress(file).ok).toBe(true)
  })
})
