/** A fake terminal Output that records every write (xterm-readline's recording Output). */
import type { Output } from '../../src/terminal/line-discipline'
import { stripSgr } from '../../src/terminal/render'

export class RecordingOutput implements Output {
  readonly writes: string[] = []
  write(data: string): void {
    this.writes.push(data)
  }
  /** Everything written, colours removed. */
  get plain(): string {
    return stripSgr(this.writes.join(''))
  }
  /** Everything written since the last call, colours removed. */
  #seen = 0
  take(): string {
    const out = stripSgr(this.writes.slice(this.#seen).join(''))
    this.#seen = this.writes.length
    return out
  }
}
