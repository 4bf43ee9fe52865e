/**
 * Browser tests on the built site, served under the /smtp-sim/ sub-path as GitHub Pages would, with Debian's
 * Chromium (design §7). Playwright downloads no browser: CHROME_PATH (set by scripts/test-all.mjs) or
 * /usr/bin/chromium. Reporters come from the command line.
 */
import { defineConfig } from '@playwright/test'

// PW_PORT lets several checkouts on one machine run their browser suites at once.
const PORT = Number(process.env.PW_PORT ?? 4173)
const BASE_URL = `http://127.0.0.1:${PORT}/smtp-sim/`

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  webServer: {
    command: `npx vite build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    env: { BASE: '/smtp-sim/' },
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
