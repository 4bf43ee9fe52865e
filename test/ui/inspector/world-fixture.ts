/**
 * A world with mail in it, made the way a learner makes it: SMTP sessions of the model.
 *  - student@client.example.net writes to alice on mail.example.com port 25, To: alice only, bob only in RCPT TO
 *    (a Bcc); the message has a text part, an HTML part with a script and a remote image, and an attachment;
 *  - the learner's own MTA (client.example.net, from localhost) relays a message to carol@example.net (two Received:
 *    lines) and bounces the copy for x@example.invalid (a DSN in student's mailbox).
 */
import { World, wireOf, type Connection } from '../../../src/smtp'

export const BCC_MESSAGE = [
  'From: student@client.example.net',
  'To: alice@example.com',
  'Subject: =?UTF-8?B?R3LDvMOfZQ==?= from the lab',
  'Date: Sat, 02 May 2026 10:00:00 +0000',
  'Message-ID: <bcc.1@client.example.net>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/alternative; boundary="inner"',
  '',
  '--inner',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello Alice <b>not bold</b>',
  '--inner',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p id="evil">Hello <b>Alice</b></p><script>document.title = "pwned"</script><img src="https://tracker.example/pixel.png">',
  '--inner--',
  '--outer',
  'Content-Type: application/pdf; name="report.pdf"',
  'Content-Disposition: attachment; filename="report.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQKJcOkw7zDtsOfCg==',
  '--outer--',
  '',
].join('\r\n')

function session(connection: Connection, text: string): string {
  connection.start()
  return wireOf(connection.receive(text))
}

export function mailWorld(): World {
  const world = new World()
  session(
    world.host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' }),
    `EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n${BCC_MESSAGE}.\r\nQUIT\r\n`,
  )
  session(
    world.host('client.example.net')!.connect({ ip: '127.0.0.1', name: 'localhost' }),
    'EHLO localhost\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<carol@example.net>\r\nRCPT TO:<x@example.invalid>\r\nDATA\r\nFrom: student@client.example.net\r\nTo: carol@example.net, x@example.invalid\r\nSubject: Relayed\r\n\r\nhello\r\n.\r\nQUIT\r\n',
  )
  return world
}

/** Deliver one more plain message to alice. */
export function deliverAnother(world: World, subject: string): void {
  session(world.host('mail.example.com')!.connect({ ip: '192.0.2.30', name: 'client.example.net' }), `HELO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\nSubject: ${subject}\r\n\r\nx\r\n.\r\nQUIT\r\n`)
}
