/**
 * The bridge's Maildir (`--maildir DIR`, README "Real clients"): each message a mailbox of mail.example.com takes is written to
 * `DIR/<mailbox>/new/<unique>` with exactly the bytes the mailbox holds, through `tmp/` and a rename, as Maildir
 * delivery does. It is the host's MailStorage (src/smtp/world/host.ts):
 *  - `open` checks the path at start: a file there, or a directory that cannot be made, is an error before listening;
 *  - `ready` is asked after the final dot: if the directory has gone (or became a file), the client gets 451 4.3.0
 *    instead of a 250 the server could not keep;
 *  - `save` writes; a failure defers the delivery (4.3.0), retried until the Maildir takes it.
 */
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import type { StoredMessage } from '../smtp'

export class Maildir {
  readonly root: string
  /** Mailboxes whose tmp/new/cur directories were made (made again after a failed write). */
  readonly #made = new Set<string>()
  readonly #now: () => number
  readonly #host = hostname().replace(/[/:]/g, '_')
  #count = 0

  private constructor(root: string, now: () => number) {
    this.root = root
    this.#now = now
  }

  /** Use `root` (made if missing); throws an Error saying why when it cannot be used. */
  static open(root: string, now: () => number = Date.now): Maildir {
    const path = resolve(root)
    try {
      mkdirSync(path, { recursive: true })
    } catch (error) {
      throw new Error(`--maildir ${root}: ${describe(error)}`, { cause: error })
    }
    if (!statSync(path).isDirectory()) throw new Error(`--maildir ${root}: not a directory`)
    return new Maildir(path, now)
  }

  /** Why nothing can be stored now, or null. */
  ready(): string | null {
    try {
      return statSync(this.root).isDirectory() ? null : `${this.root} is not a directory`
    } catch (error) {
      return describe(error)
    }
  }

  /** Write one message; an error text when it could not be written. */
  save(message: StoredMessage): string | null {
    const mailbox = message.mailbox
    if (!/^[\w+-][\w.+-]*$/.test(mailbox)) return `not a safe directory name: ${mailbox}`
    const dir = join(this.root, mailbox)
    try {
      if (!this.#made.has(mailbox)) {
        for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(dir, sub), { recursive: true })
        this.#made.add(mailbox)
      }
      const t = this.#now()
      const unique = `${Math.floor(t / 1000)}.M${(t % 1000) * 1000}P${process.pid}Q${++this.#count}.${this.#host}`
      writeFileSync(join(dir, 'tmp', unique), message.content)
      renameSync(join(dir, 'tmp', unique), join(dir, 'new', unique))
      return null
    } catch (error) {
      this.#made.delete(mailbox)
      return describe(error)
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ? `${(error as NodeJS.ErrnoException).code}: ${error.message.replace(/^\w+: /, '')}` : error.message
  return String(error)
}
