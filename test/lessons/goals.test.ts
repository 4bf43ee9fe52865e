// Goals are judged on model state and events, never on the text typed; hints are chosen by what the learner got.
import { describe, expect, it } from 'vitest'
import { attemptScope, chooseHint, decisiveReply, describeEvent, evaluateGoal, latestAttempt, replyMatches, type Goal, type Hint } from '../../src/lessons'
import { COURSE } from './course'
import { PERSONALITIES, World, type ModelEvent, type Personality } from '../../src/smtp'

/** Type lines into a session of a fresh (or given) world, as a learner would. */
function session(lines: readonly string[], opts: { world?: World; local?: boolean; personality?: Personality } = {}) {
  const world = opts.world ?? new World()
  const host = world.host(opts.local ? 'client.example.net' : 'mail.example.com')!
  const c = host.connect(opts.local ? { ip: '127.0.0.1', name: 'localhost' } : { ip: '192.0.2.30', name: 'client.example.net' }, opts.personality)
  const events: ModelEvent[] = [...c.start()]
  for (const line of lines) events.push(...c.receive(line + '\r\n'))
  return { world, events }
}
const send = (rcpts: readonly string[], body: readonly string[], from = 'student@client.example.net') => [
  'EHLO client.example.net', `MAIL FROM:<${from}>`, ...rcpts.map((r) => `RCPT TO:<${r}>`), 'DATA', ...body, '.', 'QUIT',
]
const judge = (goal: Goal, state: ReturnType<typeof session>) => evaluateGoal(goal, state)

describe('message goals', () => {
  it('finds a message in a mailbox and matches header fields and body lines', () => {
    const state = session(send(['bob@example.com'], ['Subject: Hello there', 'To: Bob <bob@example.com>', '', '..hidden', 'plain']))
    expect(judge({ mailbox: 'bob@example.com', contains: { subject: 'hello', to: 'bob@example.com', bodyLineStartingWithDot: true, bodyContains: 'PLAIN' } }, state).met).toBe(true)
    expect(judge({ mailbox: 'bob+news@example.com' }, state).met).toBe(true)
    const miss = judge({ mailbox: 'bob@example.com', contains: { subject: 'Goodbye' } }, state)
    expect(miss).toEqual({ met: false, checks: [{ key: 'contains', met: false, label: 'A new message reaches bob@example.com, and its Subject: field contains “Goodbye”', detail: 'a message reached bob@example.com, but its Subject: field is "Hello there", which does not contain "Goodbye"' }] })
    expect(judge({ mailbox: 'alice@example.com' }, state).checks[0]?.detail).toBe('no new message reached alice@example.com')
    expect(judge({ mailbox: 'nobody@example.com' }, state).checks[0]?.detail).toBe('there is no mailbox nobody@example.com in this world')
  })

  it('tells a blind copy from one named in the header', () => {
    const blind = session(send(['bob@example.com', 'alice@example.com'], ['To: bob@example.com', '', 'hi']))
    const goal: Goal = { mailbox: 'bob@example.com', contains: { envelopeOnlyRecipient: 'alice@example.com' } }
    expect(judge(goal, blind).met).toBe(true)
    const named = session(send(['bob@example.com', 'alice@example.com'], ['To: bob@example.com', 'Cc: alice@example.com', '', 'hi']))
    expect(judge(goal, named).checks[0]?.detail).toContain('alice@example.com is named in its Cc: header field')
    // The server drops a Bcc: line (Postfix's message_drop_headers), so a careless client's copy stays blind.
    const leftIn = session(send(['bob@example.com', 'alice@example.com'], ['To: bob@example.com', 'Bcc: alice@example.com', '', 'hi']))
    expect(judge(goal, leftIn).met).toBe(true)
    const absent = session(send(['bob@example.com'], ['To: bob@example.com', '', 'hi']))
    expect(judge(goal, absent).checks[0]?.detail).toContain('is not among its envelope recipients')
  })

  it('reads the envelope sender, Return-Path and Received count', () => {
    const state = session(send(['staff@example.com'], ['Subject: list', '', 'x']))
    expect(judge({ mailbox: 'alice@example.com', contains: { returnPath: '<owner-staff@example.com>', envelopeSender: 'owner-staff@example.com', receivedCount: 1 } }, state).met).toBe(true)
    const nul = session(send(['bob@example.com'], ['Subject: n', '', 'x'], ''))
    expect(judge({ mailbox: 'bob@example.com', contains: { envelopeSender: '<>', returnPath: '<>' } }, nul).met).toBe(true)
  })

  it('counts only messages the attempt delivered, not those already in the mailbox', () => {
    const world = new World()
    session(send(['bob@example.com'], ['Subject: old', '', 'x']), { world })
    const later = session(['NOOP'], { world })
    expect(world.host('mail.example.com')?.mailbox('bob')).toHaveLength(1)
    expect(evaluateGoal({ mailbox: 'bob@example.com' }, later).met).toBe(false)
  })
})

describe('attempts', () => {
  // Lesson 12, "a bounce that does not bounce": a real sender first (a DSN comes back), then <>.
  const goal: Goal = { eventSeen: [{ type: 'bounced', dsnQueueId: null }], noDsnFor: 'nobody@example.net' }
  const wrong = send(['nobody@example.net'], ['Subject: report', '', 'x']).slice(0, -1)
  const right = send(['nobody@example.net'], ['Subject: report', '', 'x'], '').slice(1)

  it('judges a goal about a message from the last transaction: a wrong message first, then the right one, in one session', () => {
    const { world, events } = session([...wrong, ...right], { local: true })
    expect(attemptScope(goal)).toBe('transaction')
    expect(evaluateGoal(goal, { world, events }).met).toBe(true)
    // The wrong attempt alone does not meet it, and the right one does not mend an attempt that is followed by a wrong one.
    expect(evaluateGoal(goal, session(wrong, { local: true })).met).toBe(false)
    expect(evaluateGoal(goal, session([...right.slice(0, -1), ...wrong.slice(1)], { local: true })).met).toBe(false)
  })

  it('and in a second session', () => {
    const world = new World()
    const first = session([...wrong, 'QUIT'], { world, local: true })
    const second = session(['EHLO client.example.net', ...right], { world, local: true })
    expect(evaluateGoal(goal, { world, events: [...first.events, ...second.events] }).met).toBe(true)
  })

  it('judges a goal that needs the session from the last connection', () => {
    const helo: Goal = { eventSeen: [{ type: 'helo', verb: 'EHLO' }], replySeen: 214 }
    expect(attemptScope(helo)).toBe('session')
    const world = new World()
    // HELP answers 214 under the rfc personality, as in lesson 3 (Postfix has no HELP).
    const rfc = PERSONALITIES.rfc
    const first = session(['EHLO x', 'QUIT'], { world, personality: rfc })
    const second = session(['HELP'], { world, personality: rfc })
    expect(evaluateGoal(helo, { world, events: [...first.events, ...second.events] }).met).toBe(false)
    const both = session(['EHLO x', 'HELP'], { world, personality: rfc })
    expect(evaluateGoal(helo, { world, events: [...first.events, ...both.events] }).met).toBe(true)
  })

  it('keeps what happens after the session (the queue, sleep) in the attempt', () => {
    const { world, events } = session(send(['x@example.org'], ['Subject: wait', '', 'x']), { local: true })
    events.push(...world.advance(6 * 24 * 3600_000))
    const attempt = latestAttempt(events, 'session')
    expect(attempt.some((e) => e.type === 'bounced')).toBe(true)
    expect(attempt[0]?.type).toBe('reply') // the greeting
  })

  it('a message smuggled at the next hop belongs to the transaction that carried it (lesson 17)', () => {
    // The smuggled MAIL FROM is read by the receiving server, not the one the learner talks to: the learner's own
    // transaction (alice's) is the attempt, and what the receiver made of it comes with its delivery.
    const smuggling = COURSE.lessons.find((l) => l.id === 'smtp-smuggling')?.steps.find((s) => s.kind === 'try')
    expect(smuggling?.kind === 'try' && attemptScope(smuggling.goal)).toBe('transaction')
  })
})

describe('reply and event goals', () => {
  const state = session(['RCPT TO:<a@b.example>', 'EHLO x', 'MAIL FROM:<@a.example:s@b.example>', 'RCPT TO:<zed@example.com>'])

  it('matches codes, classes and enhanced codes', () => {
    expect(judge({ replySeen: 503 }, state).met).toBe(true)
    expect(judge({ replySeen: '55x' }, state).met).toBe(true)
    expect(judge({ replySeen: '550 5.1.1' }, state).met).toBe(true)
    expect(judge({ replySeen: '550 5.7.1' }, state).met).toBe(false)
    expect(judge({ replyNotSeen: '4xx' }, state).met).toBe(true)
    expect(judge({ replyNotSeen: 503 }, state).checks[0]?.detail).toBe('the server answered 503 5.5.1')
    expect(replyMatches('2xx', { code: 250, enhanced: null })).toBe(true)
  })

  it('matches events by type or by fields', () => {
    expect(judge({ eventSeen: ['source-route-stripped', { type: 'source-route-stripped', role: 'sender', route: ['a.example'] }] }, state).met).toBe(true)
    const r = judge({ eventSeen: [{ type: 'source-route-stripped', role: 'recipient' }], eventNotSeen: ['message-accepted'] }, state)
    expect(r.checks.map((c) => [c.key, c.met])).toEqual([['eventSeen', false], ['eventNotSeen', true]])
  })

  it('finds a DSN by recipient and status, and knows when there is none', () => {
    const bounced = session(send(['x@example.invalid'], ['Subject: void', '', 'x']), { local: true })
    expect(judge({ dsnFor: { recipient: 'x@example.invalid', status: '5.4.4', action: 'failed', to: 'student@client.example.net' } }, bounced).met).toBe(true)
    expect(judge({ dsnFor: { recipient: 'x@example.invalid', status: '4.4.1' } }, bounced).checks[0]?.detail).toBe('a DSN about x@example.invalid arrived, but with Action: failed and Status: 5.4.4')
    expect(judge({ noDsnFor: 'x@example.invalid' }, bounced).met).toBe(false)
    const silent = session(send(['x@example.invalid'], ['Subject: void', '', 'x'], ''), { local: true })
    expect(judge({ noDsnFor: 'x@example.invalid', eventSeen: [{ type: 'bounced', dsnQueueId: null }] }, silent).met).toBe(true)
  })

  it('finds a DSN only after the clock has run, for mail that waits in the queue', () => {
    const { world, events } = session(send(['x@example.org'], ['Subject: wait', '', 'x']), { local: true })
    const goal: Goal = { dsnFor: { recipient: 'x@example.org', status: '4.4.1' } }
    expect(evaluateGoal(goal, { world, events }).met).toBe(false)
    events.push(...world.advance(6 * 24 * 3600_000))
    expect(evaluateGoal(goal, { world, events }).met).toBe(true)
  })
})

describe('hints', () => {
  const hints: Hint[] = [
    { on: { code: 503 }, text: 'sequence', line: 1 },
    { on: { code: '55x', enhanced: '5.7.1' }, text: 'relay', line: 2 },
    { on: { code: 550 }, text: 'recipient', line: 3 },
    { on: { event: 'lines-unstuffed' }, text: 'stuffing', line: 4 },
    { on: { nothing: true }, text: 'start', line: 5 },
    { on: null, text: 'default', line: 6 },
  ]
  const hintFor = (lines: string[]) => chooseHint(hints, session(lines).events)?.text

  it('keys on the last 4xx/5xx reply, even when later replies were positive', () => {
    expect(hintFor(['RCPT TO:<bob@example.com>'])).toBe('sequence')
    expect(hintFor(['MAIL FROM:<a@b.example>', 'RCPT TO:<zed@example.com>', 'NOOP'])).toBe('recipient')
    expect(hintFor(['MAIL FROM:<a@b.example>', 'RCPT TO:<carol@example.net>'])).toBe('relay') // 554 5.7.1
    expect(decisiveReply(session(['MAIL FROM:<a@b.example>', 'RCPT TO:<zed@example.com>', 'NOOP']).events)?.code).toBe(550)
  })

  it('keys on the latest try at a command: a 501, then the corrected RCPT TO, leaves the 250 deciding (lesson 7)', () => {
    const events = session(['EHLO x', 'MAIL FROM:<a@b.example>', 'RCPT TO:<@relay.example.org,bob@example.com>', 'RCPT TO:<@relay.example.org:bob@example.com>']).events
    expect(decisiveReply(events)?.code).toBe(250)
    const route: Hint[] = [
      { on: { code: 501 }, text: 'parse', line: 1 },
      { on: { event: 'source-route-stripped' }, text: 'stripped', line: 2 },
      { on: null, text: 'default', line: 3 },
    ]
    expect(chooseHint(route, events)?.text).toBe('stripped')
  })

  it('does not let the 221 to QUIT decide', () => {
    expect(decisiveReply(session(['EHLO x', 'NOOP', 'QUIT']).events)?.code).toBe(250)
    expect(decisiveReply(session(['EHLO x', 'RCPT TO:<bob@example.com>', 'QUIT']).events)?.code).toBe(503)
  })

  it('keys on events and on an empty attempt', () => {
    expect(hintFor([...send(['bob@example.com'], ['Subject: x', '', '.dot']).slice(0, -1)])).toBe('stuffing')
    expect(hintFor([])).toBe('start')
    expect(hintFor(['NOOP'])).toBe('default')
  })
})

describe('the goal language in plain words', () => {
  it('labels every check of every goal in the course without keys, field syntax or event type names', () => {
    const typeNames = /\b(source-route-stripped|dsnQueueId|tooManyErrors|too-many-errors|message-text|transaction-reset|nonstandard-end-of-data|eventSeen|replySeen)\b|=|"/
    const world = new World()
    for (const lesson of COURSE.lessons) {
      for (const step of lesson.steps) {
        if (step.kind !== 'try') continue
        for (const check of evaluateGoal(step.goal, { world, events: [] }).checks) {
          expect(check.label, `${lesson.id}/${step.id}`).not.toMatch(typeNames)
          expect(check.label.length).toBeGreaterThan(10)
        }
        for (const hint of step.hints) if (hint.on?.event) expect(describeEvent(hint.on.event)).not.toMatch(typeNames)
      }
    }
  })

  it('says what a pattern means', () => {
    expect(describeEvent({ type: 'source-route-stripped', role: 'recipient' })).toBe('the server removes a source route from a recipient address (RCPT TO)')
    expect(describeEvent({ type: 'bounced', dsnQueueId: null })).toBe('a message bounces and nobody is told, since its sender was <>')
    expect(describeEvent({ type: 'helo', verb: 'EHLO' })).toBe('you greet the server with EHLO')
    expect(describeEvent({ type: 'closed', reason: 'too-many-errors' })).toBe('the server hangs up after too many errors')
  })
})
