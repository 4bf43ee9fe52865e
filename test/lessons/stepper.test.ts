// Stepping through a lesson (steps, and the stops of a transcript), and judging predictions.
import { describe, expect, it } from 'vitest'
import { isLessonError, judgeAnswer, judgeChoice, choiceMatches, parseLesson, Stepper, stepIndex, type Lesson, type PredictStep } from '../../src/lessons'

const text = `---
id: demo
title: Demo
summary: Three steps.
order: 1
---
Intro.

## Look around

Prose.

## Predict {#guess}

\`\`\`predict
question: NOOP?
transcript: |
  C: NOOP
choices:
  - text: "250 2.0.0 Ok"
    correct: true
    explanation: NOOP always succeeds.
  - text: "502 5.5.1 Error: command not implemented"
    explanation: Every server must implement NOOP.
\`\`\`

## Type it {#type}

\`\`\`predict
question: Which code?
transcript: |
  C: RSET
answer: 250
explanation: RSET always gets 250.
explanations:
  5xx: Nothing is wrong with RSET.
  221: RSET never closes the connection.
  other: Think again.
\`\`\`
`
const lesson = parseLesson('/lessons/demo.md', text) as Lesson
if (isLessonError(lesson)) throw new Error(lesson.message)

describe('Stepper', () => {
  it('walks forward and back, and stops at the ends', () => {
    const s = new Stepper(lesson)
    expect([s.index, s.current.id, s.atStart, s.atEnd, s.count]).toEqual([0, 'intro', true, false, 4])
    expect(s.prev()).toBe(false)
    expect(s.next()).toBe(true)
    expect(s.current.id).toBe('look-around')
    s.next()
    s.next()
    expect([s.current.id, s.atEnd]).toEqual(['type', true])
    expect(s.next()).toBe(false)
    expect(s.prev()).toBe(true)
    expect(s.current.id).toBe('guess')
  })

  it('starts at, and goes to, a step by id or 1-based number', () => {
    expect(new Stepper(lesson, 'guess').index).toBe(2)
    expect(new Stepper(lesson, '2').current.id).toBe('look-around')
    expect(new Stepper(lesson, 'nowhere').index).toBe(0)
    const s = new Stepper(lesson)
    expect(s.goTo('type')).toBe(true)
    expect(s.goTo('99')).toBe(false)
    expect(s.index).toBe(3)
    expect(stepIndex(lesson, 3)).toBe(3)
    expect(stepIndex(lesson, 4)).toBeNull()
  })
})

describe('judging predictions', () => {
  const choices = lesson.steps[2] as PredictStep
  const answer = lesson.steps[3] as PredictStep

  it('explains a right choice and a wrong one', () => {
    expect(judgeChoice(choices, 0)).toEqual({ correct: true, explanation: 'NOOP always succeeds.', misconception: '', answer: '250 2.0.0 Ok' })
    expect(judgeChoice(choices, 1)).toEqual({ correct: false, explanation: 'Every server must implement NOOP.\n\nNOOP always succeeds.', misconception: 'Every server must implement NOOP.', answer: '250 2.0.0 Ok' })
    expect(judgeChoice(choices, 5).correct).toBe(false)
  })

  it('explains a typed code by the exact code, a pattern, or "other"', () => {
    expect(judgeAnswer(answer, '250')).toMatchObject({ correct: true, explanation: 'RSET always gets 250.' })
    expect(judgeAnswer(answer, 221).explanation).toBe('RSET never closes the connection.\n\nRSET always gets 250.')
    expect(judgeAnswer(answer, '503').explanation).toMatch(/^Nothing is wrong with RSET\./)
    expect(judgeAnswer(answer, '503').misconception).not.toContain('RSET always gets 250')
    expect(judgeAnswer(answer, '354').explanation).toMatch(/^Think again\./)
    expect(judgeAnswer(answer, 'ok')).toMatchObject({ correct: false, explanation: 'A reply code has three digits, such as 250.' })
  })

  it('matches a choice against the model\'s reply lines', () => {
    expect(choiceMatches('250', ['250-mail.example.com', '250 CHUNKING'])).toBe(true)
    expect(choiceMatches('250 2.0.0 Ok: queued as <ID>', ['250 2.0.0 Ok: queued as 4A1B2C3D4E'])).toBe(true)
    expect(choiceMatches('25', ['250 2.0.0 Ok'])).toBe(false)
    expect(choiceMatches('250 2.0.0 Ok', [])).toBe(false)
  })
})
