// The personality table reads the personalities' data (src/smtp/settings.ts): every personality has a column, the
// rfc821 history mode included, and its rows say what that personality does.
import { render, screen, within } from '@testing-library/svelte'
import { expect, test } from 'vitest'
import PersonalityTable from '../../src/ui/PersonalityTable.svelte'
import { PERSONALITIES } from '../../src/smtp/settings'

test('a column per personality, rfc821 included, with its own answers', () => {
  render(PersonalityTable, { current: 'rfc821' })
  const table = screen.getByRole('table')
  const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent)
  expect(headers).toEqual(['Choice', ...Object.keys(PERSONALITIES).map((n) => (n === 'rfc821' ? 'rfc821 (now)' : n))])
  const row = (label: string) => within(table).getByRole('row', { name: new RegExp(label) }).textContent ?? ''
  expect(row('Commands known')).toContain('RFC 821: HELO only (EHLO 500), SEND SOML SAML, TURN (502)')
  expect(row('Source route in RCPT TO')).toContain('followed hop by hop (RFC 821 §3.6)')
  expect(row('Relaying for strangers')).toContain('open relay, as in 1982')
  expect(row('AUTH mechanisms')).toContain('none (no EHLO, so no AUTH')
})

test('says which SIZE applies where: the MTA\'s on port 25, submission\'s on 587 and 465, as EHLO advertises them', () => {
  render(PersonalityTable, { current: 'postfix' })
  const table = screen.getByRole('table')
  const cells = within(within(table).getByRole('row', { name: /Message size/ })).getAllByRole('cell').map((c) => c.textContent)
  // postfix: 250-SIZE 10240000 on port 25 (commands.test), 250-SIZE 52428800 on 587 (esmtp.test).
  expect(cells[Object.keys(PERSONALITIES).indexOf('postfix')]).toBe('10,240,000 on port 25; 52,428,800 on 587 and 465')
})
