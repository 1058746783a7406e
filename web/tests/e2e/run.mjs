// End-to-end test runner for the wushe web UI.
//
// Builds nothing: it expects web/dist (npm run build) and the server binary
// ($WUSHE_BIN, default ../build/wushe relative to web/). It seeds a fresh
// demo database in a temp dir, starts `wushe serve` on a free loopback port
// with web/dist as its static root, waits for /api/v1/health, then runs every
// tests/e2e/*.test.mjs (each exports an array of { name, fn(ctx) }) in file
// name order against Debian's chromium through playwright-core. One line per
// test (`ok - name` / `not ok - name: error`), then `N passed, N failed`.
// A failing test leaves a screenshot (and the server log) in the temp dir,
// which is then kept and its path printed; otherwise the temp dir is removed.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const webDir = path.resolve(here, '../..')
const bin = process.env.WUSHE_BIN ? path.resolve(process.env.WUSHE_BIN) : path.resolve(webDir, '../build/wushe')
const dist = path.join(webDir, 'dist')
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium'
const CHROME_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const TEST_TIMEOUT_MS = Number(process.env.E2E_TEST_TIMEOUT_MS || 90000)
const only = (process.env.E2E_ONLY || '').split('|').filter(Boolean) // substring filters on test names (a|b: either)

function die(msg) {
  console.error(msg)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

if (!fs.existsSync(bin)) die(`wushe binary not found: ${bin} (build it with make, or set WUSHE_BIN)`)
if (!fs.existsSync(path.join(dist, 'index.html'))) die(`web/dist/index.html not found: run npm run build first`)
if (!fs.existsSync(CHROMIUM)) die(`chromium not found at ${CHROMIUM} (apt-get install chromium)`)

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-e2e-'))
const db = path.join(tmp, 'e2e.db')
const serverLog = path.join(tmp, 'server.log')

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// ---- server ------------------------------------------------------------------
let server = null
let serverExited = null

async function startServer() {
  const demo = spawnSync(bin, ['demo', '--db', db], { encoding: 'utf8', timeout: 120000 })
  if (demo.status !== 0) {
    throw new Error(`wushe demo failed (status ${demo.status}):\n${demo.stdout || ''}${demo.stderr || ''}${demo.error || ''}`)
  }
  const port = await freePort()
  const log = fs.openSync(serverLog, 'a')
  server = spawn(bin, ['serve', '--db', db, '--bind', '127.0.0.1', '--port', String(port), '--static', dist], {
    stdio: ['ignore', log, log],
  })
  fs.closeSync(log)
  server.on('exit', (code, signal) => {
    serverExited = { code, signal }
  })
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20000
  while (Date.now() < deadline) {
    if (serverExited) throw new Error(`wushe serve exited early (${JSON.stringify(serverExited)}); log:\n${readLog()}`)
    try {
      const r = await fetch(base + '/api/v1/health')
      if (r.status === 200) return base
    } catch {
      /* not listening yet */
    }
    await sleep(100)
  }
  throw new Error(`wushe serve did not answer /api/v1/health within 20 s; log:\n${readLog()}`)
}

function readLog() {
  try {
    return fs.readFileSync(serverLog, 'utf8').slice(-4000)
  } catch {
    return '(no log)'
  }
}

async function stopServer() {
  if (!server || serverExited) return
  server.kill('SIGTERM')
  for (let i = 0; i < 50 && !serverExited; i++) await sleep(100)
  if (!serverExited) {
    console.error('# server ignored SIGTERM for 5 s; sending SIGKILL')
    server.kill('SIGKILL')
    for (let i = 0; i < 20 && !serverExited; i++) await sleep(100)
  }
}

// ---- API helper for tests (Node side, its own cookie jar) ------------------------
function makeApiClient(base) {
  return async function apiAs(username, password = 'Demo@2026') {
    let cookie = ''
    let csrf = ''
    async function call(method, p, body) {
      const headers = { Accept: 'application/json' }
      if (cookie) headers.Cookie = cookie
      if (body !== undefined) headers['Content-Type'] = 'application/json'
      if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf
      const r = await fetch(base + '/api/v1' + p, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const setCookie = r.headers.getSetCookie ? r.headers.getSetCookie() : []
      if (setCookie.length) cookie = setCookie.map((c) => c.split(';')[0]).join('; ')
      const text = await r.text()
      let json = null
      try {
        json = text ? JSON.parse(text) : null
      } catch {
        json = null
      }
      return { status: r.status, body: json, text }
    }
    const login = await call('POST', '/auth/login', { username, password })
    if (login.status !== 200) throw new Error(`API login as ${username} failed: ${login.status} ${login.text}`)
    csrf = login.body.csrf_token || ''
    return {
      get: (p) => call('GET', p),
      post: (p, b) => call('POST', p, b ?? {}),
      patch: (p, b) => call('PATCH', p, b ?? {}),
      put: (p, b) => call('PUT', p, b ?? {}),
      del: (p) => call('DELETE', p),
      me: login.body.user,
    }
  }
}

// ---- browser sessions: each is a fresh chromium with a fresh --user-data-dir ------
let profileSeq = 0
async function openSession(base, opened) {
  const dir = path.join(tmp, `chrome-profile-${++profileSeq}`)
  fs.mkdirSync(dir)
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROME_ARGS,
    viewport: { width: 1366, height: 860 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: base,
  })
  context.setDefaultTimeout(15000)
  context.setDefaultNavigationTimeout(20000)
  const page = context.pages()[0] || (await context.newPage())
  const session = { context, page, errors: [] }
  page.on('pageerror', (e) => session.errors.push(String(e)))
  page.on('console', (m) => {
    if (m.type() === 'error') session.errors.push('console: ' + m.text())
  })
  opened.push(session)
  return session
}

function slug(s) {
  return s.replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 60)
}

function withTimeout(promise, ms, what) {
  let timer
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
    }),
  ])
}

// ---- main ----------------------------------------------------------------------
async function main() {
  let passed = 0
  let failed = 0
  let base
  try {
    base = await startServer()
  } catch (e) {
    console.log(`not ok - start server: ${e.message}`)
    console.log('0 passed, 1 failed')
    return 1
  }
  console.log(`# server ${base} (db ${db})`)

  const files = fs
    .readdirSync(here)
    .filter((f) => f.endsWith('.test.mjs'))
    .sort()
  const apiAs = makeApiClient(base)
  const state = {} // shared between tests, in order

  for (const file of files) {
    const mod = await import(pathToFileURL(path.join(here, file)).href)
    const tests = mod.default || mod.tests || []
    for (const test of tests) {
      if (only.length && !only.some((o) => test.name.includes(o))) continue
      const opened = []
      const started = Date.now()
      let error = null
      try {
        const first = await openSession(base, opened)
        const ctx = {
          base,
          tmp,
          state,
          page: first.page,
          context: first.context,
          apiAs,
          newSession: async () => (await openSession(base, opened)).page,
        }
        await withTimeout(test.fn(ctx), TEST_TIMEOUT_MS, test.name)
      } catch (e) {
        error = e
      }
      if (error) {
        failed++
        const msg = (error && error.message ? error.message : String(error)).split('\n')[0]
        console.log(`not ok - ${test.name}: ${msg}`)
        for (const [i, s] of opened.entries()) {
          const shot = path.join(tmp, `${slug(file)}-${slug(test.name)}-${i + 1}.png`)
          try {
            await s.page.screenshot({ path: shot, fullPage: true })
            console.log(`#   screenshot: ${shot}`)
          } catch (e) {
            console.log(`#   screenshot failed: ${e.message.split('\n')[0]}`)
          }
          try {
            console.log(`#   url: ${s.page.url()}`)
          } catch {
            /* closed */
          }
          for (const err of s.errors.slice(0, 5)) console.log(`#   browser: ${err.split('\n')[0]}`)
        }
        if (error.stack) for (const line of error.stack.split('\n').slice(1, 4)) console.log(`#   ${line.trim()}`)
      } else {
        passed++
        console.log(`ok - ${test.name}`)
        if (process.env.E2E_TIMING) console.log(`#   ${((Date.now() - started) / 1000).toFixed(1)} s`)
      }
      for (const s of opened) await s.context.close().catch(() => {})
    }
  }

  if (serverExited) {
    console.log(`# server exited during the run: ${JSON.stringify(serverExited)}`)
  }
  await stopServer()
  if (failed) {
    for (const f of fs.readdirSync(tmp)) {
      if (f.startsWith('chrome-profile-') || f.startsWith('e2e.db')) fs.rmSync(path.join(tmp, f), { recursive: true, force: true })
    }
    console.log(`# failure artifacts kept in ${tmp}`)
  } else {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  console.log(`${passed} passed, ${failed} failed`)
  return failed ? 1 : 0
}

// Ctrl-C: stop the server we started before leaving.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await stopServer().catch(() => {})
    process.exit(130)
  })
}

let exitCode = 1
try {
  exitCode = await main()
} catch (e) {
  console.log(`not ok - runner: ${e.stack || e}`)
  console.log('0 passed, 1 failed')
  exitCode = 1
} finally {
  await stopServer().catch(() => {})
}
process.exit(exitCode)
