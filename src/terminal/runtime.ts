/**
 * Everything behind the terminal that needs the model, in one module the page loads lazily: the default world, the
 * simulated shell and the line discipline wired together. The page's first load is then xterm and the page itself;
 * this arrives a moment later (the controller keeps keys typed meanwhile).
 */
import { PERSONALITIES, type PersonalityName } from '../smtp/settings'
import { World } from '../smtp/world/world'
import { LineDiscipline, type Output } from './line-discipline'
import { renderHint } from './render'
import { Shell, type ShellObserver } from './shell'

export { World }

export interface RuntimeOptions {
  /** A world for the start and for `reset`; default: the default world of design §3. */
  readonly createWorld?: () => World
  readonly personality: PersonalityName
  readonly observer: ShellObserver
  readonly output: Output
  readonly cols: number
  readonly schedule?: (task: () => void) => void
}

export interface Runtime {
  readonly shell: Shell
  readonly discipline: LineDiscipline
  setPersonality(name: PersonalityName): void
  /** A fresh world (from `createWorld` if given), the screen cleared, the prompt back. */
  reset(createWorld?: () => World): void
  /** Bytes written as they are on the open session, shown above the line being edited; false without a session. */
  write(bytes: string): boolean
}

export function createRuntime(options: RuntimeOptions): Runtime {
  let make = options.createWorld ?? (() => new World())
  const shell = new Shell({ world: make(), createWorld: () => make(), observer: options.observer, personality: options.personality })
  const discipline = new LineDiscipline({ program: shell, cols: options.cols, output: options.output, ...(options.schedule ? { schedule: options.schedule } : {}) })
  discipline.start()
  return {
    shell,
    discipline,
    setPersonality(name) {
      shell.personality = PERSONALITIES[name]
      discipline.notice(renderHint(`(Connections opened from now on talk to the "${name}" personality.)`))
    },
    write(bytes) {
      const out = shell.write(bytes)
      if (out === null) return false
      discipline.notice(out)
      return true
    },
    reset(createWorld) {
      if (createWorld) make = createWorld
      shell.reset()
      discipline.restart(renderHint('(A fresh world: every mailbox and queue is empty.)'))
    },
  }
}
