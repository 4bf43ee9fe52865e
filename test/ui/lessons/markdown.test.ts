// The lesson pane's small Markdown: nodes, never HTML. What a lesson writes is text unless it is one of the few
// constructs the renderer knows, and links with a dangerous scheme are dropped to their text.
import { describe, expect, it } from 'vitest'
import { parseInline, parseMarkdown, plainText, safeHref } from '../../../src/ui/lessons/markdown'

describe('inline', () => {
  it('reads code, emphasis, strong and links', () => {
    expect(parseInline('Send `MAIL FROM:<a@b>` *now*, **not** [later](https://www.rfc-editor.org/rfc/rfc5321).')).toEqual([
      { t: 'text', text: 'Send ' },
      { t: 'code', text: 'MAIL FROM:<a@b>' },
      { t: 'text', text: ' ' },
      { t: 'em', children: [{ t: 'text', text: 'now' }] },
      { t: 'text', text: ', ' },
      { t: 'strong', children: [{ t: 'text', text: 'not' }] },
      { t: 'text', text: ' ' },
      { t: 'link', href: 'https://www.rfc-editor.org/rfc/rfc5321', external: true, children: [{ t: 'text', text: 'later' }] },
      { t: 'text', text: '.' },
    ])
  })

  it('keeps markup-looking text as text: angle brackets, stray stars, underscores inside words', () => {
    expect(parseInline('<script>alert(1)</script> 2 * 3 snake_case_name')).toEqual([{ t: 'text', text: '<script>alert(1)</script> 2 * 3 snake_case_name' }])
    expect(parseInline('\\*not emphasis\\*')).toEqual([{ t: 'text', text: '*not emphasis*' }])
  })

  it('nests emphasis inside strong, and does not look for emphasis inside code', () => {
    expect(parseInline('**the *envelope* wins**')).toEqual([{ t: 'strong', children: [{ t: 'text', text: 'the ' }, { t: 'em', children: [{ t: 'text', text: 'envelope' }] }, { t: 'text', text: ' wins' }] }])
    expect(parseInline('`a*b*c`')).toEqual([{ t: 'code', text: 'a*b*c' }])
    expect(parseInline('**S**ecurity')).toEqual([{ t: 'strong', children: [{ t: 'text', text: 'S' }] }, { t: 'text', text: 'ecurity' }])
  })

  it('drops links whose scheme is not safe to their text, keeps app routes and autolinks', () => {
    expect(parseInline('[click](javascript:alert(1))')).toEqual([{ t: 'text', text: 'click' }])
    expect(parseInline('[x](data:text/html,hi)')).toEqual([{ t: 'text', text: 'x' }])
    expect(parseInline('[next](#/lessons/bounces)')).toEqual([{ t: 'link', href: '#/lessons/bounces', external: false, children: [{ t: 'text', text: 'next' }] }])
    expect(parseInline('<https://example.org/a>')).toEqual([{ t: 'link', href: 'https://example.org/a', external: true, children: [{ t: 'text', text: 'https://example.org/a' }] }])
    expect(safeHref('//evil.example/')).toBe(false)
    expect(safeHref('mailto:postmaster@example.com')).toBe(true)
  })

  it('joins soft line breaks with a space', () => {
    expect(plainText(parseInline('one\ntwo'))).toBe('one two')
  })
})

describe('blocks', () => {
  it('reads paragraphs, lists with continuation lines, headings and quotes', () => {
    const blocks = parseMarkdown('First para\ngoes on.\n\n- one\n  more of one\n- two\n\n1. a\n2. b\n\n### Title\n\n> quoted\n')
    expect(blocks.map((b) => b.t)).toEqual(['p', 'list', 'list', 'heading', 'quote'])
    expect(blocks[1]).toEqual({ t: 'list', ordered: false, start: 1, items: [[{ t: 'text', text: 'one more of one' }], [{ t: 'text', text: 'two' }]] })
    expect(blocks[2]).toMatchObject({ ordered: true, start: 1 })
    expect(blocks[3]).toMatchObject({ t: 'heading', level: 3 })
  })

  it('reads a pipe table with alignment and code holding a pipe', () => {
    const [table] = parseMarkdown('| The author wrote | On the wire |\n|---|:---:|\n| `.htaccess` | `..htaccess` |\n| `a|b` | x |\n')
    expect(table).toMatchObject({ t: 'table', align: [null, 'center'] })
    if (table?.t !== 'table') throw new Error('not a table')
    expect(table.rows.map((r) => r.map(plainText))).toEqual([['.htaccess', '..htaccess'], ['a|b', 'x']])
  })

  it('keeps fenced code as it is written', () => {
    expect(parseMarkdown('```text\n<b>not bold</b>\n  indented\n```\nafter')).toEqual([
      { t: 'code', lang: 'text', text: '<b>not bold</b>\n  indented' },
      { t: 'p', children: [{ t: 'text', text: 'after' }] },
    ])
  })

  it('renders every lesson text of the course without losing words (all constructs known)', async () => {
    const { COURSE } = await import('../../lessons/course')
    for (const lesson of COURSE.lessons) {
      for (const step of lesson.steps) {
        for (const text of [step.before, step.after]) {
          const blocks = parseMarkdown(text)
          const words = (s: string) => s.replace(/[`*_|#>\-[\]()]/g, ' ').split(/\s+/).filter((w) => /^[A-Za-z]{4,}$/.test(w))
          const rendered = JSON.stringify(blocks)
          for (const w of words(text).slice(0, 40)) expect(rendered, `${lesson.id}/${step.id}: ${w}`).toContain(w)
        }
      }
    }
  })
})
