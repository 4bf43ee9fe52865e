/**
 * The course as the app ships it: every file in lessons/ bundled as text by Vite at build time
 * (svelte.dev's content glob). Kept apart from catalogue.ts so tests and Node tools never touch import.meta.glob.
 */
import { loadCatalogue, type Catalogue } from './catalogue'

const files = import.meta.glob<string>('/lessons/*.{md,json}', { query: '?raw', import: 'default', eager: true })

/** The course, loaded once. */
export const COURSE: Catalogue = loadCatalogue(files)
