import { describe, expect, test } from 'vitest'
import { History } from '../../src/terminal/history'

describe('history, as readline walks it', () => {
  test('↑ walks back from the newest entry, ↓ forward, and past the newest gives back the draft', () => {
    const h = new History()
    h.add('EHLO a')
    h.add('MAIL FROM:<a@b>')
    expect(h.back('RC')).toBe('MAIL FROM:<a@b>')
    expect(h.back('MAIL FROM:<a@b>')).toBe('EHLO a')
    expect(h.back('EHLO a')).toBeNull() // nothing older
    expect(h.forward()).toBe('MAIL FROM:<a@b>')
    expect(h.forward()).toBe('RC') // the draft
    expect(h.forward()).toBeNull()
  })

  test('blank lines and a repeat of the newest entry are not recorded', () => {
    const h = new History()
    h.add('NOOP')
    h.add('NOOP')
    h.add('   ')
    h.add('')
    expect(h.entries).toEqual(['NOOP'])
  })

  test('entering a line ends the walk; rewind starts the next walk at the newest entry', () => {
    const h = new History()
    h.add('one')
    h.add('two')
    h.back('')
    h.back('')
    h.add('three')
    expect(h.back('')).toBe('three')
    h.rewind()
    expect(h.back('')).toBe('three')
  })

  test('keeps at most its limit, dropping the oldest', () => {
    const h = new History(2)
    for (const line of ['a', 'b', 'c']) h.add(line)
    expect(h.entries).toEqual(['b', 'c'])
  })
})
