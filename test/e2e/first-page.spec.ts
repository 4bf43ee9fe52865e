/**
 * The first page, in a real browser, on the built site under /smtp-sim/: the shell, `telnet mail.example.com 25`, a
 * whole mail transaction typed key by key, reply colours, xterm's CSS, a paste, and a page that stays on its own
 * origin with a clean console. The terminal is read from xterm's DOM renderer (`.xterm-rows`), not a test hook.
 */
import { expect, test, type Page } from '@playwright/test'

interface Watch {
  readonly foreign: string[]
  readonly errors: string[]
}

/** Open the page and record every request to another origin and every console error. */
async function openPage(page: Page): Promise<Watch> {
  const watch: Watch = { foreign: [], errors: [] }
  const origin = new URL(test.info().project.use.baseURL ?? '').origin
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith('data:') && new URL(url).origin !== origin) watch.foreign.push(url)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push(message.text())
  })
  page.on('pageerror', (error) => watch.errors.push(String(error)))
  await page.goto('./')
  await expect(rows(page)).toContainText('student@client:~$')
  await page.getByTestId('terminal').click()
  return watch
}

/** From the shell into an SMTP session with mail.example.com. */
async function connect(page: Page): Promise<void> {
  await say(page, 'telnet mail.example.com 25')
  await expect(rows(page)).toContainText('220 mail.example.com ESMTP Postfix')
}

const rows = (page: Page) => page.locator('.xterm-rows')

/** A span of the terminal with a palette colour, holding some text. */
const coloured = (page: Page, palette: number, text: string) =>
  page.locator(`.xterm-rows span.xterm-fg-${palette}`, { hasText: text })

async function say(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

test('the page has a title, a header and a terminal that fills most of the main area', async ({ page }) => {
  const watch = await openPage(page)
  await expect(page).toHaveTitle(/smtp-sim/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('smtp-sim')
  const terminal = await page.getByTestId('terminal').boundingBox()
  const viewport = page.viewportSize()!
  expect(terminal!.height).toBeGreaterThan(viewport.height * 0.6)
  expect(terminal!.width).toBeGreaterThan(viewport.width * 0.5)
  // xterm.css is loaded: its measuring row and input textarea are out of sight.
  const measuring = await page.locator('.xterm-char-measure-element').all()
  expect(measuring.length).toBeGreaterThan(0)
  for (const element of measuring) await expect(element).toBeHidden()
  // (xterm moves the textarea to the cursor for IMEs, so it has a size; the stylesheet keeps it transparent.)
  await expect(page.locator('.xterm-helper-textarea')).toHaveCSS('opacity', '0')
  await expect(page.locator('.xterm-viewport')).toHaveCSS('overflow-y', 'scroll')
  expect(watch.errors).toEqual([])
  expect(watch.foreign).toEqual([])
})

test('the page declares a strict CSP and a favicon that loads from under the sub-path', async ({ page, request }) => {
  await openPage(page)
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  expect(csp).toContain("script-src 'self'")
  expect(csp).toContain("object-src 'none'")
  expect(csp).not.toContain('unsafe-eval')
  const icon = page.locator('link[rel="icon"]')
  await expect(icon).toHaveAttribute('href', 'favicon.svg')
  const response = await request.get('favicon.svg')
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toContain('image/svg+xml')
})

test('the terminal refits when the window narrows, and the line being typed survives it', async ({ page }) => {
  await openPage(page)
  await connect(page)
  const wide = (await page.locator('.xterm-screen').boundingBox())!.width
  await page.keyboard.type('NO')
  await page.setViewportSize({ width: 480, height: 600 })
  await expect.poll(async () => (await page.locator('.xterm-screen').boundingBox())!.width).toBeLessThan(wide * 0.6)
  await page.keyboard.type('OP')
  await page.keyboard.press('Enter')
  await expect(rows(page)).toContainText('250 2.0.0 Ok')
})

test('a whole transaction typed at the keyboard is queued, and QUIT closes the connection', async ({ page }) => {
  const watch = await openPage(page)
  await connect(page)
  await expect(coloured(page, 2, '220 ')).toHaveCount(1)

  await say(page, 'EHLO client.example.net')
  await expect(rows(page)).toContainText('250-mail.example.com')
  await say(page, 'MAIL FROM:<student@client.example.net>')
  await expect(rows(page)).toContainText('250 2.1.0 Ok')
  await say(page, 'RCPT TO:<alice@example.com>')
  await expect(rows(page)).toContainText('250 2.1.5 Ok')
  await say(page, 'DATA')
  await expect(rows(page)).toContainText('354 End data with <CR><LF>.<CR><LF>')
  await expect(coloured(page, 6, '354 ')).toHaveCount(1)
  for (const line of ['Subject: first page', '', 'Hello Alice,', '.a line that starts with a dot', 'Bye']) await say(page, line)
  await say(page, '.')
  await expect(rows(page)).toContainText('250 2.0.0 Ok: queued as')
  await say(page, 'QUIT')
  await expect(rows(page)).toContainText('221 2.0.0 Bye')
  await expect(rows(page)).toContainText('Connection closed by foreign host.')

  // Reply colours: the whole 250 line green, its code bold, its enhanced status code underlined.
  await expect(coloured(page, 2, 'Ok: queued as')).toHaveCount(1)
  await expect(page.locator('.xterm-rows span.xterm-fg-2.xterm-bold', { hasText: '250' }).first()).toBeVisible()
  await expect(page.locator('.xterm-rows span.xterm-fg-2[class*="xterm-underline"]', { hasText: '2.0.0' }).first()).toBeVisible()
  await expect(coloured(page, 2, '221 ')).toHaveCount(1)
  // What the learner typed is echoed in the default colour.
  await expect(page.locator('.xterm-rows span[class*="xterm-fg-"]', { hasText: 'Hello Alice' })).toHaveCount(0)

  expect(watch.errors).toEqual([])
  expect(watch.foreign).toEqual([])
})

test('RCPT before MAIL is a 503, shown in red', async ({ page }) => {
  const watch = await openPage(page)
  await connect(page)
  await say(page, 'EHLO client.example.net')
  await say(page, 'RCPT TO:<alice@example.com>')
  await expect(rows(page)).toContainText('503 5.5.1 Error: need MAIL command')
  await expect(coloured(page, 1, 'Error: need MAIL command')).toHaveCount(1)
  expect(watch.errors).toEqual([])
})

test('line editing: cursor keys, backspace and Ctrl-U change what is sent', async ({ page }) => {
  await openPage(page)
  await connect(page)
  await page.keyboard.type('NOOP')
  await page.keyboard.press('Control+U')
  await page.keyboard.type('HLO client.example.net')
  await page.keyboard.press('Home')
  await page.keyboard.type('E')
  await page.keyboard.press('End')
  await page.keyboard.type('xx')
  await page.keyboard.press('Backspace')
  await page.keyboard.press('Backspace')
  await page.keyboard.press('Enter')
  await expect(rows(page)).toContainText('250-mail.example.com')
  await expect(rows(page)).not.toContainText('NOOP')
})

test('a pasted block is sent whole: pipelined commands and a DATA block with its blank line', async ({ page }) => {
  const watch = await openPage(page)
  await connect(page)
  const block = [
    'EHLO client.example.net',
    'MAIL FROM:<student@client.example.net>',
    'RCPT TO:<bob@example.com>',
    'DATA',
    'Subject: pasted',
    '',
    'Body after the blank line.',
    '.',
    'QUIT',
    '',
  ].join('\n')
  // The browser's paste event, as a clipboard paste delivers it to xterm's hidden textarea.
  await page.locator('.xterm-helper-textarea').evaluate((textarea, text) => {
    const data = new DataTransfer()
    data.setData('text/plain', text)
    textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, block)
  await expect(rows(page)).toContainText('250 2.0.0 Ok: queued as')
  await expect(rows(page)).toContainText('221 2.0.0 Bye')
  expect(watch.errors).toEqual([])
})
