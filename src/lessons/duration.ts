/**
 * Durations: as lessons write them (`30s`, `20m`, `2h`, `5d`, `1d12h`), in milliseconds of the world's clock — the
 * same forms as the shell's `sleep` — and how long a lesson takes a learner (`estimateMinutes`).
 */
import type { Lesson } from './types'


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

/** Words a learner reads in a minute, and the time a transcript line, a prediction and a try-it step take. */
const READING_WPM = 180
const SECONDS_PER_TRANSCRIPT_LINE = 5
const MINUTES_PER_PREDICTION = 1
const MINUTES_PER_TRY = 3

const words = (text: string) => (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? []).length

/**
 * How long a lesson takes, in whole minutes (at least 1): its text read at READING_WPM, each transcript line
 * looked at, each prediction made and each try-it step done. An estimate for the course index, not a measurement.
 */
export function estimateMinutes(lesson: Pick<Lesson, 'steps'>): number {
  let minutes = 0
  for (const step of lesson.steps) {
    let text = `${step.before} ${step.after}`
    if (step.kind === 'transcript') {
      minutes += (step.transcript.lines.length * SECONDS_PER_TRANSCRIPT_LINE) / 60
      text += step.transcript.lines.map((l) => ('note' in l && l.note ? ` ${l.note}` : '')).join('')
    } else if (step.kind === 'predict') {
      minutes += MINUTES_PER_PREDICTION
      text += ` ${step.question}`
    } else if (step.kind === 'try') minutes += MINUTES_PER_TRY
    minutes += words(text) / READING_WPM
  }
  return Math.max(1, Math.round(minutes))
}
