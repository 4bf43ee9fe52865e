/**
 * Opening a share link (`#/s/<payload>`) in the lab: the session in the link is played on a fresh world, in place of
 * the one this browser had — which is set aside first, and one click brings it back. A link that cannot be read
 * gives an empty lab and a notice that says why. Loaded only when such a link is opened.
 */
import { RECORDING_VERSION, parseRecording, type Recording } from '../../terminal/recording'
import type { StorageLike } from '../state/preferences.svelte'
import { SESSION_KEY, type TerminalController } from '../state/terminal.svelte'
import { decodeShare } from './share'

/** Where the learner's own session waits while a shared one is open. */
export const STASH_KEY = 'smtp-sim:lab-session:before-link'

function emptyLab(controller: TerminalController, now: number): Recording {
  return { v: RECORDING_VERSION, start: { seed: now, personality: controller.personality, world: null, worlds: 0, history: [] }, actions: [] }
}

export async function openLink(controller: TerminalController, payload: string, storage: StorageLike, now: () => number = Date.now): Promise<boolean> {
  await controller.ready
  const own = storage.getItem(SESSION_KEY)
  const mine = own === null ? null : parseRecording(own)
  const stashed = own !== null && mine?.ok === true && mine.recording.actions.length > 0
  if (stashed) storage.setItem(STASH_KEY, own)
  const back = stashed
    ? {
        label: 'Back to my own session',
        run: () => {
          const saved = storage.getItem(STASH_KEY)
          const parsed = saved ? parseRecording(saved) : null
          if (parsed?.ok) controller.open(parsed.recording)
          controller.dismissNotice()
        },
      }
    : undefined
  const shared = await decodeShare(payload)
  if (shared.ok) {
    try {
      controller.open(shared.recording)
      const lines = controller.points.length
      controller.notice = { kind: 'shared', message: `This is a shared session, played again here: ${lines} line${lines === 1 ? '' : 's'} entered. Carry on from where it ends${stashed ? '; your own session was set aside' : ''}.`, ...(back ? { action: back } : {}) }
      return true
    } catch (error) {
      controller.open(emptyLab(controller, now()))
      controller.notice = { kind: 'reset', message: `The shared session could not be played (${error instanceof Error ? error.message : 'unknown error'}), so this is an empty lab.`, ...(back ? { action: back } : {}) }
      return false
    }
  }
  controller.open(emptyLab(controller, now()))
  controller.notice = { kind: 'reset', message: `This share link cannot be opened: ${shared.message}. This is an empty lab.`, ...(back ? { action: back } : {}) }
  return false
}
