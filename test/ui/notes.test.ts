import { describe, expect, test } from 'vitest'
import { World, type ModelEvent } from '../../src/smtp'
import { noteFor, notesFor } from '../../src/ui/explain/notes'

describe('contextual notes come from events, not from reply text', () => {
  test.each<[ModelEvent, RegExp, string | undefined]>([
    [{ type: 'source-route-stripped', role: 'sender', route: ['@relay.example'], mailbox: 'a@b' }, /source route @relay\.example was stripped from the sender; the server used <a@b>/, '5321 §4.1.2, §3.6.1'],
    [{ type: 'lines-unstuffed', count: 2 }, /^2 lines of the message started with a dot/, '5321 §4.5.2'],
    [{ type: 'bare-line-ending', kind: 'LF', count: 1, action: 'normalized' }, /1 bare LF .* was treated as CR LF/, '5321 §2.3.8'],
    [{ type: 'message-accepted', queueId: 'ABC', envelope: { sender: '', recipients: [], mailParams: {} }, content: new Uint8Array() }, /queued as ABC/, '5321 §6.1'],
    [{ type: 'relayed', host: 'client.example.net', queueId: 'Q', to: 'mx.example.net', recipients: ['carol@example.net'], reply: '250 2.0.0 Ok', transcript: [] }, /relayed Q to mx\.example\.net/, '5321 §3.6'],
    [{ type: 'deferred', host: 'h', queueId: 'Q', recipient: 'x@example.org', status: '4.4.1', reason: 'timed out', nextAttempt: Date.UTC(2026, 4, 2, 10, 5) }, /deferred Q .*next try 2026-05-02 10:05 UTC/, '5321 §4.5.4.1'],
    [{ type: 'bounced', host: 'h', queueId: 'Q', recipient: 'x@example.org', status: '5.1.1', reason: 'unknown', dsnQueueId: 'D' }, /A bounce \(DSN D\) goes back/, '5321 §6.1; 3464 §2'],
    [{ type: 'bounced', host: 'h', queueId: 'Q', recipient: 'x', status: '5.1.1', reason: 'unknown', dsnQueueId: null }, /sender was <>, so no bounce/, '5321 §6.1; 3464 §2'],
    [{ type: 'delivered', queueId: 'Q', host: 'mail.example.com', mailbox: 'alice', recipient: 'alice+news@example.com' }, /delivered to the mailbox of alice/, '5321 §4.4'],
    [{ type: 'tls-started', implicit: false }, /TLS started \(simulated\)/, '3207 §4.2'],
    [{ type: 'authenticated', user: 'alice', mechanism: 'PLAIN' }, /Logged in as alice with PLAIN/, '4954 §4'],
    [{ type: 'input-discarded', octets: 30, reason: 'sent before the TLS handshake' }, /30 octets sent together with STARTTLS were thrown away/, '3207 §4.2'],
  ])('%j', (event, text, rfc) => {
    const note = noteFor(event)
    expect(note?.text).toMatch(text)
    expect(note?.rfc).toBe(rfc)
  })

  test('ordinary steps need no note', () => {
    expect(noteFor({ type: 'command', verb: 'NOOP', argument: '', line: 'NOOP' })).toBeNull()
    expect(noteFor({ type: 'closed', reason: 'quit' })).toBeNull()
  })

  test('a message deferred many times keeps one note, its latest', () => {
    const world = new World()
    const c = world.host('client.example.net')!.connect({ ip: '127.0.0.1', name: 'localhost' })
    c.start()
    c.receive('EHLO x\r\nMAIL FROM:<student@client.example.net>\r\nRCPT TO:<x@example.org>\r\nDATA\r\nx\r\n.\r\n')
    const events = world.advance(3 * 3600_000)
    expect(events.filter((e) => e.type === 'deferred').length).toBeGreaterThan(2)
    expect(notesFor(events).filter((n) => n.type === 'deferred')).toHaveLength(1)
  })
})
