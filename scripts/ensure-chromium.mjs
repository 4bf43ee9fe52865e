#!/usr/bin/env node
// Finds a Chromium for the browser tests, or gets one, and prints its path on the last line of stdout.
// Order: $CHROME_PATH, Debian's /usr/bin/chromium, Playwright's own download; if none is there, try Playwright's
// download, then Debian's `chromium` package (apt-get; as root, or through sudo). Says what it did on stderr.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const say = (msg) => process.stderr.write(`[chromium] ${msg}\n`)
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

function run(cmd, args) {
  say(`running: ${cmd} ${args.join(' ')}`)
  return spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 }).status === 0
}

let found = candidates()[0]
if (!found) {
  say('no Chromium found; trying Playwright\'s own download')
  run('npx', ['--no-install', 'playwright', 'install', 'chromium'])
  found = candidates()[0]
}
if (!found) {
  say('Playwright\'s download is not available here; installing Debian\'s chromium package')
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  const apt = (args) => (root ? run('apt-get', args) : run('sudo', ['-n', 'apt-get', ...args]))
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  process.env.DEBIAN_FRONTEND = env.DEBIAN_FRONTEND
  if (apt(['update', '-q'])) apt(['install', '-y', '-q', 'chromium'])
  found = candidates()[0]
}
if (!found) {
  say('could not find or install Chromium. Set CHROME_PATH to a Chromium or Chrome binary.')
  process.exit(1)
}
say(`using ${found}`)
process.stdout.write(found + '\n')
