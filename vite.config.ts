import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { svelteTesting } from '@testing-library/svelte/vite'
import { ajvValidators } from './build/ajv-validators.ts'

// BASE decides the sub-path the site is served from: `BASE=/smtp-sim/ npm run build`.
// './' (the default) makes the build work from any sub-path that ends in a slash.
export default defineConfig({
  base: process.env.BASE ?? './',
  plugins: [ajvValidators(), svelte()],
  build: { target: 'es2022', sourcemap: false },
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
