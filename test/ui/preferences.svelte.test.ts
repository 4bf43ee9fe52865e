import { describe, expect, test } from 'vitest'
import { Preferences, safeStorage, type StorageLike } from '../../src/ui/state/preferences.svelte'
import { hrefOf, parseRoute, Router } from '../../src/ui/state/route.svelte'
import { TerminalController } from '../../src/ui/state/terminal.svelte'
import type { PersonalityName } from '../../src/smtp/settings'

function memory(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

describe('preferences', () => {
  test('follow the system theme until the learner picks one; the choice is kept', () => {
    const storage = memory()
    let listener: ((e: { matches: boolean }) => void) | undefined
    const prefs = new Preferences(storage, { matches: true, addEventListener: (_t, l) => (listener = l) })
    expect(prefs.dark).toBe(true)
    listener!({ matches: false })
    expect(prefs.dark).toBe(false)
    prefs.toggleTheme()
    expect(prefs.theme).toBe('dark')
    expect(storage.data.get('smtp-sim:theme')).toBe('dark')
    expect(new Preferences(storage).dark).toBe(true)
  })

  test('font size steps through fixed sizes and is kept; personality too; junk in storage is ignored', () => {
    const storage = memory()
    const prefs = new Preferences(storage)
    prefs.bigger()
    prefs.bigger()
    expect(prefs.fontSize).toBe(18)
    prefs.setPersonality('lenient')
    const again = new Preferences(storage)
    expect(again.fontSize).toBe(18)
    expect(again.personality).toBe('lenient')
    storage.data.set('smtp-sim:font-size', '999')
    storage.data.set('smtp-sim:personality', 'evil')
    storage.data.set('smtp-sim:theme', 'purple')
    expect(new Preferences(storage)).toMatchObject({ fontSize: 15, personality: 'postfix', theme: 'system' })
  })

  test('a stored personality named like an inherited property (__proto__, constructor) is ignored, and the terminal works', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const storage = memory()
      storage.data.set('smtp-sim:personality', name)
      const prefs = new Preferences(storage)
      expect(prefs.personality).toBe('postfix')
      const controller = new TerminalController({ personality: prefs.personality })
      await controller.ready
      controller.setPersonality(name as PersonalityName)
      expect(controller.personality).toBe('postfix')
      controller.type('telnet mail.example.com 25\nEHLO client.example.net\n')
      expect(controller.lastReply?.reply.code).toBe(250)
    }
  })

  test('storage that throws (disabled, private mode) falls back to memory without errors', () => {
    const throwing = safeStorage(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    throwing.setItem('a', '1')
    expect(throwing.getItem('a')).toBe('1')
    const broken = safeStorage(() => ({
      getItem: () => {
        throw new Error('x')
      },
      setItem: () => {
        throw new Error('quota')
      },
    }))
    const prefs = new Preferences(broken)
    prefs.setTheme('dark')
    expect(prefs.theme).toBe('dark')
  })
})

describe('routes', () => {
  test.each([
    ['', { view: 'lab' }],
    ['#/lab', { view: 'lab' }],
    ['#/mail', { view: 'mail', path: [] }],
    ['#/mail/alice', { view: 'mail', path: ['alice'] }],
    ['#/compose', { view: 'compose' }],
    ['#/lessons/first-conversation/3', { view: 'lessons', path: ['first-conversation', '3'] }],
    ['#/nonsense', { view: 'lab', unknown: '#/nonsense' }],
    ['#/glossary/%3Cb%3E', { view: 'lab', unknown: '#/glossary/<b>' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route)
  })

  test('hrefs round-trip, and the router follows hashchange', () => {
    expect(hrefOf({ view: 'lessons', path: ['a b', '2'] })).toBe('#/lessons/a%20b/2')
    const listeners: (() => void)[] = []
    const win = { location: { hash: '#/mail' }, addEventListener: (_: 'hashchange', l: () => void) => void listeners.push(l), removeEventListener() {} }
    const router = new Router(win)
    expect(router.route.view).toBe('mail')
    win.location.hash = '#/compose'
    for (const l of listeners) l()
    expect(router.route.view).toBe('compose')
    router.go({ view: 'lab' })
    expect(win.location.hash).toBe('#/lab')
  })
})
