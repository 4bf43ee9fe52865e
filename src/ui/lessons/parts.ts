/**
 * The lesson pane's parts that a transcript or prose step does not show — presenter mode, the sandbox, try and
 * predict steps, the world's faults (there is no world before the terminal is reached for), and the index's "Open a
 * lesson file" with its hand-in reader — each fetched when first shown. They bring the SMTP model and the goal checks with them; a lesson's
 * text paints from the pane and the lesson's own data chunk alone (issue 13; test/e2e/load.spec.ts guards it).
 */
import { Lazy } from '../lazy.svelte'

export const ActiveFaultsPart = new Lazy(() => import('../ActiveFaults.svelte'))
export const OpenLessonPart = new Lazy(() => import('./OpenLesson.svelte'))
export const PresenterPart = new Lazy(() => import('./Presenter.svelte'))
export const SandboxPart = new Lazy(() => import('./Sandbox.svelte'))
export const TryStepPart = new Lazy(() => import('./TryStep.svelte'))
export const PredictStepPart = new Lazy(() => import('./PredictStep.svelte'))

/** Fetch them all now (tests, which then meet each part at once as a page does once it has fetched it). */
export async function preloadParts(): Promise<void> {
  await Promise.all([ActiveFaultsPart, OpenLessonPart, PresenterPart, SandboxPart, TryStepPart, PredictStepPart].map((part) => part.load()))
}
