/**
 * The classroom (issue 12 "done when"), on the built site under /smtp-sim/: presenter mode drives the demo from the
 * keyboard (→ types the client's lines into the terminal and the model's replies appear; ← goes back; the end of a
 * transcript goes on to the next step), a prediction revealed with Space, a try goal met live, `#/present/lab`, a
 * clean reset, and lessons opened from a file.
 */
import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'

const rows = (page: Page) => page.locator('.xterm-rows')

function noErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(String(e)))
  return errors
}

test('presenter mode drives the demo: → types the next client lines into the terminal and the replies appear, ← goes back, the end goes on', async ({ page }) => {
  const errors = noErrors(page)
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto('./#/present/first-conversation/2')
  const presenter = page.getByTestId('presenter')
  await expect(presenter).toHaveAttribute('data-kind', 'transcript')
  // The step starts from a known state: a fresh world, connected as the transcript's session is.
  await expect(rows(page)).toContainText('telnet mail.example.com 25')
  await expect(rows(page)).toContainText('220 mail.example.com ESMTP Postfix')
  await expect(page.getByTestId('presenter-note')).toContainText('The server speaks first')

  // The focus is on the page (the presenter), not the terminal.
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('presenter-note')).toContainText('Say hello')
  await expect(rows(page)).toContainText('HELO client.example.net')
  await expect(rows(page)).toContainText('250 mail.example.com') // the model's own reply
  await page.keyboard.press('ArrowRight') // the 250's note: nothing more to type
  await page.keyboard.press('ArrowRight')
  await expect(rows(page)).toContainText('MAIL FROM:<student@client.example.net>')
  await expect(rows(page)).toContainText('250 2.1.0 Ok')
  // The conversation builds up beside the terminal.
  const conversation = page.getByTestId('presenter-conversation')
  await expect(conversation).toContainText('220 mail.example.com ESMTP Postfix')
  await expect(conversation).toContainText('HELO client.example.net')
  await expect(conversation).toContainText('MAIL FROM:<student@client.example.net>')

  // A clicker's → works with the focus in the terminal too.
  await page.getByTestId('terminal').click()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(rows(page)).toContainText('RCPT TO:<bob@example.com>')
  await expect(rows(page)).toContainText('250 2.1.5 Ok')

  // ← goes back by replay: the RCPT line is no longer in the terminal, MAIL FROM still is.
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowLeft')
  await expect(rows(page)).not.toContainText('RCPT TO:<bob@example.com>')
  await expect(rows(page)).toContainText('250 2.1.0 Ok')
  await expect(page.getByTestId('presenter-conversation')).not.toContainText('RCPT TO')
  // The diagram goes back with it (at 1920×1080 it is shown): MAIL is its last command.
  await expect(page.locator('[data-testid="presenter-diagram"] [data-arrow="client"]').last()).toHaveAttribute('data-label', 'MAIL')

  // PageDown to the end of the transcript: the message goes through, then the next click is the next step.
  for (let i = 0; i < 30 && (await presenter.getAttribute('data-kind')) === 'transcript'; i++) {
    await page.keyboard.press('PageDown')
  }
  await expect(rows(page)).toContainText('250 2.0.0 Ok: queued as')
  await expect(rows(page)).toContainText('221 2.0.0 Bye')
  await expect(presenter).not.toHaveAttribute('data-kind', 'transcript')
  expect(page.url()).not.toContain('watch-a-message-being-sent')
  expect(errors).toEqual([])
})

test('the sequence diagram builds up beside the demo on a projector: an arrow for each command and reply, in large type', async ({ page }) => {
  const errors = noErrors(page)
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto('./#/present/first-conversation/2')
  await expect(rows(page)).toContainText('220 mail.example.com ESMTP Postfix')
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(rows(page)).toContainText('250 mail.example.com')
  const svg = page.getByTestId('presenter').locator('svg[data-testid="sequence-diagram"]')
  await expect(svg).toBeVisible()
  await expect(svg.locator('[data-arrow="client"]')).toHaveCount(1) // HELO
  await expect(svg.locator('[data-arrow="server"]')).toHaveCount(2) // 220, 250
  await expect(svg.locator('[data-arrow="client"]')).toHaveAttribute('data-label', 'HELO')
  // Its labels are 24 px or more on the screen.
  const px = await svg.locator('[data-arrow="client"] text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize) * ((el as SVGGraphicsElement).getScreenCTM()?.a ?? 0))
  expect(px).toBeGreaterThanOrEqual(24)
  // It can be hidden, and shown again.
  await page.getByTestId('presenter-diagram-toggle').click()
  await expect(page.getByTestId('presenter-diagram')).toHaveCount(0)
  await page.getByTestId('presenter-diagram-toggle').click()
  await expect(svg.locator('[data-arrow="server"]')).toHaveCount(2)
  expect(errors).toEqual([])
})

/** The diagram's arrows wholly in view in its scrolling box (below its held lane headings), in order. */
async function arrowsInView(page: Page): Promise<string[]> {
  return page.getByTestId('presenter-diagram').locator('.diagram').evaluate((box) => {
    const frame = box.getBoundingClientRect()
    const held = box.querySelector('svg.sticky')?.getBoundingClientRect().height ?? 0
    return Array.from(box.querySelectorAll('svg[data-testid="sequence-diagram"] [data-arrow]'))
      .filter((g) => {
        const r = g.getBoundingClientRect()
        return r.top >= frame.top + held - 1 && r.bottom <= frame.bottom + 1
      })
      .map((g) => g.getAttribute('data-label') ?? '')
  })
}

for (const [width, height, least] of [
  [1920, 1080, 4],
  [1280, 720, 3],
] as const) {
  test(`the conversation so far on a projector at ${width}×${height}: lesson 1's whole transcript typed, the newest arrows at the bottom of the diagram, as many as fit, the first ones a scroll away`, async ({ page }) => {
    const errors = noErrors(page)
    await page.setViewportSize({ width, height })
    await page.goto('./#/present/first-conversation/2')
    await expect(rows(page)).toContainText('220 mail.example.com ESMTP Postfix')
    const toggle = page.getByTestId('presenter-diagram-toggle')
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click()
    const presenter = page.getByTestId('presenter')
    await expect(presenter).toContainText('note 1 of 15')
    for (let i = 1; i < 15; i++) await page.keyboard.press('ArrowRight')
    await expect(presenter).toContainText('note 15 of 15')
    await expect(rows(page)).toContainText('221 2.0.0 Bye')
    const svg = page.getByTestId('presenter-diagram').locator('svg[data-testid="sequence-diagram"]')
    await expect(svg.locator('[data-arrow="server"]').last()).toHaveAttribute('data-label', '221 2.0.0')
    // The newest (QUIT and its 221) in view, with the arrows before them, as many as the pane holds.
    await expect.poll(() => arrowsInView(page)).toEqual(expect.arrayContaining(['QUIT', '221 2.0.0']))
    expect((await arrowsInView(page)).length).toBeGreaterThanOrEqual(least)
    // The earlier ones a scroll away: at the top, the greeting.
    await page.getByTestId('presenter-diagram').locator('.diagram').evaluate((box) => box.scrollTo(0, 0))
    await expect.poll(() => arrowsInView(page)).toContain('220')
    if (width === 1920) {
      // Large enough for the back of the room, its lane headings included.
      const px = await svg.locator('[data-arrow="client"] text').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize) * ((el as SVGGraphicsElement).getScreenCTM()?.a ?? 0))
      expect(px).toBeGreaterThanOrEqual(24)
      expect(await smallText(page), 'text under 24 px').toEqual([])
    }
    // bob's mailbox lane: its subtitle whole, on two lines, and its name.
    const head = svg.getByRole('img', { name: 'bob: mailbox at mail.example.com' })
    expect(await head.locator('.lane-sub').allTextContents()).toEqual(['mailbox at', 'mail.example.com'])
    expect(errors).toEqual([])
  })
}

test('a prediction for a show of hands: choices in large type, nothing judged until Space reveals the answer', async ({ page }) => {
  const errors = noErrors(page)
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto('./#/present/first-conversation/4')
  const presenter = page.getByTestId('presenter')
  await expect(presenter).toHaveAttribute('data-kind', 'predict')
  const choices = page.getByTestId('presenter-choice')
  await expect(choices).toHaveCount(3)
  await expect(choices.first()).toContainText('250 2.0.0 Ok: queued as')
  // Nothing judged: no choice marked, no explanation.
  await expect(page.locator('[data-testid="presenter-choice"][data-correct]')).toHaveCount(0)
  await expect(page.getByTestId('presenter-revealed')).toHaveCount(0)
  const size = await choices.first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(size).toBeGreaterThanOrEqual(24)

  await page.keyboard.press('Space')
  await expect(page.locator('[data-testid="presenter-choice"][data-correct="true"]')).toContainText('250 2.0.0 Ok: queued as')
  await expect(page.locator('[data-testid="presenter-choice"][data-correct="false"]')).toHaveCount(2)
  await expect(page.getByTestId('presenter-revealed')).toBeVisible()
  // The next step asks afresh: nothing revealed there.
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowRight')
  await expect(page.locator('[data-testid="presenter-choice"][data-correct]')).toHaveCount(0)
  await page.keyboard.press('r')
  await expect(page.locator('[data-testid="presenter-choice"][data-correct="true"]')).toHaveCount(1)
  expect(errors).toEqual([])
})

test('a try step in class: the goal large, the terminal live, the goal ticked as it becomes true', async ({ page }) => {
  const errors = noErrors(page)
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto('./#/present/first-conversation/5')
  await expect(page.getByTestId('presenter')).toHaveAttribute('data-kind', 'try')
  const goal = page.getByTestId('presenter-goal')
  await expect(goal).toContainText('bob@example.com')
  await expect(page.getByTestId('presenter-goal-check').first()).toHaveAttribute('data-met', 'false')
  await expect(page.getByTestId('presenter-goal-met')).toHaveCount(0)

  await page.getByTestId('terminal').click()
  for (const line of ['telnet mail.example.com 25', 'HELO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<bob@example.com>', 'DATA', 'Subject: Hello from class', '', 'Hello from the front of the room.', '.']) {
    await page.keyboard.type(line)
    await page.keyboard.press('Enter')
  }
  await expect(rows(page)).toContainText('250 2.0.0 Ok: queued as')
  await expect(page.getByTestId('presenter-goal-met')).toBeVisible()
  await expect(page.getByTestId('presenter-goal-check').first()).toHaveAttribute('data-met', 'true')
  // The arrows stayed the terminal's (line editing), so the step did not move.
  await expect(page.getByTestId('presenter')).toHaveAttribute('data-kind', 'try')
  expect(errors).toEqual([])
})

/** Visible text on the page smaller than `min` px, outside controls (buttons, fields) and the terminal's own helpers. */
async function smallText(page: Page, min = 24): Promise<string[]> {
  return page.evaluate((min) => {
    const found: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? ''
      const el = node.parentElement
      if (!text || !el) continue
      if (el.closest('button, select, option, input, textarea, label:has(select), .sr-only, .xterm-helpers, .xterm-accessibility, [hidden]')) continue
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue
      // SVG text (the sequence diagram) is drawn at its font size times the drawing's scale on screen.
      const scale = el instanceof SVGGraphicsElement ? (el.getScreenCTM()?.a ?? 1) : 1
      const size = parseFloat(getComputedStyle(el).fontSize) * scale
      if (size < min - 0.5) found.push(`${size}px: ${text.slice(0, 40)}`)
    }
    return found
  }, min)
}

/** Does anything stick out sideways (the page, or a pane's content past its box)? */
async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page ${document.documentElement.scrollWidth} > ${window.innerWidth}`)
    for (const el of document.querySelectorAll<HTMLElement>('main, main *')) {
      if (el.closest('.xterm')) continue
      const style = getComputedStyle(el)
      if (style.overflowX !== 'visible' && style.overflowX !== 'clip') continue
      const box = el.getBoundingClientRect()
      if (box.width === 0) continue
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && style.display !== 'inline') out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`)
    }
    return out
  })
}

for (const [width, height] of [
  [1920, 1080],
  [1280, 720],
] as const) {
  test(`readable from the back of the room at ${width}×${height}: no text under 24 px but the controls, in every kind of step and the lab`, async ({ page }) => {
    await page.setViewportSize({ width, height })
    for (const hash of ['#/present/first-conversation/1', '#/present/first-conversation/2', '#/present/first-conversation/4', '#/present/first-conversation/5', '#/present/lab']) {
      await page.goto(`./${hash}`)
      await expect(page.locator('html')).toHaveAttribute('data-presenting', '')
      await expect(rows(page)).toContainText('student@client')
      if (hash.endsWith('/2')) {
        await page.keyboard.press('ArrowRight')
        await expect(rows(page)).toContainText('250 mail.example.com')
      }
      if (hash.endsWith('/4')) await page.keyboard.press('Space')
      if (hash.endsWith('lab')) {
        await page.getByTestId('terminal').click()
        await page.keyboard.type('telnet mail.example.com 25')
        await page.keyboard.press('Enter')
        await page.keyboard.type('RCPT TO:<bob@example.com>')
        await page.keyboard.press('Enter')
        await expect(rows(page)).toContainText('503')
      }
      expect(await smallText(page), hash).toEqual([])
    }
  })
}

test('at 1024×768 nothing overflows in presenter mode', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 })
  for (const hash of ['#/present/first-conversation/2', '#/present/first-conversation/4', '#/present/first-conversation/5', '#/present/lab']) {
    await page.goto(`./${hash}`)
    await expect(rows(page)).toContainText('student@client')
    if (hash.endsWith('/2')) for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight')
    if (hash.endsWith('/4')) await page.keyboard.press('Space')
    expect(await overflows(page), hash).toEqual([])
    // The sequence diagram starts hidden on a screen this short; shown, it fits too, and stays shown in the next
    // steps (the presenter's choice).
    if (hash.endsWith('/2')) {
      await expect(page.getByTestId('presenter-diagram')).toHaveCount(0)
      await page.getByTestId('presenter-diagram-toggle').click()
      await expect(page.getByTestId('presenter-diagram').locator('svg[data-testid="sequence-diagram"]')).toBeVisible()
      expect(await overflows(page), `${hash} with the diagram`).toEqual([])
    }
    if (hash.endsWith('/5')) await expect(page.getByTestId('presenter-diagram')).toBeVisible()
    for (const name of ['Back', 'Next', 'Leave presenter mode']) {
      const button = page.getByRole('button', { name, exact: true })
      if ((await button.count()) === 0) continue
      await expect(button).toBeInViewport({ ratio: 1 })
    }
  }
})

test('#/present/lab: the terminal and the explain pane only, in large type; Esc leaves; its clean reset starts afresh', async ({ page }) => {
  const errors = noErrors(page)
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto('./#/present/lab')
  await expect(page.locator('html')).toHaveAttribute('data-presenting', '')
  await expect(page.locator('header').filter({ hasText: 'smtp-sim' })).toBeHidden()
  await expect(page.getByTestId('lab-presenter')).toBeVisible()
  await page.getByTestId('terminal').click()
  for (const line of ['telnet mail.example.com 25', 'HELO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<nobody@example.com>']) {
    await page.keyboard.type(line)
    await page.keyboard.press('Enter')
  }
  const explain = page.getByRole('complementary', { name: 'Explanations' })
  await expect(explain).toContainText('550')
  const size = await explain.locator('p').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(size).toBeGreaterThanOrEqual(24)
  const cell = await page.locator('.xterm-rows > div').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(cell).toBeGreaterThanOrEqual(24)

  await page.getByRole('button', { name: 'Clean reset between classes' }).click()
  await page.getByRole('button', { name: 'Yes, reset' }).click()
  await expect(page.getByTestId('lab-presenter-message')).toContainText('A clean start')
  await expect(rows(page)).not.toContainText('nobody@example.com')
  await expect(page.getByTestId('modebar')).toHaveAttribute('data-mode', 'shell')

  await page.getByRole('complementary', { name: 'Explanations' }).click({ position: { x: 5, y: 5 } }) // out of the terminal: there Esc is the terminal's
  await page.keyboard.press('Escape')
  await expect(page).toHaveURL(/#\/lab$/)
  await expect(page.locator('html')).not.toHaveAttribute('data-presenting', '')
  await expect(page.locator('header').filter({ hasText: 'smtp-sim' })).toBeVisible()
  expect(errors).toEqual([])
})

test('a clean reset between classes: world, terminal, shell history, personality, faults and progress all fresh, and it says so', async ({ page }) => {
  const errors = noErrors(page)
  await page.setViewportSize({ width: 1280, height: 720 })
  // The last class: the rfc server, a session in the history, a fault switched on in the sandbox, a lesson begun.
  await page.goto('./#/lessons/reply-codes/2')
  await expect(page.getByTestId('lesson-step')).toBeVisible()
  await page.getByRole('combobox', { name: 'Server' }).selectOption('rfc')
  await page.goto('./#/lessons/sandbox')
  await page.getByLabel('Kind').selectOption('mailbox-full')
  await page.getByRole('button', { name: 'Add fault' }).click()
  await expect(page.getByTestId('active-faults')).toContainText('mailbox is full')
  await page.getByTestId('terminal').click()
  for (const line of ['telnet mail.example.com 25', 'MAIL FROM:<last@class.example>', 'QUIT']) {
    await page.keyboard.type(line)
    await page.keyboard.press('Enter')
  }
  await expect(rows(page)).toContainText('503') // rfc: HELO first

  await page.goto('./#/present/first-conversation/5')
  await expect(page.getByTestId('presenter')).toHaveAttribute('data-kind', 'try')
  await page.getByRole('button', { name: 'Clean reset between classes' }).click()
  await page.getByRole('button', { name: 'Yes, reset' }).click()
  await expect(page.getByTestId('presenter-status')).toContainText('A clean start')
  await expect(page.getByTestId('presenter')).toContainText('step 1 of') // the lesson from its start
  await expect(rows(page)).not.toContainText('last@class.example')

  // No history: ↑ at the prompt brings nothing back.
  await page.getByTestId('terminal').click()
  await page.keyboard.press('ArrowUp')
  await expect(rows(page)).not.toContainText('$ telnet')
  // The lesson's server (postfix): MAIL before HELO is accepted, as Postfix does; no faults.
  for (const line of ['telnet mail.example.com 25', 'MAIL FROM:<new@class.example>', 'RCPT TO:<bob@example.com>']) {
    await page.keyboard.type(line)
    await page.keyboard.press('Enter')
  }
  await expect(rows(page)).toContainText('250 2.1.5 Ok')
  await page.keyboard.press('Escape')
  await page.goto('./#/lessons')
  await expect(page.getByTestId('lesson-entry').filter({ hasText: 'Reply codes' })).toHaveAttribute('data-state', 'not-started')
  await page.goto('./#/lessons/sandbox')
  await expect(page.getByTestId('active-faults')).toHaveCount(0)
  expect(errors).toEqual([])
})

const MORNING = `---
id: written-this-morning
title: Written this morning
summary: A lesson an instructor wrote before class.
order: 1
---

## Watch it

\`\`\`transcript
S: 220 mail.example.com ESMTP Postfix
> The greeting.
C: HELO client.example.net
S: 250 mail.example.com
> Hello back.
C: VRFY bob
S: 252 2.0.0 bob
> VRFY answers 252 here.
\`\`\`
`

test('a lesson file opened through the file input is checked, joins the course for this browser, plays, and can be removed', async ({ page }) => {
  const errors = noErrors(page)
  const sent: string[] = []
  page.on('request', (r) => {
    if (r.method() !== 'GET' || !r.url().startsWith('http://127.0.0.1')) sent.push(`${r.method()} ${r.url()}`)
  })
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto('./#/lessons')
  const input = page.getByLabel('Open a lesson file')
  await input.setInputFiles({ name: 'morning.md', mimeType: 'text/markdown', buffer: Buffer.from(MORNING) })
  const result = page.getByTestId('open-lesson-result')
  await expect(result).toHaveAttribute('data-added', 'true')
  await expect(result).toContainText('was added to the course')
  await expect(page.getByTestId('opened-lesson')).toContainText('Written this morning')

  // A malformed file: its problems as file:line: message, and nothing else changes.
  await input.setInputFiles({ name: 'broken.md', mimeType: 'text/markdown', buffer: Buffer.from(MORNING.replace('```transcript', '```transcipt').replace('id: written-this-morning', 'id: broken-one')) })
  await expect(result).toHaveAttribute('data-added', 'false')
  await expect(page.getByTestId('open-lesson-errors')).toContainText(/broken\.md:\d+: /)
  await expect(page.getByTestId('opened-lesson')).toHaveCount(1)

  // One whose replies the model would not give: every such line listed, file:line.
  await input.setInputFiles({ name: 'wrong.md', mimeType: 'text/markdown', buffer: Buffer.from(MORNING.replace('id: written-this-morning', 'id: wrong-one').replace('title: Written this morning', 'title: A wrong one').replace('S: 252 2.0.0 bob', 'S: 250 2.0.0 bob')) })
  await expect(page.getByTestId('open-lesson-differences')).toContainText(/wrong\.md:\d+: /)
  await expect(page.getByTestId('opened-lesson')).toHaveCount(2)

  // Kept across a reload, and it plays: presenter mode types its lines and the model answers.
  await page.reload()
  await expect(page.getByTestId('opened-lesson')).toHaveCount(2)
  await page.goto('./#/present/written-this-morning/1')
  await expect(page.getByTestId('presenter')).toContainText('Written this morning')
  await expect(rows(page)).toContainText('220 mail.example.com ESMTP Postfix')
  await page.keyboard.press('ArrowRight')
  await expect(rows(page)).toContainText('250 mail.example.com')
  await page.keyboard.press('ArrowRight')
  await expect(rows(page)).toContainText('252 2.0.0 bob')

  await page.goto('./#/lessons')
  await page.getByRole('button', { name: /Remove Written this morning/ }).click()
  await expect(page.getByTestId('opened-lesson')).toHaveCount(1)
  expect(sent).toEqual([]) // nothing uploaded: no request but the site's own files
  expect(errors).toEqual([])
})

test('a lesson file dropped on the lessons view (the seed session JSON shape) joins the course', async ({ page }) => {
  const errors = noErrors(page)
  await page.goto('./#/lessons')
  const seed = JSON.stringify({
    id: 'dropped-session',
    title: 'A dropped session',
    description: 'The seed session shape: direction, data and note.',
    session: [
      { direction: 'server', data: '220 mail.example.com ESMTP Postfix', note: 'The greeting.' },
      { direction: 'client', data: 'HELO client.example.net' },
      { direction: 'server', data: '250 mail.example.com', note: 'Hello back.' },
    ],
  })
  const drop = page.getByTestId('lesson-drop')
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer()
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }))
    return dt
  }, seed)
  await drop.dispatchEvent('dragover', { dataTransfer: transfer })
  await drop.dispatchEvent('drop', { dataTransfer: transfer })
  const result = page.getByTestId('open-lesson-result')
  await expect(result).toBeVisible()
  await expect(result).toHaveAttribute('data-added', 'true')
  expect(errors).toEqual([])
})

test('hand-in: a student saves what they did in a lesson, and the instructor opens the file in the app', async ({ page }) => {
  const errors = noErrors(page)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto('./#/lessons/first-conversation/5')
  await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-kind', 'try')
  await page.getByTestId('terminal').click()
  for (const line of ['telnet mail.example.com 25', 'HELO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<bob@example.com>', 'DATA', 'Subject: Hello Bob', '', 'Handed in.', '.', 'QUIT']) {
    await page.keyboard.type(line)
    await page.keyboard.press('Enter')
  }
  await expect(page.getByTestId('goal-met')).toBeVisible()

  await page.getByTestId('hand-in').locator('summary').click()
  await page.getByLabel('Your name (optional)').fill('Ada Student')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('hand-in-save').click()])
  expect(download.suggestedFilename()).toBe('hand-in-first-conversation-ada-student.json')
  const path = await download.path()
  const saved = JSON.parse(readFileSync(path, 'utf8'))
  expect(saved).toMatchObject({ kind: 'smtp-sim-hand-in', version: 1, lesson: { id: 'first-conversation' }, name: 'Ada Student' })
  expect(saved.steps).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'try', met: 'learner' }), expect.objectContaining({ kind: 'predict', met: null })]))
  await expect(page.getByTestId('hand-in')).toContainText('1 of 2 goals and questions met by you')

  // The instructor, in another browser: the lessons view opens it.
  await page.evaluate(() => localStorage.clear())
  await page.goto('./#/lessons')
  await page.reload()
  await page.getByLabel('Open a lesson file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: readFileSync(path) })
  const view = page.getByTestId('hand-in-view')
  await expect(view).toContainText('Ada Student')
  await expect(view).toContainText('A first conversation')
  await expect(page.locator('[data-testid="hand-in-step"][data-met="learner"]')).toContainText('send bob a message')
  await expect(page.locator('[data-testid="hand-in-step"][data-met="none"]')).toHaveCount(1)
  const conversation = page.getByTestId('hand-in-conversation')
  await expect(conversation).toContainText('C: HELO client.example.net')
  await expect(conversation).toContainText('S: 250 2.0.0 Ok: queued as')
  await expect(conversation).toContainText('S: 221 2.0.0 Bye')
  await expect(page.getByTestId('opened-lesson')).toHaveCount(0) // a hand-in is not a lesson: the course is unchanged

  // A hand-in that was tampered into nonsense is refused with its reason.
  await page.getByLabel('Open a lesson file').setInputFiles({ name: 'hand-in-x.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...saved, steps: [{ id: 'x', title: 'x', kind: 'try', met: 'teacher' }] })) })
  await expect(page.getByTestId('open-lesson-errors')).toContainText('step 1 of the hand-in is not readable')
  expect(errors).toEqual([])
})
