/**
 * The bridge's real TLS (README, "Real clients"): real clients such as swaks, smtplib and nodemailer complete a
 * handshake after STARTTLS (RFC 3207), or from the first octet on port 465 (RFC 8314 §3.3), so the bridge presents a
 * certificate. Either PEM files the user gives (`--tls-cert`, `--tls-key`) or a self-signed certificate
 * for the server's name, made at start with `selfsigned` (never written to disk). Only the bridge does TLS: the
 * browser's world stays simulated.
 */
import { readFileSync } from 'node:fs'
import { createSecureContext, type SecureContext } from 'node:tls'
import { generate } from 'selfsigned'

export interface Certificate {
  readonly cert: string
  readonly key: string
  /** Where it came from, for the log: the file names, or "self-signed for <name>". */
  readonly origin: string
}

/** Read a certificate and its key from PEM files; a clear error when either cannot be read or they do not match. */
export function certificateFromFiles(certFile: string, keyFile: string): Certificate {
  const cert = readFileSync(certFile, 'utf8')
  const key = readFileSync(keyFile, 'utf8')
  createSecureContext({ cert, key }) // throws now, not at the first handshake, when the key does not fit
  return { cert, key, origin: `${certFile}, ${keyFile}` }
}

/** A self-signed certificate for `name` (and the loopback addresses), valid from a day ago for a year. */
export async function selfSignedCertificate(name: string, now: number): Promise<Certificate> {
  const made = await generate([{ name: 'commonName', value: name }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 24 * 3600_000),
    notAfterDate: new Date(now + 365 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: name }, { type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  })
  return { cert: made.cert, key: made.private, origin: `self-signed for ${name}` }
}

export function secureContextOf(c: Certificate): SecureContext {
  return createSecureContext({ cert: c.cert, key: c.key })
}
