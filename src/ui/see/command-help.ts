/**
 * What the model's verb records (src/smtp/commands/) say of a command: its syntax and HELP line, for the explain pane
 * (an arrow of the sequence diagram) and the transcript explainer. The records are the one home of this knowledge.
 */
import { VERB_TABLE } from '../../smtp/commands'

export interface CommandHelp {
  readonly verb: string
  readonly syntax: string
  /** What HELP says of it (with its RFC section), or null for a verb HELP does not list. */
  readonly help: string | null
  /** Known to SMTP but not offered by this server (answered 502). */
  readonly unimplemented: boolean
}

/** Its syntax, then what HELP says of it when it says anything: "MAIL FROM:<reverse-path> — …". */
export function syntaxAndHelp(help: Pick<CommandHelp, 'syntax' | 'help'>): string {
  return `${help.syntax}${help.help ? ` — ${help.help}` : ''}`
}

/** The verb record of `verb` (any case), or null when the model knows no such verb. */
export function commandHelp(verb: string): CommandHelp | null {
  const record = VERB_TABLE.get(verb.toUpperCase())
  if (!record) return null
  return { verb: record.verb, syntax: record.syntax, help: record.help, unimplemented: record.unimplemented ?? false }
}
