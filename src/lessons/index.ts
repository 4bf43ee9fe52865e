/**
 * The lesson engine's public API (src/lessons): loading, validation, stepping, replay, goal checks and progress.
 * Pure TypeScript: no DOM, no Svelte, no content (that lives in lessons/). The app imports the course from
 * './lessons-glob'; everything else comes from here.
 */
export type * from './types'
export { parseLesson, isLessonError, STEP_FENCES, CODE_FENCES, FRONT_MATTER_KEYS } from './format'
export { loadCatalogue, lessonById, errorsFor, formatLessonError, type Catalogue } from './catalogue'
export { replayTranscript, runAttempt, replayPredict, replayLesson, lineMatches, missingFeatures, MODEL_FEATURES, type ReplayResult, type Difference, type LineResult, type AttemptResult, type PredictReplay, type LessonReplay, type StepCheck } from './runner'
export { evaluateGoal, chooseHint, decisiveReply, takeBaseline, replyMatches, eventMatches, findMailbox, type GoalState, type GoalResult, type GoalCheck, type Baseline } from './goals'
export { judgeChoice, judgeAnswer, choiceMatches, type Verdict } from './predict'
export { Stepper, stepIndex, parseLessonHash, formatLessonHash, type LessonRoute } from './stepper'
export { ProgressStore, memoryStorage, validateProgress, parseProgress, PROGRESS_KEY, PROGRESS_VERSION, LESSON_STATES, type ProgressStorage, type ProgressData, type LessonProgress, type LessonState, type ProgressNotice, type NoticeReason } from './progress'
export { CLIENTS, DEFAULT_SETTINGS, LESSON_PORTS, settingsFor, createLessonWorld, openConnection, profileFor, type ClientProfile } from './setup'
export { parseDuration, formatDuration } from './duration'
