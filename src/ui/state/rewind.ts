/**
 * Rewind points: the places in a lab recording (src/terminal/recording.ts) a learner can go back to — just after each
 * line entered, each setting changed. The controller notes one after each action it records and after each action a
 * replay plays, from the action and the line being edited before it. Pure.
 */
import type { Action } from '../../terminal/recording'

/** What a point shows: the line entered (a paste: its first line and how many), or the setting; null: no point here. */
export function pointText(action: Action, before: string): string | null {
  if (typeof action === 'string') {
    if (!/[\r\n]/.test(action)) return null
    const lines = (before + action).split(/\r\n|\r|\n/).slice(0, -1)
    const first = lines[0] ?? ''
    return lines.length > 1 ? `${first} … (${lines.length} lines)` : first
  }
  if ('personality' in action) return `(server personality: ${action.personality})`
  if ('faults' in action) return action.faults.length === 0 ? '(scripted faults off)' : `(${action.faults.length} scripted fault${action.faults.length === 1 ? '' : 's'} on)`
  if ('write' in action) return `(written as it is: ${action.write.replace(/\r/g, '<CR>').replace(/\n/g, '<LF>')})`
  return null // the explanation asked for changes nothing; a reset starts the recording again
}
