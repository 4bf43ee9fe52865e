/**
 * The terminal as a student keeps using it across the page (issue 10): it stays exactly as it was after a visit to
 * another view or a window resize while it was hidden. Read from xterm's DOM renderer (`.xterm-rows`), row by row.
 */
import { expect, test, type Page } from '@playwright/test'

const rows = (page: Page) => page.locator('.xterm-rows')

/** The terminal's rows as shown, trailing blanks removed. */
async function screenRows(page: Page): Promise<string[]> {
  return rows(page).evaluate((el) => Array.from(el.children, (row) => (row.textContent ?? '').replace(/\s+$/, '')))
}

async function start(page: Page, path = './#/lab'): Promise<void> {
  await page.goto(path)
  await expect(rows(page)).toContainText('student@client:~$')
  await page.getByTestId('terminal').click()
}

async function say(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

/** A session opened and closed: the last rows are the close and a fresh prompt. */
async function sessionAndBack(page: Page): Promise<void> {
  await say(page, 'telnet mail.example.com 25')
  await expect(rows(page)).toContainText('220 mail.example.com ESMTP Postfix')
  await say(page, 'QUIT')
  await expect(rows(page)).toContainText('Connection closed by foreign host.')
  await expect(page.getByTestId('modebar')).toHaveAttribute('data-mode', 'shell')
}

/** What the rows must show after `mailq` typed at a fresh prompt below `before`'s last output. */
async function expectMailqAfter(page: Page): Promise<void> {
  await page.getByTestId('terminal').click()
  await say(page, 'mailq')
  await expect(rows(page)).toContainText('Mail queue is empty')
  const shown = (await screenRows(page)).filter((r) => r !== '')
  expect(shown.slice(-4)).toEqual(['Connection closed by foreign host.', 'student@client:~$ mailq', 'Mail queue is empty', 'student@client:~$'])
}

test('after the mailboxes, the terminal is exactly as it was, and the next command starts on its own prompt', async ({ page }) => {
  await start(page)
  await sessionAndBack(page)
  const before = await screenRows(page)
  await page.getByRole('link', { name: 'Mailboxes' }).click()
  await expect(page.getByRole('region', { name: 'Mailboxes and messages' })).toBeVisible()
  await expect(page.getByTestId('terminal')).toBeHidden()
  await page.getByRole('link', { name: 'Lab' }).click()
  await expect(page.getByTestId('terminal')).toBeVisible()
  await expect.poll(() => screenRows(page)).toEqual(before)
  await expectMailqAfter(page)
})

test('after Compose (a narrower terminal) the prompt and the output stay whole', async ({ page }) => {
  await start(page)
  await sessionAndBack(page)
  await page.getByRole('link', { name: 'Compose' }).click()
  await expect(page.getByRole('region', { name: 'Compose a message' })).toBeVisible({ timeout: 10_000 })
  await page.getByRole('link', { name: 'Lab' }).click()
  await expectMailqAfter(page)
  // ↑ brings the last command back on the prompt line, without writing over earlier rows.
  await page.keyboard.press('ArrowUp')
  await expect.poll(async () => (await screenRows(page)).filter((r) => r !== '').slice(-3)).toEqual(['student@client:~$ mailq', 'Mail queue is empty', 'student@client:~$ mailq'])
})

test('window resizes while the terminal is hidden leave it as it was at the same size', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await start(page)
  await sessionAndBack(page)
  await page.keyboard.type('EHLO half typed') // a line being edited survives too
  const before = await screenRows(page)
  await page.getByRole('link', { name: 'Mailboxes' }).click()
  await expect(page.getByTestId('terminal')).toBeHidden()
  await page.setViewportSize({ width: 700, height: 500 })
  await page.setViewportSize({ width: 1000, height: 700 })
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.getByRole('link', { name: 'Lab' }).click()
  await expect(page.getByTestId('terminal')).toBeVisible()
  await expect.poll(() => screenRows(page)).toEqual(before)
  await page.getByTestId('terminal').click()
  await page.keyboard.press('Control+U')
  await say(page, 'mailq')
  await expect(rows(page)).toContainText('Mail queue is empty')
  const shown = (await screenRows(page)).filter((r) => r !== '')
  expect(shown.slice(-3)).toEqual(['student@client:~$ mailq', 'Mail queue is empty', 'student@client:~$'])
})

test('a stored personality named __proto__ or constructor is ignored: the server answers as postfix', async ({ page }) => {
  for (const name of ['__proto__', 'constructor']) {
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(String(error)))
    await page.addInitScript((stored) => localStorage.setItem('smtp-sim:personality', stored), name)
    await start(page)
    await expect(page.getByRole('combobox', { name: 'Server' })).toHaveValue('postfix')
    await say(page, 'telnet mail.example.com 25')
    await say(page, 'EHLO client.example.net')
    await expect(rows(page)).toContainText('250-PIPELINING')
    expect(errors).toEqual([])
  }
})

test('a reload keeps the terminal text, the world, the clock and the shell history; Reset the world is one click', async ({ page }) => {
  await start(page)
  await say(page, 'telnet mail.example.com 25')
  await say(page, 'EHLO client.example.net')
  await say(page, 'MAIL FROM:<student@client.example.net>')
  await say(page, 'RCPT TO:<alice@example.com>')
  await say(page, 'DATA')
  await say(page, 'Subject: before the reload')
  await say(page, '')
  await say(page, '.')
  await expect(rows(page)).toContainText('250 2.0.0 Ok: queued as')
  await say(page, 'QUIT')
  await say(page, 'sleep 90m')
  await say(page, 'date')
  await expect(rows(page)).toContainText('11:30:00 UTC 2026')
  const queued = /queued as ([0-9A-F]+)/.exec((await screenRows(page)).join('\n'))![1]!
  const before = await screenRows(page)

  await page.reload()
  // The notice takes two rows of the terminal's height; once read, the screen is exactly as it was.
  await expect(page.getByTestId('session-notice')).toContainText('Your lab session is back')
  await expect(rows(page)).toContainText('Sat May  2 11:30:00 UTC 2026')
  const shown = (await screenRows(page)).filter((r) => r !== '')
  expect(shown).toEqual(before.filter((r) => r !== '').slice(-shown.length))
  await page.getByTestId('session-notice').getByRole('button', { name: 'OK' }).click()
  await expect.poll(() => screenRows(page)).toEqual(before)
  await page.getByTestId('terminal').click()
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowUp')
  await expect(rows(page)).toContainText('student@client:~$ sleep 90m')
  await page.keyboard.press('Control+U')
  await say(page, 'date')
  await expect(rows(page)).toContainText('11:30:00 UTC 2026')
  // The message is where it was, with the same queue id, in the mailbox inspector.
  await page.getByRole('link', { name: 'Mailboxes' }).click()
  const inspector = page.getByRole('region', { name: 'Mailboxes and messages' })
  await inspector.getByRole('region', { name: /mail\.example\.com/ }).getByRole('button', { name: /^alice/ }).click()
  await expect(inspector.getByRole('button', { name: /before the reload/ })).toBeVisible()
  await page.getByRole('link', { name: 'Lab' }).click()

  // Reset the world: one click, a fresh world, and a reload keeps that too.
  await page.getByTestId('reset-world').click()
  await expect(rows(page)).toContainText('(A fresh world')
  await page.getByTestId('terminal').click()
  await say(page, 'mail')
  await page.reload()
  await expect(rows(page)).toContainText('(A fresh world')
  await expect(rows(page)).not.toContainText(queued)
})

test('corrupt saved data: a fresh world and a visible notice', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('smtp-sim:lab-session', '{"v":1,"start":{"seed":1,"personality":"constructor"'))
  await start(page)
  await expect(page.getByTestId('session-notice')).toContainText('This is a fresh world')
  await say(page, 'telnet mail.example.com 25')
  await expect(rows(page)).toContainText('220 mail.example.com ESMTP Postfix')
})

test('Tab completes commands, hosts and SMTP verbs; Escape then Tab leaves the terminal, the line kept', async ({ page }) => {
  await start(page)
  await page.keyboard.type('tel')
  await page.keyboard.press('Tab')
  await page.keyboard.type('mai')
  await page.keyboard.press('Tab')
  await page.keyboard.type('2')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(rows(page)).toContainText('student@client:~$ telnet mail.example.com 25')
  await expect(rows(page)).toContainText('220 mail.example.com ESMTP Postfix')
  await page.keyboard.type('eh')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(rows(page)).toContainText('250-mail.example.com')
  await page.keyboard.type('MA')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(page.locator('.xterm-helper-textarea')).toBeFocused()
  // Escape, Tab: the focus moves on; the typed line is still there when the learner comes back.
  await page.keyboard.press('Escape')
  await page.keyboard.press('Tab')
  await expect(page.locator('.xterm-helper-textarea')).not.toBeFocused()
  await page.keyboard.press('Shift+Tab')
  await expect(page.locator('.xterm-helper-textarea')).toBeFocused()
  await page.keyboard.type('student@client.example.net>')
  await page.keyboard.press('Enter')
  await expect(rows(page)).toContainText('MAIL FROM:<student@client.example.net>')
  await expect(rows(page)).toContainText('250 2.1.0 Ok')
})

test('keyboard help where the terminal is: Tab completes, Escape then Tab leaves, on screen and in its name; its focus ring is whole', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 })
  await start(page)
  await expect(page.getByTestId('modebar')).toContainText('Tab completes · Esc Tab leaves')
  await expect(page.getByLabel(/Tab completes; Escape then Tab leaves the terminal/).first()).toBeAttached()
  // The ring is an inset shadow on the terminal's frame, in a padding xterm does not cover, on all four sides.
  const host = page.locator('.xterm-host')
  expect(await host.evaluate((el) => getComputedStyle(el).boxShadow)).toMatch(/inset/)
  const frame = (await host.boundingBox())!
  const screen = (await page.locator('.xterm-screen').boundingBox())!
  const ring = 2
  expect(screen.x).toBeGreaterThanOrEqual(frame.x + ring)
  expect(screen.y).toBeGreaterThanOrEqual(frame.y + ring)
  expect(screen.x + screen.width).toBeLessThanOrEqual(frame.x + frame.width - ring)
  expect(screen.y + screen.height).toBeLessThanOrEqual(frame.y + frame.height - ring)
  // And the frame itself is not cut off by the column it sits in.
  const column = (await page.locator('section.terminal-pane').boundingBox())!
  expect(frame.x + frame.width).toBeLessThanOrEqual(column.x + column.width + 0.5)
})
