/**
 * `npm run serve -- --host 127.0.0.1 --port 2525 [--maildir DIR]`: start the TCP bridge (design §4), print
 * `listening on <host>:<port>` when ready, and exit with code 0 on SIGINT/SIGTERM once the server is closed.
 * Unknown options are refused with the usage text and exit code 2. Log lines go to stderr.
 */
import { parseArgs } from 'node:util'
import { PERSONALITIES, PROFILES, type PersonalityName, type ProfileName } from '../smtp'
import { startBridge, type BridgeOptions } from './bridge'

const USAGE = `usage: npm run serve -- [--host HOST] [--port PORT] [--maildir DIR] [--profile mta|submission]
                        [--personality postfix|rfc|lenient] [--allow-plaintext-auth]

  --host HOST             address to listen on (default 127.0.0.1; nothing else is listened on)
  --port PORT             TCP port, 0 for any free one (default 2525)
  --maildir DIR           also write every delivered message to DIR/<mailbox>/new/ (Maildir layout)
  --profile NAME          mta: port 25 behaviour (default); submission: port 587, STARTTLS then AUTH
  --personality NAME      postfix (default), rfc (strict RFC 5321) or lenient (pre-2024, SMTP smuggling)
  --allow-plaintext-auth  with --profile submission, take AUTH without STARTTLS (for clients without TLS)
  --help                  show this text
`

function usageError(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`)
  process.exit(2)
}

function parse(argv: string[]): BridgeOptions & { host: string } {
  let values
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '2525' },
        maildir: { type: 'string' },
        profile: { type: 'string', default: 'mta' },
        personality: { type: 'string', default: 'postfix' },
        'allow-plaintext-auth': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error))
  }
  if (values.help) {
    process.stdout.write(USAGE)
    process.exit(0)
  }
  const port = Number(values.port)
  if (!/^\d+$/.test(values.port) || port > 65535) usageError(`--port: not a port number: ${values.port}`)
  if (values.host === '') usageError('--host: empty')
  if (!['mta', 'submission'].includes(values.profile) || !(values.profile in PROFILES)) usageError(`--profile: mta or submission, not ${values.profile}`)
  if (!(values.personality in PERSONALITIES)) usageError(`--personality: postfix, rfc or lenient, not ${values.personality}`)
  return {
    host: values.host,
    port,
    ...(values.maildir === undefined ? {} : { maildir: values.maildir }),
    profile: values.profile as ProfileName,
    personality: values.personality as PersonalityName,
    allowPlaintextAuth: values['allow-plaintext-auth'],
  }
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2))
  const bridge = await startBridge({ ...options, onLog: (line) => process.stderr.write(`${line}\n`) }).catch((error: unknown) => {
    process.stderr.write(`cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
  process.stdout.write(`listening on ${bridge.address.host}:${bridge.address.port}\n`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`${signal}: closing\n`)
    void bridge.close().then(() => process.exit(0))
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

void main()
