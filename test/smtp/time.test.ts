// Dates as the world writes them (src/smtp/time.ts): one moment, every format.
import { describe, expect, it } from 'vitest'
import { compactTime, ctime, dateCommand, messageDate, minuteTime, rfc5322Date, rfc5322FromIso, syslogTime } from '../../src/smtp/time'

const MAY_2 = Date.UTC(2026, 4, 2, 10, 0, 0)
const DEC_31 = Date.UTC(2026, 11, 31, 23, 59, 59)

describe('time formats', () => {
  it('RFC 5322 §3.3, as Postfix writes it (day space-padded, the zone named) and as a mail program does', () => {
    expect(rfc5322Date(MAY_2)).toBe('Sat,  2 May 2026 10:00:00 +0000 (UTC)')
    expect(rfc5322Date(DEC_31)).toBe('Thu, 31 Dec 2026 23:59:59 +0000 (UTC)')
    expect(messageDate(MAY_2)).toBe('Sat, 02 May 2026 10:00:00 +0000')
  })

  it('syslog, ctime(3), date(1), a sentence, a Message-ID', () => {
    expect(syslogTime(MAY_2)).toBe('May  2 10:00:00')
    expect(ctime(MAY_2)).toBe('Sat May  2 10:00:00 2026')
    expect(dateCommand(MAY_2)).toBe('Sat May  2 10:00:00 UTC 2026')
    expect(dateCommand(DEC_31)).toBe('Thu Dec 31 23:59:59 UTC 2026')
    expect(minuteTime(MAY_2)).toBe('2026-05-02 10:00 UTC')
    expect(compactTime(MAY_2)).toBe('20260502100000')
  })

  it('converts RFC 3339 dates, keeping the zone', () => {
    expect(rfc5322FromIso('2026-05-02T10:00:00Z')).toBe('Sat, 02 May 2026 10:00:00 +0000')
    expect(rfc5322FromIso('2026-12-31T23:59:59.5-05:30')).toBe('Thu, 31 Dec 2026 23:59:59 -0530')
    expect(rfc5322FromIso('yesterday')).toBeNull()
  })
})
