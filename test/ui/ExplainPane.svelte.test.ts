import { render } from '@testing-library/svelte'
import { describe, expect, test } from 'vitest'
import { reply } from '../../src/smtp'
import ExplainPane from '../../src/ui/ExplainPane.svelte'
import { noteFor } from '../../src/ui/explain/notes'

describe('the explain pane', () => {
  test('a 503: basic meaning, the enhanced code part by part, what this server means, the cause, RFC links', () => {
    const view = render(ExplainPane, { reply: { reply: reply('needMail'), cause: 'RCPT before MAIL' } })
    expect(view.getByTestId('explain-reply').textContent).toBe('503 5.5.1 Error: need MAIL command')
    expect(view.getByTestId('explain-basic').textContent).toContain('Bad sequence of commands.')
    const enhanced = view.getByTestId('explain-enhanced').textContent!
    expect(enhanced).toContain('Permanent failure')
    expect(enhanced).toContain('Mail delivery protocol status')
    expect(enhanced).toContain('Invalid command')
    expect(view.getByTestId('explain-meaning').textContent).toBe('RCPT and DATA need a MAIL FROM first.')
    expect(view.getByTestId('explain-cause').textContent).toBe('RCPT before MAIL')
    const link = view.getByRole('link', { name: 'RFC 5321 §4.1.4' })
    expect(link.getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc5321#section-4.1.4')
    expect(link.getAttribute('target')).toBe('_blank')
    expect(link.getAttribute('rel')).toBe('noopener noreferrer')
  })

  test('a 550 User unknown: mailbox address status, and the cause the model gave', () => {
    const view = render(ExplainPane, { reply: { reply: reply('userUnknown', { addr: 'nobody@example.com' }), cause: 'there is no mailbox, alias or list "nobody" here' } })
    expect(view.getByTestId('explain-basic').textContent).toContain('mailbox unavailable')
    expect(view.getByTestId('explain-enhanced').textContent).toContain('Bad destination mailbox address')
    expect(view.getByTestId('explain-cause').textContent).toContain('"nobody"')
  })

  test('a greeting has no enhanced code, and the pane says why', () => {
    const view = render(ExplainPane, { reply: { reply: reply('greeting', { host: 'mail.example.com' }) } })
    expect(view.container.textContent).toContain('RFC 2034 §3 leaves greetings')
    expect(view.queryByTestId('explain-cause')).toBeNull()
  })

  test('notes from events, each with its RFC link', () => {
    const notes = [noteFor({ type: 'lines-unstuffed', count: 2 })!, noteFor({ type: 'tls-started', implicit: false })!]
    const view = render(ExplainPane, { reply: null, notes })
    const items = view.getByTestId('explain-notes').querySelectorAll('li')
    expect(items).toHaveLength(2)
    expect(items[0]!.textContent).toContain('2 lines of the message started with a dot')
    expect(view.getByRole('link', { name: 'RFC 5321 §4.5.2' })).toBeInTheDocument()
  })

  test('before any reply it says how to get one', () => {
    const view = render(ExplainPane, { reply: null })
    expect(view.container.textContent).toContain('telnet mail.example.com 25')
  })
})
