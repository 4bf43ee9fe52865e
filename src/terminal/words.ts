/**
 * Small text helpers for the simulated shell: splitting a command line into words as a POSIX shell does (quotes and
 * backslashes, no expansion), "did you mean" suggestions, and durations as GNU sleep reads them. Pure.
 */

/** Split a command line into words: blanks separate, '…' and "…" group, a backslash escapes the next character. */
export function splitWords(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: "'" | '"' | null = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) {
      if (c === quote) quote = null
      else if (c === '\\' && quote === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i]
      else word += c
      continue
    }
    if (c === "'" || c === '"') {
      quote = c
      inWord = true
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i]
      inWord = true
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }
  if (inWord) words.push(word)
  return words
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions: "mial" is one step from "mail"). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/** The closest known name, if it is close enough to be a typo. */
export function closest(word: string, names: readonly string[]): string | null {
  const w = word.toLowerCase()
  let best: string | null = null
  let bestDistance = Infinity
  for (const name of names) {
    const distance = editDistance(w, name)
    if (distance < bestDistance) {
      best = name
      bestDistance = distance
    }
  }
  const allowed = w.length <= 3 ? 1 : 2
  return best !== null && bestDistance > 0 && bestDistance <= allowed ? best : null
}

const UNIT_MS: Readonly<Record<string, number>> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * A duration as GNU sleep reads it: a number (decimals allowed) with an optional suffix s, m, h or d; several are
 * added up ("1h 30m"). Returns milliseconds, or the first word that is not a duration.
 */
export function parseDuration(words: readonly string[]): { ms: number } | { invalid: string } {
  let ms = 0
  for (const word of words) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(word)
    if (!m) return { invalid: word }
    ms += Number(m[1]) * UNIT_MS[m[2] ?? '']!
  }
  return { ms: Math.round(ms) }
}

/** A duration for people: "5d", "4h 30m", "45s". */
export function formatDuration(ms: number): string {
  const parts: string[] = []
  let rest = Math.round(ms / 1000)
  for (const [unit, seconds] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / seconds)
    if (n > 0) parts.push(`${n}${unit}`)
    rest -= n * seconds
  }
  return parts.join(' ') || '0s'
}
