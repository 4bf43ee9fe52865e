/** HELP: one line per verb, or the line of the verb asked about (RFC 5321 §4.1.1.8). The lines are the records'. */
import { replyLines } from '../replies'
import { knows, VERBS } from './index' // a cycle, but only read when HELP is answered, long after both modules loaded
import type { Verb } from './types'

export const help: Verb = {
  verb: 'HELP',
  syntax: 'HELP [command]',
  help: 'this help (RFC 5321 4.1.1.8)',
  beforeTls: false,
  needsAuth: false,
  rfc821: true,
  absent: { when: (p) => !p.helpAndExpn, key: 'helpNotImplemented' },
  handle(c, argument) {
    const listed = VERBS.filter((v) => v.help !== null && knows(c.personality, v))
    const topic = argument.toUpperCase()
    if (topic === '') return c.send(replyLines('help', ['Commands: ' + listed.map((v) => v.verb).join(' '), 'Try HELP <command>; RFC 5321 has the details.']))
    const verb = listed.find((v) => v.verb === topic)
    if (!verb) return c.reply('helpUnknownTopic', { arg: argument })
    c.send(replyLines('help', [`${verb.syntax} - ${verb.help}`]))
  },
}
