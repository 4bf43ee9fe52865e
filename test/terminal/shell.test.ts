// The simulated shell on client.example.net, driven key by key through the line discipline against the default
// world: what a learner types, what the screen shows (colours removed), and what reached the model.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { Connection, PERSONALITIES } from '../../src/smtp'
import { COMMANDS, PS1 } from '../../src/terminal/shell'
import { stripSgr } from '../../src/terminal/render'
import { learner } from './harness'

const PROMPT = stripSgr(PS1)
const decoder = new TextDecoder()

afterEach(() => vi.restoreAllMocks())

/** The lines of some output, without the trailing prompt. */
const lines = (out: string) => out.split('\r\n')

describe('the shell', () => {
  test('greets like a Debian host, says where to start, and shows the prompt', () => {
    const l = learner()
    expect(l.output.plain).toMatch(/^Linux client 6\.1\.0/)
    expect(l.output.plain).toContain('telnet mail.example.com 25')
    expect(l.output.plain.endsWith(PROMPT)).toBe(true)
    expect(PROMPT).toBe('student@client:~$ ')
  })

  test('help lists every command with what it does', () => {
    const out = learner().type('help')
    for (const name of ['help', 'telnet', 'nc', 'connect', 'openssl s_client', 'dig MX', 'mail', 'mailq', 'tail', 'sleep', 'reset', 'clear', 'history']) expect(out).toContain(name)
  })

  test('an unknown command gets a one-line hint; a typo gets a suggestion', () => {
    const l = learner()
    expect(l.type('mial')).toBe(`mial\r\nmial: command not found — did you mean mail? Type help.\r\n${PROMPT}`)
    expect(l.type('frobnicate')).toContain('frobnicate: command not found. Type help')
    expect(l.type('EHLO client.example.net')).toContain('EHLO: command not found — this is the shell of client.example.net; open an SMTP session first: telnet mail.example.com 25')
    expect(l.type('ETRN example.com')).toContain('ETRN: command not found — this is the shell of client.example.net; open an SMTP session first')
  })

  test('history, date and clear', () => {
    const l = learner()
    l.type('dig MX example.com')
    expect(l.type('history')).toContain('    1  dig MX example.com\r\n    2  history\r\n')
    expect(l.type('date')).toContain('Sat May  2 10:00:00 UTC 2026')
    expect(l.type('clear')).toContain('\x1b[2J')
  })
})

describe('telnet, nc and connect', () => {
  test('telnet mail.example.com 25 prints what telnet prints, then the greeting', () => {
    const l = learner()
    expect(lines(l.type('telnet mail.example.com 25'))).toEqual([
      'telnet mail.example.com 25',
      'Trying 192.0.2.10...',
      'Connected to mail.example.com.',
      "Escape character is '^]'.",
      '220 mail.example.com ESMTP Postfix',
      '',
    ])
    expect(l.shell.mode).toBe('smtp')
    expect(l.sessions.at(-1)).toMatchObject({ program: 'telnet', server: 'mail.example.com', port: 25, profile: 'mta', tls: false, mode: 'command' })
  })

  test('by IP address too, and with a service name for the port', () => {
    expect(learner().type('telnet 192.0.2.10 smtp')).toContain('Connected to 192.0.2.10.\r\n')
  })

  test('a name the DNS does not know, an address where nothing answers, a port nothing listens on', () => {
    const l = learner()
    expect(l.type('telnet x 25')).toContain('telnet: could not resolve x/25: Name or service not known\r\n')
    expect(lines(l.type('telnet mx.example.org 25')).slice(1, 3)).toEqual(['Trying 192.0.2.40...', 'telnet: Unable to connect to remote host: Connection timed out'])
    expect(l.type('telnet mail.example.com')).toContain('telnet: Unable to connect to remote host: Connection refused')
    expect(l.shell.mode).toBe('shell')
  })

  test('a whole transaction typed line by line: queued, then QUIT is back at the shell', () => {
    const l = learner()
    l.type('telnet mail.example.com 25')
    expect(l.type('EHLO client.example.net')).toContain('250-mail.example.com')
    expect(l.type('MAIL FROM:<student@client.example.net>')).toContain('250 2.1.0 Ok')
    expect(l.type('RCPT TO:<alice@example.com>')).toContain('250 2.1.5 Ok')
    expect(l.type('DATA')).toContain('354 End data with <CR><LF>.<CR><LF>')
    expect(l.shell.mode).toBe('data')
    l.type('Subject: hi')
    l.type('')
    l.type('..starts with a dot')
    expect(l.type('.')).toMatch(/250 2\.0\.0 Ok: queued as [0-9A-F]{10}/)
    expect(l.shell.mode).toBe('smtp')
    expect(l.type('QUIT')).toBe(`QUIT\r\n221 2.0.0 Bye\r\nConnection closed by foreign host.\r\n${PROMPT}`)
    expect(l.shell.mode).toBe('shell')
    expect(l.sessions.at(-1)).toBeNull()
    const [message] = l.world().host('mail.example.com')!.mailbox('alice')
    expect(decoder.decode(message!.content)).toMatch(/Subject: hi\r\n\r\n\.starts with a dot\r\n$/)
    expect(l.events.map((e) => e.type)).toContain('lines-unstuffed')
  })

  test('a pasted block goes to the server as ONE chunk with CRLF after each line, blank line kept', () => {
    const receive = vi.spyOn(Connection.prototype, 'receive')
    const l = learner()
    l.type('telnet mail.example.com 25')
    const out = l.paste('EHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<bob@example.com>\nDATA\nSubject: pasted\n\n.hidden dot\nBody.\n.\nQUIT\n')
    expect(receive.mock.calls.map((c) => c[0])).toEqual([
      'EHLO client.example.net\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\nSubject: pasted\r\n\r\n.hidden dot\r\nBody.\r\n.\r\nQUIT\r\n',
    ])
    // All the lines first (a pipelining client writes them at once), then every reply.
    const shown = lines(out)
    expect(shown.slice(0, 10)).toEqual(['EHLO client.example.net', 'MAIL FROM:<student@client.example.net>', 'RCPT TO:<bob@example.com>', 'DATA', 'Subject: pasted', '', '.hidden dot', 'Body.', '.', 'QUIT'])
    expect(out).toMatch(/250 2\.0\.0 Ok: queued as [0-9A-F]+\r\n221 2\.0\.0 Bye\r\nConnection closed by foreign host\.\r\n/)
    expect(out.endsWith(PROMPT)).toBe(true)
    // ".hidden dot" was not dot-stuffed by anyone: the server removed its dot (RFC 5321 §4.5.2).
    expect(decoder.decode(l.world().host('mail.example.com')!.mailbox('bob')[0]!.content)).toContain('\r\nhidden dot\r\n')
  })

  test('a paste that starts at the shell: telnet connects, the rest goes to the session', () => {
    const l = learner()
    const out = l.paste('telnet mail.example.com 25\nEHLO x\nQUIT\n')
    expect(out).toMatch(/Connected to mail\.example\.com\.[\s\S]*220 mail[\s\S]*EHLO x\r\nQUIT\r\n250-mail\.example\.com[\s\S]*221 2\.0\.0 Bye/)
  })

  test('the SMTP history is not the shell history, and DATA lines are in neither', () => {
    const l = learner()
    l.type('telnet mail.example.com 25')
    l.type('EHLO a')
    l.type('MAIL FROM:<a@example.com>')
    l.type('RCPT TO:<bob@example.com>')
    l.type('DATA')
    l.type('body line')
    l.type('.')
    l.type('QUIT')
    expect(l.shell.histories.shell.entries).toEqual(['telnet mail.example.com 25'])
    expect(l.shell.histories.smtp.entries).toEqual(['EHLO a', 'MAIL FROM:<a@example.com>', 'RCPT TO:<bob@example.com>', 'DATA', 'QUIT'])
  })

  test('Ctrl-] leaves the session: "Connection closed." and the prompt', () => {
    const l = learner()
    l.type('telnet mail.example.com 25')
    l.keys('EHL')
    expect(l.keys('\x1d')).toBe(`^]\r\nConnection closed.\r\n${PROMPT}`)
    expect(l.shell.mode).toBe('shell')
  })

  test('Ctrl-C in telnet only cancels the line; in nc it ends nc', () => {
    const l = learner()
    l.type('telnet mail.example.com 25')
    l.keys('NOOP\x03')
    expect(l.shell.mode).toBe('smtp')
    l.keys('\x1d')
    l.type('nc mail.example.com 25')
    l.keys('\x03')
    expect(l.shell.mode).toBe('shell')
  })

  test('nc prints nothing of its own (unless -v); the server closing ends it silently', () => {
    const l = learner()
    expect(lines(l.type('nc mail.example.com 25'))).toEqual(['nc mail.example.com 25', '220 mail.example.com ESMTP Postfix', ''])
    expect(l.type('QUIT')).toBe(`QUIT\r\n221 2.0.0 Bye\r\n${PROMPT}`)
    expect(l.type('nc -v mail.example.com 25')).toContain('Connection to mail.example.com (192.0.2.10) 25 port [tcp/smtp] succeeded!')
  })

  test('connect defaults to port 25', () => {
    expect(learner().type('connect mail.example.com')).toContain('220 mail.example.com ESMTP Postfix')
  })

  test('telnet localhost 25 reaches the learner’s own MTA from 127.0.0.1, which relays anywhere', () => {
    const l = learner()
    expect(l.type('telnet localhost 25')).toContain('Trying 127.0.0.1...\r\nConnected to localhost.\r\n')
    l.paste('EHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<carol@example.net>\nDATA\nSubject: to carol\n\nHi Carol.\n.\nQUIT\n')
    expect(l.world().host('mx.example.net')!.mailbox('carol')).toHaveLength(1)
    expect(l.events.some((e) => e.type === 'relayed' && e.to === 'mx.example.net')).toBe(true)
  })

  test('port 465 to telnet: the server waits for a TLS handshake, and hangs up on plain text', () => {
    const l = learner({ cols: 200 }) // wide enough that the hint is one row
    const out = l.type('telnet mail.example.com 465')
    expect(out).toContain('Connected to mail.example.com.')
    expect(out).not.toContain('220 ')
    expect(out).toContain('openssl s_client -connect mail.example.com:465')
    expect(l.type('EHLO x')).toContain('Connection closed by foreign host.')
  })
})

describe('TLS', () => {
  test('STARTTLS on 587: after the handshake the server lines are marked <~ and the prompt is ~>', () => {
    const l = learner()
    l.type('telnet mail.example.com 587')
    l.type('EHLO client.example.net')
    const out = l.type('STARTTLS')
    expect(out).toContain('220 2.0.0 Ready to start TLS\r\n')
    expect(out).toContain('TLS handshake simulated')
    expect(out.endsWith('~> ')).toBe(true)
    expect(l.shell.session?.tls).toBe(true)
    const after = l.type('EHLO client.example.net')
    expect(after).toMatch(/^EHLO client\.example\.net\r\n<~ 250-mail\.example\.com\r\n/)
    expect(after).toContain('<~ 250-AUTH')
    expect(l.wire.filter((c) => c.from === 'client' && !c.handshake).map((c) => c.encrypted)).toEqual([false, false, true])
  })

  test('commands pipelined after STARTTLS are thrown away, and the explain notes say so', () => {
    const l = learner()
    l.type('telnet mail.example.com 587')
    l.paste('EHLO client.example.net\nSTARTTLS\nMAIL FROM:<alice@example.com>\n')
    expect(l.events.some((e) => e.type === 'input-discarded')).toBe(true)
  })

  test('openssl s_client -starttls smtp: EHLO and STARTTLS sent silently, a handshake summary, then an encrypted session', () => {
    const l = learner()
    const out = l.type('openssl s_client -starttls smtp -connect mail.example.com:587')
    expect(out).toContain('CONNECTED(00000003)')
    expect(out).toContain('New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384')
    expect(out).toContain('simulated')
    expect(out).not.toContain('220 ')
    expect(l.wire.filter((c) => c.from === 'client' && !c.handshake).map((c) => c.text)).toEqual(['EHLO mail.example.com\r\n', 'STARTTLS\r\n'])
    expect(l.type('ehlo client.example.net')).toContain('<~ 250-AUTH')
    expect(l.type('auth plain AGFsaWNlAHdvbmRlcmxhbmQ=')).toContain('<~ 235 2.7.0 Authentication successful')
  })

  test('openssl takes lines starting with R or Q as its own commands (RENEGOTIATING, DONE), unless -quiet', () => {
    const l = learner()
    l.type('openssl s_client -starttls smtp -connect mail.example.com:587')
    l.type('ehlo x')
    const sent = l.wire.length
    expect(l.type('RCPT TO:<bob@example.com>')).toContain('RENEGOTIATING')
    expect(l.wire.length).toBe(sent)
    expect(l.type('QUIT')).toContain('DONE')
    expect(l.shell.mode).toBe('shell')
    l.type('openssl s_client -quiet -starttls smtp -connect mail.example.com:587')
    expect(l.type('QUIT')).toContain('<~ 221 2.0.0 Bye\r\nclosed\r\n')
  })

  test('openssl s_client -connect host:465 is TLS from the start, greeting included', () => {
    const l = learner()
    const out = l.type('openssl s_client -connect mail.example.com:465')
    expect(out).toContain('CONNECTED(00000003)')
    expect(out).toContain('<~ 220 mail.example.com ESMTP Postfix')
    expect(l.shell.session).toMatchObject({ profile: 'submissions', tls: true })
  })

  test('openssl s_client to a plaintext port without -starttls fails as openssl does', () => {
    const l = learner()
    expect(l.type('openssl s_client -connect mail.example.com:25')).toContain('wrong version number')
    expect(l.shell.mode).toBe('shell')
    // Port 25 offers STARTTLS now (as Debian's Postfix with its snakeoil certificate): -starttls smtp negotiates.
    const starttls = l.type('openssl s_client -starttls smtp -connect mail.example.com:25')
    expect(starttls).toContain('subject=CN = mail.example.com')
    expect(starttls).not.toContain("Didn't find STARTTLS")
    l.type('QUIT')
    expect(l.type('openssl x509')).toContain("Invalid command 'x509'")
    expect(l.type('openssl s_client -bogus')).toContain('s_client: Unknown option: -bogus')
  })
})

describe('the world from the shell', () => {
  test('dig MX answers from the world’s DNS', () => {
    const l = learner()
    expect(l.type('dig MX example.net')).toContain('example.net.\t\t3600\tIN\tMX\t10 mx.example.net.')
    expect(l.type('dig +short MX example.com')).toBe(`dig +short MX example.com\r\n10 mail.example.com.\r\n${PROMPT}`)
    expect(l.type('dig MX example.invalid')).toContain('status: NXDOMAIN')
    expect(l.type('dig A mx.example.org')).toContain('mx.example.org.\t\t3600\tIN\tA\t192.0.2.40')
  })

  test('mailq: empty, then a deferred message with its reason, in Postfix’s layout', () => {
    const l = learner()
    expect(l.type('mailq')).toContain('Mail queue is empty')
    l.type('telnet localhost 25')
    l.paste('EHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<x@example.org>\nDATA\nSubject: x\n\nx\n.\nQUIT\n')
    const out = lines(l.type('mailq'))
    expect(out[1]).toBe('-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------')
    expect(out[2]).toMatch(/^[0-9A-F]{10} {2} +\d+ Sat May  2 10:00:00  student@client\.example\.net$/)
    expect(out[3]).toBe('(connect to mx.example.org[192.0.2.40]:25: Connection timed out)')
    expect(out[4]).toBe(' '.repeat(41) + 'x@example.org')
    expect(out).toContain('-- 1 Kbytes in 1 Request.')
  })

  test('tail mail.log shows the world’s log; -n picks how much; other files do not exist', () => {
    const l = learner()
    l.paste('telnet mail.example.com 25\nEHLO x\nQUIT\n')
    expect(l.type('tail -n 2 mail.log')).toMatch(/postfix\/smtpd\[\d+\]: disconnect from client\.example\.net\[192\.0\.2\.30\]/)
    expect(lines(l.type('tail -n 1 /var/log/mail.log'))).toHaveLength(3)
    expect(l.type('tail /etc/passwd')).toContain("tail: cannot open '/etc/passwd' for reading: No such file or directory")
  })

  test('sleep moves the clock: retries, then expiry and the bounce; the DSN lands in the mailbox', () => {
    const l = learner({ cols: 200 }) // wide enough that each hint is one row
    expect(l.type('sleep')).toContain('sleep: missing operand')
    expect(l.type('sleep soon')).toContain("sleep: invalid time interval 'soon'")
    l.type('telnet localhost 25')
    l.paste('EHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<x@example.org>\nDATA\nSubject: x\n\nx\n.\nQUIT\n')
    const first = l.type('sleep 4d')
    expect(first).toMatch(/to <x@example\.org> deferred \d+ times, 4\.4\.1 \(connect to mx\.example\.org\[192\.0\.2\.40\]:25: Connection timed out\); next try/)
    expect(lines(first).length).toBeLessThan(6) // one line for all those retries
    // The queue lifetime is 5 days (Postfix's maximal_queue_lifetime): the bounce comes when it runs out.
    const second = l.type('sleep 1d')
    expect(second).toMatch(/to <x@example\.org> bounced, 4\.4\.1 .*a bounce \(DSN\) goes back to the sender as [0-9A-F]{10}/)
    expect(second).toContain('You have new mail in /var/mail/student')
    expect(l.type('date')).toContain('Thu May  7 10:00:00 UTC 2026')
  })

  test('mail lists the mailbox, shows a message (the DSN with its Action and Status), and q leaves', () => {
    const l = learner()
    expect(l.type('mail')).toContain('No mail for student')
    l.type('telnet localhost 25')
    l.paste('EHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<nobody@example.com>\nDATA\nSubject: x\n\nx\n.\nQUIT\n')
    l.type('sleep 1m')
    const list = l.type('mail')
    expect(list).toContain('"/var/mail/student": 1 message 1 new')
    expect(list).toMatch(/>N {2}1 MAILER-DAEMON@client {2}Sat May {2}2 10:00 {2}\d+\/\d+ +Undelivered Mail Returned to Sender/)
    expect(list.endsWith('& ')).toBe(true)
    const message = l.type('1')
    expect(message).toContain('Message 1:')
    expect(message).toContain('Action: failed')
    expect(message).toMatch(/Status: 5\.1\.1/)
    expect(l.type('q')).toContain('Held 1 message in /var/mail/student')
    expect(l.shell.mode).toBe('shell')
    expect(l.type('mail 1')).toContain('Subject: Undelivered Mail Returned to Sender')
    expect(l.type('mail 7')).toContain('7: Invalid message number')
  })

  test('the mail list is cut to the terminal\'s width, as mailx cuts it: a long subject never wraps under the list', () => {
    const l = learner({ cols: 60 })
    l.type('telnet localhost 25')
    l.paste('EHLO client.example.net\nMAIL FROM:<student@client.example.net>\nRCPT TO:<nobody@example.com>\nDATA\nSubject: x\n\nx\n.\nQUIT\n')
    l.type('sleep 1m')
    const row = (out: string) => stripSgr(out).split('\r\n').find((r) => r.startsWith('>N'))
    const listed = row(l.type('mail'))
    expect(listed).toMatch(/^>N {2}1 MAILER-DAEMON@client {2}Sat May {2}2 10:00 {2}\d+\/\d+ +Und\w*$/)
    expect(listed).toHaveLength(59)
    expect(row(l.type('h'))).toBe(listed)
  })

  test('mail -s reads the body up to ".", says EOT, and the learner’s MTA sends it on', () => {
    const l = learner()
    expect(l.type('mail -s "Hello Carol" carol@example.net')).toBe('mail -s "Hello Carol" carol@example.net\r\n')
    l.type('Dear Carol,')
    l.type('')
    l.type('see you.')
    const out = l.type('.')
    expect(out).toMatch(/^\.\r\nEOT\r\n\(queued as [0-9A-F]{10} on client\.example\.net/)
    const [message] = l.world().host('mx.example.net')!.mailbox('carol')
    const text = decoder.decode(message!.content)
    expect(text).toContain('To: carol@example.net\r\nSubject: Hello Carol\r\n')
    expect(text).toContain('From: student@client.example.net (Student)\r\n')
    expect(text).toMatch(/\r\n\r\nDear Carol,\r\n\r\nsee you\.\r\n$/)
  })

  test('Ctrl-C twice throws a letter away', () => {
    const l = learner()
    l.type('mail -s x carol@example.net')
    l.type('half a thought')
    expect(l.keys('\x03')).toContain('(Interrupt -- one more to kill letter)')
    l.keys('\x03')
    expect(l.shell.mode).toBe('shell')
    expect(l.world().host('client.example.net')!.queue).toHaveLength(0)
  })

  test('reset starts a fresh world', () => {
    const l = learner()
    const before = l.world()
    l.paste('telnet mail.example.com 25\nEHLO x\nMAIL FROM:<a@example.com>\nRCPT TO:<bob@example.com>\nDATA\nx\n.\nQUIT\n')
    expect(before.host('mail.example.com')!.mailbox('bob')).toHaveLength(1)
    expect(l.type('reset')).toContain('A fresh world')
    expect(l.world()).not.toBe(before)
    expect(l.world().host('mail.example.com')!.mailbox('bob')).toHaveLength(0)
  })

  test('the personality applies to connections opened after the switch', () => {
    const l = learner()
    l.shell.personality = PERSONALITIES.rfc
    l.type('telnet mail.example.com 25')
    l.type('EHLO client.example.net')
    expect(l.type('MAIL FROM: <a@example.com>')).toContain('501')
  })
})

describe('explaining', () => {
  test('? and Enter in a session explains the last reply, sends nothing; the observer hears of it', () => {
    const l = learner()
    l.type('telnet mail.example.com 25')
    l.type('RCPT TO:<bob@example.com>')
    const sent = l.wire.length
    const out = l.type('?')
    expect(l.wire).toHaveLength(sent)
    expect(out).toContain('503: Bad sequence of commands.')
    expect(out).toContain('5.5.1: Invalid command')
    expect(out).toContain('Caused by:')
    expect(out).toContain('See RFC 5321 §3.3, §4.1.4')
    expect(l.explained.at(-1)?.reply.code).toBe(503)
  })

  test('F1 at the shell before any session says what to do', () => {
    expect(learner().data('\x1bOP')).toContain('No reply to explain yet')
  })
})

describe('Tab completion, as a shell does it', () => {
  const tab = (l: ReturnType<typeof learner>) => l.data('\t')

  test('commands, then hosts, then ports; a complete word gets a space', () => {
    const l = learner()
    l.keys('tel')
    tab(l)
    expect(l.discipline.line).toBe('telnet ')
    l.keys('m')
    expect(tab(l)).toMatch(/mail\.example\.com\s+mx\.example\.net/) // several hosts start with m: listed
    expect(l.discipline.line).toBe('telnet m')
    l.keys('a')
    tab(l)
    expect(l.discipline.line).toBe('telnet mail.example.com ')
    l.keys('5')
    tab(l)
    expect(l.discipline.line).toBe('telnet mail.example.com 587 ')
  })

  test('ambiguous: the candidates are listed below and the line is drawn again, nothing lost', () => {
    const l = learner()
    l.keys('ma')
    expect(tab(l)).toBe('il') // the common prefix of mail and mailq
    const listed = tab(l)
    expect(listed).toMatch(/mail\s+mailq/)
    expect(listed.endsWith(`${PROMPT}mail`)).toBe(true)
    expect(l.discipline.line).toBe('mail')
  })

  test('per command: dig MX and its domains, openssl s_client and its options, tail mail.log', () => {
    const l = learner()
    l.keys('dig M')
    tab(l)
    l.keys('example.n')
    tab(l)
    expect(l.discipline.line).toBe('dig MX example.net ')
    l.data('\x15')
    l.keys('openssl s')
    tab(l)
    l.keys('-sta')
    tab(l)
    tab(l)
    l.keys('-con')
    tab(l)
    l.keys('mail.example.com:5')
    tab(l)
    expect(l.discipline.line).toBe('openssl s_client -starttls smtp -connect mail.example.com:587 ')
    l.data('\x15')
    l.keys('tail mail')
    tab(l)
    expect(l.discipline.line).toBe('tail mail.log ')
  })

  test('SMTP verbs in a session, in the case typed; MAIL FROM:< and RCPT TO:< follow; DATA takes no space', () => {
    const l = learner()
    l.type('telnet mail.example.com 25')
    l.keys('eh')
    tab(l)
    expect(l.discipline.line).toBe('ehlo ')
    tab(l)
    expect(l.discipline.line).toBe('ehlo client.example.net ')
    l.data('\x15')
    l.keys('MA')
    tab(l)
    tab(l)
    expect(l.discipline.line).toBe('MAIL FROM:<')
    l.data('\x15')
    l.keys('rc')
    tab(l)
    tab(l)
    expect(l.discipline.line).toBe('rcpt to:<')
    l.data('\x15')
    l.keys('DA')
    tab(l)
    expect(l.discipline.line).toBe('DATA')
    l.data('\x15')
    l.keys('ET')
    tab(l)
    expect(l.discipline.line).toBe('ETRN ')
  })

  test('inside DATA a tab is text, as telnet would send it; in the mail program Tab changes nothing', () => {
    const l = learner()
    l.type('telnet mail.example.com 25')
    l.type('HELO x')
    l.type('MAIL FROM:<a@example.com>')
    l.type('RCPT TO:<alice@example.com>')
    l.type('DATA')
    l.keys('a')
    tab(l)
    l.keys('b')
    expect(l.discipline.line).toBe('a\tb')
    l.type('')
    l.type('.')
    l.type('QUIT')
    l.type('mail')
    l.keys('1')
    tab(l)
    expect(l.discipline.line).toBe('1')
  })
})

describe('the shell’s own prose fits the terminal, broken at spaces', () => {
  const words = (text: string) => text.replace(/\s+/g, ' ').trim()

  test.each([32, 40, 60, 100])('help and the welcome at %i columns: no row wider, no word cut', (cols) => {
    const l = learner({ cols })
    const welcome = l.output.plain.split('\r\n').slice(0, -1)
    expect(Math.max(...welcome.map((r) => r.length))).toBeLessThanOrEqual(cols)
    expect(words(welcome.join(' '))).toContain('Linux client 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64')
    const help = stripSgr(l.type('help')).split('\r\n').slice(1, -1)
    expect(Math.max(...help.map((r) => r.length))).toBeLessThanOrEqual(cols)
    for (const command of COMMANDS) expect(words(help.join(' '))).toContain(words(`${command.usage} ${command.summary}`))
    expect(words(help.join(' '))).toContain('Tab completes, Escape then Tab leaves the terminal.')
  })

  test('a hint wider than the terminal is broken at spaces; replies are left as the server sent them', () => {
    const l = learner({ cols: 40 })
    const out = stripSgr(l.type('sleep 90m'))
    const rows = out.split('\r\n').slice(1, -1)
    expect(Math.max(...rows.map((r) => r.length))).toBeLessThanOrEqual(40)
    expect(words(rows.join(' '))).toContain('the simulated clock now says Sat, 2 May 2026 11:30:00 +0000 (UTC)')
    l.type('telnet mail.example.com 25')
    expect(stripSgr(l.type('RCPT TO:<bob@example.com>'))).toContain('503 5.5.1 Error: need MAIL command\r\n')
    const long = stripSgr(l.type('MAIL FROM:<a-rather-long-sender-address@example.com>'))
    expect(long).toContain('250 2.1.0 Ok')
  })
})
