/**
 * Search across the course: every lesson step (its title, its text and the notes of its transcript) and every
 * glossary entry. Pure: the course index's search box (CourseIndex.svelte) words the results. Every word of the
 * query must appear (case and accents ignored, so "zoe" finds "zoë"); a hit in a title counts more than one in text.
 */
import type { GlossaryEntry } from './glossary'
import type { Lesson, Step } from './types'

export interface SearchHit {
  readonly kind: 'step' | 'term'
  /** `#/lessons/<lesson>/<step>` or `#/lessons/glossary/<term>`. */
  readonly href: string
  /** What the hit is: "Lesson title › Step title", or the glossary term. */
  readonly title: string
  /** A line of the text around the first matching word, Markdown marks removed. */
  readonly snippet: string
}

/** Lower case, accents off: "Zoë" and "zoe" are the same word to a search. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

/** Markdown as plain text, for matching and snippets: links keep their words, marks go. */
function plain(md: string): string {
  return md
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*`]+/g, '')
    .replace(/[#>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

function stepText(step: Step): string {
  const notes = step.kind === 'transcript' ? step.transcript.lines.map((l) => l.note ?? '').join(' ') : ''
  const question = step.kind === 'predict' ? step.question : ''
  return plain(`${step.before} ${question} ${notes} ${step.after}`)
}

function snippet(text: string, words: readonly string[], width = 140): string {
  const folded = fold(text)
  // The whole query where it stands together, else the first word found.
  const phrase = folded.indexOf(words.join(' '))
  const at = phrase >= 0 ? phrase : Math.min(...words.map((w) => folded.indexOf(w)).filter((i) => i >= 0), text.length)
  if (at >= text.length) return text.slice(0, width) + (text.length > width ? '…' : '')
  const start = Math.max(0, text.lastIndexOf(' ', Math.max(0, at - 40)) + 1)
  const end = Math.min(text.length, start + width)
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`
}

/** The hits for a query, best first; nothing for a query under two characters. */
export function searchCourse(lessons: readonly Lesson[], glossary: readonly GlossaryEntry[], query: string, limit = 30): SearchHit[] {
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.join('').length < 2) return []
  const scored: { hit: SearchHit; score: number; order: number }[] = []
  const consider = (hit: SearchHit, heading: string, body: string) => {
    const h = fold(heading)
    const b = fold(body)
    if (!words.every((w) => h.includes(w) || b.includes(w))) return
    // A title hit counts more than a text hit, and a glossary term that is the query itself most of all.
    const exact = hit.kind === 'term' && fold(hit.title) === words.join(' ') ? 10 : 0
    const score = exact + words.reduce((s, w) => s + (h.includes(w) ? 3 : 0) + (b.includes(w) ? 1 : 0), 0)
    scored.push({ hit, score, order: scored.length })
  }
  for (const entry of glossary) {
    const heading = [entry.term, ...(entry.also ?? [])].join(' ')
    const body = plain(entry.definition)
    consider({ kind: 'term', href: `#/lessons/glossary/${encodeURIComponent(entry.id)}`, title: entry.term, snippet: snippet(body, words) }, heading, body)
  }
  for (const lesson of lessons) {
    for (const step of lesson.steps) {
      const body = stepText(step)
      const title = step.title && step.title !== lesson.title ? `${lesson.title} › ${step.title}` : lesson.title
      consider({ kind: 'step', href: `#/lessons/${encodeURIComponent(lesson.id)}/${encodeURIComponent(step.id)}`, title, snippet: snippet(body, words) }, `${lesson.title} ${step.title} ${lesson.summary}`, body)
    }
  }
  // By score; on a tie, glossary entries first (they were considered first), then in course order.
  return scored
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map((s) => s.hit)
}
