// The replay engine (src/lessons/replay.ts): a transcript against the model, a verdict for every line.
import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, isLessonError, lessonEnvironment, parseLesson, readSession, replay, type Transcript, type TranscriptStep } from '../../src/lessons'

const transcript = (lines: string): Transcript => {
  const l = parseLesson('/lessons/t.md', `---\nid: t\ntitle: T\nsummary: S\norder: 1\n---\n## Step\n\n\`\`\`transcript\n${lines}\n\`\`\`\n`)
  if (isLessonError(l)) throw new Error(`${l.line}: ${l.message}`)
  return (l.steps[0] as TranscriptStep).transcript
}
const play = (lines: string) => replay(transcript(lines), lessonEnvironment(DEFAULT_SETTINGS))
const kinds = (r: ReturnType<typeof play>) => r.lines.map((v) => v.verdict)

describe('verdicts, line by line', () => {
  it('sent, same, and matches for what the server chooses (a queue id)', () => {
    const r = play('C: HELO x\nS: 250 mail.example.com\nC: MAIL FROM:<a@b.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@example.com>\nS: 250 2.1.5 Ok\nC: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: Subject: x\nC:\nC: .\nS: 250 2.0.0 Ok: queued as A1B2C3D4E5')
    expect(r.ok).toBe(true)
    expect(kinds(r)).toEqual(['sent', 'same', 'sent', 'same', 'sent', 'same', 'sent', 'same', 'sent', 'sent', 'sent', 'matches'])
    expect(r.lines[0]?.replies).toEqual(['250 mail.example.com'])
    expect(r.queueIds).toEqual([expect.stringMatching(/^A1B2C3D4E5 → [0-9A-F]+$/)])
    expect(r.greeting).toEqual(['220 mail.example.com ESMTP Postfix'])
  })

  it('matches replies reply by reply: a line more in the model\'s reply is extra, a line it lacks is missing', () => {
    const longer = play('C: EHLO x\nS: 250-mail.example.com\nS: 250 PIPELINING\nC: NOOP\nS: 250 2.0.0 Ok')
    expect(kinds(longer)).toEqual(['sent', 'same', 'differs', 'sent', 'same']) // NOOP's reply is not thrown off
    expect(longer.extra.map((x) => [x.index, x.actual])).toEqual(expect.arrayContaining([[2, '250-VRFY']]))
    const shorter = play('C: NOOP\nS: 250-2.0.0 Ok\nS: 250 2.0.0 More\nC: RSET\nS: 250 2.0.0 Ok')
    expect(shorter.lines.map((v) => [v.verdict, v.message])).toEqual([
      ['sent', null],
      ['differs', 'the model said "250 2.0.0 Ok"'],
      ['missing', 'the model\'s reply ended before this line'],
      ['sent', null],
      ['same', null],
    ])
  })

  it('"..." skips lines of a reply; a line after the server closed is unsent', () => {
    const r = play('C: EHLO x\nS: 250-mail.example.com\nS: ...\nS: 250 CHUNKING\nC: QUIT\nS: 221 2.0.0 Bye\nC: NOOP')
    expect(kinds(r)).toEqual(['sent', 'same', 'skipped', 'same', 'sent', 'same', 'unsent'])
    expect(r.lines[2]?.actual?.split('\n')[0]).toBe('250-PIPELINING')
    expect(r.ok).toBe(false)
  })

  it('with openEnded, the replies to the last line are pending, not extra', () => {
    const r = replay(transcript('C: HELO x\nS: 250 mail.example.com\nC: NOOP'), lessonEnvironment(DEFAULT_SETTINGS), { openEnded: true })
    expect(r.ok).toBe(true)
    expect(r.pending.map((p) => p.code)).toEqual([250])
  })
})

describe('reading session entries', () => {
  it('turns entries into transcript lines and says where each came from', () => {
    const read = readSession([
      { direction: 'server', data: '220 mail.example.com ESMTP Postfix', note: 'greeting' },
      { direction: 'client', data: 'EHLO x' },
      { direction: 'server', data: '250-mail.example.com\n250 SMTPUTF8' },
      { note: '[ TLS handshake ]' },
      { direction: 'server', data: 'not a reply line' },
    ])
    expect(read.transcript.lines.map((l) => l.kind)).toEqual(['server', 'client', 'server', 'server', 'comment', 'server'])
    expect(read.transcript.lines[0]).toMatchObject({ note: 'greeting', code: 220 })
    expect(read.origins).toEqual([{ entry: 0, part: 1 }, { entry: 1, part: 1 }, { entry: 2, part: 1 }, { entry: 2, part: 2 }, { entry: 3, part: 0 }, { entry: 4, part: 1 }])
    expect(read.problems).toEqual([{ entry: 4, message: expect.stringContaining('is not a reply line') }])
    expect(read.transcript.lines[5]).toMatchObject({ kind: 'server', text: 'not a reply line', code: null })
  })

  it('shows a queue id as <ID> when asked (a lesson), keeps it otherwise (an import, which reports the pair)', () => {
    const entries = [{ direction: 'server', data: '250 2.0.0 Ok: queued as A1B2C3D4E5' }]
    expect(readSession(entries, { anyQueueId: true }).transcript.lines[0]).toMatchObject({ text: '250 2.0.0 Ok: queued as <ID>' })
    expect(readSession(entries).transcript.lines[0]).toMatchObject({ text: '250 2.0.0 Ok: queued as A1B2C3D4E5' })
  })
})
