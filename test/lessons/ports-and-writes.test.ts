// The format after ESMTP: a lesson picks its port (25, 587, 465) and adds users for AUTH; `~ pipeline` sends a group
// of lines in one write; `W:` lines and `~ write` send bytes exactly as given (bare LF for the smuggling lab). The
// seed session 002, restored, runs as a lesson on port 587.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  isLessonError, parseLesson, replayLesson, replayTranscript, runAttempt, settingsFor,
  type Lesson, type LessonError, type TranscriptStep, type TryStep,
} from '../../src/lessons'

const FRONT = (extra = '') => `---\nid: t\ntitle: T\nsummary: S\norder: 1\n${extra}---\n`
const parse = (text: string): Lesson => {
  const l = parseLesson('/lessons/t.md', text)
  if (isLessonError(l)) throw new Error(`${l.line}: ${l.message}`)
  return l
}
const error = (text: string): LessonError => {
  const l = parseLesson('/lessons/t.md', text)
  if (!isLessonError(l)) throw new Error('expected an error')
  return l
}
const transcriptLesson = (extra: string, fence: string, lines: string) => parse(`${FRONT(extra)}## Watch\n\n\`\`\`transcript${fence}\n${lines}\n\`\`\`\n`)
const replay = (l: Lesson) => {
  const step = l.steps[0] as TranscriptStep
  return replayTranscript(step.transcript, settingsFor(l, step.settings))
}

describe('ports and users', () => {
  it('reads port and users from the front matter; 25 and no users by default', () => {
    const l = parse(`${FRONT('port: 587\nusers: {username: password}\n')}## S\n\nx\n`)
    expect(l.settings).toMatchObject({ port: 587, users: { username: 'password' } })
    expect(parse(`${FRONT()}## S\n\nx\n`).settings).toMatchObject({ port: 25, users: {} })
  })

  it('refuses a port the model does not answer on, and users that are not name: password', () => {
    expect(error(`${FRONT('port: 2525\n')}## S\n\nx\n`)).toMatchObject({ line: 6, message: expect.stringContaining('port 2525 is not one the model answers on (25, 587, 465)') })
    expect(error(`${FRONT('users: [alice]\n')}## S\n\nx\n`).message).toMatch(/users/)
  })

  it('opens the session on the lesson port: 587 wants STARTTLS before MAIL', () => {
    const r = replay(transcriptLesson('port: 587\n', '', 'C: EHLO client.example.net\nS: 250-mail.example.com\nS: ...\nC: MAIL FROM:<alice@example.com>\nS: 530 5.7.0 Must issue a STARTTLS command first'))
    expect(r.differences).toEqual([])
  })

  it('takes the port on the fence and on "~ connect"', () => {
    const onFence = transcriptLesson('', ' port=587', 'C: MAIL FROM:<alice@example.com>\nS: 503 5.5.1 Error: send HELO/EHLO first')
    expect(onFence.steps[0]).toMatchObject({ settings: { port: 587 } })
    const connect = transcriptLesson('', '', 'C: QUIT\nS: 221 2.0.0 Bye\n~ connect stranger mail.example.com 587\nC: EHLO client.example.net\nS: 250-mail.example.com\nS: 250-PIPELINING\nS: 250-SIZE 52428800\nS: 250-STARTTLS\nS: ...')
    expect(replay(connect).differences).toEqual([])
    expect(error(`${FRONT()}## W\n\n\`\`\`transcript\n~ connect stranger mail.example.com 2525\nC: QUIT\n\`\`\`\n`).message).toMatch(/port is one of 25, 587, 465/)
  })

  it('gives the lesson host the lesson users, who can log in', () => {
    const l = parse(`${FRONT('port: 587\nusers: {username: password}\n')}## Try\n\n\`\`\`try\ngoal:\n  eventSeen: [{type: authenticated, user: username}]\nhints:\n  - text: Log in.\nsolution: |\n  EHLO x\n  STARTTLS\n  EHLO x\n  AUTH PLAIN dXNlcm5hbWUAdXNlcm5hbWUAcGFzc3dvcmQ=\n\`\`\`\n`)
    const attempt = runAttempt(l, l.steps[0] as TryStep, (l.steps[0] as TryStep).solution)
    expect(attempt.met).toBe(true)
    expect(attempt.transcript.filter((t) => t.from === 'server').map((t) => t.text)).toContain('235 2.7.0 Authentication successful')
  })
})

describe('pipelined groups and raw writes', () => {
  it('sends a ~ pipeline group in one write: STARTTLS discards what follows it', () => {
    const r = replay(transcriptLesson('port: 587\n', '', 'C: EHLO client.example.net\nS: 250-mail.example.com\nS: ...\n~ pipeline\nC: STARTTLS\nC: NOOP\nS: 220 2.0.0 Ready to start TLS\nC: NOOP\nS: 250 2.0.0 Ok'))
    expect(r.differences).toEqual([])
    expect(r.events).toContainEqual({ type: 'input-discarded', octets: 6, reason: 'sent before the TLS handshake' })
    expect(r.lines[4]?.replies).toEqual([]) // STARTTLS: the group's replies are credited to its last line
    expect(r.lines[5]?.replies).toEqual(['220 2.0.0 Ready to start TLS'])
  })

  it('sends the same lines one by one without ~ pipeline: NOOP is answered inside TLS', () => {
    const r = replay(transcriptLesson('port: 587\n', '', 'C: EHLO client.example.net\nS: 250-mail.example.com\nS: ...\nC: STARTTLS\nS: 220 2.0.0 Ready to start TLS\nC: NOOP\nS: 250 2.0.0 Ok'))
    expect(r.differences).toEqual([])
    expect(r.events.some((e) => e.type === 'input-discarded')).toBe(false)
  })

  it('writes W: lines byte for byte, <CR> and <LF> being those bytes', () => {
    const l = transcriptLesson('personality: lenient\n', '', 'C: EHLO client.example.net\nS: 250-mail.example.com\nS: ...\nC: MAIL FROM:<a@client.example.net>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@example.com>\nS: 250 2.1.5 Ok\nC: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nW: x[[<LF>.<LF>]]NOOP<CR><LF>\nS: 250 2.0.0 Ok: queued as <ID>\nS: 250 2.0.0 Ok')
    const line = (l.steps[0] as TranscriptStep).transcript.lines.find((x) => x.kind === 'client' && x.raw)
    expect(line).toMatchObject({ kind: 'client', raw: true, text: 'x<LF>.<LF>NOOP<CR><LF>', spans: [{ start: 1, end: 10 }] })
    expect(replay(l).differences).toEqual([])
  })

  it('refuses a W: line without line-ending bytes, ~ write in a transcript, and a stray ~ end', () => {
    const t = (body: string) => error(`${FRONT()}## W\n\n\`\`\`transcript\n${body}\n\`\`\`\n`).message
    expect(t('W: NOOP')).toMatch(/end its lines with <CR><LF>/)
    expect(t('~ write NOOP<CR><LF>')).toMatch(/W: line/)
    expect(t('C: NOOP\n~ end')).toMatch(/none is open/)
  })

  it('plays ~ pipeline … ~ end and ~ write in attempts', () => {
    const l = parse(`${FRONT('port: 587\n')}## Try\n\n\`\`\`try\ngoal:\n  eventSeen: [input-discarded]\nhints:\n  - text: Paste.\nsolution: |\n  EHLO x\n  ~ pipeline\n  STARTTLS\n  NOOP\n  ~ end\n  ~ write NOOP<CR><LF>\n\`\`\`\n`)
    const step = l.steps[0] as TryStep
    const attempt = runAttempt(l, step, step.solution)
    expect(attempt.met).toBe(true)
    expect(attempt.transcript.filter((t) => t.from === 'server').map((t) => t.text).slice(-2)).toEqual(['220 2.0.0 Ready to start TLS', '250 2.0.0 Ok'])
  })

  it('refuses ~ end with no open group and ~ advance inside one', () => {
    const tryBlock = (solution: string) => error(`${FRONT()}## Try\n\n\`\`\`try\ngoal:\n  replySeen: 250\nhints:\n  - text: x\nsolution: |\n${solution}\n\`\`\`\n`).message
    expect(tryBlock('  NOOP\n  ~ end')).toMatch(/none is open/)
    expect(tryBlock('  ~ pipeline\n  NOOP\n  ~ advance 5m')).toMatch(/inside a pipelined group/)
  })
})

describe('the seed session 002 as a lesson', () => {
  const file = '/lessons/90-seed-submission-session.json'
  const lesson = parseLesson(file, readFileSync(new URL('../../lessons/90-seed-submission-session.json', import.meta.url), 'utf8'))

  it('loads as a transcript lesson on port 587 with the seed login', () => {
    if (isLessonError(lesson)) throw new Error(lesson.message)
    expect(lesson.settings).toMatchObject({ port: 587, users: { username: 'password' } })
    const lines = (lesson.steps[0] as TranscriptStep).transcript.lines
    expect(lines).toContainEqual(expect.objectContaining({ kind: 'client', text: 'MAIL FROM:<alice@sender.com>' }))
    expect(lines).toContainEqual(expect.objectContaining({ kind: 'server', text: '250 2.0.0 Ok: queued as <ID>' }))
  })

  it('replays line for line: 235 2.7.0 after AUTH PLAIN, the message queued', () => {
    if (isLessonError(lesson)) throw new Error(lesson.message)
    expect(replayLesson(lesson).steps.flatMap((s) => s.problems)).toEqual([])
    const r = replayTranscript((lesson.steps[0] as TranscriptStep).transcript, lesson.settings)
    expect(r.lines.flatMap((l) => l.replies)).toEqual(expect.arrayContaining(['235 2.7.0 Authentication successful', expect.stringMatching(/^250 2\.0\.0 Ok: queued as [0-9A-F]+$/)]))
    expect(r.world.host('mail.example.com')?.mailbox('bob')).toHaveLength(1)
  })

  it('stands any queue id in a JSON session for <ID>', () => {
    const json = JSON.stringify({ description: 'd', session: [{ direction: 'client', data: 'NOOP' }, { direction: 'server', data: '250 2.0.0 Ok: queued as A1B2C3D4E5' }] })
    const l = parseLesson('/lessons/x.json', json)
    if (isLessonError(l)) throw new Error(l.message)
    expect((l.steps[0] as TranscriptStep).transcript.lines[1]).toMatchObject({ text: '250 2.0.0 Ok: queued as <ID>' })
    expect(parseLesson('/lessons/x.json', JSON.stringify({ description: 'd', port: 2525, session: [{ direction: 'client', data: 'NOOP' }] }))).toMatchObject({ message: expect.stringContaining('port 2525') })
  })
})
