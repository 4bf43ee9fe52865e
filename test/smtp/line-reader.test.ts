// Command-line framing (src/smtp/line-reader.ts): one line at a time, in any chunking, with limits and bare LF.
import { describe, expect, it } from 'vitest'
import { octetsAsText } from '../../src/smtp/data-reader'
import { LineReader } from '../../src/smtp/line-reader'

const enc = new TextEncoder()
const dec = new TextDecoder()

/** Feed the chunks one after another; the lines that came out, as text with their flags. */
function frame(chunks: string[], limit = 512) {
  const reader = new LineReader()
  const out: { text: string; length: number; overrun: boolean; bareLf: boolean }[] = []
  for (const chunk of chunks) {
    const bytes = enc.encode(chunk)
    const text = octetsAsText(bytes)
    let offset = 0
    while (offset < bytes.length) {
      const read = reader.read(bytes, text, offset, limit)
      if (!read) break
      out.push({ text: dec.decode(read.line.bytes), length: read.line.length, overrun: read.line.overrun, bareLf: read.line.bareLf })
      offset = read.next
    }
  }
  return out
}

describe('LineReader', () => {
  it('splits pipelined lines and strips CR LF', () => {
    expect(frame(['NOOP\r\nRSET\r\n'])).toEqual([
      { text: 'NOOP', length: 6, overrun: false, bareLf: false },
      { text: 'RSET', length: 6, overrun: false, bareLf: false },
    ])
  })

  it('joins a line split across chunks, even between CR and LF', () => {
    expect(frame(['MA', 'IL FROM:<a@b>\r', '\n'])).toEqual([{ text: 'MAIL FROM:<a@b>', length: 17, overrun: false, bareLf: false }])
  })

  it('reports a bare LF (RFC 5321 §2.3.8)', () => {
    expect(frame(['NOOP\n'])).toEqual([{ text: 'NOOP', length: 5, overrun: false, bareLf: true }])
  })

  it('keeps limit - 2 octets of a line that runs over, and counts what arrived (§4.5.3.1.4)', () => {
    const [line] = frame(['X'.repeat(600) + '\r\n'], 512)
    expect(line).toEqual({ text: 'X'.repeat(510), length: 602, overrun: true, bareLf: false })
  })

  it('keeps nothing of a partial line after clear()', () => {
    const reader = new LineReader()
    const bytes = enc.encode('HALF')
    expect(reader.read(bytes, octetsAsText(bytes), 0, 512)).toBeNull()
    reader.clear()
    const rest = enc.encode('LINE\r\n')
    expect(dec.decode(reader.read(rest, octetsAsText(rest), 0, 512)!.line.bytes)).toBe('LINE')
  })
})
