/**
 * The model's imports point inward (README, "Layout"): src/smtp reaches nothing outside itself but pure packages, and
 * delivery reaches the world only through the host it works for (DeliveryHost) and the world's data types.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { expect, test } from 'vitest'

const SMTP = resolve(import.meta.dirname, '../../src/smtp')

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

/** What a file imports (and re-exports from): specifiers, resolved to paths under src/smtp when relative. */
function imports(file: string): { spec: string; path: string | null; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map(([, type, spec = '']) => ({
    spec,
    path: spec.startsWith('.') ? relative(SMTP, resolve(dirname(file), spec)) : null,
    typeOnly: type !== undefined,
  }))
}

test('src/smtp imports nothing outside itself but @noble/hashes: no DOM, node:, Svelte or xterm', () => {
  const outside = tsFiles(SMTP).flatMap((f) =>
    imports(f)
      .filter((i) => (i.path === null ? !i.spec.startsWith('@noble/hashes/') : i.path.startsWith('..')))
      .map((i) => `${relative(SMTP, f)} → ${i.spec}`),
  )
  expect(outside).toEqual([])
})

test('delivery reaches the world through its host, and imports only the world\'s data types', () => {
  const reaching = tsFiles(join(SMTP, 'delivery')).flatMap((f) =>
    imports(f)
      .filter((i) => i.path?.startsWith('world/') && !(i.path === 'world/types' && i.typeOnly))
      .map((i) => `${relative(SMTP, f)} → ${i.spec}`),
  )
  expect(reaching).toEqual([])
})

test('the import reader finds value, type and re-export imports', () => {
  const found = imports(join(SMTP, 'index.ts'))
  expect(found.some((i) => i.path === 'world/world' && !i.typeOnly)).toBe(true)
  expect(imports(join(SMTP, 'delivery/agent.ts')).find((i) => i.path === 'world/types')?.typeOnly).toBe(true)
})
