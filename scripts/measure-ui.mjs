#!/usr/bin/env node
// `npm run measure`: the numbers issues 4 and 13 ask for, measured on the built site under /smtp-sim/, served gzipped
// as GitHub Pages serves it (scripts/serve-dist.mjs), in Debian's Chromium. Not a test: it prints figures and ends
// with one line of key=value pairs.
//
//  1. For the lab (#/lab) and a lesson step (#/lessons/first-conversation/2): the first load — the JS and CSS that
//     index.html references, gzipped (the HTML apart) — and everything the page fetched until the network was idle
//     (bytes as served, i.e. gzipped), file by file; and the largest contentful paint: its element, when (unthrottled),
//     and the JS+CSS that had arrived by then.
//  2. Keystroke-to-echo latency over 200 keys: from the keydown event (its timeStamp) to the DOM mutation that shows
//     the character in xterm's rows, p50/p95. xterm draws in a requestAnimationFrame callback, so this includes the
//     wait for the next frame (on average half a frame, ~8 ms at 60 Hz, whatever the page does). Printed beside it:
//     the page's own work per key (keydown to the end of the key's last event handler: xterm's input handling, the
//     shell, the echo parsed into xterm's buffer), and in how many of the keys the echo was drawn in the very
//     next frame (none later is the best a frame-drawn terminal can do).
//  3. A 1 MB paste (a whole SMTP transaction) answered correctly — the mail log shows the message's size — while the
//     main thread never blocks for more than 200 ms at a time (PerformanceObserver longtask entries).
//  4. Lighthouse 12.8.2 (npx -y lighthouse@12.8.2, CHROME_PATH; mobile, simulated throttling) on both routes, served
//     gzipped: performance, accessibility, best practices — the median of --runs runs (Lighthouse varies from run to
//     run, the more so on a loaded machine: the load average is printed with the figures).
//
// Options: --port N, --runs N (Lighthouse runs per route, default 3), --skip-lighthouse, --skip-build (use dist/).
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'

const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
const PORT = option('--port', 4190)
const RUNS = option('--runs', 3)
const BASE = '/smtp-sim/'
const ORIGIN = `http://127.0.0.1:${PORT}${BASE}`
const ROUTES = [
  { key: 'lab', hash: '#/lab', ready: (page) => page.locator('.xterm-rows').getByText('student@client:~$').waitFor() },
  { key: 'lesson', hash: '#/lessons/first-conversation/2', ready: (page) => page.getByTestId('lesson-step').waitFor() },
]
const URL_LAB = ORIGIN + '#/lab'
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium'
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const results = {}

function log(line = '') {
  process.stdout.write(line + '\n')
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
const median = (values) => {
  const s = [...values].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const kib = (bytes) => `${bytes} B = ${(bytes / 1024).toFixed(1)} KiB`
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ')

// --- build and serve ------------------------------------------------------------------------------------------------
if (!args.includes('--skip-build')) {
  log('=== build (BASE=/smtp-sim/)')
  rmSync('dist', { recursive: true, force: true })
  const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit', env: { ...process.env, BASE } })
  if (build.status !== 0) process.exit(1)
}

const server = spawn('node', ['scripts/serve-dist.mjs', '--port', String(PORT), '--base', BASE], { stdio: ['ignore', 'pipe', 'inherit'], detached: true })
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('scripts/serve-dist.mjs did not start')), 30_000)
  server.stdout.on('data', (d) => {
    if (String(d).includes('listening on')) {
      clearTimeout(timer)
      resolve()
    }
  })
})
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM')
  } catch {
    // already gone
  }
}
process.on('exit', stop)

const browser = await chromium.launch({ executablePath: CHROME, args: FLAGS })

try {
  // --- 1. first load and everything until idle ----------------------------------------------------------------------
  const gz = (file) => gzipSync(readFileSync(`dist/assets/${file}`)).length
  const html = readFileSync('dist/index.html', 'utf8')
  const critical = [...html.matchAll(/(?:src|href)="[^"]*assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1])
  const criticalBytes = critical.reduce((n, f) => n + gz(f), 0)
  const htmlBytes = gzipSync(html).length
  log('\n=== 1. first load (JS+CSS that index.html references, gzipped) and everything fetched until idle (as served)')
  for (const f of critical) log(`  first load  ${String(gz(f)).padStart(7)}  ${f}`)
  log(`  first load: ${kib(criticalBytes)} (budget 100 KB); index.html itself ${htmlBytes} B gzipped`)
  results.first_load_gzip = criticalBytes
  results.html_gzip = htmlBytes
  const everything = readdirSync('dist/assets').filter((f) => /\.(js|css)$/.test(f))
  for (const route of ROUTES) {
    const context = await browser.newContext()
    const page = await context.newPage()
    const fetched = new Map()
    page.on('requestfinished', async (request) => {
      const sizes = await request.sizes().catch(() => null)
      // A file asked for twice (the icon: by the page and by the browser) counts once; a cached answer reports no
      // body (Chromium gives a negative size for it).
      const path = new URL(request.url()).pathname.slice(BASE.length) || 'index.html'
      fetched.set(path, Math.max(fetched.get(path) ?? 0, sizes?.responseBodySize ?? 0))
    })
    await page.goto(ORIGIN + route.hash, { waitUntil: 'networkidle' })
    await route.ready(page)
    await page.waitForTimeout(1000)
    const assets = [...fetched].filter(([f]) => /^assets\/.+\.(js|css)$/.test(f))
    const assetBytes = assets.reduce((n, [, b]) => n + b, 0)
    const allBytes = [...fetched.values()].reduce((n, b) => n + b, 0)
    log(`\n  ${route.hash}: fetched until idle`)
    for (const [f, b] of [...fetched].sort((a, b) => b[1] - a[1])) log(`    ${String(b).padStart(7)}  ${f}${critical.includes(f.replace('assets/', '')) ? '  (first load)' : ''}`)
    log(`    JS+CSS until idle: ${kib(assetBytes)}; with the HTML, manifest and icon: ${kib(allBytes)}`)
    const loaded = new Set(assets.map(([f]) => f.replace('assets/', '')))
    log(`    not loaded: ${everything.filter((f) => !loaded.has(f)).length} of ${everything.length} files`)
    results[`${route.key}_idle_gzip`] = assetBytes
    results[`${route.key}_idle_all`] = allBytes
    await context.close()

    // The largest contentful paint on a phone, as Lighthouse's mobile run sees the page (its viewport), unthrottled:
    // so the timing is this machine's, not a phone's; the element and the bytes it waited for are what count.
    const phone = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true })
    const lcpPage = await phone.newPage()
    await lcpPage.addInitScript(() => {
      window.__lcp = null
      // Described when it is seen: the element may be gone by the end (the terminal's frame gives way to xterm).
      new PerformanceObserver((list) => {
        const entry = list.getEntries().at(-1)
        if (!entry) return
        const el = entry.element
        const id = el?.closest('[data-testid]')?.getAttribute('data-testid')
        const what = el ? `<${el.tagName.toLowerCase()}>${id ? ` in [data-testid=${id}]` : ''} "${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50)}"` : entry.url
        window.__lcp = { at: entry.startTime, what }
      }).observe({ type: 'largest-contentful-paint', buffered: true })
    })
    await lcpPage.goto(ORIGIN + route.hash, { waitUntil: 'networkidle' })
    await route.ready(lcpPage)
    await lcpPage.waitForTimeout(1000)
    const lcp = await lcpPage.evaluate(() => {
      const seen = window.__lcp
      if (!seen) return null
      // The JS and CSS whose bodies had arrived by then (gzipped, as served).
      const before = performance.getEntriesByType('resource').filter((r) => /\/assets\/[^/]+\.(js|css)$/.test(r.name) && r.responseEnd <= seen.at)
      return { what: seen.what, at: Math.round(seen.at), bytes: before.reduce((n, r) => n + r.encodedBodySize, 0), files: before.length }
    })
    if (lcp) {
      log(`\n  ${route.hash}: largest contentful paint on a 412×823 phone: ${lcp.what} at ${lcp.at} ms (unthrottled); JS+CSS before it: ${kib(lcp.bytes)} in ${lcp.files} files`)
      results[`${route.key}_lcp_ms`] = lcp.at
      results[`${route.key}_before_lcp_gzip`] = lcp.bytes
    }
    await phone.close()
  }

  // --- 2. keystroke-to-echo latency ---------------------------------------------------------------------------------
  log('\n=== 2. keystroke-to-echo latency, 200 keys')
  const p2 = await browser.newPage()
  await p2.goto(URL_LAB)
  await p2.locator('.xterm-rows').getByText('student@client:~$').waitFor()
  await p2.getByTestId('terminal').click()
  await p2.evaluate(() => {
    const w = window
    w.__keys = []
    w.__echo = []
    w.__done = []
    w.__frame = 0
    w.__keyFrame = 0
    const count = () => {
      w.__frame++
      requestAnimationFrame(count)
    }
    requestAnimationFrame(count)
    const textarea = document.querySelector('.xterm-helper-textarea')
    textarea.addEventListener('keydown', (e) => {
      w.__keys.push(e.timeStamp)
      w.__keyFrame = w.__frame
    }, true)
    // Registered after xterm's own listeners on the same element, so these run after them: the end of the key's work.
    for (const type of ['keydown', 'keypress', 'input', 'keyup']) textarea.addEventListener(type, () => w.__done.push(performance.now()))
    const rows = document.querySelector('.xterm-rows')
    new MutationObserver(() => w.__echo.push({ t: performance.now(), text: rows.textContent, frame: w.__frame })).observe(rows, { subtree: true, childList: true, characterData: true })
  })
  const text = 'abcdefghijklmnopqrstuvwxyz0123456789'
  const latencies = []
  const work = []
  let nextFrame = 0
  let typed = ''
  for (let i = 0; i < 200; i++) {
    if (typed.length >= 60) {
      await p2.keyboard.press('Control+U')
      typed = ''
      await p2.waitForTimeout(30)
    }
    const ch = text[i % text.length]
    const marker = `${typed}${ch}`
    await p2.evaluate(() => {
      window.__keys.length = 0
      window.__echo.length = 0
      window.__done.length = 0
    })
    await p2.keyboard.press(ch)
    await p2.waitForFunction((m) => window.__echo.some((e) => e.text.includes(`~$ ${m}`)), marker)
    const key = await p2.evaluate((m) => {
      const echo = window.__echo.find((e) => e.text.includes(`~$ ${m}`))
      // keydown's own work and the keypress/input that carry the character (keyup comes after the echo was drawn).
      const work = window.__done.filter((t) => t <= echo.t)
      return { ms: echo.t - window.__keys[0], work: Math.max(...work) - window.__keys[0], frames: echo.frame - window.__keyFrame }
    }, marker)
    latencies.push(key.ms)
    work.push(key.work)
    if (key.frames <= 1) nextFrame++
    typed = marker
  }
  latencies.sort((a, b) => a - b)
  work.sort((a, b) => a - b)
  const p50 = quantile(latencies, 0.5)
  const p95 = quantile(latencies, 0.95)
  log(`  keydown to the echo in the DOM: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms (goal: p95 < 16 ms)`)
  log(`  the page's work per key: p50 ${quantile(work, 0.5).toFixed(2)} ms, p95 ${quantile(work, 0.95).toFixed(2)} ms; the echo drawn in the next frame for ${nextFrame} of ${latencies.length} keys`)
  results.echo_p50_ms = p50.toFixed(1)
  results.echo_p95_ms = p95.toFixed(1)
  results.key_work_p50_ms = quantile(work, 0.5).toFixed(2)
  results.echo_next_frame = `${nextFrame}/${latencies.length}`
  await p2.close()

  // --- 3. a 1 MB paste ----------------------------------------------------------------------------------------------
  log('\n=== 3. a 1 MB paste: one SMTP transaction')
  const p3 = await browser.newPage()
  await p3.goto(URL_LAB)
  await p3.locator('.xterm-rows').getByText('student@client:~$').waitFor()
  await p3.getByTestId('terminal').click()
  await p3.keyboard.type('telnet mail.example.com 25')
  await p3.keyboard.press('Enter')
  await p3.locator('.xterm-rows').getByText('220 mail.example.com ESMTP Postfix').waitFor()
  const line = 'The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs.' // 78 characters
  const bodyLines = Math.ceil(1_048_576 / (line.length + 2))
  const body = Array.from({ length: bodyLines }, (_, i) => (i % 1000 === 0 ? '.' + line.slice(1) : line))
  const paste = ['EHLO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<alice@example.com>', 'DATA', 'Subject: one megabyte', '', ...body, '.', 'QUIT', ''].join('\n')
  const started = await p3.evaluate(() => {
    window.__long = []
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: false })
    return performance.now()
  })
  await p3.locator('.xterm-helper-textarea').evaluate((textarea, pasted) => {
    const data = new DataTransfer()
    data.setData('text/plain', pasted)
    textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, paste)
  await p3.getByTestId('modebar').and(p3.locator('[data-mode="shell"]')).waitFor({ timeout: 120_000 })
  await p3.locator('.xterm-rows').getByText('Connection closed by foreign host.').waitFor({ timeout: 120_000 })
  await p3.waitForTimeout(300)
  const { ended, long } = await p3.evaluate(() => ({ ended: performance.now(), long: window.__long }))
  await p3.keyboard.type('clear')
  await p3.keyboard.press('Enter')
  await p3.keyboard.type('tail -n 8 mail.log')
  await p3.keyboard.press('Enter')
  await p3.waitForTimeout(500)
  const shown = (await p3.locator('.xterm-rows').textContent()) ?? ''
  const size = Number(/from=<student@client\.example\.net>, size=(\d+)/.exec(shown)?.[1] ?? 0)
  const delivered = /to=<alice@example\.com>.*status=sent/.test(shown)
  const maxLong = long.length ? Math.max(...long) : 0
  log(`  pasted ${paste.length} characters (${bodyLines} body lines); answered in ${((ended - started) / 1000).toFixed(2)} s`)
  log(`  mail.log: size=${size}, delivered to alice: ${delivered}`)
  log(`  long tasks: ${long.length}, longest ${maxLong.toFixed(0)} ms, over 200 ms: ${long.filter((d) => d > 200).length}`)
  results.paste_bytes = paste.length
  results.paste_ok = size > 1_000_000 && delivered
  results.paste_longest_task_ms = maxLong.toFixed(0)
  results.paste_seconds = ((ended - started) / 1000).toFixed(2)
  await p3.close()
} finally {
  await browser.close()
}

// --- 4. Lighthouse ------------------------------------------------------------------------------------------------------
if (!args.includes('--skip-lighthouse')) {
  log(`\n=== 4. Lighthouse 12.8.2 (mobile emulation, simulated throttling), served gzipped: median of ${RUNS} runs per route`)
  mkdirSync('test-results', { recursive: true })
  const out = 'test-results/lighthouse.json'
  const CATEGORIES = ['performance', 'accessibility', 'best-practices']
  const METRICS = { firstContentfulPaint: 'FCP', largestContentfulPaint: 'LCP', totalBlockingTime: 'TBT', cumulativeLayoutShift: 'CLS', speedIndex: 'SI' }
  for (const route of ROUTES) {
    const runs = []
    for (let i = 0; i < RUNS; i++) {
      const before = load()
      const lh = spawnSync(
        'npx',
        ['-y', 'lighthouse@12.8.2', ORIGIN + route.hash, '--quiet', `--chrome-flags=--headless=new ${FLAGS.join(' ')}`, `--only-categories=${CATEGORIES.join(',')}`, '--output=json', `--output-path=${out}`],
        { stdio: 'inherit', env: { ...process.env, CHROME_PATH: CHROME } },
      )
      if (lh.status !== 0) {
        log(`  ${route.hash} run ${i + 1}: lighthouse did not run`)
        continue
      }
      const report = JSON.parse(readFileSync(out, 'utf8'))
      const scores = Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((report.categories[id]?.score ?? 0) * 100)]))
      const metrics = report.audits.metrics?.details?.items?.[0] ?? {}
      const failing = []
      for (const id of CATEGORIES) {
        for (const ref of report.categories[id]?.auditRefs ?? []) {
          const audit = report.audits[ref.id]
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) failing.push(`${audit.title} (${audit.displayValue ?? audit.score})`)
        }
      }
      runs.push({ scores, metrics, failing })
      const m = Object.entries(METRICS).map(([k, short]) => `${short} ${k === 'cumulativeLayoutShift' ? (metrics[k] ?? 0).toFixed(3) : Math.round(metrics[k] ?? 0)}`).join(', ')
      log(`  ${route.hash} run ${i + 1} (load ${before}): ${CATEGORIES.map((id) => scores[id]).join(' / ')}; ${m}`)
      for (const f of failing) log(`      - ${f}`)
    }
    if (runs.length === 0) continue
    const med = Object.fromEntries(CATEGORIES.map((id) => [id, median(runs.map((r) => r.scores[id]))]))
    const metricMedians = Object.entries(METRICS).map(([k, short]) => `${short} ${k === 'cumulativeLayoutShift' ? median(runs.map((r) => r.metrics[k] ?? 0)).toFixed(3) : Math.round(median(runs.map((r) => r.metrics[k] ?? 0)))}`)
    log(`  ${route.hash} median of ${runs.length}: performance ${med.performance}, accessibility ${med.accessibility}, best practices ${med['best-practices']}; ${metricMedians.join(', ')} (goal: performance >= 98)`)
    for (const id of CATEGORIES) results[`${route.key}_lighthouse_${id.replace('-', '_')}`] = med[id]
  }
  results.load_average = load().replaceAll(' ', '/')
}

stop()
log('\n' + Object.entries(results).map(([k, v]) => `${k}=${v}`).join(' '))
process.exit(0)
