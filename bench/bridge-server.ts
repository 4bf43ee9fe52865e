/**
 * One server for `npm run bench -- --bridge`, run in a child process of its own so its memory is its own:
 * `bridge` is smtp-sim's TCP bridge as `npm run serve` starts it; `smtp-server` is Nodemailer's smtp-server as a
 * minimal accept-and-discard server (no TLS, no AUTH, the message stream read and dropped); `null` does no work at
 * all: fixed replies, found by line and end-of-data framing alone (the ceiling for any server with this client). Prints
 * `listening <port>` on stdout when ready; stops on SIGTERM.
 */
import { createServer, type Socket } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { startBridge } from '../src/node/bridge'

const kind = process.argv[2]

async function main(): Promise<void> {
  if (kind === 'bridge') {
    const bridge = await startBridge({ port: 0 })
    process.stdout.write(`listening ${bridge.address.port}\n`)
    process.on('SIGTERM', () => void bridge.close().then(() => process.exit(0)))
  } else if (kind === 'smtp-server') {
    const server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: 10_240_000,
      onData(stream, _session, callback) {
        stream.on('data', () => {})
        stream.on('end', () => callback())
      },
    })
    server.on('error', (e) => process.stderr.write(`smtp-server: ${e.message}\n`))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    const address = server.server.address()
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`)
    process.on('SIGTERM', () => server.close(() => process.exit(0)))
  } else if (kind === 'null') {
    const server = createServer(nullSession)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    const address = server.address()
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`)
    process.on('SIGTERM', () => process.exit(0))
  } else {
    process.stderr.write('usage: bridge-server.ts bridge|smtp-server|null\n')
    process.exit(2)
  }
}

/** The `null` server's session: a fixed reply per command line, and one per message at its final dot. */
function nullSession(socket: Socket): void {
  socket.setNoDelay(true)
  let inData = false
  let buffer = ''
  socket.on('error', () => {})
  socket.write('220 null ESMTP\r\n')
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1')
    let out = ''
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n')
        if (end < 0) break
        buffer = buffer.slice(end + 5)
        inData = false
        out += '250 2.0.0 Ok: queued\r\n'
        continue
      }
      const end = buffer.indexOf('\r\n')
      if (end < 0) break
      const verb = buffer.slice(0, 4).toUpperCase()
      buffer = buffer.slice(end + 2)
      if (verb === 'QUIT') return void socket.end(out + '221 2.0.0 Bye\r\n')
      if (verb === 'DATA') {
        inData = true
        buffer = '\r\n' + buffer // so a message of no lines still ends at its first ".\r\n"
        out += '354 End data with <CR><LF>.<CR><LF>\r\n'
      } else out += '250 2.0.0 Ok\r\n'
    }
    if (out) socket.write(out, 'latin1')
  })
}

void main()
