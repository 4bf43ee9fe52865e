/**
 * Reading try-it goals (goals.ts judges them): `parseGoal` / `parseHintCondition` read a goal from a ```try block's
 * YAML and refuse unknown keys, naming the line, so a typo in a lesson is an error and not a goal nobody can reach.
 * Part of the lesson parser (format.ts): it runs at build time, never in the page.
 */
import type { Node } from 'yaml'
import type { Parsed } from './transcript'
import type { DsnMatch, EventPattern, Goal, HintCondition, MessageMatch } from './types'
import { EVENT_TYPES, GOAL_KEYS, HINT_KEYS, MATCH_KEYS } from './vocabulary'
import { bool, entries, list, num, onlyKeys, plain, replyPattern, str, type YamlSource } from './yaml-source'

const ADDRESS = /^[^@\s<>]+@[^@\s<>]+$/

function address(node: Node | null, source: YamlSource, what: string): Parsed<string> {
  const s = str(node, source, what)
  if (!s.ok) return s
  if (!ADDRESS.test(s.value)) return source.fail(node, `${what} must be an address such as bob@example.com, not "${s.value}"`)
  return s
}

function eventPattern(node: Node | null, source: YamlSource, what: string): Parsed<EventPattern> {
  const value = plain(node)
  const type = typeof value === 'string' ? value : value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).type : undefined
  if (typeof type !== 'string') return source.fail(node, `${what} must be an event type, or a mapping with a "type" and the fields to match`)
  if (!(EVENT_TYPES as readonly string[]).includes(type)) return source.fail(node, `${what}: unknown event type "${type}" (known: ${EVENT_TYPES.join(', ')})`)
  return { ok: true, value: value as EventPattern }
}

function parseMatch(node: Node | null, source: YamlSource): Parsed<MessageMatch> {
  const es = entries(node, source, 'contains')
  if (!es.ok) return es
  const known = onlyKeys(es.value, MATCH_KEYS, source, 'contains')
  if (!known.ok) return known
  const out: Record<string, unknown> = {}
  for (const { key, value } of es.value) {
    const what = `contains.${key}`
    let r: Parsed<unknown>
    switch (key as (typeof MATCH_KEYS)[number]) {
      case 'bodyLineStartingWithDot':
        r = bool(value, source, what)
        break
      case 'receivedCount':
        r = num(value, source, what)
        break
      case 'envelopeRecipient':
      case 'envelopeOnlyRecipient':
        r = address(value, source, what)
        break
      case 'envelopeSender':
        r = str(value, source, what)
        break
      case 'header': {
        const hs = entries(value, source, what)
        if (!hs.ok) return hs
        const fields: Record<string, string> = {}
        for (const h of hs.value) {
          const v = str(h.value, source, `${what}.${h.key}`)
          if (!v.ok) return v
          fields[h.key] = v.value
        }
        r = { ok: true, value: fields }
        break
      }
      case 'headerAbsent': {
        const items = list(value, source, what, { single: true })
        if (!items.ok) return items
        const names: string[] = []
        for (const item of items.value) {
          const v = str(item, source, what)
          if (!v.ok) return v
          names.push(v.value)
        }
        r = { ok: true, value: names }
        break
      }
      default:
        r = str(value, source, what)
    }
    if (!r.ok) return r
    out[key] = r.value
  }
  return { ok: true, value: out as MessageMatch }
}

function parseDsn(node: Node | null, source: YamlSource): Parsed<DsnMatch> {
  if (node && 'value' in node && typeof (node as { value: unknown }).value === 'string') {
    const a = address(node, source, 'dsnFor')
    return a.ok ? { ok: true, value: { recipient: a.value } } : a
  }
  const es = entries(node, source, 'dsnFor')
  if (!es.ok) return es
  const known = onlyKeys(es.value, ['recipient', 'status', 'action', 'to'], source, 'dsnFor')
  if (!known.ok) return known
  const out: Record<string, string> = {}
  for (const { key, value } of es.value) {
    const v = key === 'recipient' || key === 'to' ? address(value, source, `dsnFor.${key}`) : str(value, source, `dsnFor.${key}`)
    if (!v.ok) return v
    out[key] = v.value
  }
  if (!out.recipient) return source.fail(node, 'dsnFor needs a recipient')
  return { ok: true, value: out as unknown as DsnMatch }
}

/** Read a goal from its YAML node; unknown keys are errors. */
export function parseGoal(node: Node | null, source: YamlSource): Parsed<Goal> {
  const es = entries(node, source, 'goal')
  if (!es.ok) return es
  const known = onlyKeys(es.value, GOAL_KEYS, source, 'goal')
  if (!known.ok) return known
  if (es.value.length === 0) return source.fail(node, 'the goal is empty')
  const goal: Record<string, unknown> = {}
  for (const { key, value } of es.value) {
    let r: Parsed<unknown>
    switch (key as (typeof GOAL_KEYS)[number]) {
      case 'mailbox':
        r = address(value, source, 'goal.mailbox')
        break
      case 'contains':
        r = parseMatch(value, source)
        break
      case 'replySeen':
      case 'replyNotSeen':
        r = replyPattern(value, source, `goal.${key}`)
        break
      case 'eventSeen':
      case 'eventNotSeen': {
        const items = list(value, source, `goal.${key}`, { single: true })
        if (!items.ok) return items
        const patterns: EventPattern[] = []
        for (const item of items.value) {
          const p = eventPattern(item, source, `goal.${key}`)
          if (!p.ok) return p
          patterns.push(p.value)
        }
        r = { ok: true, value: patterns }
        break
      }
      case 'dsnFor':
        r = parseDsn(value, source)
        break
      case 'noDsnFor':
        r = address(value, source, 'goal.noDsnFor')
        break
    }
    if (!r.ok) return r
    goal[key] = r.value
  }
  if (goal.contains && !goal.mailbox) return source.fail(node, 'goal.contains says what a message looks like: add "mailbox:" to say whose')
  return { ok: true, value: goal as Goal }
}

/** Read a hint's `on:` condition. */
export function parseHintCondition(node: Node | null, source: YamlSource, what = 'on'): Parsed<HintCondition> {
  const es = entries(node, source, what)
  if (!es.ok) return es
  const known = onlyKeys(es.value, HINT_KEYS, source, what)
  if (!known.ok) return known
  if (es.value.length === 0) return source.fail(node, `${what} is empty; leave "on" out for the default hint`)
  const out: Record<string, unknown> = {}
  for (const { key, value } of es.value) {
    let r: Parsed<unknown>
    if (key === 'code') r = replyPattern(value, source, `${what}.code`)
    else if (key === 'enhanced') {
      r = str(value, source, `${what}.enhanced`)
      if (r.ok && !/^[245]\.\d{1,3}\.\d{1,3}$/.test(String(r.value))) return source.fail(value, `${what}.enhanced must look like 5.7.1`)
    } else if (key === 'event') r = eventPattern(value, source, `${what}.event`)
    else r = bool(value, source, `${what}.nothing`)
    if (!r.ok) return r
    out[key] = r.value
  }
  return { ok: true, value: out as HintCondition }
}
