/**
 * The page around the terminal (issue 10 items 10-12): the first-run card and "continue where you left off", the
 * two-pane lesson view below a wide screen with the explanations one switch away, text size for all text, the theme
 * back to following the system, and a phone's header.
 */
import { expect, test, type Page } from '@playwright/test'

const rows = (page: Page) => page.locator('.xterm-rows')

test('first visit: a card offers lesson 1 with its time, or the lab; a returning learner is offered to continue', async ({ page }) => {
  await page.goto('./#/lab')
  const card = page.getByTestId('welcome-card')
  await expect(card.getByRole('heading', { name: 'New to SMTP?' })).toBeVisible()
  const start = card.getByRole('link', { name: /^Start lesson 1 \(\d+ min\) →$/ })
  await start.click()
  await expect(page).toHaveURL(/#\/lessons\/how-email-moves/) // the course starts with "How email moves" (issue 15 §8)
  await expect(page.getByTestId('lesson-pane')).toBeVisible()
  await page.getByRole('link', { name: 'Lab' }).click()
  await expect(rows(page)).toContainText('student@client')
  await expect(card).toHaveCount(0) // chosen: it does not come back

  // A later visit: the lesson last opened is one click away.
  await page.reload()
  await expect(card.getByRole('heading', { name: 'Welcome back' })).toBeVisible()
  await expect(card).toContainText('Continue where you left off: lesson 1')
  await card.getByRole('button', { name: 'Not now: the lab' }).click()
  await expect(card).toHaveCount(0)
})

test('jump into the lab puts the card away for good', async ({ page }) => {
  await page.goto('./#/lab')
  await page.getByTestId('welcome-card').getByRole('button', { name: 'or jump into the lab' }).click()
  await expect(page.getByTestId('welcome-card')).toHaveCount(0)
  await page.reload()
  await expect(rows(page)).toContainText('student@client')
  await expect(page.getByTestId('welcome-card')).toHaveCount(0)
})

test('lessons at 1024×768: lesson and terminal side by side, the explanations behind a switch; three columns when wide', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.goto('./#/lessons/first-conversation')
  await expect(page.getByTestId('lesson-pane')).toBeVisible()
  await expect(page.getByRole('complementary', { name: 'Explanations' })).toHaveCount(0)
  const lesson = (await page.getByTestId('lesson-slot').boundingBox())!
  const terminal = (await page.getByTestId('terminal').boundingBox())!
  expect(lesson.width).toBeGreaterThan(380)
  expect(terminal.x).toBeGreaterThan(lesson.x + lesson.width - 1)
  await page.getByTestId('show-explanations').click()
  await expect(page.getByTestId('explain-pane')).toBeVisible()
  await expect(page.getByTestId('lesson-pane')).toBeHidden()
  await page.getByRole('button', { name: 'Lesson', exact: true }).click()
  await expect(page.getByTestId('lesson-pane')).toBeVisible()

  await page.setViewportSize({ width: 1920, height: 1080 })
  await expect(page.getByRole('complementary', { name: 'Explanations' })).toBeVisible()
  await expect(page.getByTestId('show-explanations')).toHaveCount(0)
})

test('A+ scales all text, not only the terminal; the theme can go back to following the system', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto('./#/lab')
  const heading = page.getByRole('heading', { level: 1 })
  const before = await heading.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  const cellBefore = (await page.locator('.xterm-rows > div').first().boundingBox())!.height
  await page.getByRole('button', { name: 'A+ larger text' }).click()
  await page.getByRole('button', { name: 'A+ larger text' }).click()
  await expect.poll(() => heading.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThan(before * 1.15)
  await expect.poll(async () => (await page.locator('.xterm-rows > div').first().boundingBox())!.height).toBeGreaterThan(cellBefore)
  await expect(page.getByRole('group', { name: 'Text size' })).toContainText('120%')

  const theme = page.getByRole('combobox', { name: 'Theme' })
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark') // the system's
  await theme.selectOption('light')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await theme.selectOption('system')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.reload()
  await expect(theme).toHaveValue('system')
})

test('at 320 px every view link is on the screen, none clipped', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 })
  await page.goto('./#/lab')
  for (const name of ['Lab', 'Lessons', 'Compose', 'Mailboxes']) {
    const box = (await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name }).boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(320)
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
})

test('compose: no error before any input, human labels, the world’s date, and the transaction line by line', async ({ page }) => {
  await page.goto('./#/compose')
  const compose = page.getByRole('region', { name: 'Compose a message' })
  await expect(compose).toBeVisible({ timeout: 10_000 })
  await expect(compose).not.toContainText('is required')
  await expect(compose.getByLabel('MIME type (optional)')).toBeVisible()
  await compose.getByLabel('To', { exact: true }).fill('alice@example.com')
  await compose.getByLabel('Subject').fill('Line by line')
  await compose.getByLabel('Plain text (text/plain)').fill('Hello Alice\n')
  await compose.getByText('The message (RFC 5322 and MIME').click()
  await expect(compose.locator('pre').first()).toContainText('Date: Sat, 02 May 2026 10:00:00 +0000') // the world's clock
  await compose.getByRole('button', { name: 'Send in the terminal' }).click()
  await expect(rows(page)).toContainText('221 2.0.0 Bye')
  const shown = await rows(page).evaluate((el) => Array.from(el.children, (r) => (r.textContent ?? '').trim()))
  const at = (start: string) => shown.findIndex((r) => r.startsWith(start))
  expect(at('MAIL FROM:<student@client.example.net>')).toBeLessThan(at('250 2.1.0 Ok'))
  expect(at('250 2.1.0 Ok')).toBeLessThan(at('RCPT TO:<alice@example.com>'))
  expect(at('RCPT TO:<alice@example.com>')).toBeLessThan(at('250 2.1.5 Ok'))
  expect(at('250 2.1.5 Ok')).toBeLessThan(at('DATA'))
})

test('a disabled button looks unavailable: faded, a dashed border and a not-allowed cursor, beside one that is not', async ({ page }) => {
  await page.goto('./#/lessons/first-conversation/1')
  const back = page.getByTestId('step-back')
  const next = page.getByTestId('step-next')
  await expect(back).toBeDisabled()
  await expect(next).toBeEnabled()
  const look = (el: Element) => {
    const s = getComputedStyle(el)
    return { opacity: Number(s.opacity), border: s.borderTopStyle, cursor: s.cursor }
  }
  expect(await back.evaluate(look)).toEqual({ opacity: expect.any(Number), border: 'dashed', cursor: 'not-allowed' })
  expect((await back.evaluate(look)).opacity).toBeLessThan(0.7)
  expect(await next.evaluate(look)).toEqual({ opacity: 1, border: 'solid', cursor: 'pointer' })
})
