import { describe, expect, test } from 'vitest'
import { fakeRecord, hexDump, sniff } from '../../src/terminal/eavesdrop'
import type { WireChunk } from '../../src/terminal/smtp-client'

const enc = new TextEncoder()
const chunk = (text: string, encrypted: boolean, from: 'client' | 'server' = 'client'): WireChunk => ({ session: 1, from, text, encrypted })

describe('the eavesdropper’s view', () => {
  test('plaintext is seen as it is; after TLS only a record of the right length with noise in it', () => {
    const [plain, secret] = sniff([chunk('AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n', false), chunk('AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n', true)])
    expect(plain).toEqual({ from: 'client', encrypted: false, shown: 'AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n', length: 37 })
    expect(secret!.encrypted).toBe(true)
    expect(secret!.length).toBe(5 + 37 + 1 + 16)
    expect(secret!.shown.startsWith('17 03 03 00 36')).toBe(true)
    expect(secret!.shown).not.toMatch(/AUTH|41 55 54 48/)
  })

  test('deterministic: the same bytes in the same place look the same; different bytes differ', () => {
    const a = fakeRecord(enc.encode('MAIL FROM:<a@b>\r\n'), 3)
    expect(fakeRecord(enc.encode('MAIL FROM:<a@b>\r\n'), 3)).toEqual(a)
    expect(fakeRecord(enc.encode('MAIL FROM:<a@c>\r\n'), 3).head).not.toEqual(a.head)
  })

  test('a big chunk shows its first octets and how many more there are', () => {
    const { head, length } = fakeRecord(new Uint8Array(100_000), 0)
    expect(head.length).toBe(64)
    expect(length).toBe(100_022)
    expect(hexDump(head, length).split('\n').at(-1)).toBe('… 99958 more octets')
  })

  test('the simulated handshake note passes through as text', () => {
    const [note] = sniff([{ session: 1, from: 'client', text: 'TLS handshake (simulated): ClientHello', encrypted: false, handshake: true }])
    expect(note).toMatchObject({ encrypted: false, shown: 'TLS handshake (simulated): ClientHello', length: 0 })
  })
})
