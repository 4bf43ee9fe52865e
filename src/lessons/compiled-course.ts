/**
 * The course the app ships: compiled at build time by build/lessons.ts (the index here, each lesson a chunk of its own
 * fetched when opened). Kept apart from course.ts so tests and Node tools can make courses without the Vite plugin.
 */
import { index, loaders } from 'virtual:smtp-sim/course'
import { compiledCourse, type Course } from './course'

export const COURSE: Course = compiledCourse(index, loaders)
