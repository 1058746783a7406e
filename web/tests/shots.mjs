// shots.mjs — screenshots of every page for a person to look at (not a test).
//
//   node web/tests/shots.mjs [OUT_DIR] [filter]
//
// Starts `wushe serve` on a fresh demo database (WUSHE_BIN, default
// build/wushe; the UI from web/dist), signs in as each demo account in turn
// and saves every page that account's menu offers at 1440 and 390 px wide,
// in Chinese and in English: OUT_DIR (default /tmp/shots)/<account>-<page>-
// <width>-<lang>.png. `filter` keeps the pages whose path contains it.
// Afterwards it lists every page whose text shows a raw i18n key (a word
// like `exchange.days` or `registry.gov.nav.x`) — the bug unit tests miss.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../..')
const bin = path.resolve(root, process.env.WUSHE_BIN || 'build/wushe')
const dist = path.join(root, 'web/dist')
const out = process.argv[2] || '/tmp/shots'
const only = process.argv[3] || ''
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium'
const PASSWORD = 'Demo@2026'
// One account per kind of user the demo has (README's table).
const ACCOUNTS = ['admin', 'daliang', 'beiqu', 'provider', 'resident', 'vol1']
const WIDTHS = [1440, 390]
const LANGS = ['zh', 'en']

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wushe-shots-'))
const db = path.join(tmp, 'shots.db')
fs.mkdirSync(out, { recursive: true })

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const demo = spawnSync(bin, ['demo', '--db', db], { encoding: 'utf8' })
if (demo.status !== 0) throw new Error(`wushe demo failed: ${demo.stderr}`)
const port = await freePort()
const server = spawn(bin, ['serve', '--db', db, '--bind', '127.0.0.1', '--port', String(port), '--static', dist],
  { stdio: 'ignore' })
const base = `http://127.0.0.1:${port}`
for (let i = 0; i < 200; i++) {
  try {
    if ((await fetch(base + '/api/v1/health')).status === 200) break
  } catch { /* not yet */ }
  await sleep(100)
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
const rawKeys = []
const menus = {}
let count = 0
try {
  for (const account of ACCOUNTS) {
    for (const lang of LANGS) {
      for (const width of WIDTHS) { // wide first: it finds the menu
        const ctx = await browser.newContext({ baseURL: base, viewport: { width, height: width > 600 ? 900 : 844 },
          deviceScaleFactor: 1, timezoneId: 'Asia/Shanghai', locale: lang === 'en' ? 'en-US' : 'zh-CN' })
        await ctx.addInitScript((l) => localStorage.setItem('wushe.lang', l), lang === 'en' ? 'en' : 'zh-CN')
        const page = await ctx.newPage()
        await page.goto('/login')
        await page.locator('input[data-test="login-username"], [data-test="login-username"] input').first().fill(account)
        await page.locator('input[data-test="login-password"], [data-test="login-password"] input').first().fill(PASSWORD)
        await page.locator('[data-test="login-submit"]').click()
        await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 20000 })
        await sleep(800)
        // The menu's items are the pages this account may open: found at
        // the wide size by clicking each one, then reused for the narrow one.
        if (!menus[account]) {
          await page.locator('.el-menu-item').first().waitFor({ timeout: 15000 }).catch(() => {})
          const found = ['/']
          const n = await page.locator('.el-menu-item').count()
          for (let i = 0; i < n; i++) {
            await page.locator('.el-menu-item').nth(i).click()
            await sleep(300)
            const u = new URL(page.url()).pathname
            if (!found.includes(u)) found.push(u)
          }
          menus[account] = found
        }
        const paths = menus[account].filter((p) => p.includes(only))
        for (const p of paths) {
          try {
            await page.goto(p)
            await page.waitForLoadState('networkidle', { timeout: 8000 }).catch(() => {})
            await sleep(400)
          } catch (e) {
            console.log(`!! ${account} ${p}: ${e.message.split('\n')[0]}`)
            continue
          }
          const name = `${account}-${p.replace(/^\//, '').replace(/[^\w-]+/g, '_') || 'home'}-${width}-${lang}.png`
          let text
          try {
            await page.screenshot({ path: path.join(out, name), fullPage: true })
            text = await page.evaluate(() => document.body.innerText)
          } catch (e) {
            console.log(`!! ${name}: ${e.message.split('\n')[0]}`)
            break
          }
          count++
          const keys = text.match(/\b[a-z]+(?:-[a-z]+)*\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)*\b/g) || []
          const suspicious = keys.filter((k) => !/\.(png|jpg|csv|xlsx|json|js|com|cn|org|gov)$/.test(k) && !/^www\./.test(k))
          if (suspicious.length) rawKeys.push(`${name}: ${[...new Set(suspicious)].slice(0, 5).join(', ')}`)
        }
        await ctx.close()
      }
    }
  }
} finally {
  await browser.close()
  server.kill('SIGTERM')
  fs.rmSync(tmp, { recursive: true, force: true })
}
console.log(`shots: ${count} screenshots in ${out}`)
if (rawKeys.length) {
  console.log('pages showing what looks like a raw i18n key:')
  for (const r of rawKeys) console.log('  ' + r)
}
