/**
 * What a lesson step costs to load (issue 13), on the built site: the lesson comes as data compiled at build time, so
 * the page never fetches the lesson parser (YAML, validation, the replay checker), only the lesson it opens.
 */
import { expect, test, type Page } from '@playwright/test'

const STEP = './#/lessons/first-conversation/2'

/** Every JS and CSS file the page fetched, with its body, until it is idle after `ready`. */
async function fetchedUntilIdle(page: Page, url: string, ready: () => Promise<void>): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  const pending: Promise<void>[] = []
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname
    // A body still on its way when the test has ended cannot be read (Playwright rejects): it is not counted, and the
    // rejection must not fail the test (a chunk the terminal imports may arrive after the test's last check).
    if (/\/assets\/[^/]+\.(js|css)$/.test(path)) pending.push(response.body().then((body) => void files.set(path, body), () => undefined))
  })
  await page.goto(url, { waitUntil: 'networkidle' })
  await ready()
  await page.waitForTimeout(1000)
  await Promise.all(pending)
  return files
}

test('a lesson step fetches its lesson and none of the lesson parser', async ({ page }) => {
  const files = await fetchedUntilIdle(page, STEP, () => expect(page.getByTestId('lesson-step')).toBeVisible())
  const text = [...files.values()].map((b) => b.toString('utf8'))
  // The lesson's own text came (as data), and no other lesson's.
  expect(text.some((t) => t.includes('Say hello and give'))).toBe(true)
  expect(text.some((t) => t.includes('smtp-smuggling') && t.includes('"steps"'))).toBe(false)
  // Messages only the parser has: format.ts's front-matter errors, the YAML package's own.
  for (const [path, body] of files) {
    const code = body.toString('utf8')
    expect(code.includes('a lesson starts with front matter'), `${path} holds the lesson parser`).toBe(false)
    expect(code.includes('tag:yaml.org,2002:'), `${path} holds the YAML package`).toBe(false)
  }
})

test('a lesson step stays within its budget: 160 KB of gzipped JS and CSS until idle (issue 13), no xterm until reached for', async ({ page }) => {
  const { gzipSync } = await import('node:zlib')
  const files = await fetchedUntilIdle(page, STEP, () => expect(page.getByTestId('lesson-step')).toBeVisible())
  let bytes = 0
  for (const body of files.values()) bytes += gzipSync(body).length
  expect(files.size).toBeGreaterThan(0)
  expect(bytes).toBeLessThanOrEqual(160 * 1024)
  // A transcript step is read first: xterm comes when the learner reaches for the terminal.
  expect([...files.keys()].some((path) => path.includes('xterm'))).toBe(false)
  await page.getByTestId('terminal').click()
  await expect(page.locator('.xterm-rows')).toContainText('student@client:~$')
})

/** Text only the SMTP model has (src/smtp/session.ts) and only the reply catalogue has (src/smtp/replies.ts). */
const MODEL = 'an SMTP command starts with a letter'
const CATALOGUE = 'rejected by DMARC policy for {domain}'

test('a transcript step\'s text comes without the SMTP model: the model and the reply catalogue come when the terminal is reached for', async ({ page }) => {
  const files = await fetchedUntilIdle(page, STEP, () => expect(page.getByTestId('lesson-step')).toContainText('Say hello'))
  const holding = (marker: string) => [...files].filter(([, body]) => body.toString('utf8').includes(marker)).map(([path]) => path)
  // Presenter mode, the sandbox, try and predict steps and the world's faults are chunks of their own (parts.ts).
  expect(holding(MODEL), 'chunks holding the model before the terminal was reached for').toEqual([])
  expect(holding(CATALOGUE), 'chunks holding the reply catalogue before the terminal was reached for').toEqual([])
  // The markers are right: reaching for the terminal brings both.
  await page.getByTestId('terminal').click()
  await expect(page.locator('.xterm-rows')).toContainText('student@client:~$')
  await expect.poll(() => holding(MODEL).length).toBeGreaterThan(0)
  await expect.poll(() => holding(CATALOGUE).length).toBeGreaterThan(0)
})

test('a lesson step on a phone does not shift while it loads: the terminal below the lesson stays where it will be', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.addInitScript(() => {
    const w = window as unknown as { shifts: number[] }
    w.shifts = []
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!entry.hadRecentInput) w.shifts.push(entry.value)
      }
    }).observe({ type: 'layout-shift', buffered: true })
  })
  await page.goto(STEP, { waitUntil: 'networkidle' })
  await expect(page.getByTestId('lesson-step')).toBeVisible()
  await page.waitForTimeout(500)
  const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)
  // Lighthouse counts a shift score over 0.1 as poor; the terminal jumping away under the lesson scored 0.7.
  expect(shifts.reduce((a, b) => a + b, 0)).toBeLessThan(0.1)
})

/** The files the page's <link rel="modulepreload"> and <link rel="preload"> elements ask for (build/early-fetch.ts). */
const preloaded = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload], link[rel=preload]')].map((l) => new URL(l.href).pathname.split('/').pop() ?? ''))

test('a lesson link asks for the lesson pane and its lesson from the start, not after the first paint; the lab asks for neither', async ({ page, request }) => {
  // The page's own boot script (same origin: the CSP allows no inline script), before the app's module script.
  const html = await (await request.get('./')).text()
  expect(html).toMatch(/<script async crossorigin src="[^"]*assets\/boot-[\w-]+\.js"><\/script>\s*<script type="module"/)
  await page.goto(STEP)
  await expect(page.getByTestId('lesson-step')).toBeVisible()
  const files = await preloaded(page)
  expect(files.some((f) => /^LessonPane-[\w-]+\.js$/.test(f))).toBe(true)
  expect(files.some((f) => /^LessonPane-[\w-]+\.css$/.test(f))).toBe(true)
  expect(files.some((f) => /^first-conversation-[\w-]+\.js$/.test(f))).toBe(true)
  expect(files.some((f) => /^bounces-/.test(f))).toBe(false) // only the lesson linked to
  // A presenter link is a lesson step too.
  await page.goto('./#/present/first-conversation/2')
  await page.reload()
  await expect.poll(async () => (await preloaded(page)).some((f) => /^first-conversation-/.test(f))).toBe(true)
  // The lab's first load is the lab's: nothing of the lessons.
  await page.goto('./#/lab')
  await page.reload()
  await expect(page.locator('.xterm-rows')).toContainText('student@client:~$')
  expect((await preloaded(page)).filter((f) => /^(LessonPane|first-conversation)-/.test(f))).toEqual([])
})

test('without JavaScript the page says what it is and why it is empty, instead of a blank page', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto('./#/lab')
  await expect(page.getByRole('heading', { name: 'smtp-sim', level: 1 })).toBeVisible()
  // (Playwright's text search leaves <noscript> out, whatever the browser makes of it: read the element.)
  await expect(page.locator('.no-script')).toBeVisible()
  await expect(page.locator('.no-script')).toContainText('needs JavaScript, which is turned off here')
  await context.close()
})
