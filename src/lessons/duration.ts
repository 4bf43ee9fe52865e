/**
 * Durations as lessons write them (`30s`, `20m`, `2h`, `5d`, `1d12h`), in milliseconds of the world's clock.
 * The same forms as the shell's `sleep`.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** The duration in ms, or null if the text is not one. A bare number is seconds, as with sleep(1). */
export function parseDuration(text: string): number | null {
  const t = text.trim()
  if (/^\d+$/.test(t)) return Number(t) * 1000
  if (!/^(\d+(ms|s|m|h|d))+$/.test(t)) return null
  let total = 0
  for (const m of t.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(m[1]) * (UNIT_MS[m[2] ?? 's'] ?? 0)
  return total
}

/** The shortest way to write a duration back (`5d`, `1d12h`, `90s` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s'
  let rest = ms
  let out = ''
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit] ?? 1
    const n = Math.floor(rest / size)
    if (n > 0) out += `${n}${unit}`
    rest -= n * size
  }
  return out
}
