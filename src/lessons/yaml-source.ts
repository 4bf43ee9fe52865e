/**
 * YAML with line numbers: front matter and the ```try / ```predict blocks are YAML, and every problem found in them
 * must name its line in the lesson file. This wraps the `yaml` package's document API in small readers that return
 * a value or a problem (never throw), each problem placed on the line of the node at fault.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import type { Parsed } from './transcript'

export class YamlSource {
  readonly #counter: LineCounter
  readonly #firstLine: number

  constructor(counter: LineCounter, firstLine: number) {
    this.#counter = counter
    this.#firstLine = firstLine
  }

  /** The 1-based line of a node in the lesson file (the line of the YAML text's start when unknown). */
  lineOf(node: unknown): number {
    const range = (node as { range?: readonly number[] } | null)?.range
    if (!range || range[0] === undefined) return this.#firstLine
    return this.#firstLine + this.#counter.linePos(range[0]).line - 1
  }

  /** The first line of a block scalar's text (`key: |` puts it on the next line). */
  textLineOf(node: unknown): number {
    const line = this.lineOf(node)
    return isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') ? line + 1 : line
  }

  fail(node: unknown, message: string): Parsed<never> {
    return { ok: false, problem: { line: this.lineOf(node), message } }
  }
}

export interface YamlRoot {
  readonly root: Node | null
  readonly source: YamlSource
}

/** Parse YAML that starts at `firstLine` of the lesson file. */
export function readYaml(text: string, firstLine: number): Parsed<YamlRoot> {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true })
  const source = new YamlSource(counter, firstLine)
  const error = doc.errors[0]
  if (error) {
    const offset = error.pos[0]
    const line = firstLine + counter.linePos(offset).line - 1
    const message = error.message.replace(/\s+at line \d+, column \d+:[\s\S]*$/, '').trim()
    return { ok: false, problem: { line, message: `YAML: ${message}` } }
  }
  return { ok: true, value: { root: (doc.contents as Node | null) ?? null, source } }
}

export interface Entry {
  readonly key: string
  readonly keyNode: Node
  readonly value: Node | null
}

/** A mapping's entries, keys as strings. */
export function entries(node: unknown, source: YamlSource, what: string): Parsed<Entry[]> {
  if (!isMap(node)) return source.fail(node, `${what} must be a mapping of keys to values`)
  const out: Entry[] = []
  for (const pair of node.items) {
    const keyNode = pair.key as Node
    if (!isScalar(keyNode)) return source.fail(keyNode, `${what}: keys must be plain words`)
    out.push({ key: String(keyNode.value), keyNode, value: (pair.value as Node | null) ?? null })
  }
  return { ok: true, value: out }
}

/** Reject keys not in `known`, naming the line of the first unknown one. */
export function onlyKeys(list: readonly Entry[], known: readonly string[], source: YamlSource, what: string): Parsed<true> {
  const bad = list.find((e) => !known.includes(e.key))
  if (bad) return source.fail(bad.keyNode, `${what}: unknown key "${bad.key}" (known: ${known.join(', ')})`)
  return { ok: true, value: true }
}

export function str(node: Node | null, source: YamlSource, what: string, opts: { allowEmpty?: boolean } = {}): Parsed<string> {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return source.fail(node, `${what} must be text`)
  const value = String(node.value)
  if (!opts.allowEmpty && value.trim() === '') return source.fail(node, `${what} must not be empty`)
  return { ok: true, value }
}

export function num(node: Node | null, source: YamlSource, what: string): Parsed<number> {
  if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value)) return source.fail(node, `${what} must be a number`)
  return { ok: true, value: node.value }
}

export function bool(node: Node | null, source: YamlSource, what: string): Parsed<boolean> {
  if (!isScalar(node) || typeof node.value !== 'boolean') return source.fail(node, `${what} must be true or false`)
  return { ok: true, value: node.value }
}

/** A sequence's items; a single value counts as a list of one when `single` is set. */
export function list(node: Node | null, source: YamlSource, what: string, opts: { single?: boolean } = {}): Parsed<Node[]> {
  if (isSeq(node)) return { ok: true, value: node.items as Node[] }
  if (opts.single && node !== null) return { ok: true, value: [node] }
  return source.fail(node, `${what} must be a list`)
}

/** A code (503) or a pattern of one ('5xx', '55x'), or code and enhanced code ('550 5.1.1'). */
export function replyPattern(node: Node | null, source: YamlSource, what: string): Parsed<number | string> {
  if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= 200 && node.value <= 559) {
    return { ok: true, value: node.value }
  }
  if (isScalar(node) && typeof node.value === 'string' && /^[2-5][0-5x][0-9x](?: [245]\.\d{1,3}\.\d{1,3})?$/.test(node.value)) {
    return { ok: true, value: node.value }
  }
  return source.fail(node, `${what} must be a reply code such as 503, a class such as 5xx, or a code and enhanced code such as "550 5.1.1"`)
}

/** Plain data from a node (scalars, maps and lists), for event patterns. */
export function plain(node: Node | null): unknown {
  if (node === null) return null
  if (isScalar(node)) return node.value
  if (isSeq(node)) return node.items.map((n) => plain(n as Node))
  if (isMap(node)) return Object.fromEntries(node.items.map((p) => [String(isScalar(p.key) ? p.key.value : p.key), plain(p.value as Node | null)]))
  return null
}
