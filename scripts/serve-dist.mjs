#!/usr/bin/env node
// The built site (dist/) served as GitHub Pages serves it: under a sub-path (/smtp-sim/), gzipped when the client
// accepts it, `/smtp-sim` redirected to `/smtp-sim/`, 404 elsewhere. `vite preview` sends files uncompressed, which
// is not what a learner's phone gets; `npm run measure` and Lighthouse use this server instead.
//
//   node scripts/serve-dist.mjs --port 4271 [--dir dist] [--base /smtp-sim/]
//
// Prints `listening on http://127.0.0.1:<port><base>` when ready; stops on SIGINT/SIGTERM.
import { createServer } from 'node:http'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { gzipSync } from 'node:zlib'

const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const PORT = Number(option('--port', 4173))
const ROOT = resolve(option('--dir', 'dist'))
const BASE = option('--base', '/smtp-sim/')

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
}
/** Types GitHub Pages compresses (text, not images already compressed). */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest\+json)|image\/svg)/

/** File path → { body, gzipped }: read and compressed once (zlib's default level, as the budget tests count). */
const cache = new Map()
function load(file) {
  const stat = statSync(file)
  const hit = cache.get(file)
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit
  const body = readFileSync(file)
  const entry = { mtimeMs: stat.mtimeMs, body, gzipped: gzipSync(body) }
  cache.set(file, entry)
  return entry
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const path = decodeURIComponent(url.pathname)
  if (path === BASE.replace(/\/$/, '')) {
    res.writeHead(301, { Location: BASE + url.search })
    return res.end()
  }
  if (!path.startsWith(BASE) || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'Content-Type': 'text/plain' })
    return res.end('not found')
  }
  let file = normalize(join(ROOT, path.slice(BASE.length)))
  if (file !== ROOT && !file.startsWith(ROOT + sep)) {
    res.writeHead(403)
    return res.end()
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
  if (!existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' })
    return res.end('not found')
  }
  const { body, gzipped } = load(file)
  const type = TYPES[extname(file)] ?? 'application/octet-stream'
  const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
  const headers = { 'Content-Type': type, 'Cache-Control': 'max-age=600', Vary: 'Accept-Encoding' }
  if (gzip) headers['Content-Encoding'] = 'gzip'
  const payload = gzip ? gzipped : body
  headers['Content-Length'] = payload.length
  res.writeHead(200, headers)
  res.end(req.method === 'HEAD' ? undefined : payload)
})

server.listen(PORT, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${PORT}${BASE}\n`))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)))
