/**
 * One server for `npm run bench -- --bridge`, run in a child process of its own so its memory is its own:
 * `bridge` is smtp-sim's TCP bridge as `npm run serve` starts it; `smtp-server` is Nodemailer's smtp-server as a
 * minimal accept-and-discard server (no TLS, no AUTH, the message stream read and dropped). Prints
 * `listening <port>` on stdout when ready; stops on SIGTERM.
 */
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
  } else {
    process.stderr.write('usage: bridge-server.ts bridge|smtp-server\n')
    process.exit(2)
  }
}

void main()
