import { describe, expect, test } from 'vitest'
import { closest, formatDuration, parseDuration, splitWords } from '../../src/terminal/words'

describe('shell words', () => {
  test('split as a POSIX shell does: quotes group, a backslash escapes', () => {
    expect(splitWords('mail -s "Hello there" carol@example.net')).toEqual(['mail', '-s', 'Hello there', 'carol@example.net'])
    expect(splitWords(`echo 'a "b"' c\\ d ""`)).toEqual(['echo', 'a "b"', 'c d', ''])
    expect(splitWords('   ')).toEqual([])
  })

  test('suggestions for typos: one edit for short words, two for longer ones', () => {
    const names = ['mail', 'mailq', 'telnet', 'sleep', 'dig']
    expect(closest('mial', names)).toBe('mail')
    expect(closest('telent', names)).toBe('telnet')
    expect(closest('dgi', names)).toBe('dig')
    expect(closest('xyz', names)).toBeNull()
    expect(closest('mail', names)).toBeNull() // not a typo
  })

  test('durations as GNU sleep reads them', () => {
    expect(parseDuration(['30m'])).toEqual({ ms: 1_800_000 })
    expect(parseDuration(['1h', '30m'])).toEqual({ ms: 5_400_000 })
    expect(parseDuration(['5d'])).toEqual({ ms: 432_000_000 })
    expect(parseDuration(['1.5'])).toEqual({ ms: 1500 })
    expect(parseDuration(['4x'])).toEqual({ invalid: '4x' })
    expect(formatDuration(5_400_000)).toBe('1h 30m')
    expect(formatDuration(0)).toBe('0s')
  })
})
