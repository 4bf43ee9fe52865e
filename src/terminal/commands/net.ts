/**
 * Network commands: telnet, nc, connect (open an SMTP session), openssl s_client (the same over TLS, simulated) and
 * dig. Names are resolved in the world's DNS; `localhost` is the learner's own MTA on client.example.net, reached
 * from 127.0.0.1, which it relays for. What each tool prints around the session imitates the real one.
 */
import { lookupA, lookupMx, digMx, digTxt, lookupTxt } from '../../smtp/world/dns'
import type { ClientInfo, Dial } from '../../smtp/world/host'
import type { World } from '../../smtp/world/world'
import { LEARNER } from '../learner'
import { renderHint, renderNotice } from '../render'
import { SmtpClient, type ClientProgram, type OpensslOptions } from '../smtp-client'
import type { Command, ShellContext } from '../shell-context'

/** Service names a learner may type instead of a port number (/etc/services). */
const SERVICES: Readonly<Record<string, number>> = { smtp: 25, submission: 587, submissions: 465, smtps: 465, telnet: 23 }

interface Resolved {
  readonly ip: string
  /** localhost: the learner's own host, from 127.0.0.1. */
  readonly local: boolean
}

/** A name or IPv4 address, in the world's DNS. */
export function resolve(world: World, target: string): Resolved | null {
  const name = target.toLowerCase().replace(/\.$/, '')
  if (name === 'localhost' || name === 'localhost.localdomain' || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '::1') return { ip: '127.0.0.1', local: true }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return { ip: name, local: false }
  const ip = lookupA(world.data.dns, name)
  return ip ? { ip, local: false } : null
}

function portOf(word: string | undefined, fallback: number): number | null {
  if (word === undefined) return fallback
  if (/^\d+$/.test(word)) return Number(word)
  return SERVICES[word.toLowerCase()] ?? null
}

/** Connect across the world's network, as the learner's machine: to itself from 127.0.0.1, else from its own address. */
function reach(context: ShellContext, to: Resolved, port: number): Dial {
  const { world } = context
  const client: ClientInfo = to.local ? { ip: '127.0.0.1', name: 'localhost' } : { ip: LEARNER.ip, name: world.nameOf(LEARNER.ip) }
  return world.connect(client, to.local ? LEARNER.host : to.ip, port, context.personality)
}

function open(context: ShellContext, program: ClientProgram, target: string, port: number, found: Extract<Dial, { kind: 'connected' }>, openssl?: OpensslOptions): string {
  const client = new SmtpClient({ program, connection: found.connection, target, port, observer: context.observer, ...(openssl ? { openssl } : {}) })
  return context.startSession(client)
}

/** telnet and connect: "Trying …", "Connected to …", "Escape character is '^]'.", then the session. */
function telnet(args: readonly string[], context: ShellContext, name: string, defaultPort: number): string {
  const [target, portWord] = args.filter((a) => !a.startsWith('-'))
  if (target === undefined) return renderNotice(`usage: ${name} host [port]`)
  const port = portOf(portWord, defaultPort)
  const resolved = resolve(context.world, target)
  if (!resolved || port === null) return renderNotice(`${name}: could not resolve ${target}/${portWord ?? defaultPort}: Name or service not known`)
  let out = renderNotice(`Trying ${resolved.ip}...`)
  const found = reach(context, resolved, port)
  if (found.kind === 'timeout') return out + renderNotice(`${name}: Unable to connect to remote host: Connection timed out`) + renderHint(`(nothing answers at ${resolved.ip}; a real telnet gives up after about two minutes)`)
  if (found.kind === 'refused') return out + renderNotice(`${name}: Unable to connect to remote host: Connection refused`) + renderHint('(mail servers listen on 25, 587 and 465)')
  out += renderNotice(`Connected to ${target}.`) + renderNotice("Escape character is '^]'.")
  return out + open(context, 'telnet', target, port, found)
}

function nc(args: readonly string[], context: ShellContext): string {
  const verbose = args.some((a) => /^-[A-Za-z]*v/.test(a))
  const [target, portWord] = args.filter((a) => !a.startsWith('-'))
  if (target === undefined || portWord === undefined) return renderNotice('usage: nc [-46CDdFhklNnrStUuvZz] [-q seconds] [-w timeout] [destination] [port]')
  const port = portOf(portWord, 25)
  const resolved = resolve(context.world, target)
  if (!resolved || port === null) return renderNotice(`nc: getaddrinfo for host "${target}" port ${portWord}: Name or service not known`)
  const found = reach(context, resolved, port)
  if (found.kind === 'timeout') return renderNotice(`nc: connect to ${target} port ${port} (tcp) failed: Connection timed out`)
  if (found.kind === 'refused') return renderNotice(`nc: connect to ${target} port ${port} (tcp) failed: Connection refused`)
  const service = Object.entries(SERVICES).find(([, p]) => p === port)?.[0] ?? '*'
  const said = verbose ? renderNotice(`Connection to ${target} (${resolved.ip}) ${port} port [tcp/${service}] succeeded!`) : ''
  return said + open(context, 'nc', target, port, found)
}

const OPENSSL_FLAGS = new Set(['-crlf', '-quiet', '-ign_eof', '-no_ign_eof', '-nocommands', '-brief', '-showcerts', '-tls1_2', '-tls1_3', '-4', '-6', '-noservername'])
const OPENSSL_ARGS = new Set(['-connect', '-starttls', '-name', '-servername', '-CAfile', '-CApath', '-verify', '-cipher', '-ciphersuites'])

function openssl(args: readonly string[], context: ShellContext): string {
  const [sub, ...rest] = args
  if (sub === undefined) return renderNotice('usage: openssl s_client [-connect host:port] [-starttls smtp] [-crlf] [-quiet]')
  if (sub !== 's_client') return renderNotice(`Invalid command '${sub}'; type "help" for a list.`) + renderHint('(this machine only has openssl s_client)')
  const options: Record<string, string> = {}
  const flags = new Set<string>()
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!
    if (OPENSSL_ARGS.has(a)) {
      const value = rest[++i]
      if (value === undefined) return renderNotice(`s_client: Option ${a} needs a value`) + renderNotice('s_client: Use -help for summary.')
      options[a] = value
    } else if (OPENSSL_FLAGS.has(a)) flags.add(a)
    else return renderNotice(`s_client: Unknown option: ${a}`) + renderNotice('s_client: Use -help for summary.')
  }
  const starttls = options['-starttls']
  if (starttls !== undefined && starttls !== 'smtp') return renderNotice(`s_client: Invalid value for -starttls: ${starttls}`) + renderHint('(this simulation speaks only SMTP: -starttls smtp)')
  const connect = options['-connect'] ?? 'localhost:4433'
  const colon = connect.lastIndexOf(':')
  const target = colon < 0 ? connect : connect.slice(0, colon)
  const port = colon < 0 ? 4433 : portOf(connect.slice(colon + 1), 4433)
  const resolved = resolve(context.world, target)
  if (!resolved || port === null) {
    return renderNotice(`40C7B8F2C37F0000:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:Name or service not known`) + renderNotice('connect:errno=22')
  }
  const found = reach(context, resolved, port)
  if (found.kind === 'timeout') return renderNotice('connect:errno=110') + renderHint(`(nothing answers at ${resolved.ip}: Connection timed out)`)
  if (found.kind === 'refused') return renderNotice(`40C7B8F2C37F0000:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:114:calling connect()`) + renderNotice('connect:errno=111') + renderHint(options['-connect'] ? '(mail servers listen on 25, 587 and 465)' : '(say where: -connect mail.example.com:587)')
  return open(context, 'openssl', target, port, found, {
    starttls: starttls === 'smtp',
    ehloName: options['-name'] ?? 'mail.example.com',
    commands: !flags.has('-quiet') && !flags.has('-ign_eof') && !flags.has('-nocommands'),
  })
}

/** dig: MX and A records from the world's DNS, in dig's layout (`+short` for the bare answers). */
function dig(args: readonly string[], { world }: ShellContext): string {
  const short = args.includes('+short')
  const words = args.filter((a) => !a.startsWith('+') && !a.startsWith('@'))
  const type = words.find((w) => /^(MX|A|TXT)$/i.test(w))?.toUpperCase() ?? 'A'
  const name = words.find((w) => !/^(MX|A|TXT|IN)$/i.test(w))
  if (name === undefined) return renderNotice('usage: dig [+short] [MX|A|TXT] name')
  const domain = name.toLowerCase().replace(/\.$/, '')
  const dns = world.data.dns
  if (short) {
    if (type === 'MX') return lookupMx(dns, domain).map((r) => renderNotice(`${r.preference} ${r.exchange}.`)).join('')
    if (type === 'TXT') return lookupTxt(dns, domain).map((t) => renderNotice(`"${t}"`)).join('')
    const ip = lookupA(dns, domain)
    return ip ? renderNotice(ip) : ''
  }
  const banner = [`; <<>> DiG 9.18 (simulated) <<>> ${type} ${domain}`, ';; global options: +cmd', ';; Got answer:']
  if (type === 'MX') return [...banner, ...digMx(dns, domain)].map(renderNotice).join('')
  if (type === 'TXT') return [...banner, ...digTxt(dns, domain)].map(renderNotice).join('')
  const ip = lookupA(dns, domain)
  const answer = ip
    ? [';; ->>HEADER<<- opcode: QUERY, status: NOERROR', ';; ANSWER SECTION:', `${domain}.\t\t3600\tIN\tA\t${ip}`]
    : [`;; ->>HEADER<<- opcode: QUERY, status: ${lookupMx(dns, domain).length > 0 ? 'NOERROR' : 'NXDOMAIN'}`, ';; ANSWER SECTION: (none)']
  return [...banner, ...answer].map(renderNotice).join('')
}

// --- Tab completion: what may come next on each command's line --------------------------------------------------

/** The ports mail servers listen on in this world. */
const MAIL_PORTS = ['25', '587', '465']

/** Every name the world's DNS answers for, and localhost. */
export function knownHosts(world: World): string[] {
  return ['localhost', ...Object.keys(world.data.dns.a)]
}

/** Domains with MX or A records (what dig asks about). */
function knownDomains(world: World): string[] {
  return [...new Set([...Object.keys(world.data.dns.mx), ...Object.keys(world.data.dns.a), ...Object.keys(world.data.dns.txt ?? {})])]
}

/** telnet/nc/connect: a host, then a port. */
function completeHostPort(args: readonly string[], { world }: ShellContext): readonly string[] {
  const words = args.filter((a) => !a.startsWith('-'))
  return words.length === 0 ? knownHosts(world) : words.length === 1 ? MAIL_PORTS : []
}

function completeOpenssl(args: readonly string[], { world }: ShellContext): readonly string[] {
  if (args.length === 0) return ['s_client']
  const last = args.at(-1)
  if (last === '-connect') return knownHosts(world).flatMap((h) => MAIL_PORTS.map((p) => `${h}:${p}`))
  if (last === '-starttls') return ['smtp']
  if (last !== undefined && OPENSSL_ARGS.has(last)) return []
  return [...OPENSSL_ARGS, ...OPENSSL_FLAGS].filter((o) => !args.includes(o))
}

function completeDig(args: readonly string[], { world }: ShellContext): readonly string[] {
  const words = args.filter((a) => !a.startsWith('+') && !a.startsWith('@'))
  return words.length === 0 ? ['MX', 'A', 'TXT', '+short'] : words.length === 1 ? knownDomains(world) : []
}

export const NET_COMMANDS: readonly Command[] = [
  { name: 'telnet', usage: 'telnet <host> [port]', summary: 'talk SMTP by hand (25 MTA, 587 submission); localhost is your own MTA', run: (args, c) => telnet(args, c, 'telnet', 23), complete: completeHostPort },
  { name: 'nc', usage: 'nc <host> <port>', summary: 'the same with netcat (prints nothing of its own)', run: nc, complete: completeHostPort },
  { name: 'connect', usage: 'connect <host> [port]', summary: 'like telnet, port 25 unless you say', run: (args, c) => telnet(args, c, 'connect', 25), complete: completeHostPort },
  { name: 'openssl', usage: 'openssl s_client -starttls smtp -connect <host>:587', summary: 'SMTP over TLS (simulated); -connect <host>:465 for TLS from the start', run: openssl, complete: completeOpenssl },
  { name: 'dig', usage: 'dig MX <domain>', summary: "ask the world's DNS (MX, A or TXT records: SPF, DKIM keys, DMARC)", run: dig, complete: completeDig },
]
