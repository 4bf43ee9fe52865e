#!/usr/bin/env node
// `npm test`: every suite, in order — type checks, Vitest (unit, property, component, real clients), Playwright on
// the built site under /smtp-sim/ — then one closing line `N passed, N failed` covering all of them.
// Exits non-zero if anything failed. Each type check counts as one test.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const results = { passed: 0, failed: 0, skipped: 0 }
// The runner's own reports, apart from Playwright's artefacts (test-results/playwright), so a stale report is never read.
const outDir = 'test-results/reports'
rmSync(outDir, { recursive: true, force: true, maxRetries: 3 })
mkdirSync(outDir, { recursive: true })

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  return r.status === 0
}

function count(ok, name) {
  if (ok) results.passed++
  else {
    results.failed++
    process.stdout.write(`*** ${name} failed\n`)
  }
}

// Tools first: the real-client tests in Vitest need swaks, Playwright needs Chromium.
const tools = spawnSync('node', ['scripts/ensure-tools.mjs'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' })
const chromePath = tools.stdout.trim().split('\n').pop()
process.env.CHROME_PATH = chromePath || ''

count(step('svelte-check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']), 'svelte-check')
count(step('tsc (config files)', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']), 'tsc')
count(step('tsc (sources, tests, bench)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']), 'tsc (project)')

const vitestJson = `${outDir}/vitest.json`
const vitestOk = step('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'))
  results.passed += r.numPassedTests
  results.failed += r.numFailedTests
  results.skipped += r.numPendingTests + r.numTodoTests
  if (!vitestOk && r.numFailedTests === 0) count(false, 'vitest (suite error)')
} else count(false, 'vitest (no report)')

if (tools.status !== 0 || !chromePath) count(false, 'chromium')
else {
  const pwJson = `${outDir}/playwright.json`
  const pwOk = step('playwright', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    CHROME_PATH: chromePath,
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
    CI: process.env.CI ?? '1',
  })
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats
    results.passed += s.expected + s.flaky
    results.failed += s.unexpected
    results.skipped += s.skipped
    if (!pwOk && s.unexpected === 0) count(false, 'playwright (suite error)')
  } else count(false, 'playwright (no report)')
}

const skipped = results.skipped ? `, ${results.skipped} skipped` : ''
process.stdout.write(`\n${results.passed} passed, ${results.failed} failed${skipped}\n`)
process.exit(results.failed > 0 ? 1 : 0)
