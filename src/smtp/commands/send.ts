/**
 * RFC 821's SEND, SOML and SAML (§4.1.1): MAIL's siblings from the days when a user sat at a terminal of the host
 * that kept the mailbox. SEND writes the message to the recipient's terminal, SOML ("send or mail") to the terminal
 * if the user is logged in and else to the mailbox, SAML ("send and mail") to both. RCPT and DATA follow as for MAIL.
 * RFC 5321 removed them (App. F.6): only the `rfc821` personality knows them; modern servers answer 500.
 * Who is logged in is data of the world (HostData.loggedIn); the host writes the terminal (world/host.ts).
 */
import type { Delivery } from '../events'
import { openTransaction } from './mail'
import type { Verb } from './types'

function mailSibling(verb: 'SEND' | 'SOML' | 'SAML', delivery: Delivery, help: string): Verb {
  return {
    verb,
    syntax: `${verb} FROM:<reverse-path>`,
    help,
    beforeTls: false,
    needsAuth: true,
    rfc821: true,
    obsolete: true,
    handle: (c, argument) => openTransaction(c, argument, delivery),
  }
}

export const send = mailSibling('SEND', 'send', 'deliver to the user\'s terminal (RFC 821 4.1.1)')
export const soml = mailSibling('SOML', 'soml', 'send to the terminal, or else mail (RFC 821 4.1.1)')
export const saml = mailSibling('SAML', 'saml', 'send to the terminal and mail (RFC 821 4.1.1)')
