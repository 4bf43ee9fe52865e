/**
 * A lesson's settings as plain data: the two clients a lesson connects as, the default settings, the ports a lesson
 * may open, and a step's settings from the lesson's. No model here (setup.ts builds worlds from these), so the page
 * can read a lesson's settings without loading the SMTP model.
 */
import type { ClientInfo } from '../smtp'
import type { ClientKind, Lesson, LessonPort, LessonSettings, SettingsOverride } from './types'

export interface ClientProfile {
  readonly info: ClientInfo
  /** The host this client talks to unless told otherwise. */
  readonly defaultHost: string
  readonly description: string
}

export const CLIENTS: Readonly<Record<ClientKind, ClientProfile>> = {
  stranger: {
    info: { ip: '192.0.2.30', name: 'client.example.net' },
    defaultHost: 'mail.example.com',
    description: 'client.example.net (192.0.2.30), a stranger to the server: it may send mail for the server\'s own domains only',
  },
  localhost: {
    info: { ip: '127.0.0.1', name: 'localhost' },
    defaultHost: 'client.example.net',
    description: 'the learner\'s own MTA, client.example.net, reached from 127.0.0.1: it relays anywhere',
  },
}

export const DEFAULT_SETTINGS: LessonSettings = { personality: 'postfix', host: 'mail.example.com', client: 'stranger', port: 25, faults: [], users: {} }

/** The ports a lesson may open: 25 (MTA), 587 (submission: STARTTLS, then AUTH), 465 (TLS from the first octet). */
export const LESSON_PORTS: readonly LessonPort[] = [25, 587, 465]

/** A step's settings: the lesson's, with the step's changes. A changed client brings its own default host. */
export function settingsFor(lesson: Pick<Lesson, 'settings'>, override?: SettingsOverride): LessonSettings {
  const base = lesson.settings
  if (!override) return base
  const client = override.client ?? base.client
  const host = override.host ?? (override.client && override.client !== base.client ? CLIENTS[client].defaultHost : base.host)
  return { ...base, ...override, client, host }
}
