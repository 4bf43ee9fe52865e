/**
 * The envelope beside the header (RFC 5321 §2.3.1 and RFC 5322 §3.6.3): the server delivers to the RCPT TO
 * addresses, whatever To:, Cc: and Bcc: say. An address that is in the envelope but in no header field is how a Bcc
 * looks once the Bcc: field is gone (or a list or alias expanding); an address only in the header was never a
 * recipient of this transaction. Pure.
 */

export interface HeaderAddresses {
  readonly to: readonly string[]
  readonly cc: readonly string[]
  readonly bcc: readonly string[]
}

export interface RecipientRow {
  readonly address: string
  readonly inEnvelope: boolean
  /** Header fields that name it. */
  readonly fields: readonly ('To' | 'Cc' | 'Bcc')[]
  /** This copy of the message was delivered because of this recipient. */
  readonly deliveredHere: boolean
}

export interface EnvelopeComparison {
  readonly rows: readonly RecipientRow[]
  /** Recipients of the transaction that no header field names: the Bcc effect. */
  readonly envelopeOnly: readonly string[]
  /** Header addresses that were not recipients of this transaction. */
  readonly headerOnly: readonly string[]
}

const key = (a: string) => a.trim().toLowerCase()

export function compareEnvelope(recipients: readonly string[], header: HeaderAddresses, deliveredTo: string): EnvelopeComparison {
  const fieldsOf = (address: string) => {
    const k = key(address)
    return (['To', 'Cc', 'Bcc'] as const).filter((f) => header[f === 'To' ? 'to' : f === 'Cc' ? 'cc' : 'bcc'].some((a) => key(a) === k))
  }
  const seen = new Set<string>()
  const rows: RecipientRow[] = []
  for (const address of recipients) {
    if (seen.has(key(address))) continue
    seen.add(key(address))
    rows.push({ address, inEnvelope: true, fields: fieldsOf(address), deliveredHere: key(address) === key(deliveredTo) })
  }
  for (const address of [...header.to, ...header.cc, ...header.bcc]) {
    if (seen.has(key(address))) continue
    seen.add(key(address))
    rows.push({ address, inEnvelope: false, fields: fieldsOf(address), deliveredHere: false })
  }
  return {
    rows,
    envelopeOnly: rows.filter((r) => r.inEnvelope && r.fields.length === 0).map((r) => r.address),
    headerOnly: rows.filter((r) => !r.inEnvelope).map((r) => r.address),
  }
}
