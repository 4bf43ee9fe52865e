/**
 * One button look (src/ui/app.css): a component's <style> may lay its buttons out (width, gap, wrapping), but does not
 * give them a look of its own (colours, borders, fonts, focus rings), unless a comment on the rule says why.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect, test } from 'vitest'

const UI = join(import.meta.dirname, '../../src/ui')
/** The properties that make a look, as opposed to a layout. */
const LOOK = /^(background|background-color|border|border-color|border-radius|border-style|color|cursor|font|font-family|font-weight|outline|outline-offset|box-shadow|opacity)$/
const BUTTONISH = /\bbutton\b|\[role='tab'\]/

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? svelteFiles(join(dir, e.name)) : e.name.endsWith('.svelte') ? [join(dir, e.name)] : []))
}

/** Rules of a style block (innermost `selector { declarations }`), the selector text with any comment before it. */
function rules(css: string): { selector: string; reasoned: boolean; properties: string[] }[] {
  return [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, head = '', body = '']) => ({
    selector: head.replace(/\/\*[\s\S]*?\*\//g, '').trim(),
    reasoned: head.includes('/*'),
    properties: body.split(';').map((d) => d.split(':')[0]?.trim() ?? '').filter(Boolean),
  }))
}

test('no component restyles its buttons without a reason stated in a comment', () => {
  const offenders: string[] = []
  for (const file of svelteFiles(UI)) {
    const style = /<style[^>]*>([\s\S]*?)<\/style>/.exec(readFileSync(file, 'utf8'))?.[1]
    if (!style) continue
    for (const rule of rules(style)) {
      const look = rule.properties.filter((p) => LOOK.test(p))
      if (BUTTONISH.test(rule.selector) && look.length > 0 && !rule.reasoned) offenders.push(`${relative(UI, file)}: ${rule.selector} { ${look.join(', ')} }`)
    }
  }
  expect(offenders).toEqual([])
})

test('the rule finder sees a restyled button, and lets a layout or a stated reason through', () => {
  const found = rules("button { font: inherit; border: 1px solid red }\n/* why */\n.x button { color: red }\n.y button { width: 100% }")
  expect(found.map((r) => [r.selector, r.reasoned, r.properties])).toEqual([
    ['button', false, ['font', 'border']],
    ['.x button', true, ['color']],
    ['.y button', false, ['width']],
  ])
})
