/**
 * Predict-the-reply questions, judged without the model: the lesson file says which choice is right (and the
 * replay test proves that the model agrees). The lesson pane calls these when the learner picks or types.
 */
import type { PredictStep } from './types'

export interface Verdict {
  readonly correct: boolean
  /** Why: the right answer's explanation, or the misconception behind the wrong one followed by it. */
  readonly explanation: string
  /** For a wrong answer, only the misconception behind it (it does not give the right answer away); '' if none. */
  readonly misconception: string
  /** The right answer, as the learner should see it after answering. */
  readonly answer: string
}

function rightAnswer(step: PredictStep): string {
  return step.mode === 'answer' ? String(step.answer) : (step.choices.find((c) => c.correct)?.text ?? '')
}

/** The learner picked choice `index`. */
export function judgeChoice(step: PredictStep, index: number): Verdict {
  const choice = step.choices[index]
  if (!choice) return { correct: false, explanation: 'There is no such choice.', misconception: '', answer: rightAnswer(step) }
  const right = step.choices.find((c) => c.correct)
  const explanation = choice.correct ? choice.explanation || step.explanation : choice.explanation
  return {
    correct: choice.correct,
    explanation: [explanation, choice.correct ? '' : right?.explanation ?? ''].filter(Boolean).join('\n\n'),
    misconception: choice.correct ? '' : choice.explanation,
    answer: rightAnswer(step),
  }
}

/** The learner typed a reply code (answer mode). Wrong codes get the explanation keyed by code, pattern or `other`. */
export function judgeAnswer(step: PredictStep, typed: string | number): Verdict {
  const code = String(typed).trim().slice(0, 3)
  const answer = rightAnswer(step)
  if (!/^\d{3}$/.test(code)) return { correct: false, explanation: 'A reply code has three digits, such as 250.', misconception: 'A reply code has three digits, such as 250.', answer }
  if (Number(code) === step.answer) return { correct: true, explanation: step.explanation, misconception: '', answer }
  const keyed = Object.entries(step.explanations).find(([k]) => k !== 'other' && [...k].every((ch, i) => ch === 'x' || ch === code[i]))
  const why = keyed?.[1] ?? step.explanations.other ?? ''
  return { correct: false, explanation: [why, step.explanation].filter(Boolean).join('\n\n'), misconception: why, answer }
}

/**
 * Does a choice describe the model's reply? A choice is a code (`503`), a code and enhanced code (`503 5.5.1`) or
 * a whole line; it matches when the reply's first line is the choice or starts with it, followed by a space or "-".
 * `<ID>` in a choice stands for a queue id.
 */
export function choiceMatches(choice: string, replyLines: readonly string[]): boolean {
  const first = replyLines[0]
  if (first === undefined) return false
  const escaped = choice.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<ID>/g, '[0-9A-Za-z]+')
  return new RegExp(`^${escaped}(?:$|[ -])`).test(first)
}
