/**
 * Lesson files → Lesson values (lessons/README.md is the author's description of the format).
 *
 *  - `NN-slug.md`: YAML front matter between `---` lines, then steps, one per `## heading`. A step's kind is given
 *    by the block it holds: a ```transcript, ```try or ```predict fence, or none (prose).
 *  - `*.json`: the annotated-session shape of the seed (`{description, port, security, session: [{direction, data,
 *    note}]}`), accepted as it is: one transcript step.
 *
 * `parseLesson` never throws: a problem is a LessonError naming the file, the 1-based line and what is wrong.
 * Everything that can be checked without running the model is checked here; the runner checks the rest.
 */
import type { Node } from 'yaml'
import { PERSONALITIES, type PersonalityName } from '../smtp'
import { BARE_LF_HANDLINGS, FAULT_DESCRIPTIONS, type BareLfHandling, type Fault } from '../smtp/world/faults'
import { REPLIES } from '../smtp/replies'
import { parseDuration } from './duration'
import { parseGoal, parseHintCondition } from './goal-syntax'
import { readSession, type SessionEntry } from './replay'
import { CLIENTS, LESSON_PORTS } from './settings'
import { WORLD_HOSTS } from './setup'
import { parseAttemptLines, parseTranscript, type Parsed, type SourceLine } from './transcript'
import type {
  AttemptInput, Choice, ClientKind, Hint, Lesson, LessonError, LessonPort, LessonSettings, PredictStep, SettingsOverride,
  Step, StepKind, TryStep, WrongAttempt,
} from './types'
import { bool, entries, list, num, onlyKeys, readYaml, str, type YamlSource } from './yaml-source'

/** Fence languages that make a step of their kind. */
export const STEP_FENCES = ['transcript', 'try', 'predict'] as const
/** Fence languages that are plain code inside prose (anything else is an unknown step kind). */
export const CODE_FENCES = ['', 'text', 'txt', 'plain', 'mail', 'email', 'eml', 'headers', 'smtp', 'sh', 'shell', 'console', 'bash', 'log', 'dns', 'yaml', 'json', 'abnf', 'diff'] as const

export const FRONT_MATTER_KEYS = ['id', 'title', 'summary', 'objective', 'order', 'prerequisites', 'personality', 'host', 'client', 'port', 'users', 'faults'] as const
const TRY_KEYS = ['goal', 'hints', 'solution', 'wrong', 'advance', 'client', 'host', 'port', 'personality'] as const
const PREDICT_KEYS = ['question', 'transcript', 'choices', 'answer', 'explanation', 'explanations', 'client', 'host', 'port', 'personality'] as const
const PERSONALITY_NAMES = Object.keys(PERSONALITIES) as PersonalityName[]
const CLIENT_KINDS = Object.keys(CLIENTS) as ClientKind[]
const ID = /^[a-z0-9][a-z0-9-]*$/

const failAt = (line: number, message: string): Parsed<never> => ({ ok: false, problem: { line, message } })

export function isLessonError(x: Lesson | LessonError): x is LessonError {
  return 'message' in x && !('steps' in x)
}

/** Parse one lesson file. `file` is its path (used in errors and to tell Markdown from JSON). */
export function parseLesson(file: string, text: string): Lesson | LessonError {
  const result = /\.json$/i.test(file) ? parseSessionJson(file, text) : parseMarkdown(file, text)
  return result.ok ? result.value : { file, line: result.problem.line, message: result.problem.message }
}

// --- Markdown lessons ---------------------------------------------------------------------------------------------

function parseMarkdown(file: string, text: string): Parsed<Lesson> {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  if (lines[0]?.trim() !== '---') return failAt(1, 'a lesson starts with front matter: a line "---", the YAML fields, and another "---"')
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---')
  if (close < 0) return failAt(1, 'the front matter opened on line 1 is not closed with a "---" line')
  const meta = parseFrontMatter(lines.slice(1, close).join('\n'), 2)
  if (!meta.ok) return meta
  const steps = parseSteps(lines, close + 1, meta.value.title)
  if (!steps.ok) return steps
  return { ok: true, value: { ...meta.value, steps: steps.value, file, format: 'markdown' } }
}

type Meta = Omit<Lesson, 'steps' | 'file' | 'format'>

function parseFrontMatter(yamlText: string, firstLine: number): Parsed<Meta> {
  const doc = readYaml(yamlText, firstLine)
  if (!doc.ok) return doc
  const { root, source } = doc.value
  if (root === null) return failAt(firstLine, 'the front matter is empty: it needs id, title, summary and order')
  const es = entries(root, source, 'front matter')
  if (!es.ok) return es
  const known = onlyKeys(es.value, FRONT_MATTER_KEYS, source, 'front matter')
  if (!known.ok) return known
  const get = (key: string) => es.value.find((e) => e.key === key)
  for (const key of ['id', 'title', 'summary', 'order']) {
    if (!get(key)) return failAt(firstLine, `the front matter needs "${key}"`)
  }
  const id = str(get('id')?.value ?? null, source, 'id')
  if (!id.ok) return id
  if (!ID.test(id.value)) return source.fail(get('id')?.value, `id "${id.value}" must be lower-case letters, digits and hyphens`)
  const title = str(get('title')?.value ?? null, source, 'title')
  if (!title.ok) return title
  const summary = str(get('summary')?.value ?? null, source, 'summary')
  if (!summary.ok) return summary
  const objectiveEntry = get('objective')
  const objective = objectiveEntry ? str(objectiveEntry.value, source, 'objective') : null
  if (objective && !objective.ok) return objective
  const order = num(get('order')?.value ?? null, source, 'order')
  if (!order.ok) return order
  const prerequisites = idList(get('prerequisites')?.value ?? null, source, 'prerequisites')
  if (!prerequisites.ok) return prerequisites
  const override = parseOverride(es.value, source)
  if (!override.ok) return override
  const client = override.value.client ?? 'stranger'
  const faultsEntry = get('faults')
  const faults = faultsEntry ? parseFaults(faultsEntry.value, source) : { ok: true as const, value: [] }
  if (!faults.ok) return faults
  const usersEntry = get('users')
  const users = usersEntry ? parseUsers(usersEntry.value, source) : { ok: true as const, value: {} }
  if (!users.ok) return users
  const settings: LessonSettings = {
    personality: override.value.personality ?? 'postfix',
    client,
    host: override.value.host ?? CLIENTS[client].defaultHost,
    port: override.value.port ?? 25,
    faults: faults.value,
    users: users.value,
  }
  return { ok: true, value: { id: id.value, title: title.value, summary: summary.value, ...(objective ? { objective: objective.value } : {}), order: order.value, prerequisites: prerequisites.value, settings } }
}

function idList(node: Node | null, source: YamlSource, what: string): Parsed<string[]> {
  if (node === null) return { ok: true, value: [] }
  const items = list(node, source, what)
  if (!items.ok) return items
  const out: string[] = []
  for (const item of items.value) {
    const s = str(item, source, what)
    if (!s.ok) return s
    if (!ID.test(s.value)) return source.fail(item, `${what}: "${s.value}" is not an id (lower-case letters, digits, hyphens)`)
    out.push(s.value)
  }
  return { ok: true, value: out }
}

/** `users: {name: password}`: who may log in with AUTH on the lesson's host, besides the world's own users. */
function parseUsers(node: Node | null, source: YamlSource): Parsed<Record<string, string>> {
  const es = entries(node, source, 'users')
  if (!es.ok) return es
  const out: Record<string, string> = {}
  for (const { key, value } of es.value) {
    const password = str(value, source, `users.${key}`)
    if (!password.ok) return password
    out[key] = password.value
  }
  return { ok: true, value: out }
}

const isPort = (n: unknown): n is LessonPort => typeof n === 'number' && (LESSON_PORTS as readonly number[]).includes(n)

/** personality / client / host / port, from front matter or a try/predict block. */
function parseOverride(es: readonly { key: string; value: Node | null }[], source: YamlSource): Parsed<SettingsOverride> {
  const out: { personality?: PersonalityName; client?: ClientKind; host?: string; port?: LessonPort } = {}
  for (const { key, value } of es) {
    if (key === 'port') {
      const n = num(value, source, 'port')
      if (!n.ok) return n
      if (!isPort(n.value)) return source.fail(value, `port ${n.value} is not one the model answers on (${LESSON_PORTS.join(', ')})`)
      out.port = n.value
      continue
    }
    if (key === 'personality') {
      const s = str(value, source, 'personality')
      if (!s.ok) return s
      if (!PERSONALITY_NAMES.includes(s.value as PersonalityName)) return source.fail(value, `personality "${s.value}" is not one of ${PERSONALITY_NAMES.join(', ')}`)
      out.personality = s.value as PersonalityName
    } else if (key === 'client') {
      const s = str(value, source, 'client')
      if (!s.ok) return s
      if (!CLIENT_KINDS.includes(s.value as ClientKind)) return source.fail(value, `client "${s.value}" is not one of ${CLIENT_KINDS.join(', ')}`)
      out.client = s.value as ClientKind
    } else if (key === 'host') {
      const s = str(value, source, 'host')
      if (!s.ok) return s
      if (!WORLD_HOSTS.includes(s.value.toLowerCase())) return source.fail(value, `host "${s.value}" is not a host of the world (${WORLD_HOSTS.join(', ')})`)
      out.host = s.value.toLowerCase()
    }
  }
  return { ok: true, value: out }
}

const FAULT_KINDS = Object.keys(FAULT_DESCRIPTIONS) as Fault['kind'][]
const FAULT_FIELDS: Readonly<Record<Fault['kind'], readonly string[]>> = {
  command: ['kind', 'host', 'verb', 'nth', 'reply'],
  'after-data': ['kind', 'host', 'reply'],
  'drop-during-data': ['kind', 'host'],
  'mailbox-unavailable': ['kind', 'host', 'mailbox', 'until'],
  'mailbox-full': ['kind', 'host', 'mailbox'],
  greylist: ['kind', 'host', 'delay'],
  'host-down': ['kind', 'host', 'until'],
  'bare-lf': ['kind', 'host', 'handling'],
  'vrfy-off': ['kind', 'host'],
}
/** Fields a fault may leave out. */
const FAULT_OPTIONAL: Readonly<Partial<Record<Fault['kind'], readonly string[]>>> = { greylist: ['mailbox'] }

/** Faults in the shape of src/smtp/world/faults.ts; `until` is a duration after the world's start. */
function parseFaults(node: Node | null, source: YamlSource): Parsed<Fault[]> {
  const items = list(node, source, 'faults')
  if (!items.ok) return items
  const out: Fault[] = []
  for (const item of items.value) {
    const es = entries(item, source, 'a fault')
    if (!es.ok) return es
    const field = (k: string) => es.value.find((e) => e.key === k)?.value ?? null
    const kind = str(field('kind'), source, 'fault kind')
    if (!kind.ok) return source.fail(item, `a fault needs a kind: ${FAULT_KINDS.join(', ')}`)
    if (!FAULT_KINDS.includes(kind.value as Fault['kind'])) return source.fail(field('kind'), `fault kind "${kind.value}" is not one of ${FAULT_KINDS.join(', ')}`)
    const k = kind.value as Fault['kind']
    const known = onlyKeys(es.value, [...FAULT_FIELDS[k], ...(FAULT_OPTIONAL[k] ?? [])], source, `a ${k} fault`)
    if (!known.ok) return known
    for (const name of FAULT_FIELDS[k]) if (!field(name)) return source.fail(item, `a ${k} fault needs "${name}"`)
    const host = str(field('host'), source, 'fault host')
    if (!host.ok) return host
    if (!WORLD_HOSTS.includes(host.value)) return source.fail(field('host'), `fault host "${host.value}" is not a host of the world`)
    const replyKey = (node: Node | null): Parsed<keyof typeof REPLIES | 'drop'> => {
      const s = str(node, source, 'fault reply')
      if (!s.ok) return s
      if (s.value !== 'drop' && !(s.value in REPLIES)) return source.fail(node, `fault reply "${s.value}" is not "drop" or a key of the reply catalogue (src/smtp/replies.ts)`)
      return { ok: true, value: s.value as keyof typeof REPLIES | 'drop' }
    }
    if (k === 'command') {
      const verb = str(field('verb'), source, 'fault verb')
      const nth = num(field('nth'), source, 'fault nth')
      const reply = replyKey(field('reply'))
      if (!verb.ok) return verb
      if (!nth.ok) return nth
      if (!reply.ok) return reply
      out.push({ kind: k, host: host.value, verb: verb.value.toUpperCase(), nth: nth.value, reply: reply.value })
    } else if (k === 'after-data') {
      const reply = replyKey(field('reply'))
      if (!reply.ok) return reply
      out.push({ kind: k, host: host.value, reply: reply.value })
    } else if (k === 'drop-during-data' || k === 'vrfy-off') {
      out.push({ kind: k, host: host.value })
    } else if (k === 'greylist' || k === 'host-down') {
      const name = k === 'greylist' ? 'delay' : 'until'
      const node = field(name)
      const raw = node && 'value' in node ? (node as { value: unknown }).value : null
      const ms = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseDuration(raw) : null
      if (ms === null) return source.fail(node, `${name} must be a duration such as 5m or 2h`)
      if (k === 'host-down') out.push({ kind: k, host: host.value, until: ms })
      else {
        const only = field('mailbox')
        const mailbox = only ? str(only, source, 'fault mailbox') : null
        if (mailbox && !mailbox.ok) return mailbox
        out.push({ kind: k, host: host.value, delay: ms, ...(mailbox ? { mailbox: mailbox.value.toLowerCase() } : {}) })
      }
    } else if (k === 'bare-lf') {
      const handling = str(field('handling'), source, 'fault handling')
      if (!handling.ok) return handling
      if (!BARE_LF_HANDLINGS.includes(handling.value as BareLfHandling)) return source.fail(field('handling'), `handling "${handling.value}" is not one of ${BARE_LF_HANDLINGS.join(', ')}`)
      out.push({ kind: k, host: host.value, handling: handling.value as BareLfHandling })
    } else {
      const mailbox = str(field('mailbox'), source, 'fault mailbox')
      if (!mailbox.ok) return mailbox
      if (k === 'mailbox-full') out.push({ kind: k, host: host.value, mailbox: mailbox.value })
      else {
        const untilNode = field('until')
        const raw = untilNode && 'value' in untilNode ? (untilNode as { value: unknown }).value : null
        const until = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseDuration(raw) : null
        if (until === null) return source.fail(untilNode, 'until must be a duration after the start of the world, such as 2h')
        out.push({ kind: k, host: host.value, mailbox: mailbox.value, until })
      }
    }
  }
  return { ok: true, value: out }
}

interface Fence {
  readonly lang: string
  readonly info: string
  /** Index (0-based, in the file's lines) of the opening and closing fence lines. */
  readonly open: number
  readonly close: number
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[`*_]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'step'
}

/** Split the body into sections at `## ` headings outside fences, and parse each into a step. */
function parseSteps(lines: readonly string[], start: number, lessonTitle: string): Parsed<Step[]> {
  interface Section { title: string; id: string | null; heading: number; from: number; to: number }
  const sections: Section[] = []
  let fence: { char: string; length: number; line: number } | null = null
  let current: Section = { title: lessonTitle, id: 'intro', heading: start, from: start, to: lines.length }
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line)
    if (f) {
      const mark = f[1] ?? ''
      if (!fence) fence = { char: mark[0] ?? '`', length: mark.length, line: i }
      else if (mark[0] === fence.char && mark.length >= fence.length && line.trim() === mark) fence = null
      continue
    }
    const h = fence ? null : /^##(?!#)\s+(.*?)\s*$/.exec(line)
    if (h) {
      current.to = i
      sections.push(current)
      const explicit = /\s*\{#([a-z0-9][a-z0-9-]*)\}$/.exec(h[1] ?? '')
      const title = (explicit ? (h[1] ?? '').slice(0, explicit.index) : (h[1] ?? '')).trim()
      if (title === '') return failAt(i + 1, 'a step heading needs a title after "##"')
      current = { title, id: explicit?.[1] ?? null, heading: i, from: i + 1, to: lines.length }
    }
  }
  if (fence) return failAt(fence.line + 1, 'this code fence is never closed')
  sections.push(current)

  const steps: Step[] = []
  const used = new Set<string>()
  for (const s of sections) {
    const body = lines.slice(s.from, s.to)
    const isIntro = s.id === 'intro' && s.heading === start
    if (isIntro && body.every((l) => l.trim() === '')) continue
    let id = s.id ?? slug(s.title)
    if (used.has(id)) {
      if (s.id) return failAt(s.heading + 1, `two steps have the id "${id}"`)
      let n = 2
      while (used.has(`${id}-${n}`)) n++
      id = `${id}-${n}`
    }
    used.add(id)
    const step = parseStep(lines, s.from, s.to, { id, title: s.title, line: s.heading + 1 })
    if (!step.ok) return step
    steps.push(step.value)
  }
  if (steps.length === 0) return failAt(start + 1, 'the lesson has no steps: add "## Step title" sections after the front matter')
  return { ok: true, value: steps }
}

function parseStep(lines: readonly string[], from: number, to: number, head: { id: string; title: string; line: number }): Parsed<Step> {
  const fences: Fence[] = []
  for (let i = from; i < to; i++) {
    const f = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(lines[i] ?? '')
    if (!f) continue
    const mark = f[1] ?? ''
    const isClose = (l: string) => {
      const t = l.trim()
      return t.length >= mark.length && t === (mark[0] ?? '`').repeat(t.length)
    }
    let close = i + 1
    while (close < to && !isClose(lines[close] ?? '')) close++
    const info = (f[2] ?? '').trim()
    const lang = info.split(/\s+/)[0] ?? ''
    fences.push({ lang, info, open: i, close })
    i = close
  }
  const special: Fence[] = []
  for (const f of fences) {
    if ((STEP_FENCES as readonly string[]).includes(f.lang)) special.push(f)
    else if (!(CODE_FENCES as readonly string[]).includes(f.lang.toLowerCase())) {
      return failAt(f.open + 1, `unknown step kind "${f.lang}": a fence is \`\`\`transcript, \`\`\`try or \`\`\`predict (for plain code, write \`\`\`text)`)
    }
  }
  if (special.length > 1) {
    const second = special[1] as Fence
    return failAt(second.open + 1, `a step holds one transcript, try or predict block; this is the second in "${head.title}" — start a new step with "## ..."`)
  }
  const markdown = (a: number, b: number) => lines.slice(a, b).join('\n').trim()
  const block = special[0]
  if (!block) {
    const text = markdown(from, to)
    if (text === '') return failAt(head.line, `the step "${head.title}" is empty`)
    return { ok: true, value: { kind: 'prose', ...head, before: text, after: '' } }
  }
  const base = { ...head, before: markdown(from, block.open), after: markdown(block.close + 1, to) }
  const inner: SourceLine[] = lines.slice(block.open + 1, block.close).map((text, k) => ({ text, line: block.open + 2 + k }))
  const kind = block.lang as StepKind
  if (kind === 'transcript') {
    const attrs = parseFenceAttributes(block.info, block.open + 1)
    if (!attrs.ok) return attrs
    const t = parseTranscript(inner)
    if (!t.ok) return t
    return { ok: true, value: { kind: 'transcript', ...base, transcript: t.value, ...(Object.keys(attrs.value).length ? { settings: attrs.value } : {}) } }
  }
  const yamlText = inner.map((l) => l.text).join('\n')
  return kind === 'try' ? parseTry(yamlText, block.open + 2, base) : parsePredict(yamlText, block.open + 2, base)
}

/** ```transcript client=localhost personality=rfc host=mx.example.net port=587 */
function parseFenceAttributes(info: string, line: number): Parsed<SettingsOverride> {
  const out: { personality?: PersonalityName; client?: ClientKind; host?: string; port?: LessonPort } = {}
  for (const word of info.split(/\s+/).slice(1)) {
    const [key = '', value = ''] = word.split('=')
    if (key === 'port' && isPort(Number(value))) out.port = Number(value) as LessonPort
    else if (key === 'personality' && PERSONALITY_NAMES.includes(value as PersonalityName)) out.personality = value as PersonalityName
    else if (key === 'client' && CLIENT_KINDS.includes(value as ClientKind)) out.client = value as ClientKind
    else if (key === 'host' && WORLD_HOSTS.includes(value)) out.host = value
    else return failAt(line, `"${word}" is not a transcript setting (personality=${PERSONALITY_NAMES.join('|')}, client=${CLIENT_KINDS.join('|')}, host=<a host of the world>, port=${LESSON_PORTS.join('|')})`)
  }
  return { ok: true, value: out }
}

type StepHead = { id: string; title: string; line: number; before: string; after: string }

/** A block scalar or a list of strings → source lines with their line numbers. */
function textLines(node: Node | null, source: YamlSource, what: string): Parsed<SourceLine[]> {
  if (node && 'items' in node) {
    const items = list(node, source, what)
    if (!items.ok) return items
    const out: SourceLine[] = []
    for (const item of items.value) {
      const s = str(item, source, what, { allowEmpty: true })
      if (!s.ok) return s
      out.push({ text: s.value, line: source.lineOf(item) })
    }
    return { ok: true, value: out }
  }
  const s = str(node, source, what)
  if (!s.ok) return s
  const first = source.textLineOf(node)
  const parts = s.value.replace(/\n$/, '').split('\n')
  return { ok: true, value: parts.map((text, k) => ({ text, line: first + k })) }
}

function attemptInput(node: Node | null, source: YamlSource, what: string): Parsed<AttemptInput[]> {
  const lines = textLines(node, source, what)
  if (!lines.ok) return lines
  if (lines.value.length === 0) return source.fail(node, `${what} is empty`)
  return parseAttemptLines(lines.value)
}

function parseTry(yamlText: string, firstLine: number, head: StepHead): Parsed<TryStep> {
  const doc = readYaml(yamlText, firstLine)
  if (!doc.ok) return doc
  const { root, source } = doc.value
  const es = entries(root, source, 'a try block')
  if (!es.ok) return es
  const known = onlyKeys(es.value, TRY_KEYS, source, 'try')
  if (!known.ok) return known
  const get = (k: string) => es.value.find((e) => e.key === k)
  const goalEntry = get('goal')
  if (!goalEntry) return failAt(firstLine - 1, 'a try block needs a goal')
  const goal = parseGoal(goalEntry.value, source)
  if (!goal.ok) return goal
  const solutionEntry = get('solution')
  if (!solutionEntry) return failAt(firstLine - 1, 'a try block needs a solution: the lines a model answer types')
  const solution = attemptInput(solutionEntry.value, source, 'solution')
  if (!solution.ok) return solution

  const hints: Hint[] = []
  const hintsEntry = get('hints')
  if (!hintsEntry) return failAt(firstLine - 1, 'a try block needs hints, at least a default one (a hint without "on")')
  const hintItems = list(hintsEntry.value, source, 'hints')
  if (!hintItems.ok) return hintItems
  for (const item of hintItems.value) {
    const hs = entries(item, source, 'a hint')
    if (!hs.ok) return hs
    const k = onlyKeys(hs.value, ['on', 'text'], source, 'a hint')
    if (!k.ok) return k
    const text = str(hs.value.find((e) => e.key === 'text')?.value ?? null, source, 'hint text')
    if (!text.ok) return source.fail(item, 'a hint needs "text"')
    const onNode = hs.value.find((e) => e.key === 'on')
    const on = onNode ? parseHintCondition(onNode.value, source) : null
    if (on && !on.ok) return on
    hints.push({ on: on ? on.value : null, text: text.value, line: source.lineOf(item) })
  }
  const defaults = hints.filter((h) => h.on === null)
  if (defaults.length !== 1) return source.fail(hintsEntry.value, `hints need exactly one default hint (without "on"); there are ${defaults.length}`)

  const wrong: WrongAttempt[] = []
  const wrongEntry = get('wrong')
  if (wrongEntry) {
    const items = list(wrongEntry.value, source, 'wrong')
    if (!items.ok) return items
    for (const item of items.value) {
      const ws = entries(item, source, 'a wrong attempt')
      if (!ws.ok) return ws
      const k = onlyKeys(ws.value, ['typed', 'hint'], source, 'a wrong attempt')
      if (!k.ok) return k
      const typedNode = ws.value.find((e) => e.key === 'typed')
      if (!typedNode) return source.fail(item, 'a wrong attempt needs "typed": the lines it types')
      const input = attemptInput(typedNode.value, source, 'typed')
      if (!input.ok) return input
      const hintNode = ws.value.find((e) => e.key === 'hint')?.value ?? null
      let hint: WrongAttempt['hint'] = null
      if (hintNode && !(('value' in hintNode) && (hintNode as { value: unknown }).value === 'default')) {
        const c = parseHintCondition(hintNode, source, 'hint')
        if (!c.ok) return c
        hint = c.value
      }
      wrong.push({ input: input.value, hint, line: source.lineOf(item) })
    }
  }
  let advanceMs = 0
  const advanceEntry = get('advance')
  if (advanceEntry) {
    const s = str(advanceEntry.value, source, 'advance')
    const ms = s.ok ? parseDuration(s.value) : null
    if (ms === null) return source.fail(advanceEntry.value, 'advance must be a duration such as 30m or 5d')
    advanceMs = ms
  }
  const override = parseOverride(es.value, source)
  if (!override.ok) return override
  const settings = Object.keys(override.value).length ? { settings: override.value } : {}
  return { ok: true, value: { kind: 'try', ...head, goal: goal.value, hints, solution: solution.value, wrong, advanceMs, ...settings } }
}

function parsePredict(yamlText: string, firstLine: number, head: StepHead): Parsed<PredictStep> {
  const doc = readYaml(yamlText, firstLine)
  if (!doc.ok) return doc
  const { root, source } = doc.value
  const es = entries(root, source, 'a predict block')
  if (!es.ok) return es
  const known = onlyKeys(es.value, PREDICT_KEYS, source, 'predict')
  if (!known.ok) return known
  const get = (k: string) => es.value.find((e) => e.key === k)
  const question = str(get('question')?.value ?? null, source, 'question')
  if (!question.ok) return get('question') ? question : failAt(firstLine - 1, 'a predict block needs a question')
  const tEntry = get('transcript')
  if (!tEntry) return failAt(firstLine - 1, 'a predict block needs a transcript: the conversation up to the line whose reply is asked')
  const tLines = textLines(tEntry.value, source, 'transcript')
  if (!tLines.ok) return tLines
  const transcript = parseTranscript(tLines.value)
  if (!transcript.ok) return transcript
  const last = transcript.value.lines.at(-1)
  if (last?.kind !== 'client') return failAt(last?.line ?? source.lineOf(tEntry.value), 'a predict transcript ends with the C: line whose reply is to be predicted')

  const choicesEntry = get('choices')
  const answerEntry = get('answer')
  if (!!choicesEntry === !!answerEntry) return failAt(firstLine - 1, 'a predict block has either "choices" or "answer" (a reply code to type)')
  const explanation = get('explanation') ? str(get('explanation')?.value ?? null, source, 'explanation') : { ok: true as const, value: '' }
  if (!explanation.ok) return explanation
  const override = parseOverride(es.value, source)
  if (!override.ok) return override
  const settings = Object.keys(override.value).length ? { settings: override.value } : {}
  const common = { kind: 'predict' as const, ...head, question: question.value, transcript: transcript.value, explanation: explanation.value, ...settings }

  if (choicesEntry) {
    const items = list(choicesEntry.value, source, 'choices')
    if (!items.ok) return items
    const choices: Choice[] = []
    for (const item of items.value) {
      const cs = entries(item, source, 'a choice')
      if (!cs.ok) return cs
      const k = onlyKeys(cs.value, ['text', 'correct', 'explanation'], source, 'a choice')
      if (!k.ok) return k
      const text = str(cs.value.find((e) => e.key === 'text')?.value ?? null, source, 'choice text')
      if (!text.ok) return source.fail(item, 'a choice needs "text": the reply as the learner would see it')
      if (!/^[2-5][0-5]\d(?:[ -].*)?$/.test(text.value)) return source.fail(item, `choice "${text.value}" must be a reply: a code, optionally followed by the rest of the line`)
      const correctNode = cs.value.find((e) => e.key === 'correct')
      const correct = correctNode ? bool(correctNode.value, source, 'correct') : { ok: true as const, value: false }
      if (!correct.ok) return correct
      const exNode = cs.value.find((e) => e.key === 'explanation')
      const ex = exNode ? str(exNode.value, source, 'choice explanation') : { ok: true as const, value: '' }
      if (!ex.ok) return ex
      if (!correct.value && ex.value === '') return source.fail(item, `the wrong choice "${text.value}" needs an explanation: which misconception makes it tempting`)
      choices.push({ text: text.value, correct: correct.value, explanation: ex.value })
    }
    const right = choices.filter((c) => c.correct).length
    if (choices.length < 2 || right !== 1) return source.fail(choicesEntry.value, `choices need at least two entries and exactly one "correct: true" (found ${right})`)
    return { ok: true, value: { ...common, mode: 'choices', choices, answer: null, explanations: {} } }
  }
  const answer = num(answerEntry?.value ?? null, source, 'answer')
  if (!answer.ok) return answer
  if (!Number.isInteger(answer.value) || answer.value < 200 || answer.value > 559) return source.fail(answerEntry?.value, 'answer must be a reply code from 200 to 559')
  const explanations: Record<string, string> = {}
  const exEntry = get('explanations')
  if (exEntry) {
    const xs = entries(exEntry.value, source, 'explanations')
    if (!xs.ok) return xs
    for (const x of xs.value) {
      if (x.key !== 'other' && !/^[2-5][0-5x][0-9x]$/.test(x.key)) return source.fail(x.keyNode, `explanations are keyed by a reply code (250), a pattern (5xx) or "other", not "${x.key}"`)
      const v = str(x.value, source, `explanations.${x.key}`)
      if (!v.ok) return v
      explanations[x.key] = v.value
    }
  }
  if (explanation.value === '') return failAt(firstLine - 1, 'a predict block with "answer" needs an "explanation" of the right answer')
  return { ok: true, value: { ...common, mode: 'answer', choices: [], answer: answer.value, explanations } }
}

// --- The seed's annotated-session JSON ------------------------------------------------------------------------------

/** Line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++
  return line
}

/** The session's `users` (`{"name": "password"}`), for AUTH in the seed's world; anything else is an error. */
function sessionUsers(value: unknown): Parsed<Record<string, string>> {
  if (value === undefined) return { ok: true, value: {} }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    return failAt(1, '"users" is an object of user name → password, such as {"username": "password"}')
  }
  return { ok: true, value: value as Record<string, string> }
}

function parseSessionJson(file: string, text: string): Parsed<Lesson> {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const pos = /position (\d+)/.exec(message)
    const lc = /line (\d+)/.exec(message)
    const line = lc ? Number(lc[1]) : pos ? lineAt(text, Number(pos[1])) : 1
    return failAt(line, `JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`)
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return failAt(1, 'an annotated session is a JSON object with "description" and "session"')
  const d = doc as Record<string, unknown>
  const session = d.session
  if (!Array.isArray(session)) return failAt(1, 'an annotated session needs "session": a list of {direction, data, note}')
  const base = file.replace(/^.*\//, '').replace(/\.json$/i, '')
  const prefix = /^(\d+)-/.exec(base)
  const id = typeof d.id === 'string' ? d.id : base.replace(/^\d+-/, '').toLowerCase()
  if (!ID.test(id)) return failAt(1, `id "${id}" must be lower-case letters, digits and hyphens`)
  const description = typeof d.description === 'string' ? d.description : ''
  const title = typeof d.title === 'string' ? d.title : description.split(/(?<=[.!?])\s/)[0] || id
  const order = typeof d.order === 'number' ? d.order : prefix ? Number(prefix[1]) : 1000

  // Each entry reports the line of the file its object starts on.
  const entryLines: number[] = []
  for (let from = 0, i = 0; i < session.length; i++) {
    const at = text.indexOf('{', from)
    entryLines.push(at >= 0 ? lineAt(text, at) : 1)
    from = at >= 0 ? at + 1 : from
  }
  // A queue id is the server's own choice (a different one on every run): it stands for any id, as <ID> does.
  const read = readSession(session as SessionEntry[], { line: (entry) => entryLines[entry] ?? 1, anyQueueId: true })
  const problem = read.problems[0]
  if (problem) return failAt(entryLines[problem.entry] ?? 1, problem.message)
  const transcript = read.transcript
  const lines = transcript.lines
  const firstClient = lines.findIndex((l) => l.kind === 'client')
  const early = lines.find((l, i) => l.kind === 'server' && (firstClient < 0 || i < firstClient) && l.code !== 220 && l.code !== 554)
  if (early) return failAt(early.line, `session item ${(read.origins[lines.indexOf(early)]?.entry ?? 0) + 1}: a server line before any client line can only be the greeting (220 or 554)`)
  const prerequisites = Array.isArray(d.prerequisites) ? d.prerequisites.filter((r): r is string => typeof r === 'string') : []
  if (d.port !== undefined && !isPort(d.port)) return failAt(1, `port ${JSON.stringify(d.port)} is not one the model answers on (${LESSON_PORTS.join(', ')})`)
  const users = sessionUsers(d.users)
  if (!users.ok) return users
  const facts = [typeof d.port === 'number' ? `port ${d.port}` : null, typeof d.security === 'string' ? d.security : null, typeof d.standard === 'string' ? d.standard : null].filter(Boolean).join(' · ')
  const steps: Step[] = [
    { kind: 'transcript', id: 'session', title, line: 1, before: [description, facts].filter(Boolean).join('\n\n'), after: '', transcript },
  ]
  return {
    ok: true,
    value: {
      id,
      title,
      summary: typeof d.summary === 'string' ? d.summary : description,
      order,
      prerequisites,
      settings: { personality: 'postfix', client: 'stranger', host: 'mail.example.com', port: isPort(d.port) ? d.port : 25, faults: [], users: users.value },
      steps,
      file,
      format: 'session-json',
    },
  }
}
