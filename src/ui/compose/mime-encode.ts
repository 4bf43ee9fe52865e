/**
 * The encodings a message needs to travel as 7-bit text: header fields folded to 78 columns (RFC 5322 §2.2.3),
 * encoded-words for non-ASCII header text (RFC 2047), quoted-printable and base64 bodies (RFC 2045 §6.7, §6.8),
 * and RFC 2231 parameters for non-ASCII file names. Pure; every line ends in CRLF.
 */
import { encodeBase64 } from '../../smtp'

const encoder = new TextEncoder()
const CRLF = '\r\n'

/** Printable ASCII and spaces only: safe in a header as it is. */
export function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e\t]*$/.test(text)
}

/**
 * RFC 2047 §4.1 "B" encoded-words in UTF-8, each at most 75 characters (§2), split between characters, never inside
 * one: `=?UTF-8?B?...?=`. Adjacent encoded-words are joined by folding white space, which decoders drop (§6.2).
 */
export function encodedWords(text: string, firstMaxBytes = 45): string[] {
  const maxBytes = 45 // 45 octets → 60 base64 characters; with `=?UTF-8?B?` and `?=` that is 72
  const words: number[][] = []
  let chunk: number[] = []
  for (const ch of text) {
    const bytes = encoder.encode(ch)
    if (chunk.length + bytes.length > (words.length === 0 ? firstMaxBytes : maxBytes) && chunk.length > 0) {
      words.push(chunk)
      chunk = []
    }
    chunk.push(...bytes)
  }
  if (chunk.length > 0 || words.length === 0) words.push(chunk)
  return words.map((w) => `=?UTF-8?B?${encodeBase64(new Uint8Array(w))}?=`)
}

/** Fold a header line at white space so that lines stay within `width` where the words allow it. */
export function fold(line: string, width = 78): string {
  if (line.length <= width) return line
  const out: string[] = []
  let current = ''
  for (const [i, word] of line.split(' ').entries()) {
    if (i === 0) current = word
    else if (current.length + 1 + word.length > width && current.trim() !== '') {
      out.push(current)
      current = ' ' + word
    } else current += ' ' + word
  }
  out.push(current)
  return out.join(CRLF)
}

/**
 * One header field, ready to write (CRLF at the end). Text that is not plain ASCII, that looks like an encoded-word
 * already, or that has a word too long to fold, is sent as encoded-words. CR and LF never get through: a value is
 * one line, so it cannot add header fields of its own (header injection).
 */
export function headerField(name: string, value: string): string {
  const oneLine = value.replace(/\r\n|\r|\n/g, ' ')
  const needsEncoding = !isPlainAscii(oneLine) || /=\?/.test(oneLine) || oneLine.split(' ').some((w) => w.length > 900)
  if (!needsEncoding) return fold(`${name}: ${oneLine}`) + CRLF
  // The first word shares its line with `Name: `: it gets what is left of 78 columns (a word costs 12 + 4/3 per octet).
  const room = Math.floor((78 - name.length - 2 - 12) / 4) * 3
  if (room < 3) return `${name}:${CRLF} ${encodedWords(oneLine).join(CRLF + ' ')}${CRLF}`
  return `${name}: ${encodedWords(oneLine, Math.min(45, room)).join(CRLF + ' ')}${CRLF}`
}

/** Normalise any line ending to CRLF. */
export function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, CRLF)
}

/** Lines a 7bit body may carry as they are: ASCII, and at most 998 octets (RFC 5322 §2.1.1). */
export function is7bit(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text) && !/[\0]/.test(text) && crlf(text).split(CRLF).every((l) => l.length <= 998)
}

const hex = (b: number) => '=' + b.toString(16).toUpperCase().padStart(2, '0')

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text: lines of at most 76 characters, soft breaks with `=`. */
export function quotedPrintable(text: string): string {
  return crlf(text)
    .split(CRLF)
    .map((line) => {
      const bytes = encoder.encode(line)
      const tokens: string[] = []
      bytes.forEach((b, i) => {
        const last = i === bytes.length - 1
        if ((b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last)) tokens.push(String.fromCharCode(b))
        else tokens.push(hex(b))
      })
      const out: string[] = []
      let current = ''
      for (const t of tokens) {
        if (current.length + t.length > 75) {
          out.push(current + '=')
          current = ''
        }
        current += t
      }
      out.push(current)
      return out.join(CRLF)
    })
    .join(CRLF)
}

/** base64 (RFC 2045 §6.8) in lines of 76 characters. */
export function base64Lines(bytes: Uint8Array): string {
  const all = encodeBase64(bytes)
  const lines: string[] = []
  for (let i = 0; i < all.length; i += 76) lines.push(all.slice(i, i + 76))
  return lines.join(CRLF)
}

/** A MIME parameter: `name="value"`, or RFC 2231 `name*=utf-8''%XX` when the value is not plain ASCII. */
export function mimeParameter(name: string, value: string): string {
  if (isPlainAscii(value) && !/["\\\t]/.test(value)) return `${name}="${value}"`
  const encoded = [...encoder.encode(value)].map((b) => (/[A-Za-z0-9!#$&+.^_`|~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0'))).join('')
  return `${name}*=utf-8''${encoded}`
}

