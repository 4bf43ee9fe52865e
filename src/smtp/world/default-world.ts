/** The default world (README, "The world"): what `telnet mail.example.com 25` reaches. Lessons start from variants of it. */
import { keyRecord, type SigningKey } from '../authentication/dkim'
import type { HostData, WorldData } from './types'

/** DKIM keys of the world (simulated, authentication/dkim.ts): example.com's outbound server and your own MTA sign. */
const EXAMPLE_COM_KEY: SigningKey = { domain: 'example.com', selector: 'sim2026', secret: 'example.com signing key, simulated' }
const CLIENT_KEY: SigningKey = { domain: 'client.example.net', selector: 'sim', secret: 'client.example.net signing key, simulated' }

export const MAIL_EXAMPLE_COM: HostData = {
  name: 'mail.example.com',
  ip: '192.0.2.10',
  localDomains: ['example.com', 'mail.example.com'],
  mailboxes: ['alice', 'bob', 'postmaster'],
  // owner-staff: the list's owner is an address too (bounces of the list go there; Postfix's owner-<list> alias).
  // zoë: alice's second name, a UTF-8 address (RFC 6531).
  // erin: she worked here and moved to post.example; her old address forwards there (a forwarding alias, as a
  // .forward file or Postfix's virtual_alias_maps would: the message goes on with its envelope sender unchanged).
  aliases: { info: ['alice', 'bob'], 'owner-staff': ['alice'], 'zoë': ['alice'], erin: ['erin@post.example'] },
  lists: { staff: { members: ['alice@example.com', 'bob@example.com'], owner: 'owner-staff@example.com' } },
  recipientDelimiter: '+',
  trustedNetworks: [], // port 25 relays for nobody: strangers, and clients of the TCP bridge on 127.0.0.1 alike
  loggedIn: ['bob'], // bob is at his terminal (history mode: SEND can write to it)
  users: { alice: { password: 'wonderland', tokens: ['ya29.alice-in-wonderland'] } },
  senderLogins: true, // alice may send as alice@ (or zoë@, her alias), never as bob@ or admin@example.com
  signing: [EXAMPLE_COM_KEY],
}

export const MX_EXAMPLE_NET: HostData = {
  name: 'mx.example.net',
  ip: '192.0.2.20',
  localDomains: ['example.net', 'mx.example.net'],
  mailboxes: ['carol', 'dave', 'postmaster'],
  aliases: {},
  lists: {},
  recipientDelimiter: '+',
  disableVrfy: true, // as many sites set it: VRFY answers 502 5.5.1 here (lesson "What VRFY answers today")
  trustedNetworks: ['127.0.0.1'],
}

/**
 * example.net's backup MX (preference 20): it takes mail for example.net when mx.example.net does not answer, and
 * hands it on when the primary is back (RFC 5321 §5.1: senders try MX hosts in order of preference).
 */
export const MX2_EXAMPLE_NET: HostData = {
  name: 'mx2.example.net',
  ip: '192.0.2.21',
  localDomains: ['mx2.example.net'],
  mailboxes: ['postmaster'],
  aliases: {},
  lists: {},
  recipientDelimiter: '+',
  relayDomains: ['example.net'],
  trustedNetworks: [],
}

export const CLIENT_EXAMPLE_NET: HostData = {
  name: 'client.example.net',
  ip: '192.0.2.30',
  localDomains: ['client.example.net'],
  mailboxes: ['student', 'postmaster'],
  aliases: {},
  lists: {},
  recipientDelimiter: '+',
  trustedNetworks: ['127.0.0.1', '192.0.2.30'],
  loggedIn: ['student'], // you: your shell is a terminal session on this host
  signing: [CLIENT_KEY], // your MTA signs your mail (DKIM) as it leaves
}

/**
 * post.example: a large mail provider that checks who may send for a domain — SPF, DKIM and DMARC, simulated — on
 * everything it receives, as the big providers do. erin has her mailbox there.
 */
export const MX_POST_EXAMPLE: HostData = {
  name: 'mx.post.example',
  ip: '192.0.2.50',
  localDomains: ['post.example', 'mx.post.example'],
  mailboxes: ['erin', 'postmaster'],
  aliases: {},
  lists: {},
  recipientDelimiter: '+',
  trustedNetworks: [],
  authentication: true,
}

export const DEFAULT_WORLD: WorldData = {
  hosts: [MAIL_EXAMPLE_COM, MX_EXAMPLE_NET, CLIENT_EXAMPLE_NET, MX2_EXAMPLE_NET, MX_POST_EXAMPLE],
  dns: {
    mx: {
      'example.com': [{ preference: 10, exchange: 'mail.example.com' }],
      'example.net': [
        { preference: 10, exchange: 'mx.example.net' },
        { preference: 20, exchange: 'mx2.example.net' },
      ],
      // example.org's MX exists in DNS but never answers: deliveries are deferred, then bounce.
      'example.org': [{ preference: 10, exchange: 'mx.example.org' }],
      // www.example.com is a web server's name: it receives no mail and says so with a null MX (RFC 7505). Without
      // it, senders would fall back to its A record (the implicit MX) and try a server that never answers SMTP.
      'www.example.com': [{ preference: 0, exchange: '.' }],
      'post.example': [{ preference: 10, exchange: 'mx.post.example' }],
    },
    a: {
      'mail.example.com': '192.0.2.10',
      'mx.example.net': '192.0.2.20',
      'client.example.net': '192.0.2.30',
      'mx.example.org': '192.0.2.40',
      'mx2.example.net': '192.0.2.21',
      'www.example.com': '192.0.2.80',
      'mx.post.example': '192.0.2.50',
    },
    // Who may send for a domain (lessons "Spoofing and SPF", "DKIM and DMARC"). example.org publishes nothing.
    txt: {
      'example.com': ['v=spf1 mx -all'],
      '_dmarc.example.com': ['v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com'],
      [`${EXAMPLE_COM_KEY.selector}._domainkey.example.com`]: [keyRecord(EXAMPLE_COM_KEY)],
      'example.net': ['v=spf1 mx -all'],
      '_dmarc.example.net': ['v=DMARC1; p=none'],
      'client.example.net': ['v=spf1 a -all'],
      '_dmarc.client.example.net': ['v=DMARC1; p=reject'],
      [`${CLIENT_KEY.selector}._domainkey.client.example.net`]: [keyRecord(CLIENT_KEY)],
      'post.example': ['v=spf1 mx -all'],
      '_dmarc.post.example': ['v=DMARC1; p=reject'],
    },
  },
}

/**
 * The world with more addresses for one host (Postfix's inet_interfaces): `user@[address]` is local mail there. The
 * TCP bridge adds the address clients connect to, so `alice@[127.0.0.1]` is alice's, as on a real Postfix.
 */
export function withInterfaces(world: WorldData, hostName: string, addresses: readonly string[]): WorldData {
  return { ...world, hosts: world.hosts.map((h) => (h.name === hostName ? { ...h, interfaces: [...(h.interfaces ?? []), ...addresses] } : h)) }
}
