/**
 * The lesson model: what a lesson file becomes once parsed (format.ts), as plain readonly data.
 *
 * A lesson is metadata, the world it runs in, and a list of steps. A step is prose, an annotated transcript, a
 * "try it" goal, or a "predict the reply" question. Nothing here behaves: the runner replays transcripts, goals.ts
 * judges attempts, the stepper walks the steps and progress.ts remembers them. No DOM, no Svelte, no content.
 */
import type { PersonalityName } from '../smtp'
import type { Fault } from '../smtp/world/faults'

/** Who the learner is in the simulated network (README, "The world"). */
export type ClientKind =
  /** 192.0.2.30 (client.example.net) talking to a server of the world: a stranger to mail.example.com. */
  | 'stranger'
  /** 127.0.0.1 talking to the learner's own MTA, client.example.net, which relays anywhere. */
  | 'localhost'

/** The ports a session can open (src/smtp/profiles.ts): 25 MTA, 587 submission (STARTTLS, AUTH), 465 implicit TLS. */
export type LessonPort = 25 | 587 | 465

/** The world a lesson (or one of its steps) runs in. */
export interface LessonSettings {
  readonly personality: PersonalityName
  /** The host the session talks to. */
  readonly host: string
  readonly client: ClientKind
  /** The port the session opens on that host (the lesson's own sessions; `~ connect` may name another). */
  readonly port: LessonPort
  readonly faults: readonly Fault[]
  /** Extra users who may log in (AUTH) on the lesson's host: user name → password. */
  readonly users: Readonly<Record<string, string>>
}

/** Per-step changes to the lesson's settings (try and predict steps). */
export type SettingsOverride = Partial<Pick<LessonSettings, 'personality' | 'host' | 'client' | 'port'>>

/** Where a problem is: the file and its 1-based line. */
export interface LessonError {
  readonly file: string
  readonly line: number
  readonly message: string
}

/** A highlighted span of a transcript line's text, [start, end) in UTF-16 units. */
export interface Span {
  readonly start: number
  readonly end: number
}

interface LineBase {
  /** 1-based line in the lesson file. */
  readonly line: number
  /** Markdown: the `> ` lines that follow it. */
  readonly note?: string
}

/**
 * A line the client sends (CRLF is added when it is sent); or, written `W:`, bytes the client writes exactly as
 * given (`raw`): `<CR>` and `<LF>` in `text` stand for those bytes and nothing is added (a program, not telnet).
 */
export interface ClientLine extends LineBase {
  readonly kind: 'client'
  readonly text: string
  readonly spans: readonly Span[]
  readonly raw?: boolean
}

/** One line of a server reply, or `...`: lines of the reply the transcript leaves out. */
export interface ServerLine extends LineBase {
  readonly kind: 'server'
  readonly text: string
  readonly spans: readonly Span[]
  readonly elided: boolean
  /** The reply code (null when elided). */
  readonly code: number | null
  /** The enhanced status code at the start of the text, if any (RFC 3463). */
  readonly enhanced: string | null
}

/** A line of a stored message (after `~ mailbox`), or `...` for lines left out. */
export interface MessageLine extends LineBase {
  readonly kind: 'message'
  readonly text: string
  readonly spans: readonly Span[]
  readonly elided: boolean
}

/** A line of the simulated mail.log; it must appear in the log after the previous `L:` line. */
export interface LogLine extends LineBase {
  readonly kind: 'log'
  readonly text: string
  readonly spans: readonly Span[]
}

/** `~ advance 5d`: the world's clock runs on (queue retries, expiry, bounces), like `sleep 5d` in the shell. */
export interface AdvanceDirective extends LineBase {
  readonly kind: 'advance'
  readonly ms: number
  readonly text: string
}

/** `~ connect localhost`: a new session (the previous one is left as it is). */
export interface ConnectDirective extends LineBase {
  readonly kind: 'connect'
  readonly client: ClientKind
  /** null: the client's usual host (mail.example.com for a stranger, client.example.net for localhost). */
  readonly host: string | null
  /** null: the lesson's port when the session goes to the lesson's host, else 25. */
  readonly port: LessonPort | null
  readonly text: string
}

/** `~ mailbox bob@example.com [n]`: the `M:` lines that follow show message n (1-based; default the last). */
export interface MailboxDirective extends LineBase {
  readonly kind: 'mailbox'
  readonly address: string
  readonly index: number | null
  readonly text: string
}

/** A line that only explains (the seed JSON's `[ TLS handshake occurs ]`); nothing is sent or checked. */
export interface CommentLine extends LineBase {
  readonly kind: 'comment'
  readonly text: string
}

/** `~ pipeline`: the client lines that follow go in ONE write (RFC 2920), up to `~ end` or the next non-client line. */
export interface PipelineDirective extends LineBase {
  readonly kind: 'pipeline'
  readonly text: string
}

/** `~ end`: the end of a pipelined group. */
export interface EndDirective extends LineBase {
  readonly kind: 'end'
  readonly text: string
}

/** `~ write <bytes>` (attempts only): bytes written as they are, `<CR>`/`<LF>` standing for those bytes. */
export interface WriteDirective extends LineBase {
  readonly kind: 'write'
  /** The bytes, decoded. */
  readonly bytes: string
  readonly text: string
}

export type Directive = AdvanceDirective | ConnectDirective | MailboxDirective | PipelineDirective | EndDirective | WriteDirective
export type TranscriptLine = ClientLine | ServerLine | MessageLine | LogLine | Directive | CommentLine

export interface Transcript {
  readonly lines: readonly TranscriptLine[]
}

// --- Steps -------------------------------------------------------------------------------------------------------

interface StepBase {
  /** Unique within the lesson; used in deep links `#/lessons/<lesson>/<step>`. */
  readonly id: string
  readonly title: string
  /** 1-based line of the step's heading. */
  readonly line: number
  /** Markdown before the step's block (all of it, for a prose step). */
  readonly before: string
  /** Markdown after the step's block. */
  readonly after: string
}

export interface ProseStep extends StepBase {
  readonly kind: 'prose'
}

export interface TranscriptStep extends StepBase {
  readonly kind: 'transcript'
  readonly transcript: Transcript
  /** Settings this step runs with, when they differ from the lesson's. */
  readonly settings?: SettingsOverride
}

/** What a learner (or a model solution) types: lines, and shell actions as directives. */
export type AttemptInput = string | Directive

/** The hint shown when a goal is not met, chosen by what the learner got. */
export interface Hint {
  /** null: the default hint. */
  readonly on: HintCondition | null
  readonly text: string
  readonly line: number
}

export interface HintCondition {
  /** The reply that decided the attempt (the last 4xx/5xx, else the last reply): `503`, `'5xx'`, `'55x'`. */
  readonly code?: number | string
  /** Its enhanced status code, e.g. `5.7.1`. */
  readonly enhanced?: string
  /** An event of this type (or with these fields) happened during the attempt. */
  readonly event?: EventPattern
  /** The learner typed nothing at all. */
  readonly nothing?: boolean
}

/** An event type, or an object whose fields must all equal the event's (the `type` field included). */
export type EventPattern = string | Readonly<Record<string, unknown>>

/** An attempt a test types to prove the goal is not met by anything, and which hint it gets. */
export interface WrongAttempt {
  readonly input: readonly AttemptInput[]
  /** The `on` of the hint it must get, or null for the default hint. */
  readonly hint: HintCondition | null
  readonly line: number
}

export interface TryStep extends StepBase {
  readonly kind: 'try'
  readonly goal: Goal
  readonly hints: readonly Hint[]
  readonly solution: readonly AttemptInput[]
  readonly wrong: readonly WrongAttempt[]
  /** Simulated time that passes after the attempt, before the goal is checked (0: none). */
  readonly advanceMs: number
  readonly settings?: SettingsOverride
}

export interface Choice {
  /** The reply as the learner reads it: a code (`503`), code and enhanced code, or a whole reply line. */
  readonly text: string
  readonly correct: boolean
  /** Why it is right, or which misconception makes it tempting. */
  readonly explanation: string
}

export interface PredictStep extends StepBase {
  readonly kind: 'predict'
  readonly question: string
  /** The context; its last line is the C: line whose reply is to be predicted. */
  readonly transcript: Transcript
  /** Multiple choice, or a reply code to type. */
  readonly mode: 'choices' | 'answer'
  readonly choices: readonly Choice[]
  /** mode 'answer': the code to type. */
  readonly answer: number | null
  /** Shown after answering (for 'answer' mode; choices carry their own). */
  readonly explanation: string
  /** mode 'answer': explanations keyed by a wrong code (`'250'`, `'5xx'`), `other` for the rest. */
  readonly explanations: Readonly<Record<string, string>>
  readonly settings?: SettingsOverride
}

export type Step = ProseStep | TranscriptStep | TryStep | PredictStep
export type StepKind = Step['kind']

// --- Goals (goals.ts evaluates them) -----------------------------------------------------------------------------

/** What a stored message must look like; every given field must hold. */
export interface MessageMatch {
  /** Header fields: the value contains this text (case-insensitive). */
  readonly subject?: string
  readonly from?: string
  readonly to?: string
  readonly cc?: string
  /** Any header field by name: value contains text (case-insensitive). */
  readonly header?: Readonly<Record<string, string>>
  /** Header fields that must be absent (e.g. `Bcc`). */
  readonly headerAbsent?: readonly string[]
  /** The body contains this text (case-insensitive). */
  readonly bodyContains?: string
  /** Some body line starts with "." (true), or none does (false). */
  readonly bodyLineStartingWithDot?: boolean
  /** The envelope sender, `<>` for the null reverse-path. */
  readonly envelopeSender?: string
  /** An address in the envelope's recipients. */
  readonly envelopeRecipient?: string
  /** In the envelope's recipients, but in no To:, Cc: or Bcc: field (a blind copy). */
  readonly envelopeOnlyRecipient?: string
  /** The Return-Path: field, e.g. `<student@client.example.net>`. */
  readonly returnPath?: string
  /** How many Received: fields the message carries. */
  readonly receivedCount?: number
}

export interface DsnMatch {
  /** Final-Recipient of the DSN. */
  readonly recipient: string
  /** Status: (RFC 3463), e.g. `5.4.4`. */
  readonly status?: string
  /** Action: e.g. `failed`. */
  readonly action?: string
  /** The mailbox the DSN must be in (default: anywhere in the world). */
  readonly to?: string
}

/** A try step's goal: every key given must hold (they are AND-ed). */
export interface Goal {
  /** A new message is in this mailbox (an address whose domain is local to a host of the world). */
  readonly mailbox?: string
  /** ...and it matches this. */
  readonly contains?: MessageMatch
  /** A reply with this code (`503`, `'5xx'`) or code and enhanced code (`'550 5.1.1'`) was seen. */
  readonly replySeen?: number | string
  /** No reply like this was seen. */
  readonly replyNotSeen?: number | string
  /** Events that must have happened (each a type or a field pattern). */
  readonly eventSeen?: readonly EventPattern[]
  /** Events that must not have happened. */
  readonly eventNotSeen?: readonly EventPattern[]
  /** A delivery status notification (RFC 3464) about this recipient reached a mailbox. */
  readonly dsnFor?: DsnMatch
  /** No DSN about this recipient exists anywhere. */
  readonly noDsnFor?: string
}

// --- Lessons -----------------------------------------------------------------------------------------------------

export interface Lesson {
  readonly id: string
  readonly title: string
  readonly summary: string
  /** The one thing a learner can do after the lesson, as a sentence ("Read any reply code at a glance."). */
  readonly objective?: string
  readonly order: number
  readonly prerequisites: readonly string[]
  readonly settings: LessonSettings
  readonly steps: readonly Step[]
  /** The path the lesson was loaded from. */
  readonly file: string
  readonly format: 'markdown' | 'session-json'
}

// --- The course as the page ships it (compile.ts makes it at build time, course.ts reads it) ---------------------

/** What the course index knows of a lesson: enough to list it; the lesson itself is loaded when opened. */
export interface LessonSummary {
  readonly id: string
  readonly title: string
  readonly summary: string
  readonly order: number
  /** The estimate the index shows (estimateMinutes). */
  readonly minutes: number
  /** The path the lesson was loaded from (its errors name it). */
  readonly file: string
}

/** The course index: every lesson that loaded, by order, and the problems of the files (`file:line: message`). */
export interface CourseIndex {
  readonly lessons: readonly LessonSummary[]
  readonly errors: readonly LessonError[]
}
