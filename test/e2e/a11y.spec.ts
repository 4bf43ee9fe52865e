/**
 * axe-core on the built site (issue 10, "Done when"): WCAG 2.2 A/AA and best practice, no serious or critical
 * violation on the lab, the lessons index, a transcript step, a try step, the mailboxes, compose and presenter mode (a
 * transcript demo, a prediction revealed, a try step, the lab), and issue 11's views (the sequence diagram, the wire
 * view, rewind, share and export, the transcript explainer),
 * each in the light and the dark theme. axe is evaluated into the page from node_modules (the page's CSP is strict
 * and stays on: evaluation through the browser's protocol is not a page script).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { expect, test, type Page } from '@playwright/test'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

interface Violation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[]
}

/** Serious and critical violations on the page as it is now, described one per line (empty when clean). */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE)
  const found = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    return result.violations
  }, TAGS)
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`).join(' | ')}`)
}

const rows = (page: Page) => page.locator('.xterm-rows')

async function say(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

/** Each place the issue names, opened the way a student reaches it; `ready` waits until it is drawn. */
const PLACES: { name: string; hash: string; ready: (page: Page) => Promise<void> }[] = [
  {
    name: 'the lab, after a session, with the transcript, the eavesdropper and the personality table open',
    hash: '#/lab',
    async ready(page) {
      await expect(rows(page)).toContainText('student@client:~$')
      await page.getByTestId('terminal').click()
      await say(page, 'telnet mail.example.com 25')
      await say(page, 'EHLO client.example.net')
      await say(page, 'RCPT TO:<alice@example.com>')
      await expect(page.getByTestId('explain-reply')).toContainText('503')
      await page.getByRole('button', { name: 'Transcript' }).click()
      await page.getByRole('button', { name: 'Eavesdropper view' }).click()
      await page.getByText(/^Server personality:/).click()
      await expect(page.getByRole('region', { name: 'How the personalities differ' })).toBeVisible()
    },
  },
  {
    name: 'the lessons index',
    hash: '#/lessons',
    ready: async (page) => void (await expect(page.getByTestId('lesson-pane')).toBeVisible()),
  },
  {
    name: 'the lessons index with search results',
    hash: '#/lessons',
    async ready(page) {
      await page.getByTestId('course-search').fill('greylisting')
      await expect(page.getByTestId('search-count')).toHaveText(/\d+ found\./)
    },
  },
  {
    name: 'the glossary, at a term',
    hash: '#/lessons/glossary/mx',
    ready: async (page) => void (await expect(page.getByTestId('glossary')).toContainText('MX record')),
  },
  {
    name: 'a transcript step',
    hash: '#/lessons/first-conversation/watch-a-message-being-sent',
    ready: async (page) => void (await expect(page.getByTestId('lesson-step')).toContainText('mail.example.com ESMTP Postfix')),
  },
  {
    name: 'a try step',
    hash: '#/lessons/first-conversation/try-it-send-bob-a-message',
    ready: async (page) => void (await expect(page.getByTestId('lesson-step')).toBeVisible()),
  },
  {
    name: 'the mailboxes, a message open',
    hash: '#/lab',
    async ready(page) {
      await expect(rows(page)).toContainText('student@client:~$')
      await page.getByTestId('terminal').click()
      await say(page, 'mail -s "Checked by axe" alice@example.com')
      await say(page, 'Hello Alice.')
      await say(page, '.')
      await page.getByRole('link', { name: 'Mailboxes' }).click()
      const inspector = page.getByRole('region', { name: 'Mailboxes and messages' })
      await inspector.getByRole('region', { name: /mail\.example\.com/ }).getByRole('button', { name: /^alice/ }).click()
      await inspector.getByRole('button', { name: /Checked by axe/ }).click()
      await expect(inspector).toContainText('Hello Alice.')
    },
  },
  {
    name: 'compose',
    hash: '#/compose',
    async ready(page) {
      const compose = page.getByRole('region', { name: 'Compose a message' })
      await expect(compose).toBeVisible({ timeout: 10_000 })
      await compose.getByLabel('To', { exact: true }).fill('not an address')
      await compose.getByLabel('Subject').focus() // the error shows once To is left
      await expect(compose).toContainText('must be an email address')
    },
  },
  {
    name: 'the lab: the sequence diagram with an arrow picked, the wire view, the rewind list and the share link',
    hash: '#/lab',
    async ready(page) {
      await expect(rows(page)).toContainText('student@client:~$')
      await page.getByTestId('terminal').click()
      for (const line of ['telnet mail.example.com 25', 'EHLO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<nobody@example.com>', 'DATA', 'QUIT']) await say(page, line)
      await expect(rows(page)).toContainText('221 2.0.0 Bye')
      const toggle = page.getByTestId('diagram-toggle')
      if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click()
      await page.locator('[data-arrow="server"][data-label="550 5.1.1"]').click()
      await page.getByRole('button', { name: 'Transcript', exact: true }).click()
      await page.getByRole('button', { name: 'Eavesdropper view', exact: true }).click()
      await page.getByTestId('wire-toggle').check()
      await page.getByTestId('rewind').locator('summary').click()
      await page.getByTestId('export').locator('summary').click()
      await page.getByTestId('share').click()
      await expect(page.getByTestId('share-link')).toBeVisible()
    },
  },
  {
    name: 'the sequence diagram enlarged',
    hash: '#/lab',
    async ready(page) {
      await expect(rows(page)).toContainText('student@client:~$')
      await page.getByTestId('terminal').click()
      for (const line of ['telnet localhost 25', 'EHLO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<carol@example.net>', 'DATA', 'hi', '.']) await say(page, line)
      await expect(rows(page)).toContainText('Ok: queued as')
      const toggle = page.getByTestId('diagram-toggle')
      if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click()
      await page.getByTestId('diagram-enlarge').click()
      await expect(page.getByRole('dialog', { name: 'Sequence diagram, enlarged' })).toBeVisible()
    },
  },
  {
    name: 'the transcript explainer, a swaks transcript explained',
    hash: '#/explain',
    async ready(page) {
      await page.getByRole('button', { name: 'Example: swaks' }).click()
      await expect(page.getByTestId('explain-summary')).toContainText('Read as swaks output')
    },
  },
  {
    name: 'presenter mode',
    hash: '#/present/first-conversation/watch-a-message-being-sent',
    ready: async (page) => {
      await expect(page.locator('html')).toHaveAttribute('data-presenting', '')
      await page.keyboard.press('ArrowRight') // the demo types a line; the conversation shows beside the terminal
      await expect(page.locator('.xterm-rows')).toContainText('250 mail.example.com')
      // With the sequence diagram (hidden at first on a short screen).
      const toggle = page.getByTestId('presenter-diagram-toggle')
      if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click()
      await expect(page.locator('[data-testid="presenter-diagram"] [data-arrow="server"]')).toHaveCount(2)
    },
  },
  {
    name: 'presenter mode, a prediction revealed',
    hash: '#/present/first-conversation/4',
    ready: async (page) => {
      await expect(page.getByTestId('presenter-choice')).toHaveCount(3)
      await page.keyboard.press('Space')
      await expect(page.getByTestId('presenter-revealed')).toBeVisible()
    },
  },
  {
    name: 'presenter mode, a try step',
    hash: '#/present/first-conversation/5',
    ready: async (page) => void (await expect(page.getByTestId('presenter-goal')).toBeVisible()),
  },
  {
    name: 'a lesson file opened that the model answers differently',
    hash: '#/lessons',
    ready: async (page) => {
      const lesson = '---\nid: opened-here\ntitle: Opened here\nsummary: A file.\norder: 1\n---\n\n## Watch\n\n```transcript\nS: 220 mail.example.com ESMTP Postfix\n> Hi.\nC: HELO client.example.net\nS: 550 no\n> Wrong.\n```\n'
      await page.getByLabel('Open a lesson file').setInputFiles({ name: 'opened.md', mimeType: 'text/markdown', buffer: Buffer.from(lesson) })
      await expect(page.getByTestId('open-lesson-differences')).toBeVisible()
      await expect(page.getByTestId('opened-lesson')).toHaveCount(1)
    },
  },
  {
    name: 'a hand-in opened',
    hash: '#/lessons',
    ready: async (page) => {
      const handIn = { kind: 'smtp-sim-hand-in', version: 1, lesson: { id: 'first-conversation', title: 'A first conversation' }, name: 'Ada', exported: '2026-12-04T09:00:00.000Z', recording: null, steps: [{ id: 'a', title: 'Try it', kind: 'try', met: 'learner' }, { id: 'b', title: 'Predict', kind: 'predict', met: 'revealed' }, { id: 'c', title: 'Other', kind: 'try', met: 'solved' }] }
      await page.getByLabel('Open a lesson file').setInputFiles({ name: 'hand-in.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(handIn)) })
      await expect(page.getByTestId('hand-in-view')).toContainText('Ada')
    },
  },
  {
    name: 'the lab in presenter mode',
    hash: '#/present/lab',
    ready: async (page) => {
      await page.getByTestId('terminal').click()
      await page.keyboard.type('telnet mail.example.com 25')
      await page.keyboard.press('Enter')
      await page.keyboard.type('DATA')
      await page.keyboard.press('Enter')
      await expect(page.getByRole('complementary', { name: 'Explanations' })).toContainText('503')
    },
  },
]

for (const scheme of ['light', 'dark'] as const) {
  for (const place of PLACES) {
    test(`axe: ${place.name}, ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto('./' + place.hash)
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme)
      await place.ready(page)
      expect(await violations(page)).toEqual([])
    })
  }
}
