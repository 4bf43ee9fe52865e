/**
 * A Vite plugin that compiles the course at build time (issue 13): every file in lessons/ is parsed and validated
 * here, in Node (src/lessons/compile.ts), and the page gets plain data —
 *
 *   import { index, loaders } from 'virtual:smtp-sim/course'
 *
 * `index`: each lesson's summary (id, title, summary, order, estimated minutes, file) and the problems of files that
 * did not load, `file:line: message`, which the course index shows; `loaders[id]()`: the lesson itself, a chunk of its
 * own (`virtual:smtp-sim/lesson/<id>`), fetched when it is opened. So the YAML parser, the validation and the replay
 * checker never reach the page. A new, changed or removed lesson file is picked up by the dev server (a full reload).
 */
import { resolve } from 'node:path'
import { tsImport } from 'tsx/esm/api'
import type { Plugin, ViteDevServer } from 'vite'
import type { CompiledCourse } from '../src/lessons/compile'
import { readLessonFiles } from './lesson-files.ts'

type Compiler = typeof import('../src/lessons/compile')

const COURSE_ID = 'virtual:smtp-sim/course'
const LESSON_PREFIX = 'virtual:smtp-sim/lesson/'
/** Resolved ids: virtual (\0), so no other plugin reads them as files. */
const RESOLVED_COURSE = '\0' + COURSE_ID
const RESOLVED_LESSON = '\0' + LESSON_PREFIX
/** The compiler: the lesson engine's compile.ts, beside this file in the repository. */
const ENGINE = new URL('../src/lessons/compile.ts', import.meta.url).href

/** The text of a module whose default export is `value`: JSON.parse of a string, which engines parse fastest. */
const dataModule = (value: unknown) => `export default JSON.parse(${JSON.stringify(JSON.stringify(value))})\n`

/** The course index module: the index, and a loader per lesson (each a dynamic import: a chunk per lesson). */
export function courseModule(course: CompiledCourse): string {
  const loaders = course.index.lessons.map((l) => `  ${JSON.stringify(l.id)}: () => import(${JSON.stringify(LESSON_PREFIX + l.id)}).then((m) => m.default),`)
  return [`export const index = JSON.parse(${JSON.stringify(JSON.stringify(course.index))})`, 'export const loaders = {', ...loaders, '}', ''].join('\n')
}

export function lessonsPlugin(options: { dir?: string } = {}): Plugin {
  let dir = options.dir ?? 'lessons'
  let compiled: Promise<CompiledCourse> | null = null
  // The lesson engine is the app's own TypeScript (extension-less imports and all): tsx loads it, once, rather than
  // the config's bundler (which would warn about every such import) or Vite's module runner (seconds slower).
  let compiler: Promise<Compiler> | null = null
  const load = () => (compiler ??= tsImport(ENGINE, import.meta.url) as Promise<Compiler>)
  const course = () => (compiled ??= load().then((engine) => engine.compileCourse(readLessonFiles(dir))))

  return {
    name: 'smtp-sim-lessons',
    configResolved(config) {
      dir = resolve(config.root, options.dir ?? 'lessons')
    },
    buildStart() {
      compiled = null
      // Start the engine's import now, beside the first transforms: the course module's load then waits less.
      void load()
    },
    resolveId(source) {
      if (source === COURSE_ID) return RESOLVED_COURSE
      if (source.startsWith(LESSON_PREFIX)) return '\0' + source
      return null
    },
    load(id) {
      // No addWatchFile: the dev server's watcher (below) follows the directory, new and removed files included.
      if (id === RESOLVED_COURSE) {
        return course().then((compiled) => {
          // A broken lesson is data the index shows; authors also see it where they build.
          for (const e of compiled.index.errors) this.warn(`lesson problem: ${e.file}:${e.line}: ${e.message}`)
          return courseModule(compiled)
        })
      }
      if (id.startsWith(RESOLVED_LESSON)) {
        const lessonId = id.slice(RESOLVED_LESSON.length)
        // Removed since the index was made: the dev server reloads the page, which then has a new index.
        return course().then((compiled) => {
          const lesson = compiled.lessons.find((l) => l.id === lessonId)
          return lesson ? dataModule(lesson) : 'export default undefined\n'
        })
      }
      return null
    },
    configureServer(server: ViteDevServer) {
      server.watcher.add(dir)
      const changed = (path: string) => {
        if (!resolve(path).startsWith(dir)) return
        compiled = null
        const graph = server.environments.client.moduleGraph
        for (const mod of [...graph.idToModuleMap.values()]) {
          if (mod.id === RESOLVED_COURSE || mod.id?.startsWith(RESOLVED_LESSON)) graph.invalidateModule(mod)
        }
        server.ws.send({ type: 'full-reload' })
      }
      server.watcher.on('add', changed)
      server.watcher.on('change', changed)
      server.watcher.on('unlink', changed)
    },
  }
}
