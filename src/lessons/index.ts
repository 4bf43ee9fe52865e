/**
 * The lesson engine's public API (src/lessons): loading, validation, stepping, replay, goal checks and progress.
 * Pure TypeScript: no DOM, no Svelte, no content (that lives in lessons/). The app's course is compiled at build time
 * (build/lessons.ts) and read from './compiled-course'; the page never parses a lesson file except through a lazy
 * import of './compile' (parseLessonSource). Everything else comes from here.
 */
export type * from './types'
export { parseLesson, isLessonError, STEP_FENCES, CODE_FENCES, FRONT_MATTER_KEYS } from './format'
export { loadCatalogue, lessonById, errorsFor, formatLessonError, formatDifference, type Catalogue } from './catalogue'
export { replay, readSession, compareLine, type Replay, type LineVerdict, type Verdict as ReplayVerdict, type ReplayEnvironment, type ConnectTo, type SessionEntry, type EntryOrigin } from './replay'
export { compiledCourse, courseOf, summarize, type Course } from './course'
export { compileCourse, parseLessonSource, type CompiledCourse, type ParsedSource } from './compile'
export { replayTranscript, runAttempt, replayPredict, replayLesson, lineMatches, lessonEnvironment, type ReplayResult, type Difference, type LineResult, type AttemptResult, type PredictReplay, type LessonReplay, type StepCheck } from './runner'
export { evaluateGoal, chooseHint, decisiveReply, attemptEvents, attemptScope, latestAttempt, replyMatches, eventMatches, findMailbox, type AttemptScope, type GoalState, type GoalResult, type GoalCheck } from './goals'
export { describeEvent, describeReply, describeMatch } from './vocabulary'
export { judgeChoice, judgeAnswer, choiceMatches, type Verdict } from './predict'
export { Stepper, stepIndex, transcriptStops, replyLineFor } from './stepper'
export { ProgressStore, memoryStorage, validateProgress, parseProgress, PROGRESS_KEY, PROGRESS_KEY_V1, PROGRESS_VERSION, LESSON_STATES, MET_BY, type MetBy, type ProgressStorage, type ProgressData, type LessonProgress, type LessonState, type ProgressNotice, type NoticeReason } from './progress'
export { CLIENTS, DEFAULT_SETTINGS, LESSON_PORTS, settingsFor, type ClientProfile } from './settings'
export { createLessonWorld, openConnection } from './setup'
export { parseDuration, formatDuration, estimateMinutes } from './duration'
export { decodeWire } from './transcript'
export { GLOSSARY, glossaryEntry, glossaryHref, type GlossaryEntry } from './glossary'
export { searchCourse, type SearchHit } from './search'
