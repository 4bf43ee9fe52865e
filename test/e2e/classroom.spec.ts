/**
 * The classroom (issue 12 "done when"), on the built site under /smtp-sim/: presenter mode drives the demo from the
 * keyboard (→ types the client's lines into the terminal and the model's replies appear; ← goes back; the end of a
 * transcript goes on to the next step), a prediction revealed with Space, a try goal met live, `#/present/lab`, a
 * clean reset, and lessons opened from a file.
 */
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
