#!/usr/bin/env node
// `npm run measure`: the numbers issue 4 asks for, measured on the built site under /smtp-sim/ in Debian's Chromium.
// Not a test: it prints figures and ends with one line of key=value pairs.
//
//  1. First-load JS+CSS of the lab route, gzip bytes: what index.html references (the critical load), and everything
//     the lab fetches until the network is idle (the lazily loaded model, explain pane, … included).
//  2. Keystroke-to-echo latency over 200 keys: from the keydown event (its timeStamp) to the DOM mutation that shows
//     the character in xterm's rows (the DOM renderer writes in the rendering frame), p50/p95.
//  3. A 1 MB paste (a whole SMTP transaction) answered correctly — the mail log shows the message's size — while the
//     main thread never blocks for more than 200 ms at a time (PerformanceObserver longtask entries).
//  4. Lighthouse 12.8.2 (npx -y lighthouse@12.8.2, CHROME_PATH) on the lab: performance, accessibility, best practices.
//
// Options: --skip-lighthouse, --port N.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'

const args = process.argv.slice(2)
const PORT = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : 4190
const BASE = '/smtp-sim/'
const URL_LAB = `http://127.0.0.1:${PORT}${BASE}#/lab`
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium'
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const results = {}

function log(line = '') {
  process.stdout.write(line + '\n')
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]

// --- build and serve ------------------------------------------------------------------------------------------------
log('=== build (BASE=/smtp-sim/)')
rmSync('dist', { recursive: true, force: true })
const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit', env: { ...process.env, BASE } })
if (build.status !== 0) process.exit(1)

const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BASE }, detached: true })
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('vite preview did not start')), 30_000)
  server.stdout.on('data', (d) => {
    if (String(d).includes(String(PORT))) {
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
  // --- 1. first-load bytes ------------------------------------------------------------------------------------------
  log('\n=== 1. first-load JS+CSS for #/lab (gzip -6 of each file as served)')
  const gz = (file) => gzipSync(readFileSync(`dist/assets/${file}`)).length
  const html = readFileSync('dist/index.html', 'utf8')
  const critical = [...html.matchAll(/(?:src|href)="[^"]*assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1])
  const criticalBytes = critical.reduce((n, f) => n + gz(f), 0)
  for (const f of critical) log(`  critical  ${String(gz(f)).padStart(7)}  ${f}`)
  const context = await browser.newContext()
  const page = await context.newPage()
  const fetched = new Set()
  page.on('response', (r) => {
    const m = /assets\/([^?#]+\.(?:js|css))$/.exec(r.url())
    if (m) fetched.add(m[1])
  })
  await page.goto(URL_LAB, { waitUntil: 'networkidle' })
  await page.locator('.xterm-rows').getByText('student@client:~$').waitFor()
  await page.waitForTimeout(500)
  const lazy = [...fetched].filter((f) => !critical.includes(f))
  for (const f of lazy) log(`  on load  ${String(gz(f)).padStart(7)}  ${f}`)
  const allBytes = [...fetched].reduce((n, f) => n + gz(f), 0)
  const everything = readdirSync('dist/assets').filter((f) => /\.(js|css)$/.test(f))
  log(`  critical (index.html): ${criticalBytes} B = ${(criticalBytes / 1024).toFixed(1)} KiB (budget 120 KB)`)
  log(`  everything the lab fetched until idle: ${allBytes} B = ${(allBytes / 1024).toFixed(1)} KiB`)
  log(`  not loaded on the lab: ${everything.filter((f) => !fetched.has(f)).join(', ')}`)
  results.first_load_gzip = criticalBytes
  results.lab_idle_gzip = allBytes
  await context.close()

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
    const textarea = document.querySelector('.xterm-helper-textarea')
    textarea.addEventListener('keydown', (e) => w.__keys.push(e.timeStamp), true)
    const rows = document.querySelector('.xterm-rows')
    new MutationObserver(() => w.__echo.push({ t: performance.now(), text: rows.textContent })).observe(rows, { subtree: true, childList: true, characterData: true })
  })
  const text = 'abcdefghijklmnopqrstuvwxyz0123456789'
  const latencies = []
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
    })
    await p2.keyboard.press(ch)
    await p2.waitForFunction((m) => window.__echo.some((e) => e.text.includes(`~$ ${m}`)), marker)
    const ms = await p2.evaluate((m) => window.__echo.find((e) => e.text.includes(`~$ ${m}`)).t - window.__keys[0], marker)
    latencies.push(ms)
    typed = marker
  }
  latencies.sort((a, b) => a - b)
  const p50 = quantile(latencies, 0.5)
  const p95 = quantile(latencies, 0.95)
  log(`  p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms (goal: p95 < 16 ms)`)
  results.echo_p50_ms = p50.toFixed(1)
  results.echo_p95_ms = p95.toFixed(1)
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
  log('\n=== 4. Lighthouse 12.8.2 on #/lab (mobile emulation, its default)')
  const out = 'test-results/lighthouse.json'
  const lh = spawnSync(
    'npx',
    ['-y', 'lighthouse@12.8.2', URL_LAB, '--quiet', `--chrome-flags=--headless=new ${FLAGS.join(' ')}`, '--only-categories=performance,accessibility,best-practices', '--output=json', `--output-path=${out}`],
    { stdio: 'inherit', env: { ...process.env, CHROME_PATH: CHROME } },
  )
  if (lh.status === 0) {
    const report = JSON.parse(readFileSync(out, 'utf8'))
    for (const [id, category] of Object.entries(report.categories)) {
      const score = Math.round(category.score * 100)
      log(`  ${category.title}: ${score}`)
      results[`lighthouse_${id.replace('-', '_')}`] = score
      for (const ref of category.auditRefs) {
        const audit = report.audits[ref.id]
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) log(`    - ${audit.title} (${audit.displayValue ?? audit.score})`)
      }
    }
    const metrics = report.audits.metrics?.details?.items?.[0]
    if (metrics) log(`  FCP ${metrics.firstContentfulPaint} ms, LCP ${metrics.largestContentfulPaint} ms, TBT ${metrics.totalBlockingTime} ms, CLS ${metrics.cumulativeLayoutShift}`)
  } else log('  lighthouse did not run')
}

stop()
log('\n' + Object.entries(results).map(([k, v]) => `${k}=${v}`).join(' '))
process.exit(0)
