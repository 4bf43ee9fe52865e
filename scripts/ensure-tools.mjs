#!/usr/bin/env node
// Makes sure the tools the test suites drive are there, and prints Chromium's path on the last line of stdout.
//  - Chromium for the browser tests: $CHROME_PATH, Debian's /usr/bin/chromium, or Playwright's own download; if none
//    is there, it tries Playwright's download, then Debian's `chromium` package (apt-get, as root or through sudo).
//  - swaks, the SMTP test client the real-client tests use (Debian's `swaks` package), fetched the same way.
// Says what it did on stderr.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const say = (msg) => process.stderr.write(`[ensure-tools] ${msg}\n`)
const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
const candidates = () => {
  const list = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core')
    list.push(chromium.executablePath())
  } catch {
    // playwright-core not installed or no browser registry: nothing to add
  }
  return list.filter((p) => p && existsSync(p))
}

function run(cmd, args, timeout = 600_000) {
  say(`running: ${cmd} ${args.join(' ')}`)
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], timeout })
  if (result.error) say(`${cmd}: ${result.error.message}`)
  return result.status === 0
}

const root = typeof process.getuid === 'function' && process.getuid() === 0
const apt = (args) => (root ? run('apt-get', args) : run('sudo', ['-n', 'apt-get', ...args]))
process.env.DEBIAN_FRONTEND = 'noninteractive'

let found = candidates()[0]
if (!found) {
  say('no Chromium found; trying Playwright\'s own download')
  // Bounded: where the browser download host is unreachable this either fails at once or would hang.
  run('npx', ['--no-install', 'playwright', 'install', 'chromium'], 120_000)
  found = candidates()[0]
}
const debianPackages = [...(found ? [] : ['chromium']), ...(onPath('swaks') ? [] : ['swaks'])]
if (debianPackages.length > 0) {
  say(`installing Debian packages: ${debianPackages.join(' ')}`)
  // Recommends stay on: they bring fonts-liberation, without which headless Chromium has no fonts to measure.
  if (apt(['update', '-q'])) apt(['install', '-y', '-q', ...debianPackages])
  found = candidates()[0]
}
if (!onPath('swaks')) say('swaks is still missing: the swaks tests will fail')
if (!found) {
  say('could not find or install Chromium. Set CHROME_PATH to a Chromium or Chrome binary.')
  process.exit(1)
}
say(`using ${found}`)
process.stdout.write(found + '\n')
