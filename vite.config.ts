import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { svelteTesting } from '@testing-library/svelte/vite'
import { ajvValidators } from './build/ajv-validators.ts'
import { earlyFetch } from './build/early-fetch.ts'
import { lessonsPlugin } from './build/lessons.ts'

// BASE decides the sub-path the site is served from: `BASE=/smtp-sim/ npm run build`.
// './' (the default) makes the build work from any sub-path that ends in a slash.
export default defineConfig({
  base: process.env.BASE ?? './',
  plugins: [ajvValidators(), lessonsPlugin(), svelte(), earlyFetch()],
  build: {
    target: 'es2022',
    sourcemap: false,
    // No <link rel="modulepreload"> added by the page for a lazy chunk's imports: the browser finds them when it
    // reads the chunk, one round trip later, and nothing that late is on a first paint's path. Adding the links is
    // a long task of its own after the first paint (8–25 ms on this machine, ×4 on Lighthouse's phone), for every
    // lazy view. A lesson's link has what its first paint needs fetched from the start (build/early-fetch.ts).
    modulePreload: false,
    rolldownOptions: {
      // The lesson engine (src/lessons) and the YAML package do nothing when imported (they define functions, classes
      // and constant tables), so a page module that imports the engine's index for its stepper or goal checks does not
      // bring the lesson parser along: that runs at build time (build/lessons.ts). test/e2e guards it.
      treeshake: { moduleSideEffects: (id: string) => !/\/src\/lessons\/[^/]+\.ts$|\/node_modules\/yaml\//.test(id) },
    },
  },
  server: { host: '127.0.0.1' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.svelte.test.ts', 'test/e2e/**'],
        },
      },
      {
        extends: true,
        plugins: [svelteTesting()],
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/**/*.svelte.test.ts'],
          setupFiles: ['test/setup-dom.ts'],
        },
      },
    ],
  },
})
