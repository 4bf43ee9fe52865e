// The lesson pane against a stand-in terminal: the course index and each lesson's state, stepping with the buttons
// and the keyboard (←/→, PageUp/PageDown, Home), the reply code highlighted in the pane and in the terminal, "show
// me", predict feedback, a try step judged on the world, a malformed lesson's error beside working lessons, corrupt
// progress reset with a visible notice, presenter mode, and the sandbox's undo.
import { fireEvent, render, screen, within } from '@testing-library/svelte'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { loadCatalogue, memoryStorage, PROGRESS_KEY, type Catalogue } from '../../../src/lessons'
import { COURSE } from '../../../src/lessons/lessons-glob'
import LessonPane from '../../../src/ui/lessons/LessonPane.svelte'
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

function setup(path: string[], options: { storage?: ReturnType<typeof memoryStorage>; catalogue?: Catalogue } = {}) {
  const controller = new FakeTerminal()
  const storage = options.storage ?? memoryStorage()
  const user = userEvent.setup()
  const view = render(LessonPane, { controller, path, catalogue: options.catalogue ?? catalogue, storage })
  return { controller, storage, user, view }
}

const currentLine = () => screen.getAllByTestId('transcript-line').find((li) => li.getAttribute('aria-current') === 'step')

beforeEach(() => history.replaceState(null, '', '#/lessons'))
afterEach(() => delete document.documentElement.dataset.presenting)

describe('the course index', () => {
  test('lists every lesson with its state, and the broken file with its error', () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: JSON.stringify({ version: 1, lessons: { tiny: { state: 'in-progress', step: 'predict', completed: [] }, other: { state: 'done', step: 'only', completed: [] } } }) })
    setup([], { storage })
    const entries = screen.getAllByTestId('lesson-entry')
    expect(entries.map((e) => [within(e).getByRole('link').textContent?.replace(/\s+/g, ' ').trim(), e.dataset.state])).toEqual([
      ['1 Tiny', 'in-progress'],
      ['2 Other', 'done'],
    ])
    expect(within(entries[0] as HTMLElement).getByRole('link')).toHaveAttribute('href', '#/lessons/tiny/predict')
    const broken = screen.getByTestId('broken-lesson')
    expect(broken).toHaveTextContent('03-broken.md')
    expect(broken).toHaveTextContent('/lessons/03-broken.md:10: unknown step kind "transcipt"')
  })

  test('resets corrupt saved progress and says so, visibly, until dismissed', async () => {
    const storage = memoryStorage({ [PROGRESS_KEY]: '{"version": 1, "lessons": ' })
    const { user } = setup([], { storage })
    const notice = screen.getByRole('alert')
    expect(notice).toHaveTextContent('Your saved progress was reset: saved progress is not valid JSON.')
    expect(JSON.parse(storage.items.get(PROGRESS_KEY) ?? '')).toEqual({ version: 1, lessons: {} })
    expect(screen.getAllByTestId('lesson-state').map((s) => s.textContent)).toEqual(['not started', 'not started'])
    await user.click(within(notice).getByRole('button', { name: 'OK' }))
    expect(screen.queryByTestId('progress-notice')).toBeNull()
  })

  test('shows the notice in a lesson opened by deep link too', () => {
    setup(['tiny', 'watch'], { storage: memoryStorage({ [PROGRESS_KEY]: '[]' }) })
    expect(screen.getByTestId('progress-notice')).toHaveTextContent('Your saved progress was reset: saved progress is not an object.')
  })

  test('resets progress of another version with its own notice', () => {
    setup([], { storage: memoryStorage({ [PROGRESS_KEY]: JSON.stringify({ version: 0, lessons: {} }) }) })
    expect(screen.getByTestId('progress-notice')).toHaveTextContent('saved progress has version 0; this version of smtp-sim reads version 1')
  })

  test('imports a progress file, and refuses one that is not valid', async () => {
    const { user } = setup([])
    const input = screen.getByTestId('import-progress') as HTMLInputElement
    const good = new File([JSON.stringify({ version: 1, lessons: { other: { state: 'done', step: null, completed: [] } } })], 'progress.json', { type: 'application/json' })
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

describe('stepping', () => {
  test('opens the lesson in its own world and moves with the buttons, line by line through a transcript', async () => {
    const { user, controller } = setup(['tiny'])
    expect(controller.log).toContain('reset')
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'intro')
    expect(screen.getByTestId('lesson-step').querySelector('strong')).toHaveTextContent('bold') // Markdown as elements
    expect(screen.getByTestId('step-back')).toBeDisabled()
    await user.click(screen.getByTestId('step-next'))
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'watch')
    expect(location.hash).toBe('#/lessons/tiny/watch')
    expect(currentLine()).toHaveTextContent('220 mail.example.com ESMTP Postfix')
    await user.click(screen.getByTestId('step-next'))
    expect(currentLine()).toHaveTextContent('HELO client.example.net')
  })

  test('steps with ←/→, PageUp/PageDown and Home, and not while typing in a field', async () => {
    setup(['tiny', 'watch'])
    await fireEvent.keyDown(window, { key: 'ArrowRight' })
    await fireEvent.keyDown(window, { key: 'PageDown' })
    expect(currentLine()).toHaveTextContent('250 mail.example.com')
    await fireEvent.keyDown(window, { key: 'ArrowLeft' })
    expect(currentLine()).toHaveTextContent('HELO client.example.net')
    await fireEvent.keyDown(window, { key: 'Home' })
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'intro')
    await fireEvent.keyDown(window, { key: 'PageDown' })
    expect(screen.getByTestId('lesson-step')).toHaveAttribute('data-step', 'watch')
    const field = document.body.appendChild(document.createElement('input'))
    await fireEvent.keyDown(field, { key: 'ArrowRight' })
    expect(currentLine()).toHaveTextContent('220')
    field.remove()
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
    await fireEvent.keyDown(window, { key: 'ArrowRight' }) // HELO: its reply is 250
    expect(controller.highlights.at(-1)).toBe(250)
    const reply = screen.getAllByTestId('transcript-line').find((li) => li.classList.contains('reply')) as HTMLElement
    expect(reply).toHaveTextContent('250 mail.example.com')
    expect(reply.querySelector('mark[data-mark="code"]')).toHaveTextContent('250') // not marked in the file; the pane marks it
    const enhanced = screen.getAllByTestId('transcript-line')[4] as HTMLElement
    expect(enhanced.querySelector('mark[data-mark="enhanced"]')).toHaveTextContent('2.1.0')
  })

  test('clears the terminal highlight when the pane goes', () => {
    const { controller, view } = setup(['tiny', 'watch'])
    view.unmount()
    expect(controller.highlights.at(-1)).toBeNull()
  })
})

describe('show me', () => {
  test('connects, then types the transcript client lines one by one into the terminal', async () => {
    const { user, controller } = setup(['tiny', 'watch'])
    await user.click(screen.getByTestId('show-me'))
    expect(controller.typed).toEqual(['telnet mail.example.com 25', 'HELO client.example.net'])
    expect(currentLine()).toHaveTextContent('HELO client.example.net')
    await user.click(screen.getByTestId('show-me'))
    expect(controller.typed.at(-1)).toBe('MAIL FROM:<a@client.example.net>')
    expect(controller.lastReply?.reply.code).toBe(250)
    await user.click(screen.getByTestId('show-me'))
    expect(screen.getByTestId('pane-message')).toHaveTextContent('Every line of this transcript has been typed.')
  })
})

describe('predict steps', () => {
  test('explains a wrong choice, then marks the right one done', async () => {
    const { user, storage } = setup(['tiny', 'predict'])
    const [right, wrong] = screen.getAllByTestId('predict-choice') as [HTMLElement, HTMLElement]
    await user.click(wrong)
    const verdict = screen.getByTestId('predict-verdict')
    expect(verdict).toHaveTextContent('Not quite — the server answers 503 5.5.1 Error: need MAIL command.')
    expect(verdict).toHaveTextContent('The misconception that the order does not matter.')
    expect(wrong).toHaveClass('wrong')
    await user.click(right)
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('Right.')
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('MAIL FROM comes first.')
    expect(JSON.parse(storage.items.get(PROGRESS_KEY) ?? '{}').lessons.tiny.completed).toEqual(['predict'])
  })

  test('judges a typed code, with the explanation for that wrong code', async () => {
    const { user } = setup(['tiny', 'code'])
    await user.type(screen.getByTestId('predict-input'), '250{Enter}')
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('QUIT is not an ordinary request; it has its own code.')
    await user.clear(screen.getByTestId('predict-input'))
    await user.type(screen.getByTestId('predict-input'), '221{Enter}')
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('Right.')
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
    expect(JSON.parse(storage.items.get(PROGRESS_KEY) ?? '{}').lessons.tiny.completed).toContain('try')
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

  test('the smuggling lab: the raw-write box sends a bare LF and the second message is smuggled', async () => {
    const { user, controller } = setup(['smtp-smuggling', 'try-it-smuggle-a-message-to-alice'], { catalogue: COURSE })
    expect(controller.log).toContain('personality lenient')
    const box = screen.getByTestId('raw-input')
    await fireEvent.input(box, { target: { value: 'EHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<bob@example.com>\nDATA\n' } })
    await user.click(screen.getByTestId('raw-send'))
    await fireEvent.input(box, { target: { value: 'Hi<LF>.<LF>MAIL FROM:<admin@example.com><CR><LF>RCPT TO:<alice@example.com><CR><LF>DATA<CR><LF>Subject: x<CR><LF><CR><LF>forged<CR><LF>.<CR><LF>' } })
    await user.click(screen.getByTestId('raw-send'))
    expect(await screen.findByTestId('goal-met')).toBeInTheDocument()
    expect(controller.world?.host('mail.example.com')?.mailbox('alice')).toHaveLength(1)
  })
})

describe('presenter mode', () => {
  test('shows only the current annotation in large type, steps with PageDown and leaves with Escape', async () => {
    setup(['tiny', 'watch', 'present'])
    expect(document.documentElement.dataset.presenting).toBe('')
    const annotation = screen.getByTestId('presenter-annotation')
    expect(annotation).toHaveTextContent('220 mail.example.com ESMTP Postfix')
    expect(annotation).toHaveTextContent('The greeting.')
    expect(screen.queryByTestId('lesson-step')).toBeNull()
    await fireEvent.keyDown(window, { key: 'PageDown' })
    expect(screen.getByTestId('presenter-annotation')).toHaveTextContent('HELO client.example.net')
    await fireEvent.keyDown(window, { key: 'PageUp' })
    expect(screen.getByTestId('presenter-annotation')).toHaveTextContent('220')
    expect(location.hash).toBe('#/lessons/tiny/watch/present')
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

  test('faults apply to the world, and to the worlds reset builds', async () => {
    const { user, controller } = setup(['sandbox'])
    await user.selectOptions(screen.getByLabelText('Kind'), 'mailbox-full')
    await user.click(screen.getByRole('button', { name: 'Add fault' }))
    expect(controller.world?.faults).toEqual([{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }])
    await user.click(screen.getByTestId('sandbox-reset'))
    expect(controller.world?.faults).toEqual([{ kind: 'mailbox-full', host: 'mail.example.com', mailbox: 'bob' }])
  })
})
