/**
 * `npm run serve -- --host 127.0.0.1 --port 2525 [--maildir DIR] [...]`: start the TCP bridge (README, "Real clients"), print
 * `listening on <host>:<port>` when ready, and exit with code 0 on SIGINT/SIGTERM once the server is closed.
 * Unknown options are refused with the usage text and exit code 2. Log lines go to stderr.
 */
import { parseArgs } from 'node:util'
import { PERSONALITIES, type PersonalityName, type ProfileName } from '../smtp'
import { BRIDGE_DEFAULTS, startBridge, type BridgeOptions } from './bridge'
import { certificateFromFiles } from './tls'

const USAGE = `usage: npm run serve -- [--host HOST] [--port PORT] [--maildir DIR] [--profile mta|submission|smtps]
                        [--personality ${Object.keys(PERSONALITIES).join('|')}] [--allow-plaintext-auth]
                        [--tls-cert FILE --tls-key FILE] [--mailbox-limit N] [--max-clients N] [--session-limit SECONDS]

  --host HOST             address to listen on (default 127.0.0.1; nothing else is listened on; a warning if it
                          is not a loopback address)
  --port PORT             TCP port, 0 for any free one (default 2525)
  --maildir DIR           also write every delivered message to DIR/<mailbox>/new/ (Maildir layout); a message that
                          cannot be written is refused with 451 4.3.0
  --profile NAME          mta: port 25 behaviour (default); submission: port 587, STARTTLS then AUTH;
                          smtps (or submissions): port 465, TLS from the first octet, then AUTH
  --personality NAME      postfix (default), rfc (strict RFC 5321), lenient (pre-2024, SMTP smuggling) or rfc821
                          (history mode, 1982: HELO only, SEND/SOML/SAML/TURN, source routes honoured)
  --allow-plaintext-auth  with --profile submission, take AUTH without STARTTLS (for clients without TLS)
  --tls-cert FILE         the certificate (PEM) TLS clients see after STARTTLS or on smtps; with --tls-key.
  --tls-key FILE          Without them, a self-signed certificate for mail.example.com is made at start.
  --mailbox-limit N       messages each mailbox keeps in memory, oldest dropped first (default ${BRIDGE_DEFAULTS.mailboxLimit});
                          with --maildir every message stays on disk
  --max-clients N         sessions at once; one more gets 421 4.7.0 (default ${BRIDGE_DEFAULTS.maxClients})
  --session-limit SECONDS a session's total time, besides the 300 s idle timeout (default ${BRIDGE_DEFAULTS.sessionLimitMs / 1000})
  --help                  show this text
`

function usageError(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`)
  process.exit(2)
}

const PROFILE_NAMES: Readonly<Record<string, ProfileName>> = { mta: 'mta', submission: 'submission', smtps: 'submissions', submissions: 'submissions' }

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value) || Number(value) < 1) usageError(`--${name}: a whole number of at least 1, not ${value}`)
  return Number(value)
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
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'mailbox-limit': { type: 'string' },
        'max-clients': { type: 'string' },
        'session-limit': { type: 'string' },
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
  const profile = PROFILE_NAMES[values.profile]
  if (!profile) usageError(`--profile: mta, submission or smtps, not ${values.profile}`)
  if (!(values.personality in PERSONALITIES)) usageError(`--personality: ${Object.keys(PERSONALITIES).join(', ')}, not ${values.personality}`)
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) usageError('--tls-cert and --tls-key go together')
  let certificate
  if (values['tls-cert'] !== undefined && values['tls-key'] !== undefined) {
    try {
      certificate = certificateFromFiles(values['tls-cert'], values['tls-key'])
    } catch (error) {
      process.stderr.write(`cannot use --tls-cert ${values['tls-cert']} --tls-key ${values['tls-key']}: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(1)
    }
  }
  return {
    host: values.host,
    port,
    ...(values.maildir === undefined ? {} : { maildir: values.maildir }),
    profile,
    personality: values.personality as PersonalityName,
    allowPlaintextAuth: values['allow-plaintext-auth'],
    ...(certificate ? { certificate } : {}),
    mailboxLimit: positive('mailbox-limit', values['mailbox-limit'], BRIDGE_DEFAULTS.mailboxLimit),
    maxClients: positive('max-clients', values['max-clients'], BRIDGE_DEFAULTS.maxClients),
    sessionLimitMs: positive('session-limit', values['session-limit'], BRIDGE_DEFAULTS.sessionLimitMs / 1000) * 1000,
  }
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2))
  const bridge = await startBridge({ ...options, onLog: (line) => process.stderr.write(`${line}\n`) }).catch((error: unknown) => {
    process.stderr.write(`cannot start on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}\n`)
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
