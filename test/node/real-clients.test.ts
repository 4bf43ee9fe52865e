/**
 * Real SMTP clients through the TCP bridge (design §4, §7): nodemailer, Python's smtplib, curl and swaks each send a
 * message, and it must arrive byte-exact: the mailbox holds the trace headers the server added, then exactly the
 * octets the client meant to send. Every message has lines that need dot-stuffing, so that round trip is checked too.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import nodemailer from 'nodemailer'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startBridge, type Bridge } from '../../src/node/bridge'
import type { StoredMessage } from '../../src/smtp'
import { expectTraceThen, latin1 } from './raw-client'

const run = promisify(execFile)
const SENDER = 'student@client.example.net'
const TIMEOUT = 20_000

let bridge: Bridge
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smtp-sim-clients-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeEach(async () => {
  bridge = await startBridge({ port: 0 })
})
afterEach(async () => {
  await bridge.close()
})

/** A message as a client means it: CRLF line ends, a blank line after the headers, lines that need dot-stuffing. */
function message(client: string, { eightBit = true } = {}): Buffer {
  const lines = [
    `From: Student <${SENDER}>`,
    'To: Alice <alice@example.com>',
    `Subject: sent with ${client}`,
    'Date: Sat, 02 May 2026 10:00:00 +0000',
    `Message-ID: <${client}.1@client.example.net>`,
    '',
    'Hello Alice,',
    '.hidden',
    '..two dots',
    '.',
    '',
    '   leading spaces, trailing spaces   ',
    eightBit ? 'caf\u00e9 in UTF-8, tab\there' : 'plain ASCII, tab\there',
    'Bye.',
  ]
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')
}

function mailbox(name: string): readonly StoredMessage[] {
  return bridge.world.host('mail.example.com')?.mailbox(name) ?? []
}

/** The one message in `name`'s mailbox is the trace headers followed by exactly `sent`. */
function expectArrived(name: string, sent: Uint8Array): void {
  const held = mailbox(name)
  expect(held).toHaveLength(1)
  const stored = held[0]!
  expectTraceThen(stored.content, sent, { sender: SENDER, deliveredTo: `${name}@example.com`, queueId: stored.queueId })
  expect(latin1(stored.content)).toContain('\r\n.hidden\r\n..two dots\r\n.\r\n')
}

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

describe('real SMTP clients deliver byte-exact through the bridge', () => {
  it('nodemailer, a message it composes itself', { timeout: TIMEOUT }, async () => {
    const mail = {
      from: `Student <${SENDER}>`,
      to: 'Alice <alice@example.com>',
      subject: 'sent with nodemailer',
      date: new Date(Date.UTC(2026, 4, 2, 10, 0, 0)),
      messageId: '<nodemailer.1@client.example.net>',
      text: 'Hello Alice,\n.hidden\n..two dots\n.\n\ncaf\u00e9, tab\there\nBye.\n',
    }
    // The same message as nodemailer builds it, with the CRLF line ends its SMTP client puts on the wire.
    const built = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }).sendMail(mail)
    const sent = built.message
    if (!Buffer.isBuffer(sent)) throw new Error('the stream transport with buffer: true gives a Buffer')
    expect(sent.toString('latin1')).not.toMatch(/[^\r]\n/)
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: bridge.address.port, secure: false, ignoreTLS: true, name: 'client.example.net' })
    try {
      const info = await transport.sendMail(mail)
      expect(info.accepted).toEqual(['alice@example.com'])
      expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as /)
    } finally {
      transport.close()
    }
    expectArrived('alice', sent)
  })

  it('nodemailer, a raw message', { timeout: TIMEOUT }, async () => {
    const raw = message('nodemailer-raw')
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: bridge.address.port, secure: false, ignoreTLS: true, name: 'client.example.net' })
    try {
      await transport.sendMail({ envelope: { from: SENDER, to: ['bob@example.com'] }, raw })
    } finally {
      transport.close()
    }
    expectArrived('bob', raw)
  })

  it("Python's smtplib", { timeout: TIMEOUT }, async () => {
    const sent = message('smtplib')
    const script = [
      'import smtplib, sys',
      'msg = open(sys.argv[2], "rb").read()',
      'with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.example.net", timeout=15) as s:',
      `    print(s.sendmail("${SENDER}", ["alice@example.com"], msg))`,
    ].join('\n')
    const { stdout } = await run('python3', ['-c', script, String(bridge.address.port), file('smtplib.eml', sent)], { timeout: 15_000 })
    expect(stdout.trim()).toBe('{}') // no recipient refused
    expectArrived('alice', sent)
  })

  it('curl', { timeout: TIMEOUT }, async () => {
    const sent = message('curl')
    const url = `smtp://127.0.0.1:${bridge.address.port}/client.example.net`
    await run('curl', ['-sS', '--max-time', '15', url, '--mail-from', SENDER, '--mail-rcpt', 'alice@example.com', '--upload-file', file('curl.eml', sent)], { timeout: 15_000 })
    expectArrived('alice', sent)
  })

  it('swaks', { timeout: TIMEOUT }, async () => {
    // swaks 20201014 re-encodes 8-bit input as UTF-8 before sending it (é goes out as C3 83 C2 A9; seen with a plain
    // capturing server, not only through the bridge), so its message is ASCII.
    const sent = message('swaks', { eightBit: false })
    // swaks reads a --data file as the DATA section: a last line holding only "." is the end of the data; without
    // one it adds "<CRLF>.<CRLF>" and so an empty line. Every other line it dot-stuffs itself.
    const data = Buffer.concat([sent, Buffer.from('.\r\n')])
    const args = ['--server', '127.0.0.1', '--port', String(bridge.address.port), '--helo', 'client.example.net', '--timeout', '15']
    const { stdout } = await run('swaks', [...args, '--from', SENDER, '--to', 'alice@example.com', '--data', `@${file('swaks.eml', data)}`], { timeout: 15_000 })
    expect(stdout).toMatch(/<- {2}250 2\.0\.0 Ok: queued as /)
    expectArrived('alice', sent)
  })
})

describe('real clients on the other profiles and options of the bridge (design §4)', () => {
  let custom: Bridge | null = null
  afterEach(async () => {
    await custom?.close()
    custom = null
  })
  const b64 = (s: string) => Buffer.from(s).toString('base64')

  it("Python's smtplib send_message over port 25 arrives byte-exact", { timeout: TIMEOUT }, async () => {
    const out = join(dir, 'send_message.eml')
    const script = [
      'import io, smtplib, sys',
      'from email.message import EmailMessage',
      'from email.generator import BytesGenerator',
      'm = EmailMessage()',
      `m["From"] = "Student <${SENDER}>"`,
      'm["To"] = "Bob <bob@example.com>"',
      'm["Subject"] = "send_message"',
      'm.set_content("Hello Bob,\\n.hidden line\\n..two\\nBye.\\n")',
      // What send_message itself puts on the wire (smtplib.py flattens the same way), for the comparison.
      'b = io.BytesIO(); BytesGenerator(b).flatten(m, linesep="\\r\\n"); open(sys.argv[2], "wb").write(b.getvalue())',
      'with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.example.net", timeout=15) as s:',
      '    print(s.send_message(m))',
    ].join('\n')
    const { stdout } = await run('python3', ['-c', script, String(bridge.address.port), out], { timeout: 15_000 })
    expect(stdout.trim()).toBe('{}')
    const { readFileSync } = await import('node:fs')
    const sent = readFileSync(out)
    const held = mailbox('bob')
    expect(held).toHaveLength(1)
    expectTraceThen(held[0]!.content, sent, { sender: SENDER, deliveredTo: 'bob@example.com', queueId: held[0]!.queueId })
    expect(latin1(sent)).toContain('\r\n.hidden line\r\n..two\r\n') // the dot lines made the round trip
  })

  it('swaks --pipeline sends MAIL, RCPT and DATA in one go, and the message arrives byte-exact', { timeout: TIMEOUT }, async () => {
    const sent = message('swaks-pipeline', { eightBit: false })
    const data = Buffer.concat([sent, Buffer.from('.\r\n')])
    const args = ['--server', '127.0.0.1', '--port', String(bridge.address.port), '--helo', 'client.example.net', '--timeout', '15', '--pipeline']
    const { stdout } = await run('swaks', [...args, '--from', SENDER, '--to', 'alice@example.com', '--data', `@${file('swaks-pipe.eml', data)}`], { timeout: 15_000 })
    expect(stdout).toMatch(/250-PIPELINING/)
    expect(stdout).toMatch(/<- {2}250 2\.0\.0 Ok: queued as /)
    expectArrived('alice', sent)
  })

  it('swaks --protocol ESMTPA -a PLAIN against --profile submission --allow-plaintext-auth: logs in and relays', { timeout: TIMEOUT }, async () => {
    custom = await startBridge({ port: 0, profile: 'submission', allowPlaintextAuth: true })
    const sent = message('swaks-auth', { eightBit: false })
    const data = Buffer.concat([sent, Buffer.from('.\r\n')])
    const args = ['--server', '127.0.0.1', '--port', String(custom.address.port), '--helo', 'client.example.net', '--timeout', '15']
    const auth = ['--protocol', 'ESMTPA', '-a', 'PLAIN', '--auth-user', 'alice', '--auth-password', 'wonderland']
    const { stdout } = await run('swaks', [...args, ...auth, '--from', 'alice@example.com', '--to', 'carol@example.net', '--data', `@${file('swaks-auth.eml', data)}`], { timeout: 15_000 })
    expect(stdout).toMatch(/<- {2}235 2\.7\.0 Authentication successful/)
    const carol = custom.world.host('mx.example.net')!.mailbox('carol')
    expect(carol).toHaveLength(1)
    const stored = latin1(carol[0]!.content)
    expect(stored).toMatch(/by mail\.example\.com \(Postfix\) with ESMTPA id/)
    expect(stored.endsWith(latin1(sent))).toBe(true)
  })

  it('without --allow-plaintext-auth, AUTH before STARTTLS gets 530 5.7.0', { timeout: TIMEOUT }, async () => {
    custom = await startBridge({ port: 0, profile: 'submission' })
    const script = [
      'import smtplib, sys',
      'with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.example.net", timeout=15) as s:',
      '    s.ehlo()',
      `    print(s.docmd("AUTH", "PLAIN ${b64('\0alice\0wonderland')}"))`,
    ].join('\n')
    const { stdout } = await run('python3', ['-c', script, String(custom.address.port)], { timeout: 15_000 })
    expect(stdout.trim()).toBe("(530, b'5.7.0 Must issue a STARTTLS command first')")
  })
})
