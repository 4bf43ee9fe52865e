/**
 * The TCP bridge over real sockets (design §4): greetings, replies and closes arrive as the model says, in any
 * chunking of the input; garbage never kills the process; the idle timeout answers 421; Maildir files hold exactly
 * the bytes the mailbox holds.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startBridge, type Bridge, type BridgeOptions } from '../../src/node/bridge'
import { World, wireOf } from '../../src/smtp'
import { between, expectTraceThen, forData, latin1, prng, RawClient } from './raw-client'

let bridge: Bridge | null = null
const clients: RawClient[] = []
const dirs: string[] = []

async function start(options: Partial<BridgeOptions> = {}): Promise<Bridge> {
  bridge = await startBridge({ port: 0, ...options })
  return bridge
}

async function open(): Promise<RawClient> {
  if (!bridge) throw new Error('start the bridge first')
  const client = await RawClient.open(bridge.address.port)
  clients.push(client)
  return client
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await bridge?.close()
  bridge = null
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const MESSAGE = 'From: student@client.example.net\r\nTo: alice@example.com\r\nSubject: hello\r\n\r\nHi Alice.\r\n.hidden\r\n\r\nBye.\r\n'

/** What the pure model says to the same octets on a fresh world: the bridge must pass it on unchanged. */
function modelWire(...inputs: string[]): string {
  const connection = new World().host('mail.example.com')!.connect({ ip: '127.0.0.1', name: null })
  return [connection.start(), ...inputs.map((input) => connection.receive(input))].map(wireOf).join('')
}

const EHLO = 'EHLO client.example.net\r\n'
/** The model's EHLO reply, lines without CRLF. */
const EHLO_LINES = modelWire(EHLO).split('\r\n').slice(1, -1)

describe('a raw socket conversation', () => {
  it('greets, answers each command, queues the message and closes after QUIT', { timeout: 10_000 }, async () => {
    const b = await start()
    expect(b.address.host).toBe('127.0.0.1')
    expect(b.address.port).toBeGreaterThan(0)
    const c = await open()
    const said: string[] = []
    const say = (text: string) => {
      said.push(text)
      return c.send(text)
    }
    expect(await c.reply()).toEqual(['220 mail.example.com ESMTP Postfix'])
    await say(EHLO)
    expect(await c.reply()).toEqual(EHLO_LINES)
    expect(EHLO_LINES[0]).toBe('250-mail.example.com')
    expect(EHLO_LINES).toContain('250-PIPELINING')
    await say('MAIL FROM:<student@client.example.net>\r\n')
    expect(await c.reply()).toEqual(['250 2.1.0 Ok'])
    await say('RCPT TO:<alice@example.com>\r\n')
    expect(await c.reply()).toEqual(['250 2.1.5 Ok'])
    await say('DATA\r\n')
    expect(await c.reply()).toEqual(['354 End data with <CR><LF>.<CR><LF>'])
    await say(forData(MESSAGE))
    const [queued] = await c.reply()
    expect(queued).toMatch(/^250 2\.0\.0 Ok: queued as [0-9A-F]{10}$/)
    await say('QUIT\r\n')
    expect(await c.reply()).toEqual(['221 2.0.0 Bye'])
    await c.ended
    expect(c.closedByServer).toBe(true)
    // Every octet the model said, nothing else (queue ids aside: the bridge seeds its ids from the start time).
    const anyId = (wire: string) => wire.replace(/queued as [0-9A-F]+/, 'queued as <ID>')
    expect(anyId(c.received)).toBe(anyId(modelWire(...said)))
    const stored = b.world.host('mail.example.com')?.mailbox('alice') ?? []
    expect(stored).toHaveLength(1)
    expect(latin1(stored[0]!.content).endsWith(MESSAGE)).toBe(true)
    expect(queued).toContain(stored[0]!.queueId)
  })

  it('answers a whole pipelined session written at once, in order', { timeout: 10_000 }, async () => {
    const b = await start()
    const c = await open()
    await c.reply()
    await c.send(
      'EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<alice@example.com>\r\n' +
        'RCPT TO:<nobody@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n' + forData(MESSAGE) + 'NOOP\r\nQUIT\r\n',
    )
    const replies = await c.replies(8)
    expect(replies.map((r) => r.at(-1)?.slice(0, 3))).toEqual(['250', '250', '250', '550', '250', '354', '250', '250'])
    expect(await c.reply()).toEqual(['221 2.0.0 Bye'])
    await c.ended
    const host = b.world.host('mail.example.com')!
    expect(host.mailbox('alice')).toHaveLength(1)
    expect(host.mailbox('bob')).toHaveLength(1)
  })

  it('takes the address the client connected to as its own: alice@[127.0.0.1] is local mail (issue 16 item 7)', { timeout: 10_000 }, async () => {
    const b = await start()
    const c = await open()
    await c.reply()
    await c.send('MAIL FROM:<a@b.example>\r\nRCPT TO:<alice@[127.0.0.1]>\r\nRCPT TO:<alice@[127.0.0.2]>\r\nVRFY bob@[127.0.0.1]\r\n')
    expect(await c.replies(4)).toEqual([['250 2.1.0 Ok'], ['250 2.1.5 Ok'], ['554 5.7.1 <alice@[127.0.0.2]>: Relay access denied'], ['252 2.0.0 bob@[127.0.0.1]']])
    expect(b.world.host('mail.example.com')!.data.interfaces).toEqual(['127.0.0.1'])
  })

  it('reads a command split across many small writes, and answers only once the line is complete', { timeout: 10_000 }, async () => {
    await start()
    const c = await open()
    await c.reply()
    for (const ch of EHLO) {
      expect(c.received).toBe('220 mail.example.com ESMTP Postfix\r\n') // nothing answered mid-line
      await c.send(ch)
      await new Promise((r) => setTimeout(r, 2))
    }
    expect(await c.reply()).toEqual(EHLO_LINES)
    for (const part of ['MAIL FROM:', '<student@', 'client.example.net>', '\r', '\n']) {
      await c.send(part)
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(await c.reply()).toEqual(['250 2.1.0 Ok'])
  })
})

describe('any input', () => {
  it('a megabyte of random octets in random chunks gets only well-formed reply lines, and the server lives on', { timeout: 20_000 }, async () => {
    await start()
    const random = prng(0x5eed)
    const garbage = new Uint8Array(1 << 20)
    for (let i = 0; i < garbage.length; i++) garbage[i] = between(random, 0, 255)
    const c = await open()
    for (let at = 0; at < garbage.length && !c.closedByServer; ) {
      const size = between(random, 1, 8192)
      await c.send(garbage.subarray(at, at + size))
      at += size
    }
    await Promise.race([c.ended, new Promise((r) => setTimeout(r, 2000))])
    const lines = c.received.split('\r\n')
    expect(lines.pop(), 'the last line ends in CRLF').toBe('')
    expect(lines.length).toBeGreaterThan(1)
    for (const line of lines) {
      expect(line).toMatch(/^[2-5][0-5]\d[ -]/)
      expect(line).not.toMatch(/[\r\n]/) // no bare CR or LF inside a line
      expect(line.length + 2).toBeLessThanOrEqual(512)
    }
    // Random octets are mostly errors: the server gives up with 421 and closes (Postfix's hard error limit).
    expect(lines.at(-1)).toMatch(/^421 4\.7\.0 /)
    expect(c.closedByServer).toBe(true)
    const next = await open()
    expect(await next.reply()).toEqual(['220 mail.example.com ESMTP Postfix'])
  })

  it('a megabyte of random commands with random arguments, over as many connections as it takes, gets well-formed replies', { timeout: 20_000 }, async () => {
    await start()
    const random = prng(7)
    const verbs = ['HELO ', 'EHLO ', 'MAIL FROM:', 'RCPT TO:', 'VRFY ', 'EXPN ', 'HELP ', 'NOOP', 'RSET', 'mail from:<', 'rcpt to:<', 'BDAT ', '']
    let sent = 0
    let sessions = 0
    while (sent < 1 << 20) {
      const c = await open()
      sessions++
      let script = ''
      for (let i = 0; i < 200; i++) {
        let arg = ''
        for (let n = between(random, 0, between(random, 0, 9) === 0 ? 2500 : 60); n > 0; n--) arg += String.fromCharCode(between(random, 0, 9) === 0 ? between(random, 0, 255) : between(random, 0x20, 0x7e))
        script += verbs[between(random, 0, verbs.length - 1)] + arg.replace(/\r?\n/g, '') + '\r\n'
      }
      const bytes = Buffer.from(script, 'latin1')
      for (let at = 0; at < bytes.length && !c.closedByServer; ) {
        const size = between(random, 1, 4096)
        await c.send(bytes.subarray(at, at + size))
        at += size
      }
      sent += bytes.length
      await Promise.race([c.ended, new Promise((r) => setTimeout(r, 500))])
      const lines = c.received.split('\r\n')
      expect(lines.pop()).toBe('')
      for (const line of lines) {
        expect(line).toMatch(/^[2-5][0-5]\d[ -][\x20-\x7e]*$/)
        expect(line.length + 2).toBeLessThanOrEqual(512)
      }
      c.close()
    }
    expect(sessions).toBeGreaterThan(1)
    expect(await (await open()).reply()).toEqual(['220 mail.example.com ESMTP Postfix'])
  })

  it('a megabyte message in random chunks arrives byte-exact', { timeout: 20_000 }, async () => {
    const b = await start()
    const random = prng(42)
    const lines: string[] = ['Subject: big', '']
    for (let size = 0; size < 1 << 20; ) {
      const length = between(random, 0, 998)
      let line = ''
      for (let i = 0; i < length; i++) line += String.fromCharCode(between(random, 0x20, 0x7e))
      if (between(random, 0, 20) === 0) line = '.' + line // some lines start with a dot
      lines.push(line)
      size += line.length + 2
    }
    const message = lines.join('\r\n') + '\r\n'
    const wire = Buffer.from('EHLO c\r\nMAIL FROM:<s@client.example.net>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n' + forData(message) + 'QUIT\r\n', 'latin1')
    const c = await open()
    for (let at = 0; at < wire.length; ) {
      const size = between(random, 1, 65536)
      await c.send(wire.subarray(at, at + size))
      at += size
    }
    const replies = await c.replies(6)
    expect(replies.map((r) => r.at(-1)?.slice(0, 3))).toEqual(['220', '250', '250', '250', '354', '250'])
    expect(await c.reply()).toEqual(['221 2.0.0 Bye'])
    const stored = b.world.host('mail.example.com')!.mailbox('bob')
    expect(stored).toHaveLength(1)
    expectTraceThen(stored[0]!.content, Buffer.from(message, 'latin1'), { sender: 's@client.example.net', deliveredTo: 'bob@example.com', queueId: stored[0]!.queueId })
  })

  it('an idle session gets 421 4.4.2 after 300 s and is closed', { timeout: 10_000 }, async () => {
    let now = Date.UTC(2026, 4, 2, 10, 0, 0)
    await start({ now: () => now, tickMs: 20 })
    const c = await open()
    await c.reply()
    await c.send('EHLO client.example.net\r\n')
    await c.reply()
    now += 299_000
    await new Promise((r) => setTimeout(r, 100))
    expect(c.closedByServer).toBe(false)
    now += 1_000
    expect(await c.reply()).toEqual(['421 4.4.2 mail.example.com Error: timeout exceeded'])
    await c.ended
  })
})

describe('the world keeps running', () => {
  it('runs queue retries as wall-clock time passes: a message to a dead MX is deferred, then bounces to the sender', { timeout: 10_000 }, async () => {
    let now = Date.UTC(2026, 4, 2, 10, 0, 0)
    const b = await start({ now: () => now, tickMs: 20 })
    // Port 25 relays for nobody (design §3), so the message is written on mail.example.com itself, as `mail` does.
    const mailHost = b.world.host('mail.example.com')!
    const c = await open()
    await c.reply()
    await c.send(EHLO + 'MAIL FROM:<student@client.example.net>\r\nRCPT TO:<someone@example.org>\r\nQUIT\r\n')
    expect((await c.replies(4)).map((r) => r.at(-1)?.slice(0, 3))).toEqual(['250', '250', '554', '221'])
    mailHost.submit('student@client.example.net', ['someone@example.org'], new TextEncoder().encode('Subject: to nowhere\r\n\r\nHello?\r\n'))
    expect(mailHost.queue).toHaveLength(1)
    now += 6 * 24 * 3600_000 // past Postfix's 5-day maximal_queue_lifetime
    for (let i = 0; i < 100 && mailHost.queue.length > 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(mailHost.queue).toHaveLength(0)
    const bounce = b.world.host('client.example.net')!.mailbox('student')
    expect(bounce).toHaveLength(1)
    expect(latin1(bounce[0]!.content)).toContain('someone@example.org')
  })
})

describe('--maildir', () => {
  it('writes each delivery as <maildir>/<mailbox>/new/<unique> with exactly the bytes the mailbox holds', { timeout: 10_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-sim-maildir-'))
    dirs.push(dir)
    const b = await start({ maildir: dir })
    const body = 'Subject: to info\r\n\r\nLine one.\r\n.hidden\r\n\r\n\tindented, and 8-bit: \xe9\r\n'
    const c = await open()
    await c.reply()
    await c.send('EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n')
    await c.replies(4)
    await c.send(forData(body))
    expect((await c.reply())[0]).toMatch(/^250 /)
    // The file is in place before the 250 reaches the client.
    for (const mailbox of ['alice']) {
      const held = b.world.host('mail.example.com')!.mailbox(mailbox)
      const files = readdirSync(join(dir, mailbox, 'new'))
      expect(files).toHaveLength(1)
      expect(readdirSync(join(dir, mailbox, 'tmp'))).toEqual([])
      expect(readdirSync(join(dir, mailbox, 'cur'))).toEqual([])
      const bytes = readFileSync(join(dir, mailbox, 'new', files[0]!))
      expect(Buffer.compare(bytes, Buffer.from(held[0]!.content))).toBe(0)
      expect(bytes.toString('latin1').endsWith(body)).toBe(true)
    }
    // An alias delivers to two mailboxes: one file each, with distinct names.
    await c.send('MAIL FROM:<student@client.example.net>\r\nRCPT TO:<info@example.com>\r\nDATA\r\n')
    await c.replies(3)
    await c.send(forData(body))
    await c.reply()
    const alice = readdirSync(join(dir, 'alice', 'new')).sort()
    const bob = readdirSync(join(dir, 'bob', 'new'))
    expect(alice).toHaveLength(2)
    expect(bob).toHaveLength(1)
    expect(new Set([...alice, ...bob]).size).toBe(3)
    const bobHeld = b.world.host('mail.example.com')!.mailbox('bob')[0]!
    expect(Buffer.compare(readFileSync(join(dir, 'bob', 'new', bob[0]!)), Buffer.from(bobHeld.content))).toBe(0)
    // Two recipients of one message that land in one mailbox: two files, each the bytes of its own stored copy.
    await c.send('MAIL FROM:<student@client.example.net>\r\nRCPT TO:<alice@example.com>\r\nRCPT TO:<alice+news@example.com>\r\nDATA\r\n')
    await c.replies(4)
    await c.send(forData(body))
    await c.reply()
    const held = b.world.host('mail.example.com')!.mailbox('alice').map((m) => Buffer.from(m.content).toString('base64'))
    const onDisk = readdirSync(join(dir, 'alice', 'new')).map((f) => readFileSync(join(dir, 'alice', 'new', f)).toString('base64'))
    expect(held).toHaveLength(4)
    expect(new Set(held).size).toBe(4)
    expect(onDisk.sort()).toEqual([...held].sort())
  })
})
