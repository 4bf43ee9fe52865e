/**
 * The learner's workspace on the built site under /smtp-sim/ (issue 4 "done when", issue 5's browser test): a
 * session from the shell with a pasted DATA block, reply colours, the explain pane on a 503 and a 550, deep links,
 * the world after the 250 (relay, deferral, expiry, the DSN in `mail` and in the inspector), with no request off the
 * page's origin and no console error.
 */
import { expect, test, type Page } from '@playwright/test'

interface Watch {
  readonly foreign: string[]
  readonly errors: string[]
}

function watch(page: Page): Watch {
  const w: Watch = { foreign: [], errors: [] }
  const origin = new URL(test.info().project.use.baseURL ?? '').origin
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith('data:') && new URL(url).origin !== origin) w.foreign.push(url)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') w.errors.push(message.text())
  })
  page.on('pageerror', (error) => w.errors.push(String(error)))
  return w
}

const rows = (page: Page) => page.locator('.xterm-rows')

async function start(page: Page, path = './#/lab'): Promise<Watch> {
  const w = watch(page)
  await page.goto(path)
  await expect(rows(page)).toContainText('student@client:~$')
  await page.getByTestId('terminal').click()
  return w
}

async function say(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

/**
 * A clipboard paste into xterm's textarea, as the browser delivers one: xterm hands the whole text to onData at once
 * (its line breaks turned into CR). page.keyboard.insertText would not do: Chromium splits it at line breaks.
 */
async function pasteText(page: Page, text: string): Promise<void> {
  await page.locator('.xterm-helper-textarea').evaluate((textarea, pasted) => {
    const data = new DataTransfer()
    data.setData('text/plain', pasted)
    textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, text)
}

test('telnet from the shell, a full transaction with a pasted DATA block, back to the shell', async ({ page }) => {
  const w = await start(page)
  await say(page, 'telnet mail.example.com 25')
  await expect(rows(page)).toContainText("Escape character is '^]'.")
  await expect(rows(page)).toContainText('220 mail.example.com ESMTP Postfix')
  await expect(page.getByTestId('modebar')).toContainText('mail.example.com:25 · plaintext')

  await say(page, 'EHLO client.example.net')
  await expect(rows(page)).toContainText('250-PIPELINING')
  await say(page, 'MAIL FROM:<student@client.example.net>')
  await say(page, 'RCPT TO:<alice@example.com>')
  await say(page, 'DATA')
  await expect(rows(page)).toContainText('354 End data with <CR><LF>.<CR><LF>')
  await expect(page.getByTestId('data-hint')).toHaveText('DATA — end with a line holding only .')

  // The block: header, blank line, a line starting with a dot (sent dot-stuffed), the end-of-data dot.
  await pasteText(page, 'Subject: pasted in one go\nFrom: <student@client.example.net>\n\nHello Alice,\n...and a line that starts with a dot.\nBye\n.\n')
  await expect(rows(page)).toContainText('250 2.0.0 Ok: queued as')
  await expect(page.getByTestId('data-hint')).toHaveCount(0)
  // The explain pane notes the dot-unstuffing the model reported.
  await expect(page.getByTestId('explain-notes')).toContainText('1 line of the message started with a dot')

  await say(page, 'QUIT')
  await expect(rows(page)).toContainText('221 2.0.0 Bye')
  await expect(rows(page)).toContainText('Connection closed by foreign host.')
  await expect(page.getByTestId('modebar')).toHaveAttribute('data-mode', 'shell')

  // Colours by class: 2xx green (palette 2), 3xx cyan (6); codes bold; enhanced codes underlined.
  await expect(page.locator('.xterm-rows span.xterm-fg-2', { hasText: 'Ok: queued as' })).toHaveCount(1)
  await expect(page.locator('.xterm-rows span.xterm-fg-6', { hasText: '354' }).first()).toBeVisible()
  await expect(page.locator('.xterm-rows span.xterm-fg-2[class*="xterm-underline"]', { hasText: '2.0.0' }).first()).toBeVisible()

  // xterm's helper elements are out of sight (its CSS is loaded).
  for (const element of await page.locator('.xterm-char-measure-element').all()) await expect(element).toBeHidden()
  await expect(page.locator('.xterm-helper-textarea')).toHaveCSS('opacity', '0')
  expect(w.errors).toEqual([])
  expect(w.foreign).toEqual([])
})

test('the explain pane takes a 503 and a 550 apart; F1 and ? explain the last reply in the terminal', async ({ page }) => {
  const w = await start(page)
  await say(page, 'telnet mail.example.com 25')
  await say(page, 'EHLO client.example.net')
  await say(page, 'RCPT TO:<alice@example.com>')
  await expect(rows(page)).toContainText('503 5.5.1 Error: need MAIL command')
  await expect(page.locator('.xterm-rows span.xterm-fg-1', { hasText: 'Error: need MAIL command' })).toHaveCount(1)
  const pane = page.getByTestId('explain-pane')
  await expect(pane.getByTestId('explain-basic')).toContainText('Bad sequence of commands.')
  await expect(pane.getByTestId('explain-enhanced')).toContainText('Invalid command')
  await expect(pane.getByTestId('explain-cause')).not.toBeEmpty()
  await expect(pane.getByRole('link', { name: 'RFC 5321 §4.1.4' })).toHaveAttribute('href', 'https://www.rfc-editor.org/rfc/rfc5321#section-4.1.4')

  await page.keyboard.press('F1')
  await expect(rows(page)).toContainText('503: Bad sequence of commands.')

  await say(page, 'MAIL FROM:<student@client.example.net>')
  await say(page, 'RCPT TO:<nobody@example.com>')
  await expect(rows(page)).toContainText('550 5.1.1 <nobody@example.com>: Recipient address rejected')
  await expect(pane.getByTestId('explain-reply')).toContainText('550 5.1.1')
  await expect(pane.getByTestId('explain-basic')).toContainText('mailbox unavailable')
  await expect(pane.getByTestId('explain-enhanced')).toContainText('Bad destination mailbox address')
  await expect(pane.getByTestId('explain-cause')).toContainText('nobody')
  await say(page, '?') // ? and Enter: explained, nothing sent
  await expect(rows(page)).toContainText('5.1.1: Bad destination mailbox address')

  // Each reply announced once in the polite live region; xterm's own screen reader mode is off.
  const live = page.getByTestId('live-region')
  await expect(live).toHaveAttribute('aria-live', 'polite')
  // (the ? explanation quotes the reply shortened, so the whole line is the reply's own announcement)
  await expect(live.getByText('550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table', { exact: true })).toHaveCount(1)
  await expect(page.locator('.xterm-accessibility')).toHaveCount(0)

  // The transcript view: an <ol> of C:/S: lines; hovering a reply shows its meaning.
  await page.getByRole('button', { name: 'Transcript' }).click()
  const transcript = page.getByTestId('transcript')
  await expect(transcript).toContainText('RCPT TO:<nobody@example.com>')
  await transcript.getByRole('button', { name: /503 5\.5\.1/ }).hover()
  await expect(page.getByRole('tooltip').filter({ hasText: 'RCPT and DATA need a MAIL FROM first.' })).toBeVisible()
  expect(w.errors).toEqual([])
  expect(w.foreign).toEqual([])
})

test('deep links open the right view, and the terminal session survives a visit to another view', async ({ page }) => {
  const w = watch(page)
  await page.goto('./#/mail')
  await expect(page.getByRole('link', { name: 'Mailboxes' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('region', { name: 'Mailboxes and messages' })).toBeVisible()
  await expect(page.getByTestId('terminal')).toBeHidden()

  await page.goto('./#/lab')
  await expect(page.getByRole('link', { name: 'Lab' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('terminal')).toBeVisible()
  await page.getByTestId('terminal').click()
  await say(page, 'telnet mail.example.com 25')
  await expect(rows(page)).toContainText('220 mail.example.com')
  await page.getByRole('link', { name: 'Mailboxes' }).click()
  await page.getByRole('link', { name: 'Lab' }).click()
  await expect(rows(page)).toContainText('220 mail.example.com')
  await expect(page.getByTestId('modebar')).toHaveAttribute('data-mode', 'smtp')
  expect(w.errors).toEqual([])
  expect(w.foreign).toEqual([])
})

test('on a phone, picking a mailbox brings its message list into sight (it is below every host\'s mailboxes); another view opens at its top', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  const w = await start(page)
  await say(page, 'telnet mail.example.com 25')
  await expect(rows(page)).toContainText('220 mail.example.com ESMTP Postfix')
  await pasteText(page, 'EHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<alice@example.com>\nDATA\nSubject: Seen on a phone\n\nHello.\n.\nQUIT\n')
  await expect(page.getByTestId('modebar')).toHaveAttribute('data-mode', 'shell')
  await page.getByRole('link', { name: 'Mailboxes' }).click()
  const alice = page.getByRole('navigation', { name: 'Hosts and mailboxes' }).getByRole('button', { name: /^alice/ })
  await alice.click()
  const list = page.getByRole('heading', { name: 'alice@mail.example.com: 1 message' })
  await expect(list).toBeInViewport()
  await expect(page.getByRole('button', { name: /Seen on a phone/ })).toBeInViewport()
  await expect(alice).toBeFocused()
  // A message opened far down the page; another view then opens at its top, not in its middle.
  await page.getByRole('button', { name: /Seen on a phone/ }).click()
  await expect(page.getByRole('heading', { name: 'Seen on a phone' })).toBeInViewport()
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)) // read to its end
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000)
  await page.evaluate(() => (window.location.hash = '#/compose')) // as a link in the page's text would
  await expect(page.getByRole('heading', { name: 'Compose a message' })).toBeInViewport()
  expect(await page.evaluate(() => window.scrollY)).toBe(0)
  expect(w.errors).toEqual([])
})

test('relay, deferral and expiry: carol gets her mail, x@example.org bounces, and the DSN is readable', async ({ page }) => {
  const w = await start(page)
  for (const to of ['carol@example.net', 'x@example.org']) {
    await say(page, 'telnet localhost 25')
    await expect(rows(page)).toContainText('220 client.example.net ESMTP Postfix')
    await pasteText(page, `EHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<${to}>\nDATA\nSubject: to ${to}\n\nHello.\n.\nQUIT\n`)
    await expect(page.getByTestId('modebar')).toHaveAttribute('data-mode', 'shell')
  }
  await say(page, 'clear')
  await say(page, 'mailq')
  await expect(rows(page)).toContainText('(connect to mx.example.org[192.0.2.40]:25: Connection timed out)')
  // The queue lifetime is 5 days (Postfix's maximal_queue_lifetime): after `sleep 5d` the message has bounced.
  await say(page, 'sleep 5d')
  await expect(rows(page)).toContainText('bounced, 4.4.1')
  await expect(rows(page)).toContainText('You have new mail in /var/mail/student')
  await say(page, 'clear')
  await say(page, 'mail')
  await expect(rows(page)).toContainText('MAILER-DAEMON@client')
  await say(page, '1')
  await expect(rows(page)).toContainText('Action: failed')
  await expect(rows(page)).toContainText('Status: 4.4.1')
  await say(page, 'q')

  // The inspector shows the DSN's MIME parts.
  await page.getByRole('link', { name: 'Mailboxes' }).click()
  const inspector = page.getByRole('region', { name: 'Mailboxes and messages' })
  await inspector.getByRole('region', { name: /client\.example\.net/ }).getByRole('button', { name: /^student/ }).click()
  await inspector.getByRole('button', { name: /Undelivered Mail Returned to Sender/ }).click()
  await inspector.getByRole('tab', { name: 'MIME tree' }).click()
  await expect(inspector.getByRole('tabpanel')).toContainText('multipart/report')
  await expect(inspector.getByRole('tabpanel')).toContainText('message/delivery-status')
  // And carol's message was relayed and delivered on mx.example.net.
  await inspector.getByRole('region', { name: /mx\.example\.net/ }).getByRole('button', { name: /^carol/ }).click()
  await expect(inspector.getByRole('button', { name: /to carol@example\.net/ })).toBeVisible()
  expect(w.errors).toEqual([])
  expect(w.foreign).toEqual([])
})

test('STARTTLS on 587: markers in the terminal, and the eavesdropper sees only noise after the handshake', async ({ page }) => {
  const w = await start(page)
  await say(page, 'telnet mail.example.com 587')
  await say(page, 'EHLO client.example.net')
  await say(page, 'STARTTLS')
  await expect(rows(page)).toContainText('220 2.0.0 Ready to start TLS')
  await say(page, 'EHLO client.example.net')
  await expect(rows(page)).toContainText('<~ 250-AUTH')
  await say(page, 'AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=')
  await expect(rows(page)).toContainText('<~ 235 2.7.0 Authentication successful')
  await expect(page.getByTestId('modebar')).toContainText('TLS (simulated)')
  await page.getByRole('button', { name: 'Eavesdropper view' }).click()
  const sniffer = page.getByTestId('eavesdropper')
  await expect(sniffer).toContainText('STARTTLS')
  await expect(sniffer).toContainText('TLS application data')
  await expect(sniffer).not.toContainText('AGFsaWNlAHdvbmRlcmxhbmQ=')
  expect(w.errors).toEqual([])
  expect(w.foreign).toEqual([])
})

test('on a phone: panes stacked, and buttons insert commands to complete', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 })
  await start(page)
  await say(page, 'telnet mail.example.com 25')
  await expect(rows(page)).toContainText('220 mail.example.com')
  const keys = page.getByRole('group', { name: 'Insert a command' })
  await keys.getByRole('button', { name: 'EHLO' }).click()
  await page.keyboard.type('phone.example')
  await page.keyboard.press('Enter')
  await expect(rows(page)).toContainText('250-mail.example.com')
  const terminal = (await page.getByTestId('terminal').boundingBox())!
  const explain = (await page.getByRole('complementary', { name: 'Explanations' }).boundingBox())!
  expect(explain.y).toBeGreaterThan(terminal.y + terminal.height - 1)
})

test('keyboard only: Escape then Tab leaves the terminal and reaches the controls, with a visible focus', async ({ page }) => {
  await start(page)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Tab')
  const focused = page.locator(':focus')
  await expect(focused).not.toHaveClass(/xterm-helper-textarea/)
  const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle)
  expect(outline).not.toBe('none')
})

test('offline-friendly and strict: a web app manifest from the sub-path, no service worker, no other origin', async ({ page, request }) => {
  const w = await start(page)
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', 'manifest.webmanifest')
  const response = await request.get('manifest.webmanifest')
  expect(response.status()).toBe(200)
  const manifest = (await response.json()) as { start_url: string; icons: { src: string }[] }
  expect(manifest.start_url).toBe('./#/lab')
  expect((await request.get(manifest.icons[0]!.src)).status()).toBe(200)
  expect(await page.evaluate(async () => (await navigator.serviceWorker?.getRegistrations())?.length ?? 0)).toBe(0)
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  expect(csp).toContain("default-src 'self'")
  expect(csp).toContain("connect-src 'self'")
  expect(w.foreign).toEqual([])
  expect(w.errors).toEqual([])
})

test('keys typed before xterm has loaded are kept: the frame has the focus and hands them to the shell in order', async ({ page }) => {
  const w = watch(page)
  // xterm is a chunk of its own (issue 13): hold it back, so the keys are surely typed before it is here.
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route(/\/assets\/xterm-view-[^/]+\.js$/, async (route) => {
    await held
    await route.continue()
  })
  await page.goto('./#/lab')
  const frame = page.getByTestId('terminal')
  await expect(frame).toHaveAttribute('data-state', 'starting')
  await expect(frame).toBeFocused()
  await say(page, 'dig +short MX example.net')
  await page.keyboard.type('mailq')
  await page.keyboard.press('Backspace')
  await page.keyboard.type('q')
  await page.keyboard.press('Enter')
  await expect(page.locator('.xterm-rows')).toHaveCount(0)
  release()
  await expect(frame).toHaveAttribute('data-state', 'open')
  await expect(rows(page)).toContainText('10 mx.example.net.')
  await expect(rows(page)).toContainText('Mail queue is empty')
  await expect(page.locator('.xterm-helper-textarea')).toBeFocused()
  expect(w.errors).toEqual([])
})

test('on a phone, the welcome the shell wrote before xterm was here is broken at spaces for xterm’s width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route(/\/assets\/xterm-view-[^/]+\.js$/, async (route) => {
    await held
    await route.continue()
  })
  await page.goto('./#/lab')
  // The model is there (it wrote the welcome) before xterm is.
  await expect(page.getByTestId('modebar')).toHaveAttribute('data-mode', 'shell')
  release()
  await expect(rows(page)).toContainText('student@client:~$')
  const lines = await page.locator('.xterm-rows > div').allTextContents()
  expect(lines.some((l) => l.includes('PREEMPT_DYNAMIC'))).toBe(true) // not cut at the row's end
  expect(lines.some((l) => l.trimEnd().endsWith('nothing you type leaves this page.'))).toBe(true)
})

test('the lab’s first load stays within its budget: 100 KB of gzipped JS and CSS (issue 13), xterm and the model loaded after', async ({ request }) => {
  const { gzipSync } = await import('node:zlib')
  const html = await (await request.get('./')).text()
  const assets = [...html.matchAll(/(?:src|href)="([^"]*assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
  let bytes = 0
  for (const asset of assets) bytes += gzipSync(await (await request.get(asset)).body()).length
  expect(assets.length).toBeGreaterThan(0)
  expect(bytes).toBeLessThanOrEqual(100 * 1024)
  // xterm is not part of it (its chunk alone is over 80 KB).
  expect(assets.some((a) => a.includes('xterm'))).toBe(false)
})

test('compose: the message built from the form is played into the terminal, which connects to the learner’s MTA', async ({ page }) => {
  const w = watch(page)
  await page.goto('./#/compose')
  const compose = page.getByRole('region', { name: 'Compose a message' })
  await expect(compose).toBeVisible({ timeout: 10_000 })
  await expect(page.getByTestId('terminal')).toBeVisible()
  await compose.getByLabel('To', { exact: true }).fill('carol@example.net')
  await compose.getByLabel('Subject').fill('Composed in the browser')
  await compose.getByLabel('Plain text (text/plain)').fill('Hello Carol,\n.a dot line\n')
  await compose.getByRole('button', { name: 'Send in the terminal' }).click()
  // The learner's own MTA answered the EHLO (line by line the conversation is longer than the screen: the live
  // region, which keeps what the terminal printed, still has it).
  await expect(page.getByTestId('live-region')).toContainText('250-client.example.net')
  await expect(rows(page)).toContainText('250 2.0.0 Ok: queued as')
  await expect(rows(page)).toContainText('221 2.0.0 Bye')
  await expect(page.getByTestId('modebar')).toHaveAttribute('data-mode', 'shell')
  expect(w.errors).toEqual([])
  expect(w.foreign).toEqual([])
})
