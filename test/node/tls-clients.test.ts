/**
 * Real TLS on the bridge (issue 16, "Real clients, real TLS"): after the model's `220 2.0.0 Ready to start TLS` the
 * socket is upgraded with node:tls, and `--profile smtps` speaks TLS from the first octet. Real clients check the
 * bridge's self-signed certificate against it (never "insecure" modes), log in, and their message must arrive
 * byte-exact in the Maildir: the trace headers the server added, then exactly the octets the client sent.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect as tlsConnect } from 'node:tls'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import nodemailer from 'nodemailer'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startBridge, type Bridge, type BridgeOptions } from '../../src/node/bridge'
import { expectTraceThen, RawClient } from './raw-client'

const run = promisify(execFile)
const TIMEOUT = 30_000
const USER = 'alice'
const PASSWORD = 'wonderland'
const SENDER = 'alice@example.com'

let bridge: Bridge | null = null
let dir: string
let log: string[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smtp-sim-tls-'))
  log = []
})
afterEach(async () => {
  await bridge?.close()
  bridge = null
  rmSync(dir, { recursive: true, force: true })
})

async function start(options: Partial<BridgeOptions> = {}): Promise<{ port: number; ca: string }> {
  bridge = await startBridge({ port: 0, profile: 'submission', maildir: join(dir, 'Maildir'), onLog: (l) => log.push(l), ...options })
  const ca = join(dir, 'bridge-cert.pem')
  writeFileSync(ca, bridge.certificate)
  return { port: bridge.address.port, ca }
}

function message(client: string): Buffer {
  const lines = [
    `From: Alice <${SENDER}>`,
    'To: Bob <bob@example.com>',
    `Subject: sent with ${client} over TLS`,
    'Date: Sat, 02 May 2026 10:00:00 +0000',
    `Message-ID: <${client}.tls@client.example.net>`,
    '',
    'Hello Bob,',
    '.hidden',
    '..two dots',
    '',
    'Bye.',
  ]
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1')
}

/** The one Maildir file of `mailbox` is the trace headers, then exactly `sent`; the session was over TLS. */
function expectInMaildir(mailbox: string, sent: Uint8Array, protocol: string): void {
  const files = readdirSync(join(dir, 'Maildir', mailbox, 'new'))
  expect(files).toHaveLength(1)
  const stored = readFileSync(join(dir, 'Maildir', mailbox, 'new', files[0]!))
  const held = bridge!.world.host('mail.example.com')!.mailbox(mailbox)
  expect(held).toHaveLength(1)
  expect(Buffer.compare(stored, Buffer.from(held[0]!.content))).toBe(0)
  expectTraceThen(stored, sent, { sender: SENDER, deliveredTo: `${mailbox}@example.com`, queueId: held[0]!.queueId, protocol })
  expect(log.some((l) => /: TLS TLSv1\.[23] \S+ \(self-signed for mail\.example\.com\)$/.test(l))).toBe(true)
}

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

describe('STARTTLS on the submission profile, then AUTH, with real clients', () => {
  it("Python's smtplib: starttls() with the bridge's certificate checked, login, sendmail", { timeout: TIMEOUT }, async () => {
    const { port, ca } = await start()
    const sent = message('smtplib')
    const script = [
      'import smtplib, ssl, sys',
      'ctx = ssl.create_default_context(cafile=sys.argv[3])',
      'msg = open(sys.argv[2], "rb").read()',
      'with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.example.net", timeout=15) as s:',
      '    s.ehlo()',
      '    assert s.has_extn("starttls")',
      '    print(s.starttls(context=ctx)[0])',
      '    print(s.sock.version())',
      `    s.login("${USER}", "${PASSWORD}")`,
      `    print(s.sendmail("${SENDER}", ["bob@example.com"], msg))`,
    ].join('\n')
    const { stdout } = await run('python3', ['-c', script, String(port), file('m.eml', sent), ca], { timeout: 20_000 })
    expect(stdout.trim().split('\n')).toEqual(['220', expect.stringMatching(/^TLSv1\.[23]$/), '{}'])
    expectInMaildir('bob', sent, 'ESMTPSA')
  })

  it("Python's smtplib on the MTA profile (port 25): STARTTLS offered and taken without AUTH, mail to a local user", { timeout: TIMEOUT }, async () => {
    const { port, ca } = await start({ profile: 'mta' })
    const sent = message('smtplib-mta')
    const script = [
      'import smtplib, ssl, sys',
      'ctx = ssl.create_default_context(cafile=sys.argv[3])',
      'msg = open(sys.argv[2], "rb").read()',
      'with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.example.net", timeout=15) as s:',
      '    s.ehlo()',
      '    assert s.has_extn("starttls") and not s.has_extn("auth")',
      '    print(s.starttls(context=ctx)[0])',
      '    s.ehlo()',
      '    print(s.sock.version(), s.has_extn("starttls"))',
      `    print(s.sendmail("${SENDER}", ["bob@example.com"], msg))`,
    ].join('\n')
    const { stdout } = await run('python3', ['-c', script, String(port), file('m.eml', sent), ca], { timeout: 20_000 })
    // After the handshake EHLO no longer offers STARTTLS (RFC 3207 §4.2); no login was needed to deliver locally.
    expect(stdout.trim().split('\n')).toEqual(['220', expect.stringMatching(/^TLSv1\.[23] False$/), '{}'])
    expectInMaildir('bob', sent, 'ESMTPS')
  })

  for (const mechanism of ['PLAIN', 'LOGIN', 'CRAM-MD5'] as const) {
    it(`swaks --tls --tls-verify with AUTH ${mechanism} (rfc personality)`, { timeout: TIMEOUT }, async () => {
      const { port, ca } = await start({ personality: 'rfc' })
      const sent = message(`swaks-${mechanism}`)
      const data = Buffer.concat([sent, Buffer.from('.\r\n')])
      const args = ['--server', '127.0.0.1', '--port', String(port), '--helo', 'client.example.net', '--timeout', '15', '--tls', '--tls-verify', '--tls-ca-path', ca]
      const auth = ['--auth', mechanism, '--auth-user', USER, '--auth-password', PASSWORD]
      const { stdout } = await run('swaks', [...args, ...auth, '--from', SENDER, '--to', 'bob@example.com', '--data', `@${file('s.eml', data)}`], { timeout: 20_000 })
      expect(stdout).toMatch(/<- {2}220 2\.0\.0 Ready to start TLS/)
      expect(stdout).toMatch(/=== TLS started with cipher TLSv1\.[23]:/)
      expect(stdout).toMatch(/<~ {2}235 2\.7\.0 Authentication successful/)
      expect(stdout).toMatch(/<~ {2}250 2\.0\.0 Ok: queued as /)
      expectInMaildir('bob', sent, 'ESMTPSA')
    })
  }

  it('nodemailer with requireTLS, the certificate checked against the bridge', { timeout: TIMEOUT }, async () => {
    const { port } = await start()
    const raw = message('nodemailer')
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: true,
      name: 'client.example.net',
      auth: { user: USER, pass: PASSWORD },
      tls: { ca: bridge!.certificate, servername: 'mail.example.com' },
    })
    try {
      const info = await transport.sendMail({ envelope: { from: SENDER, to: ['bob@example.com'] }, raw })
      expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as /)
    } finally {
      transport.close()
    }
    expectInMaildir('bob', raw, 'ESMTPSA')
  })

  it('curl --ssl-reqd with --cacert', { timeout: TIMEOUT }, async () => {
    const { port, ca } = await start()
    const sent = message('curl')
    const url = `smtp://127.0.0.1:${port}/client.example.net`
    await run('curl', ['-sS', '--max-time', '15', '--ssl-reqd', '--cacert', ca, '--user', `${USER}:${PASSWORD}`, url, '--mail-from', SENDER, '--mail-rcpt', 'bob@example.com', '--upload-file', file('c.eml', sent)], { timeout: 20_000 })
    expectInMaildir('bob', sent, 'ESMTPSA')
  })

  it('input pipelined after STARTTLS in the clear is dropped; the session goes on over TLS from scratch', { timeout: TIMEOUT }, async () => {
    const { port } = await start()
    const c = await RawClient.open(port)
    await c.reply()
    await c.send('EHLO client.example.net\r\n')
    await c.reply()
    // The injection CVE-2011-0411 is about: a command sent with STARTTLS, before the handshake.
    await c.send('STARTTLS\r\nRSET\r\n')
    expect(await c.reply()).toEqual(['220 2.0.0 Ready to start TLS'])
    c.socket.removeAllListeners('data')
    const secure = tlsConnect({ socket: c.socket, ca: bridge!.certificate, servername: 'mail.example.com' })
    await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject))
    let got = ''
    secure.on('data', (d: Buffer) => (got += d.toString('latin1')))
    secure.write('EHLO client.example.net\r\n')
    await new Promise<void>((resolve) => {
      const check = setInterval(() => /\r\n250 [^\r\n]*\r\n$/.test(got) && (clearInterval(check), resolve()), 10)
    })
    // Only the EHLO was answered: the RSET sent in the clear never reached the encrypted session.
    expect(got.split('\r\n').filter((l) => /^\d{3} /.test(l))).toEqual([expect.stringMatching(/^250 /)])
    expect(got).toMatch(/^250-mail\.example\.com\r\n/)
    expect(got).toContain('250-AUTH ')
    expect(got).not.toContain('STARTTLS')
    secure.destroy()
  })
})

describe('implicit TLS: --profile smtps (port 465, RFC 8314)', () => {
  it('curl smtps:// greets over TLS, logs in and delivers byte-exact', { timeout: TIMEOUT }, async () => {
    const { port, ca } = await start({ profile: 'submissions' })
    const sent = message('curl-smtps')
    const url = `smtps://127.0.0.1:${port}/client.example.net`
    await run('curl', ['-sS', '--max-time', '15', '--cacert', ca, '--user', `${USER}:${PASSWORD}`, url, '--mail-from', SENDER, '--mail-rcpt', 'bob@example.com', '--upload-file', file('c.eml', sent)], { timeout: 20_000 })
    expectInMaildir('bob', sent, 'ESMTPSA')
  })

  it('nodemailer with secure: true', { timeout: TIMEOUT }, async () => {
    const { port } = await start({ profile: 'submissions' })
    const raw = message('nodemailer-smtps')
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: true, name: 'client.example.net', auth: { user: USER, pass: PASSWORD }, tls: { ca: bridge!.certificate, servername: 'mail.example.com' } })
    try {
      await transport.sendMail({ envelope: { from: SENDER, to: ['bob@example.com'] }, raw })
    } finally {
      transport.close()
    }
    expectInMaildir('bob', raw, 'ESMTPSA')
  })

  it('a plain-text client gets no greeting in the clear', { timeout: TIMEOUT }, async () => {
    const { port } = await start({ profile: 'submissions' })
    const c = await RawClient.open(port)
    await c.send('EHLO client.example.net\r\n')
    await Promise.race([c.ended, new Promise((r) => setTimeout(r, 1000))])
    expect(c.received).not.toMatch(/^220 /)
    c.close()
  })
})

describe('the certificate', () => {
  it('--tls-cert/--tls-key: the given certificate is the one clients see', { timeout: TIMEOUT }, async () => {
    const { selfSignedCertificate } = await import('../../src/node/tls')
    const mine = await selfSignedCertificate('mx.test.example', Date.now())
    const { port } = await start({ certificate: { ...mine, origin: 'given files' } })
    const c = await RawClient.open(port)
    await c.reply()
    await c.send('EHLO client.example.net\r\nSTARTTLS\r\n')
    await c.replies(2)
    c.socket.removeAllListeners('data')
    const secure = tlsConnect({ socket: c.socket, ca: mine.cert, servername: 'mx.test.example' })
    await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject))
    expect(secure.getPeerCertificate().subject.CN).toBe('mx.test.example')
    expect(secure.authorized).toBe(true)
    secure.destroy()
  })
})
