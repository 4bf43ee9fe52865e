/**
 * The load client of `npm run bench -- --bridge`: one plain SMTP client over node:net, the same for every server it is
 * pointed at, so the figures compare the servers and nothing else. Two workloads:
 *  - sequential: one connection, EHLO, then transactions one after another, each command waiting for its reply
 *    (MAIL, RCPT, DATA, the message with its dot), as a client without PIPELINING does;
 *  - pipelined: one connection, EHLO, then every transaction written at once (RFC 2920 lets a client send commands
 *    without waiting; the message text follows DATA in the same stream), and the replies counted as they come.
 * Every reply is checked: a server that refuses anything fails the bench instead of looking fast.
 */
import { connect, type Socket } from 'node:net'

export class LoadFailure extends Error {}

/** A connection that hands out complete replies (their last line) in order. */
class Conn {
  readonly #socket: Socket
  #buffer = ''
  #finals: string[] = []
  #waiting: { n: number; resolve: (lines: string[]) => void; reject: (e: Error) => void } | null = null
  #closed: Error | null = null

  private constructor(socket: Socket) {
    this.#socket = socket
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.#read(chunk.toString('latin1')))
    socket.on('error', (e) => this.#fail(e))
    socket.on('close', () => this.#fail(new LoadFailure('the server closed the connection')))
  }

  static open(port: number): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new Conn(socket)))
      socket.once('error', reject)
    })
  }

  #read(text: string): void {
    this.#buffer += text
    let start = 0
    for (;;) {
      const end = this.#buffer.indexOf('\r\n', start)
      if (end < 0) break
      // A reply's last line has a space (or nothing) after the code (RFC 5321 §4.2.1).
      if (this.#buffer[start + 3] !== '-') this.#finals.push(this.#buffer.slice(start, end))
      start = end + 2
    }
    this.#buffer = this.#buffer.slice(start)
    this.#wake()
  }

  #fail(e: Error): void {
    this.#closed ??= e
    this.#wake()
  }

  #wake(): void {
    const w = this.#waiting
    if (!w) return
    if (this.#finals.length >= w.n) {
      this.#waiting = null
      w.resolve(this.#finals.splice(0, w.n))
    } else if (this.#closed) {
      this.#waiting = null
      w.reject(this.#closed)
    }
  }

  /** The next `n` replies (their last lines). */
  replies(n: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.#waiting = { n, resolve, reject }
      this.#wake()
    })
  }

  write(text: string): void {
    this.#socket.write(text, 'latin1')
  }

  async quit(): Promise<void> {
    this.write('QUIT\r\n')
    await this.replies(1)
    this.#socket.destroy()
  }
}

function expectCodes(lines: readonly string[], codes: readonly string[], what: string): void {
  for (let i = 0; i < codes.length; i++) {
    if (!lines[i]?.startsWith(codes[i]!)) throw new LoadFailure(`${what}: expected ${codes[i]}, got ${lines[i] ?? 'nothing'}`)
  }
}

/** The i-th transaction: to alice, a short message with a line the client must dot-stuff. */
export function transaction(i: number): { commands: string; data: string } {
  return {
    commands: `MAIL FROM:<load${i}@client.example.net>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n`,
    data:
      `From: load${i}@client.example.net\r\nTo: alice@example.com\r\nSubject: load ${i}\r\n` +
      `Message-ID: <${i}.load@client.example.net>\r\n\r\nHello number ${i}.\r\n..a line that starts with a dot\r\nBye.\r\n.\r\n`,
  }
}

async function greet(port: number): Promise<Conn> {
  const c = await Conn.open(port)
  expectCodes(await c.replies(1), ['220'], 'greeting')
  c.write('EHLO client.example.net\r\n')
  expectCodes(await c.replies(1), ['250'], 'EHLO')
  return c
}

/** `count` transactions one after another on one connection, each command waiting for its reply. */
export async function sequential(port: number, count: number, first = 0): Promise<void> {
  const c = await greet(port)
  for (let i = first; i < first + count; i++) {
    const t = transaction(i)
    c.write(`MAIL FROM:<load${i}@client.example.net>\r\n`)
    expectCodes(await c.replies(1), ['250'], 'MAIL')
    c.write('RCPT TO:<alice@example.com>\r\n')
    expectCodes(await c.replies(1), ['250'], 'RCPT')
    c.write('DATA\r\n')
    expectCodes(await c.replies(1), ['354'], 'DATA')
    c.write(t.data)
    expectCodes(await c.replies(1), ['250'], 'end of data')
  }
  await c.quit()
}

/** `count` transactions written at once on one connection; then every reply is read and checked. */
export async function pipelined(port: number, count: number, first = 0): Promise<void> {
  const c = await greet(port)
  const parts: string[] = []
  for (let i = first; i < first + count; i++) {
    const t = transaction(i)
    parts.push(t.commands, t.data)
  }
  c.write(parts.join(''))
  const lines = await c.replies(4 * count)
  for (let i = 0; i < count; i++) expectCodes(lines.slice(4 * i, 4 * i + 4), ['250', '250', '354', '250'], `pipelined transaction ${i}`)
  await c.quit()
}
