import { chromium } from '@playwright/test'
const [,, name, width, height, hash, script] = process.argv
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } })
const errors = []
page.on('pageerror', (e) => errors.push(String(e)))
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
await page.goto('http://127.0.0.1:4211/smtp-sim/' + (hash ?? '#/lab'))
await page.waitForSelector('.xterm-rows')
await page.waitForTimeout(700)
if (script) await (await import(script)).default(page)
await page.screenshot({ path: `/tmp/term/shots/${name}.png` })
if (errors.length) console.log('ERRORS', errors)
await browser.close()
