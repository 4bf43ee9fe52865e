// The runner: transcripts replayed against a fresh world, line by line, with differences reported on the lesson's
// own lines; try attempts judged on the resulting state; predict questions answered by the model.
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SETTINGS, isLessonError, lineMatches, parseLesson, replayLesson, replayPredict, replayTranscript, runAttempt,
  type Lesson, type LessonSettings, type PredictStep, type Transcript, type TranscriptStep, type TryStep,
} from '../../src/lessons'

const FRONT = '---\nid: t\ntitle: T\nsummary: S\norder: 1\n---\n## Step\n\n'
const parse = (body: string): Lesson => {
  const l = parseLesson('/lessons/t.md', FRONT + body)
  if (isLessonError(l)) throw new Error(`${l.line}: ${l.message}`)
  return l
}
const transcriptOf = (lines: string, settings: Partial<LessonSettings> = {}) => {
  const l = parse('```transcript\n' + lines + '\n```\n')
  return { transcript: (l.steps[0] as TranscriptStep).transcript, settings: { ...DEFAULT_SETTINGS, ...settings } }
}
const replay = (lines: string, settings: Partial<LessonSettings> = {}) => {
  const { transcript, settings: s } = transcriptOf(lines, settings)
  return replayTranscript(transcript as Transcript, s)
}

describe('replaying a transcript', () => {
  it('agrees with a correct transcript, queue ids written as <ID> or {id}', () => {
    const r = replay('S: 220 mail.example.com ESMTP Postfix\nC: HELO client.example.net\nS: 250 mail.example.com\nC: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@example.com>\nS: 250 2.1.5 Ok\nC: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: Subject: x\nC:\nC: ..dot\nC: .\nS: 250 2.0.0 Ok: queued as <ID>\nC: NOOP\nS: 250 2.0.0 Ok\nC: QUIT\nS: 221 2.0.0 Bye')
    expect(r.differences).toEqual([])
    expect(r.ok).toBe(true)
    expect(r.lines[1]).toEqual({ ok: true, actual: null, replies: ['250 mail.example.com'] })
    expect(r.lines[2]).toEqual({ ok: true, actual: '250 mail.example.com', replies: [] })
    expect(r.world.host('mail.example.com')?.mailbox('bob')).toHaveLength(1)
    expect(r.events.some((e) => e.type === 'lines-unstuffed')).toBe(true)
    expect(lineMatches('250 2.0.0 Ok: queued as {id}', '250 2.0.0 Ok: queued as 4A1B2C3D4E')).toBe(true)
    expect(lineMatches('250 2.0.0 Ok: queued as <ID>', '250 2.0.0 Ok: queued as ')).toBe(false)
  })

  it('reports a wrong reply on the transcript line, with what the model said', () => {
    const r = replay('C: HELO client.example.net\nS: 250 mail.example.org\nC: QUIT\nS: 221 2.0.0 Bye')
    expect(r.ok).toBe(false)
    expect(r.differences).toEqual([{ line: 11, expected: '250 mail.example.org', actual: '250 mail.example.com', message: 'the model said "250 mail.example.com"' }])
  })

  it('reports a reply the model never gives, and one the transcript leaves out', () => {
    const r = replay('C: NOOP\nS: 250 2.0.0 Ok\nS: 250 2.0.0 Ok\nC: RSET')
    expect(r.differences).toEqual([
      { line: 12, expected: '250 2.0.0 Ok', actual: null, message: 'the model said nothing here' },
      { line: 13, expected: '', actual: '250 2.0.0 Ok', message: 'the model also said "250 2.0.0 Ok" here, which the transcript does not show' },
    ])
  })

  it('reports a line sent after the server closed the connection', () => {
    const r = replay('C: QUIT\nS: 221 2.0.0 Bye\nC: NOOP\nS: 250 2.0.0 Ok')
    expect(r.differences.map((d) => [d.line, d.message])).toEqual([
      [12, 'the server had already closed the connection; this line was never read'],
      [13, 'the model said nothing more: the connection is closed'],
    ])
  })

  it('lets the greeting be left out, and "..." stand for the rest of a reply', () => {
    expect(replay('C: EHLO client.example.net\nS: 250-mail.example.com\nS: ...\nC: QUIT\nS: 221 2.0.0 Bye').differences).toEqual([])
    expect(replay('C: EHLO client.example.net\nS: 250-mail.example.com\nS: ...\nS: 250 CHUNKING').ok).toBe(true)
    expect(replay('C: EHLO client.example.net\nS: ...\nC: EHLO again.example.net\nS: 250-mail.example.com\nS: ...').ok).toBe(true)
  })

  it('runs the world clock with ~ advance, and checks M: and L: lines against mailbox and log', () => {
    const r = replay(
      'C: EHLO client.example.net\nS: ...\nC: MAIL FROM:<student@client.example.net>\nS: 250 2.1.0 Ok\nC: RCPT TO:<x@example.org>\nS: 250 2.1.5 Ok\nC: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: Subject: wait\nC:\nC: x\nC: .\nS: 250 2.0.0 Ok: queued as <ID>\n' +
        'L: status=deferred\n~ advance 6d\nL: status=expired, returned to sender\n~ mailbox student@client.example.net\nM: Return-Path: <>\nM: ...\nM: Status: 4.4.1\nM: ...\nM: Subject: wait',
      { client: 'localhost', host: 'client.example.net' },
    )
    expect(r.differences).toEqual([])
    expect(r.events.some((e) => e.type === 'bounced')).toBe(true)
  })

  it('reports M: and L: lines that do not match', () => {
    const r = replay('C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@example.com>\nS: 250 2.1.5 Ok\nC: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: Subject: x\nC:\nC: body\nC: .\nS: 250 2.0.0 Ok: queued as <ID>\n~ mailbox bob@example.com\nM: Return-Path: <someone@else.example>\nM: ...\nM: nobody\nL: status=bounced\n~ mailbox nobody@example.com')
    expect(r.differences.map((d) => [d.line, d.message])).toEqual([
      [22, 'the message has "Return-Path: <a@b.example>" here'],
      [24, 'no later line of the message is this'],
      [25, 'no line of mail.log (from the previous L: line on) contains this'],
      [26, 'there is no mailbox nobody@example.com in this world'],
    ])
  })

  it('opens new sessions with ~ connect, as the learner or on their own MTA', () => {
    const r = replay('C: RCPT TO:<carol@example.net>\nS: 503 5.5.1 Error: need MAIL command\n~ connect localhost\nS: 220 client.example.net ESMTP Postfix\nC: QUIT\nS: 221 2.0.0 Bye\n~ connect stranger mx.example.net\nS: 220 mx.example.net ESMTP Postfix')
    expect(r.differences).toEqual([])
  })

  it('runs the lesson\'s personality and faults', () => {
    expect(replay('C: MAIL FROM:<a@b.example>\nS: 503 5.5.1 Error: send HELO/EHLO first', { personality: 'rfc' }).ok).toBe(true)
    const faults = [{ kind: 'greylist' as const, host: 'mail.example.com', mailbox: 'bob', delay: 3_600_000 }]
    expect(replay('C: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@example.com>\nS: 450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html\n~ advance 1h\n~ connect stranger\nC: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@example.com>\nS: 250 2.1.5 Ok', { faults }).differences).toEqual([])
  })
})

describe('try steps', () => {
  const lesson = parse('```try\ngoal:\n  mailbox: bob@example.com\nhints:\n  - on: {code: 503}\n    text: Order.\n  - on: {code: 5xx}\n    text: Refused.\n  - text: Default.\nsolution: |\n  HELO x\n  MAIL FROM:<a@b.example>\n  RCPT TO:<bob@example.com>\n  DATA\n  Subject: hi\n\n  body\n  .\n```\n')
  const step = lesson.steps[0] as TryStep

  it('meets the goal with the solution, on a fresh world each time', () => {
    const first = runAttempt(lesson, step, step.solution)
    expect(first).toMatchObject({ met: true, hint: null })
    expect(first.transcript.slice(0, 3)).toEqual([
      { from: 'server', text: '220 mail.example.com ESMTP Postfix' },
      { from: 'client', text: 'HELO x' },
      { from: 'server', text: '250 mail.example.com' },
    ])
    expect(runAttempt(lesson, step, step.solution).world.host('mail.example.com')?.mailbox('bob')).toHaveLength(1)
  })

  it('picks the hint by the reply that decided the attempt', () => {
    expect(runAttempt(lesson, step, ['HELO x', 'RCPT TO:<bob@example.com>']).hint?.text).toBe('Order.')
    expect(runAttempt(lesson, step, ['HELO x', 'MAIL FROM:<a@b.example>', 'RCPT TO:<zed@example.com>', 'NOOP']).hint?.text).toBe('Refused.')
    const nothing = runAttempt(lesson, step, [])
    expect(nothing).toMatchObject({ met: false, hint: { text: 'Default.' } })
    expect(nothing.goal.checks).toEqual([{ key: 'mailbox', met: false, label: 'A new message reaches bob@example.com', detail: 'no new message reached bob@example.com' }])
  })
})

describe('predict steps', () => {
  it('plays the context and returns the model\'s reply to the last line', () => {
    const lesson = parse('```predict\nquestion: Q?\ntranscript: |\n  C: HELO x\n  S: 250 mail.example.com\n  C: EHLO x\nanswer: 250\nexplanation: E.\n```\n')
    const r = replayPredict(lesson, lesson.steps[0] as PredictStep)
    expect(r.context.ok).toBe(true)
    expect(r.reply?.code).toBe(250)
    expect(r.lines[0]).toBe('250-mail.example.com')
    expect(r.lines.at(-1)).toMatch(/^250 /)
  })

  it('replayLesson reports a right answer the model does not give, and a wrong one it does', () => {
    const lesson = parse('```predict\nquestion: Q?\ntranscript: |\n  C: NOOP\nchoices:\n  - text: "500 5.5.2 Error: command not recognized"\n    correct: true\n  - text: "250 2.0.0 Ok"\n    explanation: Wrong, supposedly.\n```\n')
    const messages = replayLesson(lesson).steps[0]?.problems.map((p) => p.message)
    expect(messages).toEqual([
      'the correct choice "500 5.5.2 Error: command not recognized" is not what the model replies',
      'the wrong choice "250 2.0.0 Ok" is what the model replies',
    ])
  })

  it('replayLesson reports a solution that misses its goal and a wrong attempt that gets another hint', () => {
    const lesson = parse('```try\ngoal:\n  replySeen: 503\nhints:\n  - on: {code: 503}\n    text: A.\n  - text: B.\nsolution: |\n  NOOP\nwrong:\n  - typed: RCPT TO:<a@b.example>\n    hint: default\n```\n')
    const messages = replayLesson(lesson).steps[0]?.problems.map((p) => p.message)
    expect(messages).toEqual(['the solution does not meet the goal: The server answers 503 (not in this attempt)', 'this wrong attempt meets the goal'])
    const other = parse('```try\ngoal:\n  replySeen: 250\nhints:\n  - on: {code: 503}\n    text: A.\n  - text: B.\nsolution: |\n  NOOP\nwrong:\n  - typed: RCPT TO:<a@b.example>\n    hint: default\n```\n')
    const wrong = { ...(other.steps[0] as TryStep), goal: { mailbox: 'bob@example.com' } }
    expect(replayLesson({ ...other, steps: [wrong] }).steps[0]?.problems.map((p) => p.message)).toEqual([
      'the solution does not meet the goal: A new message reaches bob@example.com (no new message reached bob@example.com)',
      'this wrong attempt gets {"code":503} (decisive reply: 503)',
    ])
  })
})
