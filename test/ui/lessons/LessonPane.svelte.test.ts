// The lesson pane against a stand-in terminal: the course index and each lesson's state and time, stepping note by
// note with the buttons and the keyboard (←/→, PageUp/PageDown, Home), the reply code highlighted in the pane and in
// the terminal, "Type the next line for me", predictions with a second try, try steps judged attempt by attempt with
// hints and a checklist in plain words, the end-of-lesson card, a malformed lesson's error beside working lessons,
// progress reset or carried over with a visible notice, presenter mode, links to missing steps, and the sandbox.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { compiledCourse, loadCatalogue, memoryStorage, PROGRESS_KEY, PROGRESS_KEY_V1, summarize, type Catalogue, type Course, type Lesson } from '../../../src/lessons'
import { COURSE } from '../../lessons/course'
import LessonPane from '../../../src/ui/lessons/LessonPane.svelte'
import { preloadParts } from '../../../src/ui/lessons/parts'
import { hrefOf, type Route } from '../../../src/ui/state/route.svelte'
import { FakeTerminal } from './fake-terminal.svelte'

const TINY = `---
id: tiny
title: Tiny
summary: A tiny lesson.
order: 1
---

Intro with **bold** and \`code\`.

## Watch

\`\`\`transcript
S: [[220]] mail.example.com ESMTP Postfix
> The greeting.
C: HELO client.example.net
S: 250 mail.example.com
C: MAIL FROM:<a@client.example.net>
S: 250 [[2.1.0]] Ok
> The sender is accepted.
\`\`\`

## Predict

\`\`\`predict
question: What does RCPT get before MAIL?
transcript: |
  C: HELO client.example.net
  S: 250 mail.example.com
  C: RCPT TO:<bob@example.com>
choices:
  - text: "503 5.5.1 Error: need MAIL command"
    correct: true
    explanation: MAIL FROM comes first.
  - text: "250 2.1.5 Ok"
    explanation: The misconception that the order does not matter.
\`\`\`

## Code

\`\`\`predict
question: And the code for QUIT?
transcript: |
  C: QUIT
answer: 221
explanation: 221 closes the channel.
explanations:
  250: QUIT is not an ordinary request; it has its own code.
  other: Look it up.
\`\`\`

## Try {#try}

Send bob a message.

\`\`\`try
goal:
  mailbox: bob@example.com
hints:
  - on: {code: 503}
    text: MAIL FROM comes before RCPT TO.
  - text: Send bob a message.
solution: |
  HELO client.example.net
  MAIL FROM:<a@client.example.net>
  RCPT TO:<bob@example.com>
  DATA
  Subject: x

  hi
  .
\`\`\`
`

const OTHER = `---
id: other
title: Other
summary: Another lesson.
order: 2
---

## Only

Just prose.
`

const BROKEN = `---
id: broken
title: Broken
summary: A lesson with a typo.
order: 3
---

## Step

\`\`\`transcipt
C: NOOP
\`\`\`
`

const catalogue: Catalogue = loadCatalogue({ '/lessons/01-tiny.md': TINY, '/lessons/02-other.md': OTHER, '/lessons/03-broken.md': BROKEN })

function setup(path: string[], options: { storage?: ReturnType<typeof memoryStorage>; catalogue?: Catalogue | Course; controller?: FakeTerminal } = {}) {
  const controller = options.controller ?? new FakeTerminal()
  const storage = options.storage ?? memoryStorage()
  const user = userEvent.setup()
  const replaced: string[] = []
  const router = { replace: (route: Route) => void replaced.push(hrefOf(route)) }
  const view = render(LessonPane, { controller, path, router, catalogue: options.catalogue ?? catalogue, storage })
  return { controller, storage, user, view, replaced }
}

/** A stand-in terminal with a clean start, which it records. */
class Afresh extends FakeTerminal {
  fresh: unknown[] = []
  startAfresh(settings: unknown, personality?: string): boolean {
    this.fresh.push([settings, personality])
    this.reset()
    return true
  }
}

const saved = (storage: ReturnType<typeof memoryStorage>) => JSON.parse(storage.items.get(PROGRESS_KEY) ?? '{}')

const currentLine = () => screen.getAllByTestId('transcript-line').find((li) => li.getAttribute('aria-current') === 'step')

// The pane's lazily fetched parts (parts.ts) are fetched once for all: each test meets them as a page does after
// its first fetch. test/e2e/load.spec.ts checks that a transcript step's first load goes without them.
beforeAll(() => preloadParts())
beforeEach(() => history.replaceState(null, '', '#/lessons'))
afterEach(() => delete document.documentElement.dataset.presenting)

describe('the course index', () => {
  test('lists every lesson with its state, and the broken file with its error', () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: JSON.stringify({ version: 2, lessons: { tiny: { state: 'in-progress', step: 'predict', completed: {} }, other: { state: 'done', step: 'only', completed: {} } } }) })
    setup([], { storage })
    const entries = screen.getAllByTestId('lesson-entry')
    expect(entries.map((e) => [within(e).getByRole('link').textContent?.replace(/\s+/g, ' ').trim(), e.dataset.state])).toEqual([
      ['1 Tiny', 'in-progress'],
      ['2 Other', 'done'],
    ])
    expect(within(entries[0] as HTMLElement).getByRole('link')).toHaveAttribute('href', '#/lessons/tiny/predict')
    expect(screen.getAllByTestId('lesson-time').map((t) => t.textContent)).toEqual([expect.stringMatching(/^\d+ min$/), expect.stringMatching(/^\d+ min$/)])
    const broken = screen.getByTestId('broken-lesson')
    expect(broken).toHaveTextContent('03-broken.md')
    expect(broken).toHaveTextContent('/lessons/03-broken.md:10: unknown step kind "transcipt"')
  })

  test('resets corrupt saved progress and says so, visibly, until dismissed', async () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: '{"version": 1, "lessons": ' })
    const { user } = setup([], { storage })
    const notice = screen.getByRole('alert')
    expect(notice).toHaveTextContent('Your saved progress was reset: saved progress is not valid JSON.')
    expect(JSON.parse(storage.items.get(PROGRESS_KEY) ?? '')).toEqual({ version: 2, lessons: {} })
    expect(screen.getAllByTestId('lesson-state').map((s) => s.textContent)).toEqual(['not started', 'not started'])
    await user.click(within(notice).getByRole('button', { name: 'OK' }))
    expect(screen.queryByTestId('progress-notice')).toBeNull()
  })

  test('shows the notice in a lesson opened by deep link too', () => {
    setup(['tiny', 'watch'], { storage: memoryStorage({ [PROGRESS_KEY]: '[]' }) })
    expect(screen.getByTestId('progress-notice')).toHaveTextContent('Your saved progress was reset: saved progress is not an object.')
  })

  test('resets progress of an unknown version with its own notice', () => {
    setup([], { storage: memoryStorage({ [PROGRESS_KEY]: JSON.stringify({ version: 0, lessons: {} }) }) })
    expect(screen.getByTestId('progress-notice')).toHaveTextContent('saved progress has version 0; this version of smtp-sim reads versions 1 and 2')
  })

  test('carries progress of version 1 over, and says so', () => {
    setup([], { storage: memoryStorage({ [PROGRESS_KEY_V1]: JSON.stringify({ version: 1, lessons: { other: { state: 'done', step: 'only', completed: [] } } }) }) })
    expect(screen.getByTestId('progress-notice')).toHaveTextContent('carried over from an older version')
    expect(screen.getAllByTestId('lesson-state').map((s) => s.textContent)).toEqual(['not started', 'done'])
  })

  test('imports a progress file, and refuses one that is not valid', async () => {
    const { user } = setup([])
    const input = screen.getByTestId('import-progress') as HTMLInputElement
    const good = new File([JSON.stringify({ version: 2, lessons: { other: { state: 'done', step: null, completed: {} } } })], 'progress.json', { type: 'application/json' })
    await user.upload(input, good)
    expect(await screen.findByText('Progress imported from progress.json.')).toBeInTheDocument()
    expect(screen.getAllByTestId('lesson-state').map((s) => s.textContent)).toEqual(['not started', 'done'])
    await user.upload(input, new File(['nonsense'], 'bad.json', { type: 'application/json' }))
    expect(await screen.findByText('Not imported: saved progress is not valid JSON.')).toBeInTheDocument()
  })
})

describe('a malformed lesson', () => {
  test('shows its file, line and problem in place of the lesson; the other lessons still work', async () => {
    const { view } = setup(['broken'])
    const error = screen.getByTestId('lesson-error')
    expect(error).toHaveTextContent('This lesson could not be loaded')
    expect(error).toHaveTextContent('/lessons/03-broken.md:10: unknown step kind "transcipt"')
    expect(error).toHaveTextContent('line 10')
    await view.rerender({ path: ['other'] })
    expect(screen.queryByTestId('lesson-error')).toBeNull()
    expect(screen.getByTestId('lesson-step')).toHaveTextContent('Just prose.')
  })
})

describe('a lesson fetched when opened (the course compiled at build time)', () => {
  test('says it is loading, then shows the step; a failed fetch says so and can be tried again', async () => {
    const lessons = catalogue.lessons
    const fetches: string[] = []
    let release: (lesson: Lesson) => void = () => {}
    let fail: (error: Error) => void = () => {}
    const fetching = (id: string) => () => new Promise<Lesson>((resolve, reject) => (fetches.push(id), (release = resolve), (fail = reject)))
    const loaders = Object.fromEntries(lessons.map((l) => [l.id, fetching(l.id)]))
    const course = compiledCourse({ lessons: lessons.map(summarize), errors: catalogue.errors }, loaders)
    setup(['tiny', 'watch'], { catalogue: course })
    expect(screen.getByTestId('lesson-loading')).toHaveTextContent('Loading the lesson')
    await waitFor(() => expect(fetches).toEqual(['tiny'])) // the pane asks for the lesson it shows, and only that one
    fail(new Error('offline'))
    expect(await screen.findByText('This lesson could not be fetched')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(screen.getByTestId('lesson-loading')).toBeInTheDocument()
    await waitFor(() => expect(fetches).toEqual(['tiny', 'tiny']))
    release(lessons.find((l) => l.id === 'tiny') as Lesson)
    expect(await screen.findByTestId('lesson-step')).toHaveAttribute('data-step', 'watch')
  })
})

describe('stepping', () => {
  test('opens the lesson in its own world and moves with the buttons, note by note through a transcript', async () => {
    const { user, controller, replaced } = setup(['tiny'])
    expect(controller.log).toContain('reset')
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'intro')
    expect(screen.getByTestId('lesson-step').querySelector('strong')).toHaveTextContent('bold') // Markdown as elements
    expect(screen.getByTestId('step-back')).toBeDisabled()
    await user.click(screen.getByTestId('step-next'))
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'watch')
    // The router writes the address; the pane does not touch history itself.
    expect(replaced.at(-1)).toBe('#/lessons/tiny/watch')
    expect(location.hash).toBe('#/lessons')
    expect(currentLine()).toHaveTextContent('220 mail.example.com ESMTP Postfix')
    expect(screen.getByTestId('step-position')).toHaveTextContent('Step 2 of 5 · note 1 of 2')
    await user.click(screen.getByTestId('step-next'))
    // The lines without a note go with the next noted line: one click shows HELO, its reply and MAIL FROM.
    expect(currentLine()).toHaveTextContent('250 2.1.0 Ok')
    const group = screen.getAllByTestId('transcript-line').filter((li) => li.classList.contains('group'))
    expect(group.map((li) => li.querySelector('.body')?.textContent)).toEqual(['HELO client.example.net', '250 mail.example.com', 'MAIL FROM:<a@client.example.net>', '250 2.1.0 Ok'])
  })

  test('steps with ←/→, PageUp/PageDown and Home, and not while typing in a field', async () => {
    setup(['tiny', 'watch'])
    await fireEvent.keyDown(window, { key: 'ArrowRight' })
    expect(currentLine()).toHaveTextContent('250 2.1.0 Ok')
    await fireEvent.keyDown(window, { key: 'PageDown' })
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'predict')
    await fireEvent.keyDown(window, { key: 'ArrowLeft' })
    expect(currentLine()).toHaveTextContent('250 2.1.0 Ok')
    await fireEvent.keyDown(window, { key: 'Home' })
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'intro')
    await fireEvent.keyDown(window, { key: 'PageDown' })
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'watch')
    const field = document.body.appendChild(document.createElement('input'))
    await fireEvent.keyDown(field, { key: 'ArrowRight' })
    expect(currentLine()).toHaveTextContent('220')
    field.remove()
  })

  test('says so when a link names a step the lesson does not have, instead of showing the intro', async () => {
    const { view } = setup(['tiny', 'no-such-step'])
    expect(screen.getByTestId('missing-step')).toHaveTextContent('This lesson has no step “no-such-step”')
    expect(screen.queryByTestId('lesson-step')).toBeNull()
    expect(screen.getByTestId('step-position')).not.toHaveTextContent('Step')
    await view.rerender({ path: ['tiny', 'watch'] })
    expect(screen.queryByTestId('missing-step')).toBeNull()
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'watch')
  })

  test('shows the scripted faults the lesson\'s world has, in words', () => {
    setup(['temporary-and-permanent-failures'], { catalogue: COURSE })
    expect(screen.getByTestId('world-faults')).toHaveTextContent(/mail\.example\.com: greylists each new client, sender and recipient of mail for bob for 5m/)
    expect(screen.getByTestId('world-faults')).toHaveTextContent(/mail\.example\.com: alice's mailbox is locked for another \d/)
    cleanup()
    setup(['tiny'])
    expect(screen.queryByTestId('world-faults')).toBeNull()
  })

  test('keeps the lesson\'s world when the terminal already has it (a reload brought it back)', () => {
    const controller = new FakeTerminal()
    const lesson = catalogue.lessons.find((l) => l.id === 'tiny')
    controller.worldSettings = lesson?.settings ?? null
    setup(['tiny', 'watch'], { controller })
    expect(controller.log).not.toContain('reset')
  })

  test('follows a deep link to a step, and the hash names it', async () => {
    const { view } = setup(['tiny', 'try'])
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-kind', 'try')
    await view.rerender({ path: ['tiny', '2'] })
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'watch')
  })
})

describe('highlighting', () => {
  test('marks the highlighted spans by kind, and the current reply code in the pane and in the terminal', async () => {
    const { controller } = setup(['tiny', 'watch'])
    const first = currentLine() as HTMLElement
    expect(first.querySelector('mark[data-mark="code"]')).toHaveTextContent('220')
    expect(controller.highlights.at(-1)).toBe(220)
    expect(screen.getByTestId('reply-meaning')).toHaveTextContent('220 positive completion')
    // The meaning sits with the current line and its note, not at the end of the pane.
    expect(first).toContainElement(screen.getByTestId('reply-meaning'))
    await fireEvent.keyDown(window, { key: 'ArrowRight' }) // the note on MAIL FROM's reply, 250 2.1.0
    expect(controller.highlights.at(-1)).toBe(250)
    const reply = screen.getAllByTestId('transcript-line').find((li) => li.classList.contains('reply')) as HTMLElement
    expect(reply).toHaveTextContent('250 2.1.0 Ok')
    expect(reply.querySelector('mark[data-mark="code"]')).toHaveTextContent('250') // not marked in the file; the pane marks it
    expect(reply.querySelector('mark[data-mark="enhanced"]')).toHaveTextContent('2.1.0')
    expect(reply).toContainElement(screen.getByTestId('reply-meaning'))
    expect(screen.getByTestId('reply-meaning')).toHaveTextContent('2.1.0 success; subject: addressing')
  })

  test('clears the terminal highlight when the pane goes', () => {
    const { controller, view } = setup(['tiny', 'watch'])
    view.unmount()
    expect(controller.highlights.at(-1)).toBeNull()
  })
})

describe('type the next line for me', () => {
  test('connects, then types the transcript client lines one by one into the terminal', async () => {
    const { user, controller } = setup(['tiny', 'watch'])
    expect(screen.getByTestId('type-next')).toHaveTextContent('Type the next line for me')
    await user.click(screen.getByTestId('type-next'))
    expect(controller.typed).toEqual(['telnet mail.example.com 25', 'HELO client.example.net'])
    expect(currentLine()).toHaveTextContent('HELO client.example.net') // the reader is on the line just typed
    await user.click(screen.getByTestId('type-next'))
    expect(controller.typed.at(-1)).toBe('MAIL FROM:<a@client.example.net>')
    expect(controller.lastReply?.reply.code).toBe(250)
    await user.click(screen.getByTestId('type-next'))
    expect(screen.getByTestId('pane-message')).toHaveTextContent('Every line of this transcript has been typed.')
  })

  test('starts from the line the reader clicked: the lines before it first, on a fresh session', async () => {
    const { user, controller } = setup(['tiny', 'watch'])
    controller.type('telnet mail.example.com 25\nMAIL FROM:<x@client.example.net>\n') // a session of the learner's, mid-way
    await user.click(within(screen.getAllByTestId('transcript-line')[3] as HTMLElement).getByRole('button')) // MAIL FROM
    await user.click(screen.getByTestId('type-next'))
    expect(controller.log).toContain('hang up')
    expect(controller.typed.slice(-3)).toEqual(['telnet mail.example.com 25', 'HELO client.example.net', 'MAIL FROM:<a@client.example.net>'])
    expect(controller.lastReply?.reply.code).toBe(250)
  })

  test('after the terminal\'s own "Reset the world", it types from the start again', async () => {
    const { user, controller } = setup(['tiny', 'watch'])
    await user.click(screen.getByTestId('type-next'))
    controller.reset() // the button above the terminal
    await user.click(screen.getByTestId('type-next'))
    expect(controller.typed.slice(-2)).toEqual(['telnet mail.example.com 25', 'HELO client.example.net'])
  })

  test('a new step starts from the shell: no session is left open across steps', async () => {
    const { user, controller } = setup(['tiny', 'watch'])
    await user.click(screen.getByTestId('type-next'))
    expect(controller.mode).toBe('smtp')
    await user.click(screen.getByTestId('step-next')) // from the typed line to its note
    expect(currentLine()).toHaveTextContent('250 2.1.0 Ok')
    await user.click(screen.getByTestId('step-next'))
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'predict')
    expect(controller.mode).toBe('shell')
  })
})

describe('predict steps', () => {
  test('a wrong choice gets a second try with nothing given away; the right one then counts as yours, and explains both', async () => {
    const { user, storage } = setup(['tiny', 'predict'])
    const [right, wrong] = screen.getAllByTestId('predict-choice') as [HTMLElement, HTMLElement]
    await user.click(wrong)
    const verdict = screen.getByTestId('predict-verdict')
    expect(verdict).toHaveTextContent('Not quite — it is not 250 2.1.5 Ok. Try once more.')
    expect(verdict).not.toHaveTextContent('503')
    expect(verdict).not.toHaveTextContent('MAIL FROM comes first.')
    expect(verdict).not.toHaveTextContent('misconception') // its explanation could name the answer: it waits
    expect(wrong).toHaveClass('wrong')
    expect(saved(storage).lessons?.tiny?.completed ?? {}).toEqual({})
    await user.click(right)
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('Right.')
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('MAIL FROM comes first.')
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent(/Your answer 250 2\.1\.5 Ok:\s*The misconception that the order does not matter\./)
    expect(saved(storage).lessons.tiny.completed).toEqual({ predict: 'learner' })
  })

  test('a second wrong answer reveals the right one, and the step counts as revealed, not as answered', async () => {
    const { user, storage } = setup(['tiny', 'predict'])
    const [right, wrong] = screen.getAllByTestId('predict-choice') as [HTMLElement, HTMLElement]
    await user.click(wrong)
    await user.click(wrong)
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('The server answers 503 5.5.1 Error: need MAIL command.')
    expect(right).toHaveClass('right')
    expect(saved(storage).lessons.tiny.completed).toEqual({ predict: 'revealed' })
    await user.click(right) // clicking the right one afterwards does not make it the learner's
    expect(saved(storage).lessons.tiny.completed).toEqual({ predict: 'revealed' })
  })

  test('"Show the answer" after a wrong one reveals it', async () => {
    const { user, storage } = setup(['tiny', 'code'])
    await user.type(screen.getByTestId('predict-input'), '250{Enter}')
    await user.click(screen.getByTestId('predict-reveal'))
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('The server answers 221.')
    expect(saved(storage).lessons.tiny.completed).toEqual({ code: 'revealed' })
  })

  test('judges a typed code, with the explanation for that wrong code', async () => {
    const { user } = setup(['tiny', 'code'])
    await user.type(screen.getByTestId('predict-input'), '250{Enter}')
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('Not quite — it is not 250. Try once more.')
    expect(screen.getByTestId('predict-verdict')).not.toHaveTextContent('221')
    await user.clear(screen.getByTestId('predict-input'))
    await user.type(screen.getByTestId('predict-input'), '221{Enter}')
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('Right.')
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent(/Your answer 250:\s*QUIT is not an ordinary request; it has its own code\./)
  })
})

describe('try steps', () => {
  test('checks the goal after each reply, with the hint for what the learner got', async () => {
    const { user, controller, storage } = setup(['tiny', 'try'])
    controller.type('telnet mail.example.com 25\nHELO client.example.net\nRCPT TO:<bob@example.com>\n')
    await user.click(screen.getByTestId('try-check'))
    expect(screen.getByTestId('goal-not-met')).toBeInTheDocument()
    expect(screen.getByTestId('try-hint')).toHaveTextContent('the server said 503 5.5.1')
    expect(screen.getByTestId('try-hint')).toHaveTextContent('MAIL FROM comes before RCPT TO.')
    controller.type('MAIL FROM:<a@client.example.net>\nRCPT TO:<bob@example.com>\nDATA\nSubject: x\n\nhi\n.\n')
    expect(await screen.findByTestId('goal-met')).toBeInTheDocument()
    expect(saved(storage).lessons.tiny.completed).toEqual({ try: 'learner' })
  })

  test('does not count what was in the mailbox before the step began', async () => {
    const { user, controller, view } = setup(['tiny', 'watch'])
    controller.type('telnet mail.example.com 25\nHELO x\nMAIL FROM:<a@client.example.net>\nRCPT TO:<bob@example.com>\nDATA\n\nhi\n.\n')
    await view.rerender({ path: ['tiny', 'try'] })
    await user.click(screen.getByTestId('try-check'))
    expect(screen.getByTestId('goal-not-met')).toBeInTheDocument()
  })

  test('the course dot-transparency try step: a line starting with a dot meets the goal', async () => {
    const { controller } = setup(['dot-transparency', 'try-it-a-line-that-starts-with-a-dot'], { catalogue: COURSE })
    controller.type('telnet mail.example.com 25\nEHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<bob@example.com>\nDATA\nSubject: Dots\n\n..htaccess\n.\n')
    expect(await screen.findByTestId('goal-met')).toBeInTheDocument()
  })

  test('lesson 12: a wrong attempt first does not stand in the way of the right one (each attempt is judged on its own)', async () => {
    const { controller, storage } = setup(['bounces', 'try-it-a-bounce-that-does-not-bounce'], { catalogue: COURSE })
    const message = 'RCPT TO:<nobody@example.net>\nDATA\nSubject: Delivery report\n\nI am a notification.\n.\n'
    controller.type(`telnet localhost 25\nEHLO client.example.net\nMAIL FROM:<student@client.example.net>\n${message}`)
    expect(await screen.findByTestId('goal-not-met')).toBeInTheDocument()
    expect(screen.getByTestId('try-hint')).toHaveTextContent('a notification went to your sender address')
    // The right attempt, in the same session: the DSN the first one caused does not count against it.
    controller.type(`MAIL FROM:<>\n${message}`)
    expect(await screen.findByTestId('goal-met')).toBeInTheDocument()
    expect(saved(storage).lessons.bounces.completed).toEqual({ 'try-it-a-bounce-that-does-not-bounce': 'learner' })
  })

  test('source routes today (the history lesson): the hint follows the latest reply — a 501, then the corrected route, then QUIT', async () => {
    const { controller } = setup(['smtp-in-1982', 'try-it-a-route-today'], { catalogue: COURSE })
    expect(controller.log).toContain('personality postfix') // the step runs today's server, not the lesson's rfc821
    controller.type('telnet mail.example.com 25\nEHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<@relay.example.org,bob@example.com>\n')
    const hint = () => screen.getByTestId('try-hint')
    expect(await screen.findByTestId('try-hint')).toHaveTextContent('the server said 501')
    expect(hint()).toHaveTextContent('could not parse the address')
    controller.type('RCPT TO:<@relay.example.org:bob@example.com>\n')
    await waitFor(() => expect(hint()).toHaveTextContent('The route was stripped — now finish the transaction'))
    expect(hint()).not.toHaveTextContent('501')
    expect(hint()).not.toHaveTextContent('could not parse')
    controller.type('QUIT\n')
    await waitFor(() => expect(controller.mode).toBe('shell'))
    expect(hint()).not.toHaveTextContent('the server said 221')
    expect(hint()).not.toHaveTextContent('the server said')
  })

  test('the goal is a checklist in plain words, ticked as the attempt goes', async () => {
    const { controller } = setup(['smtp-in-1982', 'try-it-a-route-today'], { catalogue: COURSE })
    const goal = screen.getByTestId('try-goal')
    expect(goal).toHaveTextContent('The server removes a source route from a recipient address (RCPT TO)')
    expect(goal).toHaveTextContent('A new message reaches bob@example.com')
    expect(goal).not.toHaveTextContent(/source-route-stripped|role=|happened/)
    controller.type('telnet mail.example.com 25\nEHLO x\nMAIL FROM:<a@client.example.net>\nRCPT TO:<@relay.example.org:bob@example.com>\n')
    const check = (text: string) => screen.getAllByTestId('goal-check').find((c) => c.textContent?.includes(text))
    await waitFor(() => expect(check('source route')).toHaveTextContent('✓'))
    expect(check('bob@example.com')).toHaveTextContent('✗')
    expect(check('bob@example.com')).toHaveTextContent('no new message reached bob@example.com')
  })

  test('"Start this attempt over" gives the step a fresh world and judges from there', async () => {
    const { user, controller } = setup(['tiny', 'try'])
    controller.type('telnet mail.example.com 25\nHELO x\nRCPT TO:<bob@example.com>\n')
    await user.click(screen.getByTestId('try-check'))
    expect(screen.getByTestId('goal-not-met')).toBeInTheDocument()
    const resets = controller.log.filter((l) => l === 'reset').length
    await user.click(screen.getByTestId('try-start-over'))
    expect(controller.log.filter((l) => l === 'reset').length).toBe(resets + 1)
    expect(controller.mode).toBe('shell')
    expect(screen.queryByTestId('goal-not-met')).toBeNull()
    expect(screen.queryByTestId('try-hint')).toBeNull()
  })

  test('"Solve" meets the goal for the learner, and progress says it was solved, until the learner does it', async () => {
    const { user, controller, storage } = setup(['tiny', 'try'])
    await user.click(screen.getByTestId('try-solve'))
    expect(await screen.findByTestId('goal-met')).toHaveTextContent('by the model answer (Solve), not by you')
    expect(saved(storage).lessons.tiny.completed).toEqual({ try: 'solved' })
    await user.click(screen.getByTestId('try-start-over'))
    controller.type('telnet mail.example.com 25\nHELO x\nMAIL FROM:<a@client.example.net>\nRCPT TO:<bob@example.com>\nDATA\n\nmine\n.\n')
    expect(await screen.findByTestId('goal-met')).toHaveTextContent(/^Goal met\.$/)
    expect(saved(storage).lessons.tiny.completed).toEqual({ try: 'learner' })
  })

  test('the smuggling lab: the raw-write box sends a bare LF, and erin\'s server reads a second message the provider never sent', async () => {
    const { user, controller } = setup(['smtp-smuggling', 'try-it-smuggle-a-message-to-erin'], { catalogue: COURSE })
    const box = screen.getByTestId('raw-input')
    await fireEvent.input(box, { target: { value: 'EHLO client.example.net\nAUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\nMAIL FROM:<alice@example.com>\nRCPT TO:<erin@post.example>\nDATA\n' } })
    await user.click(screen.getByTestId('raw-send'))
    expect(controller.typed).toEqual(['openssl s_client -connect mail.example.com:465 -crlf -quiet']) // no session was open: it connects first, to the lesson's port, with TLS from the first octet as 465 wants (telnet got no greeting there)
    await fireEvent.input(box, { target: { value: 'Hi<LF>.<LF>MAIL FROM:<admin@example.com><CR><LF>RCPT TO:<erin@post.example><CR><LF>DATA<CR><LF>From: admin@example.com<CR><LF><CR><LF>forged<CR><LF>.<CR><LF>' } })
    await user.click(screen.getByTestId('raw-send'))
    expect(await screen.findByTestId('goal-met')).toBeInTheDocument()
    expect(controller.world?.host('mx.post.example')?.mailbox('erin')).toHaveLength(2)
    expect(controller.world?.host('mail.example.com')?.mailbox('alice')).toHaveLength(0)
  })

  test('the raw-write box continues the terminal\'s session, and warns about a last line without a line ending', async () => {
    const { user, controller } = setup(['smtp-smuggling', 'try-it-smuggle-a-message-to-erin'], { catalogue: COURSE })
    controller.type('telnet mail.example.com 25\nEHLO client.example.net\nMAIL FROM:<student@client.example.net>\n')
    const box = screen.getByTestId('raw-input')
    await fireEvent.input(box, { target: { value: 'RCPT TO:<bob@example.com>' } })
    expect(screen.getByTestId('raw-unfinished')).toHaveTextContent('The last line has no line ending')
    await fireEvent.input(box, { target: { value: 'RCPT TO:<bob@example.com><CR><LF>' } })
    expect(screen.queryByTestId('raw-unfinished')).toBeNull()
    await user.click(screen.getByTestId('raw-send'))
    expect(controller.written).toEqual(['RCPT TO:<bob@example.com>\r\n'])
    expect(controller.lastReply?.reply.code).toBe(250) // the same session: MAIL FROM was given there
    expect(controller.typed.filter((t) => t.startsWith('telnet'))).toHaveLength(1)
  })
})

describe('the end of a lesson', () => {
  test('a completion card with what was covered, who did each exercise, and the next lesson', async () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: JSON.stringify({ version: 2, lessons: { tiny: { state: 'in-progress', step: 'try', completed: { predict: 'learner', code: 'revealed' } } } }) })
    const { user } = setup(['tiny', 'code'], { storage })
    expect(screen.queryByTestId('completion-card')).toBeNull()
    await user.click(screen.getByTestId('step-next'))
    const card = screen.getByTestId('completion-card')
    expect(card).toHaveTextContent('The end of this lesson: Tiny')
    expect(card).toHaveTextContent('A tiny lesson.')
    expect(card).toHaveTextContent('Predict — done by you')
    expect(card).toHaveTextContent('Code — answer shown')
    expect(card).toHaveTextContent('Try — not done yet')
    expect(within(card).getByTestId('next-lesson')).toHaveAttribute('href', '#/lessons/other')
    expect(within(card).getByTestId('next-lesson')).toHaveTextContent('Next lesson → Other')
    expect(screen.getByTestId('step-next')).toBeDisabled()
  })

  test('a lesson without exercises is done when its end is reached, not when it is opened (the seed session)', async () => {
    const { storage } = setup(['seed-submission-session'], { catalogue: COURSE })
    expect(screen.getByTestId('lesson-state')).toHaveTextContent('in progress')
    expect(saved(storage).lessons['seed-submission-session'].state).toBe('in-progress')
    expect(screen.queryByTestId('completion-card')).toBeNull()
    while (!(screen.getByTestId('step-next') as HTMLButtonElement).disabled) await fireEvent.click(screen.getByTestId('step-next'))
    expect(screen.getByTestId('completion-card')).toHaveTextContent('Lesson complete')
    expect(saved(storage).lessons['seed-submission-session'].state).toBe('done')
  })
})

describe('presenter mode', () => {
  test('shows only the current annotation in large type, steps with PageDown and leaves with Escape', async () => {
    const { replaced } = setup(['tiny', 'watch', 'present'])
    expect(document.documentElement.dataset.presenting).toBe('')
    const annotation = screen.getByTestId('presenter-annotation')
    expect(annotation).toHaveTextContent('220 mail.example.com ESMTP Postfix')
    expect(annotation).toHaveTextContent('The greeting.')
    expect(screen.queryByTestId('lesson-step')).toBeNull()
    await fireEvent.keyDown(window, { key: 'PageDown' })
    expect(screen.getByTestId('presenter-annotation')).toHaveTextContent('HELO client.example.net')
    expect(screen.getByTestId('presenter-annotation')).toHaveTextContent('The sender is accepted.')
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Tiny · step 2 of 5')
    await fireEvent.keyDown(window, { key: 'PageUp' })
    expect(screen.getByTestId('presenter-annotation')).toHaveTextContent('220')
    expect(replaced.at(-1)).toBe('#/lessons/tiny/watch/present')
    await fireEvent.keyDown(window, { key: 'Escape' })
    expect(screen.queryByTestId('presenter')).toBeNull()
    expect(document.documentElement.dataset.presenting).toBeUndefined()
  })

  test('a clean reset between classes clears progress and the world, after asking', async () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: JSON.stringify({ version: 1, lessons: { other: { state: 'done', step: null, completed: [] } } }) })
    const { user, controller } = setup(['tiny', 'watch', 'present'], { storage })
    const resets = controller.log.filter((l) => l === 'reset').length
    await user.click(screen.getByRole('button', { name: 'Clean reset between classes' }))
    await user.click(screen.getByRole('button', { name: 'Yes, reset' }))
    expect(JSON.parse(storage.items.get(PROGRESS_KEY) ?? '{}').lessons).toEqual({ tiny: expect.objectContaining({ step: 'intro' }) })
    expect(controller.log.filter((l) => l === 'reset').length).toBe(resets + 1)
    expect(screen.getByRole('status')).toHaveTextContent('A clean start')
  })

  test('a clean reset starts the terminal afresh where it can: the lesson\'s world and personality, nothing kept', async () => {
    const controller = new Afresh()
    const { user } = setup(['tiny', 'try', 'present'], { controller })
    await user.click(screen.getByRole('button', { name: 'Clean reset between classes' }))
    await user.click(screen.getByRole('button', { name: 'Yes, reset' }))
    expect(controller.fresh).toEqual([[expect.objectContaining({ personality: 'postfix' }), 'postfix']])
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('step 1 of') // back at the lesson's start
    expect(screen.getByRole('status')).toHaveTextContent('no shell history')
  })
})

describe('the sandbox', () => {
  test('undo replays the session on a fresh world without the last command', async () => {
    const { user, controller } = setup(['sandbox'])
    controller.type('telnet mail.example.com 25\nHELO client.example.net\nMAIL FROM:<a@client.example.net>\nRCPT TO:<nobody@example.com>\n')
    expect(controller.lastReply?.reply.code).toBe(550)
    await user.click(await screen.findByTestId('sandbox-undo'))
    expect(controller.log.filter((l) => l === 'reset')).toHaveLength(1)
    expect(controller.lastReply?.reply.code).toBe(250) // MAIL FROM's reply, replayed
    expect(screen.getByRole('status')).toHaveTextContent('Undone: RCPT TO:<nobody@example.com>')
    controller.type('RCPT TO:<bob@example.com>\n')
    expect(controller.lastReply?.reply.code).toBe(250)
    await user.click(screen.getByTestId('sandbox-undo'))
    await user.click(screen.getByTestId('sandbox-undo'))
    expect(controller.lastReply?.reply.code).toBe(250) // HELO's
    expect(screen.getByRole('status')).toHaveTextContent('Undone: MAIL FROM')
  })

  test('active faults stay listed after leaving the sandbox and coming back, and a reset typed in the shell keeps them', async () => {
    const controller = new FakeTerminal()
    const first = setup(['sandbox'], { controller })
    await first.user.selectOptions(screen.getByLabelText('Kind'), 'mailbox-full')
    await first.user.click(screen.getByRole('button', { name: 'Add fault' }))
    expect(screen.getByTestId('active-faults')).toHaveTextContent("mail.example.com: bob's mailbox is full")
    first.view.unmount()
    setup(['sandbox'], { controller })
    expect(screen.getByTestId('active-faults')).toHaveTextContent("mail.example.com: bob's mailbox is full")
    controller.reset() // the shell's reset: a world built without the sandbox's settings
    expect(await screen.findByText('The fresh world keeps your fault.')).toBeInTheDocument()
    expect(controller.world?.faults).toEqual([{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }])
    expect(screen.getByTestId('active-faults')).toHaveTextContent("bob's mailbox is full")
  })

  test('the record counts what it lists: a paste is one write, shown on one line (it said "Your commands (6)" over 7 lines)', async () => {
    const { controller } = setup(['sandbox'])
    controller.type('telnet mail.example.com 25\nHELO client.example.net\n')
    controller.play('MAIL FROM:<a@client.example.net>\nRCPT TO:<bob@example.com>')
    expect(await screen.findByText(/^2 writes \(a typed line, or a paste\)/)).toBeInTheDocument()
    const record = document.querySelector('ol.record') as HTMLElement
    const items = within(record).getAllByRole('listitem').map((li) => li.textContent)
    expect(items).toEqual(['HELO client.example.net', 'MAIL FROM:<a@client.example.net> ⏎ RCPT TO:<bob@example.com>'])
    expect(screen.getByText(/^2 writes \(a typed line, or a paste\)/)).toBeInTheDocument()
  })

  test('what was sent before the sandbox opened (a lesson\'s session) is not in its record', () => {
    const controller = new FakeTerminal()
    controller.type('telnet mail.example.com 25\nEHLO x\n')
    setup(['sandbox'], { controller })
    expect(screen.getByTestId('sandbox-undo')).toBeDisabled()
    expect(screen.queryByText('What you sent')).toBeNull()
  })

  test('faults are described in words, their replies by code and meaning', async () => {
    const { user } = setup(['sandbox'])
    const reply = screen.getByLabelText('Reply') as HTMLSelectElement
    expect([...reply.options].map((o) => o.textContent).join('\n')).not.toMatch(/tooManyErrors|serviceUnavailable/)
    await user.click(screen.getByRole('button', { name: 'Add fault' }))
    expect(screen.getByTestId('active-faults')).toHaveTextContent('mail.example.com: the first RCPT of each session gets 421 4.3.2')
  })

  test('faults apply to the world, and to the worlds reset builds', async () => {
    const { user, controller } = setup(['sandbox'])
    await user.selectOptions(screen.getByLabelText('Kind'), 'mailbox-full')
    await user.click(screen.getByRole('button', { name: 'Add fault' }))
    expect(controller.world?.faults).toEqual([{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }])
    await user.click(screen.getByTestId('sandbox-reset'))
    expect(controller.world?.faults).toEqual([{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }])
  })
})

describe('the glossary and the course search', () => {
  test('#/lessons/glossary/<term> shows every term with its lessons, the named one marked; an unknown term says so', () => {
    setup(['glossary', 'mx'], { catalogue: COURSE })
    expect(screen.getByRole('heading', { name: 'Glossary' })).toBeInTheDocument()
    const entries = screen.getAllByTestId('glossary-entry')
    expect(entries.length).toBeGreaterThan(20)
    const mx = entries.find((e) => e.id === 'term-mx')!
    expect(mx).toHaveClass('current')
    expect(mx).toHaveTextContent('MX record')
    expect(within(mx).getByRole('link', { name: 'How email moves' })).toHaveAttribute('href', '#/lessons/how-email-moves')
    expect(screen.queryByTestId('missing-term')).toBeNull()
    cleanup()
    setup(['glossary', 'no-such-term'], { catalogue: COURSE })
    expect(screen.getByTestId('missing-term')).toHaveTextContent('The glossary has no entry “no-such-term”')
  })

  test('the index searches the lessons and the glossary as you type, and links each hit', async () => {
    const { user } = setup([], { catalogue: COURSE })
    expect(screen.queryAllByTestId('search-hit')).toHaveLength(0)
    await user.type(screen.getByTestId('course-search'), 'greylisting')
    const hits = screen.getAllByTestId('search-hit')
    expect(within(hits[0]!).getByRole('link')).toHaveAttribute('href', '#/lessons/glossary/greylisting')
    expect(hits.some((h) => within(h).getByRole('link').getAttribute('href')?.startsWith('#/lessons/greylisting/'))).toBe(true)
    await user.clear(screen.getByTestId('course-search'))
    await user.type(screen.getByTestId('course-search'), 'qwertyuiop')
    expect(screen.getByTestId('search-count')).toHaveTextContent('Nothing found.')
  })

  test('with a compiled course, a search fetches the lessons (only then) and finds text inside them', async () => {
    const fetches: string[] = []
    const loaders = Object.fromEntries(COURSE.lessons.map((l) => [l.id, () => (fetches.push(l.id), Promise.resolve(l))]))
    const course = compiledCourse({ lessons: COURSE.lessons.map(summarize), errors: [] }, loaders)
    const { user } = setup([], { catalogue: course })
    expect(fetches).toEqual([]) // the index alone fetches no lesson
    await user.type(screen.getByTestId('course-search'), 'locked mailbox')
    await waitFor(() => expect(fetches).toHaveLength(COURSE.lessons.length))
    const hit = await screen.findByRole('link', { name: /Temporary and permanent failures.*A locked mailbox/ })
    expect(hit).toHaveAttribute('href', '#/lessons/temporary-and-permanent-failures/a-locked-mailbox-the-4xx-you-never-see')
  })
})

describe('the lesson header', () => {
  test('states the lesson\'s one objective under its title', () => {
    setup(['how-email-moves'], { catalogue: COURSE })
    expect(screen.getByTestId('lesson-objective')).toHaveTextContent("Objective: Follow one message from the sender's mail program to the recipient's mailbox")
    cleanup()
    setup(['tiny'])
    expect(screen.queryByTestId('lesson-objective')).toBeNull()
  })
})
