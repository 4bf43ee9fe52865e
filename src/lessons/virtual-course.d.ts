/** The modules build/lessons.ts makes from lessons/ (see there). */
declare module 'virtual:smtp-sim/course' {
  export const index: import('./types').CourseIndex
  export const loaders: Readonly<Record<string, () => Promise<import('./types').Lesson>>>
}
