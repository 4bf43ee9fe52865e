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
