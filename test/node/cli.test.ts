/**
 * `npm run serve` as a user runs it: a real process (node with tsx's loader, as `tsx src/node/cli.ts` does) that
 * prints `listening on <host>:<port>`, talks SMTP, and exits 0 on SIGTERM/SIGINT; bad options exit 2 with the usage.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { forData, RawClient } from './raw-client'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const children: ChildProcess[] = []
const dirs: string[] = []

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

interface Run {
  readonly child: ChildProcess
  readonly stdout: () => string
  readonly stderr: () => string
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function serve(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  return { child, stdout: () => out, stderr: () => err, exit }
}

/** Wait for the `listening on` line; its port. */
async function listening(run: Run): Promise<number> {
  for (;;) {
    const match = /^listening on 127\.0\.0\.1:(\d+)$/m.exec(run.stdout())
    if (match) return Number(match[1])
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode}: ${run.stderr()}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('npm run serve', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints "listening on", talks SMTP, and exits 0 on ${signal}`, { timeout: 20_000 }, async () => {
      const run = serve(['--host', '127.0.0.1', '--port', '0'])
      const port = await listening(run)
      expect(port).toBeGreaterThan(0)
      expect(run.stdout()).toBe(`listening on 127.0.0.1:${port}\n`)
      const c = await RawClient.open(port)
      expect(await c.reply()).toEqual(['220 mail.example.com ESMTP Postfix'])
      await c.send('EHLO client.example.net\r\nNOOP\r\n')
      expect((await c.replies(2))[1]).toEqual(['250 2.0.0 Ok'])
      // An open connection must not keep the server from closing.
      run.child.kill(signal)
      expect(await run.exit).toEqual({ code: 0, signal: null })
      c.close()
    })
  }

  it('--profile submission --personality rfc --allow-plaintext-auth: port 587 behaviour with AUTH before TLS', { timeout: 20_000 }, async () => {
    const run = serve(['--port', '0', '--profile', 'submission', '--personality', 'rfc', '--allow-plaintext-auth'])
    const port = await listening(run)
    const c = await RawClient.open(port)
    await c.reply()
    await c.send('EHLO client.example.net\r\n')
    const ehlo = await c.reply()
    expect(ehlo).toContain('250-STARTTLS')
    expect(ehlo).toContain('250-AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2')
    await c.send(`AUTH PLAIN ${Buffer.from('\0alice\0wonderland').toString('base64')}\r\n`)
    expect(await c.reply()).toEqual(['235 2.7.0 Authentication successful'])
    run.child.kill('SIGTERM')
    expect(await run.exit).toEqual({ code: 0, signal: null })
    c.close()
  })

  it('--personality rfc821: a server of 1982 (RFC 821 wording, EHLO unknown, HELO only)', { timeout: 20_000 }, async () => {
    const run = serve(['--port', '0', '--personality', 'rfc821'])
    const c = await RawClient.open(await listening(run))
    expect(await c.reply()).toEqual(['220 mail.example.com Simple Mail Transfer Service Ready'])
    await c.send('EHLO client.example.net\r\n')
    expect(await c.reply()).toEqual(['500 Syntax error, command unrecognized'])
    await c.send('HELO client.example.net\r\nTURN\r\nQUIT\r\n')
    expect(await c.replies(3)).toEqual([['250 mail.example.com'], ['502 Command not implemented'], ['221 mail.example.com Service closing transmission channel']])
    run.child.kill('SIGTERM')
    expect((await run.exit).code).toBe(0)
    c.close()
  })

  it('--maildir writes delivered messages under DIR/<mailbox>/new', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-sim-cli-'))
    dirs.push(dir)
    const run = serve(['--port', '0', '--maildir', dir])
    const c = await RawClient.open(await listening(run))
    await c.reply()
    await c.send('HELO c\r\nMAIL FROM:<>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n')
    await c.replies(4)
    await c.send(forData('Subject: cli\r\n\r\n.dot\r\n') + 'QUIT\r\n')
    await c.replies(2)
    const files = readdirSync(join(dir, 'bob', 'new'))
    expect(files).toHaveLength(1)
    expect(readFileSync(join(dir, 'bob', 'new', files[0]!), 'latin1')).toMatch(/^Return-Path: <>\r\n[\s\S]*\r\nSubject: cli\r\n\r\n\.dot\r\n$/)
    run.child.kill('SIGTERM')
    expect((await run.exit).code).toBe(0)
  })

  it.each([[['--bogus']], [['--port', '2525', 'extra']], [['--port', 'http']], [['--port', '70000']], [['--host']], [['--profile', 'pop3']], [['--max-clients', '0']], [['--session-limit', '1.5']], [['--tls-cert', 'x.pem']], [['--personality', 'exim']]])(
    'refuses %j with the usage text and exit code 2',
    { timeout: 20_000 },
    async (args) => {
      const run = serve(args)
      expect((await run.exit).code).toBe(2)
      expect(run.stderr()).toContain('usage: npm run serve -- [--host HOST] [--port PORT] [--maildir DIR]')
      expect(run.stdout()).toBe('')
    },
  )

  it('--maildir that is a file: refuses to start, exit code 1, saying why', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-sim-cli-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'file'), 'not a directory')
    const run = serve(['--port', '0', '--maildir', join(dir, 'file')])
    expect((await run.exit).code).toBe(1)
    expect(run.stderr()).toMatch(/cannot start on 127\.0\.0\.1:0: --maildir .*file: (not a directory|EEXIST|ENOTDIR)/)
    expect(run.stdout()).toBe('')
  })

  it('--tls-cert and --tls-key that are not a certificate and key: exit code 1, saying why', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-sim-cli-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'cert.pem'), 'junk')
    writeFileSync(join(dir, 'key.pem'), 'junk')
    const run = serve(['--port', '0', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')])
    expect((await run.exit).code).toBe(1)
    expect(run.stderr()).toMatch(/^cannot use --tls-cert .*cert\.pem --tls-key .*key\.pem: /)
  })

  it('--help prints the usage and exits 0', { timeout: 20_000 }, async () => {
    const run = serve(['--help'])
    expect((await run.exit).code).toBe(0)
    expect(run.stdout()).toMatch(/^usage: npm run serve/)
    for (const flag of ['--tls-cert', '--tls-key', '--profile mta|submission|smtps', '--mailbox-limit', '--max-clients', '--session-limit']) expect(run.stdout()).toContain(flag)
    expect(run.stdout()).toContain('--personality postfix|rfc|lenient|rfc821')
    expect(run.stdout()).toMatch(/rfc821\s+\(history mode, 1982: HELO only, SEND\/SOML\/SAML\/TURN, source routes honoured\)/)
  })
})
