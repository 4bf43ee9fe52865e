// Hand-in (issue 12 §8): what a student did in a lesson, saved as a file — who met each goal and question, and the
// terminal's recording — read back validated, and the conversation played again through the model.
import { describe, expect, test } from 'vitest'
import { isLessonError, parseLesson, type Lesson } from '../../../src/lessons'
import { conversationOf } from '../../../src/ui/lessons/handin-conversation'
import { HANDIN_KIND, handInFileName, looksLikeHandIn, makeHandIn, metLabel, parseHandIn } from '../../../src/ui/lessons/handin'
import { TerminalController } from '../../../src/ui/state/terminal.svelte'

const PARSED = parseLesson(
  'hand.md',
  `---
id: hand
title: Hand
summary: A lesson.
order: 1
---

## Predict

\`\`\`predict
question: QUIT?
transcript: |
  C: QUIT
answer: 221
explanation: Bye.
\`\`\`

## Try

\`\`\`try
goal:
  mailbox: bob@example.com
hints:
  - text: Send bob a message.
solution: |
  HELO x
  MAIL FROM:<a@x.example>
  RCPT TO:<bob@example.com>
  DATA
  .
\`\`\`
`,
)

if (isLessonError(PARSED)) throw new Error(`${PARSED.line}: ${PARSED.message}`)
const LESSON: Lesson = PARSED

async function session(): Promise<TerminalController> {
  const controller = new TerminalController({ now: () => 1_780_000_000_000 })
  controller.attach({ write() {} }, 100)
  await controller.ready
  controller.type('telnet mail.example.com 25\nHELO x\nMAIL FROM:<a@x.example>\nRCPT TO:<bob@example.com>\nDATA\nSubject: hi\n\nhello\n.\nQUIT\n')
  return controller
}

describe('a hand-in', () => {
  test('says who met each goal and question, and reads back as it was written', async () => {
    const controller = await session()
    const met = { try: 'learner', predict: 'revealed' } as const
    const handIn = makeHandIn(LESSON, (id) => met[id as 'try' | 'predict'] ?? null, controller.recording, '  Ada  ', new Date('2026-12-04T09:00:00Z'))
    expect(handIn).toMatchObject({ kind: HANDIN_KIND, lesson: { id: 'hand', title: 'Hand' }, name: 'Ada', exported: '2026-12-04T09:00:00.000Z' })
    expect(handIn.steps).toEqual([
      { id: 'predict', title: 'Predict', kind: 'predict', met: 'revealed' },
      { id: 'try', title: 'Try', kind: 'try', met: 'learner' },
    ])
    expect(handInFileName(handIn)).toBe('hand-in-hand-ada.json')
    const text = JSON.stringify(handIn)
    expect(looksLikeHandIn(text)).toBe(true)
    const read = parseHandIn(text)
    expect(read.ok && read.handIn).toEqual(handIn)
    expect(read.ok && read.recording).toEqual(controller.recording)
    expect(metLabel('solved', 'try')).toContain('Solve')
  })

  test('its recording plays back as the conversation: where it connected, each line typed and the model\'s replies', async () => {
    const controller = await session()
    const read = parseHandIn(JSON.stringify(makeHandIn(LESSON, () => null, controller.recording, '', new Date())))
    if (!read.ok || !read.recording) throw new Error('not read')
    const lines = conversationOf(read.recording).map((l) => `${l.from}: ${l.text}`)
    expect(lines[0]).toBe('open: telnet mail.example.com 25')
    expect(lines).toContain('client: HELO x')
    expect(lines).toContain('server: 250 2.1.5 Ok')
    expect(lines.find((l) => l.startsWith('server: 250 2.0.0 Ok: queued as'))).toBeDefined()
    expect(lines.at(-1)).toBe('server: 221 2.0.0 Bye')
  })

  test.each([
    ['not JSON', '{'],
    ['another kind', JSON.stringify({ kind: 'progress' })],
    ['another version', JSON.stringify({ kind: HANDIN_KIND, version: 7 })],
    ['a step met by someone unknown', JSON.stringify({ kind: HANDIN_KIND, version: 1, lesson: { id: 'a', title: 'A' }, name: '', exported: 'x', recording: null, steps: [{ id: 's', title: 'S', kind: 'try', met: 'teacher' }] })],
    ['a recording that is not one', JSON.stringify({ kind: HANDIN_KIND, version: 1, lesson: { id: 'a', title: 'A' }, name: '', exported: 'x', recording: '{"v":1}', steps: [] })],
  ])('a file that is %s is refused with a reason', (_what, text) => {
    const read = parseHandIn(text)
    expect(read.ok).toBe(false)
    expect(!read.ok && read.message).toBeTruthy()
  })
})
