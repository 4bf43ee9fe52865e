// The lesson format (lessons/README.md): front matter, steps by kind, the transcript notation, try and predict
// blocks, the seed's annotated-session JSON, and errors that name the file, the line and the problem.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isLessonError, loadCatalogue, parseLesson, type Lesson, type LessonError, type PredictStep, type TranscriptStep, type TryStep } from '../../src/lessons'

const lesson = (text: string, file = '/lessons/01-test.md'): Lesson => {
  const parsed = parseLesson(file, text)
  if (isLessonError(parsed)) throw new Error(`${parsed.file}:${parsed.line}: ${parsed.message}`)
  return parsed
}
const error = (text: string, file = '/lessons/01-test.md'): LessonError => {
  const parsed = parseLesson(file, text)
  if (!isLessonError(parsed)) throw new Error('expected an error')
  return parsed
}
const FRONT = '---\nid: test\ntitle: Test\nsummary: A test lesson.\norder: 1\n---\n'

describe('front matter', () => {
  it('reads metadata and world settings, with defaults', () => {
    const l = lesson(`${FRONT}\n## Only step\n\nText.\n`)
    expect(l).toMatchObject({ id: 'test', title: 'Test', summary: 'A test lesson.', order: 1, prerequisites: [], format: 'markdown' })
    expect(l.settings).toEqual({ personality: 'postfix', client: 'stranger', host: 'mail.example.com', port: 25, faults: [], users: {} })
  })

  it('takes personality, client and faults; localhost talks to client.example.net', () => {
    const l = lesson(
      '---\nid: t\ntitle: T\nsummary: S\norder: 3\nprerequisites: [a, b]\npersonality: rfc\nclient: localhost\n' +
        'faults:\n  - {kind: mailbox-unavailable, host: mail.example.com, mailbox: bob, until: 2h}\n  - {kind: command, host: mx.example.net, verb: rcpt, nth: 3, reply: serviceUnavailable}\n---\n## S\n\nx\n',
    )
    expect(l.prerequisites).toEqual(['a', 'b'])
    expect(l.settings).toEqual({
      personality: 'rfc',
      client: 'localhost',
      host: 'client.example.net',
      port: 25,
      faults: [
        { kind: 'mailbox-unavailable', host: 'mail.example.com', mailbox: 'bob', until: 7_200_000 },
        { kind: 'command', host: 'mx.example.net', verb: 'RCPT', nth: 3, reply: 'serviceUnavailable' },
      ],
      users: {},
    })
  })

  it('takes an objective, and leaves it out when there is none', () => {
    expect(lesson(`${FRONT.replace('order: 1\n', 'order: 1\nobjective: Send a dot.\n')}## S\nx\n`).objective).toBe('Send a dot.')
    expect(lesson(`${FRONT}## S\nx\n`).objective).toBeUndefined()
  })

  it('takes a greylist for one mailbox and a host\'s way with bare LF (the smuggling lab\'s two servers)', () => {
    const l = lesson(
      `${FRONT.replace('order: 1\n', 'order: 1\nfaults:\n  - {kind: greylist, host: mail.example.com, delay: 5m, mailbox: Bob}\n  - {kind: bare-lf, host: mail.example.com, handling: pass}\n  - {kind: bare-lf, host: mx.post.example, handling: lenient}\n  - {kind: vrfy-off, host: mail.example.com}\n')}## S\nx\n`,
    )
    expect(l.settings.faults).toEqual([
      { kind: 'greylist', host: 'mail.example.com', delay: 300_000, mailbox: 'bob' },
      { kind: 'bare-lf', host: 'mail.example.com', handling: 'pass' },
      { kind: 'bare-lf', host: 'mx.post.example', handling: 'lenient' },
      { kind: 'vrfy-off', host: 'mail.example.com' },
    ])
  })

  it.each([
    ['missing id', '---\ntitle: T\nsummary: S\norder: 1\n---\n## S\nx\n', 2, 'needs "id"'],
    ['a bad id', '---\nid: Not An Id\ntitle: T\nsummary: S\norder: 1\n---\n## S\nx\n', 2, 'lower-case'],
    ['an unknown personality', `${FRONT.replace('order: 1\n', 'order: 1\npersonality: sendmail\n')}## S\nx\n`, 6, 'personality "sendmail"'],
    ['an unknown host', `${FRONT.replace('order: 1\n', 'order: 1\nhost: mx.example.org\n')}## S\nx\n`, 6, 'not a host of the world'],
    ['a fault of an unknown kind', `${FRONT.replace('order: 1\n', 'order: 1\nfaults:\n  - {kind: meteor, host: mail.example.com}\n')}## S\nx\n`, 7, 'fault kind "meteor"'],
    ['a bare-lf handling that is not one', `${FRONT.replace('order: 1\n', 'order: 1\nfaults:\n  - {kind: bare-lf, host: mail.example.com, handling: normalize}\n')}## S\nx\n`, 7, 'handling "normalize" is not one of pass, lenient'],
    ['a fault reply not in the catalogue', `${FRONT.replace('order: 1\n', 'order: 1\nfaults:\n  - {kind: after-data, host: mail.example.com, reply: oops}\n')}## S\nx\n`, 7, 'reply catalogue'],
    ['an unclosed front matter', '---\nid: t\n## S\n', 1, 'not closed'],
    ['requires (gone: the model runs every lesson)', `${FRONT.replace('order: 1\n', 'order: 1\nrequires: [esmtp-submission]\n')}## S\nx\n`, 6, '"requires"'],
  ])('refuses %s', (_what, text, line, message) => {
    const e = error(text)
    expect(e.line).toBe(line)
    expect(e.message).toContain(message)
  })
})

describe('steps', () => {
  it('splits at ## headings; the kind comes from the block; ids come from titles or {#id}', () => {
    const l = lesson(`${FRONT}Intro text.\n\n## First look\n\nProse.\n\n\`\`\`text\nnot a step block\n\`\`\`\n\n## Watch {#watch}\n\nBefore.\n\n\`\`\`transcript\nS: 220 mail.example.com ESMTP Postfix\nC: QUIT\nS: 221 2.0.0 Bye\n\`\`\`\n\nAfter.\n\n## First look\n\nAgain.\n`)
    expect(l.steps.map((s) => [s.id, s.kind, s.title])).toEqual([
      ['intro', 'prose', 'Test'],
      ['first-look', 'prose', 'First look'],
      ['watch', 'transcript', 'Watch'],
      ['first-look-2', 'prose', 'First look'],
    ])
    expect(l.steps[2]).toMatchObject({ before: 'Before.', after: 'After.', line: 17 })
  })

  it('ignores ## inside fences', () => {
    const l = lesson(`${FRONT}## One\n\n\`\`\`text\n## not a heading\n\`\`\`\n`)
    expect(l.steps).toHaveLength(1)
  })

  it('refuses two blocks in one step, and an empty step', () => {
    expect(error(`${FRONT}## Two\n\n\`\`\`transcript\nC: NOOP\nS: 250 2.0.0 Ok\n\`\`\`\n\n\`\`\`transcript\nC: NOOP\nS: 250 2.0.0 Ok\n\`\`\`\n`)).toMatchObject({ line: 14, message: expect.stringContaining('second') })
    expect(error(`${FRONT}## Empty\n\n## Full\n\nx\n`)).toMatchObject({ line: 7, message: expect.stringContaining('empty') })
  })
})

describe('the transcript notation', () => {
  const transcript = (body: string, fence = 'transcript') => (lesson(`${FRONT}## T\n\n\`\`\`${fence}\n${body}\n\`\`\`\n`).steps[0] as TranscriptStep)

  it('reads C:, S:, notes and highlights', () => {
    const t = transcript('S: [[220]] mail.example.com ESMTP Postfix\n> The greeting.\n> Two lines.\nC: RCPT TO:<[[@a.example,@b.example:]]bob@example.com>\nS: 250 [[2.1.5]] Ok\nC:\nC: [[.]]')
    const [greeting, rcpt, ok, blank, dot] = t.transcript.lines
    expect(greeting).toMatchObject({ kind: 'server', text: '220 mail.example.com ESMTP Postfix', code: 220, enhanced: null, spans: [{ start: 0, end: 3 }], note: 'The greeting.\nTwo lines.', line: 10 })
    expect(rcpt).toMatchObject({ kind: 'client', text: 'RCPT TO:<@a.example,@b.example:bob@example.com>', spans: [{ start: 9, end: 31 }] })
    expect(ok).toMatchObject({ code: 250, enhanced: '2.1.5', spans: [{ start: 4, end: 9 }] })
    expect(blank).toMatchObject({ kind: 'client', text: '' })
    expect(dot).toMatchObject({ kind: 'client', text: '.', spans: [{ start: 0, end: 1 }] })
  })

  it('reads elisions, directives, M: and L: lines, and settings on the fence', () => {
    const t = transcript('C: EHLO x\nS: 250-mail.example.com\nS: ...\n~ advance 1d12h\n~ connect localhost\n~ mailbox bob@example.com 2\nM: Return-Path: <a@b.example>\nM: ...\nL: status=sent', 'transcript personality=rfc client=localhost')
    expect(t.settings).toEqual({ personality: 'rfc', client: 'localhost' })
    expect(t.transcript.lines.map((l) => l.kind)).toEqual(['client', 'server', 'server', 'advance', 'connect', 'mailbox', 'message', 'message', 'log'])
    expect(t.transcript.lines[2]).toMatchObject({ elided: true })
    expect(t.transcript.lines[3]).toMatchObject({ ms: 129_600_000 })
    expect(t.transcript.lines[4]).toMatchObject({ client: 'localhost', host: null })
    expect(t.transcript.lines[5]).toMatchObject({ address: 'bob@example.com', index: 2 })
  })

  it.each([
    ['an S: line before any C: that is not a greeting', 'S: 250 2.1.0 Ok', 'greeting'],
    ['a malformed reply line', 'C: NOOP\nS: Ok', 'not a reply line'],
    ['a note before any line', '> lonely\nC: NOOP', 'must follow'],
    ['M: lines without ~ mailbox', 'C: NOOP\nM: Subject: x', '~ mailbox'],
    ['an unknown directive', 'C: NOOP\n~ teleport', 'unknown directive'],
    ['a bad duration', 'C: NOOP\n~ advance soon', 'duration'],
    ['an unknown line tag', 'C: NOOP\nX: what', 'starts with'],
    ['an unclosed highlight', 'C: [[NOOP', 'not closed'],
    ['an unknown fence setting', 'C: NOOP', 'not a transcript setting', 'transcript color=red'],
  ])('refuses %s', (_what, body, message, fence = 'transcript') => {
    const e = error(`${FRONT}## T\n\n\`\`\`${fence}\n${body}\n\`\`\`\n`)
    expect(e.message).toContain(message)
    expect(e.line).toBeGreaterThanOrEqual(9)
  })
})

describe('try blocks', () => {
  const TRY = `${FRONT}## Try\n\nDo it.\n\n\`\`\`try\ngoal:\n  mailbox: bob@example.com\n  contains:\n    subject: Hi\n    bodyLineStartingWithDot: true\n  replySeen: 5xx\n  eventSeen:\n    - lines-unstuffed\n    - {type: closed, reason: quit}\nhints:\n  - on: {code: 503}\n    text: Order!\n  - on: {event: {type: delivered, mailbox: bob}}\n    text: Almost.\n  - text: Keep going.\nsolution: |\n  HELO x\n\n  ~ advance 5d\nwrong:\n  - typed: [HELO x, RCPT TO:<bob@example.com>]\n    hint: {code: 503}\n  - typed: NOOP\n    hint: default\nadvance: 30m\nclient: localhost\n\`\`\`\n`

  it('reads goal, hints, solution with directives, wrong attempts and settings', () => {
    const step = lesson(TRY).steps[0] as TryStep
    expect(step.kind).toBe('try')
    expect(step.before).toBe('Do it.')
    expect(step.goal).toEqual({
      mailbox: 'bob@example.com',
      contains: { subject: 'Hi', bodyLineStartingWithDot: true },
      replySeen: '5xx',
      eventSeen: ['lines-unstuffed', { type: 'closed', reason: 'quit' }],
    })
    expect(step.hints.map((h) => h.on)).toEqual([{ code: 503 }, { event: { type: 'delivered', mailbox: 'bob' } }, null])
    expect(step.solution).toEqual(['HELO x', '', expect.objectContaining({ kind: 'advance', ms: 432_000_000 })])
    expect(step.wrong.map((w) => [w.input, w.hint])).toEqual([[['HELO x', 'RCPT TO:<bob@example.com>'], { code: 503 }], [['NOOP'], null]])
    expect(step.advanceMs).toBe(1_800_000)
    expect(step.settings).toEqual({ client: 'localhost' })
  })

  it.each([
    ['an unknown goal key', ['  replySeen: 5xx', '  replySeen: 5xx\n  inboxOf: bob'], 'unknown key "inboxOf"', 18],
    ['an unknown contains key', ['    subject: Hi', '    subjct: Hi'], 'unknown key "subjct"', 15],
    ['a bad reply pattern', ['replySeen: 5xx', 'replySeen: 6xx'], 'reply code', 17],
    ['an unknown event type', ['    - lines-unstuffed', '    - lines-stuffed'], 'unknown event type "lines-stuffed"', 19],
    ['no default hint', ['  - text: Keep going.\n', ''], 'exactly one default hint', 22],
    ['a bad advance', ['advance: 30m', 'advance: later'], 'duration', 36],
    ['a ~ mailbox in a solution', ['  ~ advance 5d', '  ~ mailbox bob@example.com'], 'not something a learner types', 30],
  ])('refuses %s, on its line', (_what, [from, to], message, line) => {
    const e = error(TRY.replace(from as string, to as string))
    expect(e.message).toContain(message)
    expect(e.line).toBe(line)
  })
})

describe('predict blocks', () => {
  const PREDICT = `${FRONT}## Predict\n\n\`\`\`predict\nquestion: What now?\ntranscript: |\n  C: HELO x\n  S: 250 mail.example.com\n  C: RCPT TO:<bob@example.com>\nchoices:\n  - text: "503 5.5.1 Error: need MAIL command"\n    correct: true\n    explanation: MAIL first.\n  - text: "250 2.1.5 Ok"\n    explanation: Order matters.\n\`\`\`\n`

  it('reads choices, and answer mode with explanations by code', () => {
    const step = lesson(PREDICT).steps[0] as PredictStep
    expect(step).toMatchObject({ kind: 'predict', mode: 'choices', question: 'What now?', answer: null })
    expect(step.transcript.lines.map((l) => l.line)).toEqual([12, 13, 14])
    expect(step.choices).toEqual([
      { text: '503 5.5.1 Error: need MAIL command', correct: true, explanation: 'MAIL first.' },
      { text: '250 2.1.5 Ok', correct: false, explanation: 'Order matters.' },
    ])
    const answer = lesson(`${FRONT}## P\n\n\`\`\`predict\nquestion: Code?\ntranscript: |\n  C: NOOP\nanswer: 250\nexplanation: NOOP is fine.\nexplanations:\n  5xx: Nothing is wrong.\n  other: Think.\n\`\`\`\n`).steps[0] as PredictStep
    expect(answer).toMatchObject({ mode: 'answer', answer: 250, explanation: 'NOOP is fine.', explanations: { '5xx': 'Nothing is wrong.', other: 'Think.' } })
  })

  it.each([
    ['a transcript that does not end with C:', ['  C: RCPT TO:<bob@example.com>', '  C: RCPT TO:<bob@example.com>\n  S: 250 2.1.5 Ok'], 'ends with the C: line'],
    ['a wrong choice without explanation', ['    explanation: Order matters.\n', ''], 'needs an explanation'],
    ['two correct choices', ['    explanation: Order matters.', '    explanation: Order matters.\n    correct: true'], 'exactly one'],
    ['a choice that is not a reply', ['"250 2.1.5 Ok"', 'Nothing happens'], 'must be a reply'],
    ['both choices and answer', ['question: What now?', 'question: What now?\nanswer: 503'], 'either "choices" or "answer"'],
  ])('refuses %s', (_what, [from, to], message) => {
    expect(error(PREDICT.replace(from as string, to as string)).message).toContain(message)
  })
})

describe('the seed annotated-session JSON', () => {
  const seed = readFileSync(new URL('../fixtures/seed-002-session.json', import.meta.url), 'utf8') // shared/seeds/002, byte for byte

  it('loads the seed exactly as it is, as one transcript step, on the submission port', () => {
    const l = lesson(seed, '/lessons/90-seed.json')
    expect(l).toMatchObject({ id: 'seed', order: 90, format: 'session-json', settings: { port: 587 } })
    expect(l.title).toBe('A complete SMTP session example demonstrating the RFC 5321 command/response flow for sending an email')
    const step = l.steps[0] as TranscriptStep
    expect(step.kind).toBe('transcript')
    expect(step.before).toContain('port 587 · STARTTLS · RFC 5321')
    const lines = step.transcript.lines
    expect(lines[0]).toMatchObject({ kind: 'server', text: '220 mail.example.com ESMTP Postfix', note: 'Server greeting (220 = Service Ready)' })
    expect(lines.filter((x) => x.kind === 'server' && x.text.startsWith('250-')).length).toBeGreaterThan(5)
    expect(lines.find((x) => x.kind === 'comment')).toMatchObject({ text: '[ TLS handshake occurs ]' })
    expect(lines.filter((x) => x.kind === 'client').map((x) => x.kind === 'client' && x.text)).toContain('Subject: Hello from SMTP')
  })

  it('reports a JSON syntax error with its line', () => {
    expect(error('{\n  "session": [\n    {"direction": "client",}\n  ]\n}', '/lessons/97-z.json')).toMatchObject({ line: 3, message: expect.stringContaining('JSON') })
  })
})

describe('malformed lesson files', () => {
  const DIR = new URL('./fixtures/', import.meta.url)
  const fixtures = Object.fromEntries(readdirSync(DIR).map((f) => [`/lessons/${f}`, readFileSync(new URL(f, DIR), 'utf8')]))
  const expected: Record<string, [number, RegExp]> = {
    '/lessons/bad-yaml.md': [4, /YAML: Flow sequence/],
    '/lessons/unknown-step-kind.md': [10, /unknown step kind "quiz"/],
    '/lessons/server-before-client.md': [12, /before the session's first C: line can only be the server's greeting .* not 250/],
    '/lessons/unknown-goal-key.md': [13, /goal: unknown key "inboxOf"/],
    '/lessons/missing-front-matter.md': [1, /starts with front matter/],
    '/lessons/unknown-front-matter-key.md': [6, /unknown key "personalty"/],
    '/lessons/unclosed-highlight.md': [13, /highlight opened with \[\[ is not closed/],
    '/lessons/unclosed-fence.md': [10, /never closed/],
    '/lessons/two-correct-choices.md': [15, /exactly one "correct: true" \(found 2\)/],
    '/lessons/bad-reply-line.md': [13, /"Ok, hello" is not a reply line/],
    '/lessons/unknown-event.md': [14, /unknown event type "message-delivered"/],
    '/lessons/bad-session.json': [3, /session item 2: direction must be "client" or "server"/],
  }

  it('has a fixture for every case listed here, and nothing else', () => {
    expect(Object.keys(fixtures).sort()).toEqual(Object.keys(expected).sort())
  })

  it.each(Object.entries(expected))('%s is reported with its file, line and problem', (file, [line, message]) => {
    const parsed = parseLesson(file, fixtures[file] ?? '')
    expect(isLessonError(parsed)).toBe(true)
    expect(parsed).toMatchObject({ file, line, message: expect.stringMatching(message) })
  })

  it('does not stop the other lessons from loading', () => {
    const good = `${FRONT}## Hello\n\n\`\`\`transcript\nS: 220 mail.example.com ESMTP Postfix\nC: QUIT\nS: 221 2.0.0 Bye\n\`\`\`\n`
    const catalogue = loadCatalogue({ ...fixtures, '/lessons/01-good.md': good, '/lessons/README.md': '# not a lesson' })
    expect(catalogue.lessons.map((l) => l.id)).toEqual(['test'])
    expect(catalogue.errors.map((e) => e.file).sort()).toEqual(Object.keys(expected).sort())
  })

  it('reports a duplicate id and an unknown prerequisite, and keeps the first lesson', () => {
    const a = `${FRONT}## S\nx\n`
    const b = `${FRONT.replace('order: 1', 'order: 2\nprerequisites: [nowhere]')}## S\nx\n`
    const catalogue = loadCatalogue({ '/lessons/01-a.md': a, '/lessons/02-b.md': b, '/lessons/03-c.md': b.replace('id: test', 'id: other') })
    expect(catalogue.lessons.map((l) => l.file)).toEqual(['/lessons/01-a.md', '/lessons/03-c.md'])
    expect(catalogue.errors).toEqual([
      { file: '/lessons/02-b.md', line: 1, message: 'the id "test" is already used by /lessons/01-a.md' },
      { file: '/lessons/03-c.md', line: 1, message: 'prerequisite "nowhere" is not a lesson of this course' },
    ])
  })
})
