// The home page (工作台) and the message centre, as each demo account finds
// them: every login lands on /home with that person's to-dos; each to-do
// opens its page; at 1440 and 390 px, in Chinese and English, no page shows
// a raw i18n key, nothing is wider than the screen and no request is
// refused. A provider told of a new job finds it in the message centre; a
// resident sees on her home page the help waiting for her confirmation.
import { assert, assertEq, uiLogin } from './lib.mjs'

const ACCOUNTS = ['admin', 'daliang', 'ronggui', 'beiqu', 'wenhua', 'resident', 'provider', 'vol1']
const RAW_KEY = /\b[a-z]+(?:-[a-z]+)*\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)*\b/g

/** Record every refused API answer (401/403) the page gets. */
function watchRefusals(page) {
  const refused = []
  page.on('response', (r) => {
    if (r.url().includes('/api/') && (r.status() === 401 || r.status() === 403)) refused.push(`${r.status()} ${r.url()}`)
  })
  return refused
}

/** The page's visible text has no raw key and nothing overflows the screen. */
async function pageIsClean(page, what) {
  await page.waitForLoadState('networkidle').catch(() => {})
  const { text, scroll, width, wide } = await page.evaluate(() => {
    const w = window.innerWidth
    const over = []
    for (const el of document.querySelectorAll('.main *')) {
      const r = el.getBoundingClientRect()
      if (r.width > 0 && r.right > w + 1 && getComputedStyle(el).position !== 'fixed') {
        // inside a scrolling container (a wide table) is fine
        let p = el.parentElement
        let scrolls = false
        while (p && p !== document.body) {
          const s = getComputedStyle(p)
          if (/(auto|scroll|hidden)/.test(s.overflowX) && p.getBoundingClientRect().right <= w + 1) {
            scrolls = true
            break
          }
          p = p.parentElement
        }
        if (!scrolls) over.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`)
      }
    }
    return { text: document.body.innerText, scroll: document.documentElement.scrollWidth, width: w, wide: over.slice(0, 3) }
  })
  const keys = (text.match(RAW_KEY) || []).filter((k) => !/\.(png|jpg|csv|xlsx|json|js|com|cn|org|gov)$/.test(k) && !/^www\./.test(k))
  assert(!keys.length, `${what}: raw i18n key(s) on the page: ${[...new Set(keys)].slice(0, 5).join(', ')}`)
  assert(scroll <= width + 1, `${what}: the page is ${scroll} px wide on a ${width} px screen`)
  assert(!wide.length, `${what}: wider than the screen: ${wide.join('; ')}`)
}

async function setLang(page, lang) {
  await page.evaluate((l) => localStorage.setItem('wushe.lang', l), lang)
  await page.reload()
  await page.locator('[data-test="home-page"]').waitFor()
}

function accountTest(username, width, lang) {
  return {
    name: `home: ${username} lands on their to-dos at ${width} px (${lang}) and opens each`,
    async fn({ page }) {
      await page.setViewportSize({ width, height: 860 })
      await uiLogin(page, username)
      // from here on (the login page's own /me before signing in is a 401 by design)
      const refused = watchRefusals(page)
      await page.waitForURL((u) => u.pathname === '/home')
      await page.locator('[data-test="home-page"]').waitFor()
      if (lang !== 'zh') await setLang(page, lang)
      const todos = page.locator('[data-test="home-todos"] button.todo')
      await todos.first().waitFor()
      const n = await todos.count()
      assert(n >= 1, `${username} has to-dos on the home page`)
      await pageIsClean(page, `${username} /home`)
      for (let i = 0; i < n; i++) {
        await page.goto('/home')
        await todos.nth(i).waitFor()
        const label = (await todos.nth(i).locator('.label').innerText()).trim()
        await todos.nth(i).click()
        await page.waitForURL((u) => u.pathname !== '/home')
        await page.locator('.main .el-card, .main .el-result').first().waitFor()
        await pageIsClean(page, `${username} → ${label} (${new URL(page.url()).pathname})`)
      }
      await page.goto('/inbox')
      await page.locator('[data-test="inbox-page"]').waitFor()
      await pageIsClean(page, `${username} /inbox`)
      assert(!refused.length, `${username}: refused requests: ${refused.slice(0, 3).join(', ')}`)
      if (lang !== 'zh') await page.evaluate(() => localStorage.setItem('wushe.lang', 'zh'))
    },
  }
}

const tests = []
for (const a of ACCOUNTS) {
  tests.push(accountTest(a, 1440, 'zh'))
  tests.push(accountTest(a, 390, a === 'resident' || a === 'provider' || a === 'beiqu' ? 'en' : 'zh'))
}

tests.push({
  name: 'home: a provider finds a new job in the message centre, the resident the help to confirm on her home page',
  async fn({ page, apiAs, newSession }) {
    const beiqu = await apiAs('beiqu')
    const provider = await apiAs('provider')
    const resident = await apiAs('resident')
    // the resident posts a need; staff match it and send it to the provider
    const terms = await resident.get('/terms')
    const visit = terms.body.items.find((t) => t.code === 'elderly').children.find((c) => c.code === 'elderly.visit').id
    const d = await resident.post('/demands', {
      title: '端到端：邻居冯伯需要探访',
      description: '冯伯独居，希望有人上门聊聊天。',
      term_ids: [visit],
      beneficiary_name: '冯伯伯',
      beneficiary_phone: '13812340001',
      beneficiary_group: 'elderly',
      consent: true,
      recurrence: 'once',
      schedule_mask: 9362,
      people_needed: 1,
      skills: '探访',
      urgency: 'high',
    })
    assertEq(d.status, 201, 'need posted')
    const b = await beiqu.post('/match-batches', { region_id: d.body.region_id })
    assertEq(b.status, 201, 'matching ran')
    const m = (await beiqu.get(`/matches?demand_id=${d.body.id}`)).body.items[0]
    assert(m, 'the need has a proposal')
    assertEq((await beiqu.post(`/matches/${m.id}/confirm`, {})).status, 200, 'staff confirmed')

    // the provider's bell and message centre
    await page.setViewportSize({ width: 390, height: 860 })
    await uiLogin(page, 'provider')
    await page.waitForURL((u) => u.pathname === '/home')
    const badge = page.locator('[data-test="header-bell"] .el-badge__content')
    await badge.waitFor()
    assert(Number(await badge.innerText()) >= 1, 'the bell counts the unread notice')
    await page.locator('[data-test="header-bell-button"]').click()
    await page.waitForURL((u) => u.pathname === '/inbox')
    const item = page.locator('[data-test="inbox-item"]', { hasText: '新的服务请求：端到端：邻居冯伯需要探访' })
    await item.waitFor()
    await item.locator('[data-test="inbox-open"]').click()
    await page.waitForURL((u) => u.pathname === '/exchange/provider')

    // the provider accepts and delivers; the resident's home page shows it
    assertEq((await provider.post(`/matches/${m.id}/accept`, {})).status, 200, 'accepted')
    assertEq((await provider.post(`/matches/${m.id}/deliver`, { minutes: 45, note: '上门陪伴' })).status, 200, 'delivered')
    const rp = await newSession()
    await rp.setViewportSize({ width: 390, height: 860 })
    await uiLogin(rp, 'resident')
    await rp.waitForURL((u) => u.pathname === '/home')
    const count = rp.locator('[data-test="todo-count-exchange.to_confirm_mine"]')
    await count.waitFor()
    assert(Number(await count.innerText()) >= 1, 'the help waiting for her confirmation is counted')
    await rp.locator('[data-test="home-notice"]', { hasText: '服务已完成，请确认：端到端：邻居冯伯需要探访' }).waitFor()
    await rp.locator('[data-test="todo-exchange.to_confirm_mine"]').click()
    await rp.waitForURL((u) => u.pathname === '/exchange/my')
    // the need's own page: who the step waits for, and its story
    await rp.locator(`[data-test="demand-open-${d.body.id}"]`).first().click()
    await rp.waitForURL((u) => u.pathname === `/exchange/demands/${d.body.id}`)
    await rp.locator(`[data-test="demand-wait-${m.id}"]`, { hasText: '冯伯伯' }).waitFor()
    await rp.locator('[data-test="demand-step"]', { hasText: '服务方登记完成' }).waitFor()
    await rp.locator('[data-test="demand-step"]', { hasText: '工作人员确认并派单' }).waitFor()
  },
})

tests.push({
  name: 'home: e-mail settings refuse a bad address and keep a good one',
  async fn({ page }) {
    await uiLogin(page, 'wenhua')
    await page.goto('/inbox')
    await page.locator('[data-test="inbox-mail-settings"]').click()
    await page.locator('[data-test="prefs-mail"] .el-radio', { hasText: '每天一封汇总邮件' }).click()
    await page.locator('input[data-test="prefs-email"], [data-test="prefs-email"] input').first().fill('not-an-address')
    await page.locator('.el-dialog .el-button--primary').click()
    await page.locator('.el-form-item__error', { hasText: '邮箱地址格式不正确' }).waitFor()
    await page.locator('input[data-test="prefs-email"], [data-test="prefs-email"] input').first().fill('wenhua@example.org')
    await page.locator('.el-dialog .el-button--primary').click()
    await page.locator('.el-message', { hasText: '邮件提醒设置已保存' }).waitFor()
    const prefs = await page.evaluate(async () => (await fetch('/api/v1/me/notice-prefs')).json())
    assertEq(prefs.mail, 'daily', 'mode saved')
    assertEq(prefs.email, 'wenhua@example.org', 'address saved')
  },
})

// Every page the menu offers the people who use wushe from a phone — the
// resident, a provider, a volunteer — at 390 px in Chinese and English: no raw
// key, nothing wider than the screen, no refused request (issue 10, Deliver 1).
const PHONE_PEOPLE = ['resident', 'provider', 'vol1']
for (const username of PHONE_PEOPLE) {
  tests.push({
    name: `home: every menu page of ${username} at 390 px, zh and en`,
    async fn({ page, apiAs }) {
      const admin = await apiAs('admin')
      const users = (await admin.get('/users?per_page=100&q=' + username)).body.items || []
      if (!users.some((u) => u.username === username)) {
        assert(username === 'vol1', `demo account ${username} missing`)
        return // the demo has no volunteer account until the volunteer area lands
      }
      await page.setViewportSize({ width: 390, height: 860 })
      await uiLogin(page, username)
      const refused = watchRefusals(page)
      await page.locator('[data-test="home-page"]').waitFor()
      for (const lang of ['zh', 'en']) {
        await page.goto('/home')
        await setLang(page, lang)
        // the menu's pages, as its own items name them
        const names = await page.locator('[data-test="side-menu"] [data-test^="menu-"]').evaluateAll((els) =>
          els.map((e) => e.getAttribute('data-test')),
        )
        assert(names.length >= 3, `${username}: the menu offers pages (${names.join(', ')})`)
        for (const name of names) {
          await page.locator('[data-test="menu-toggle"]').click()
          await page.locator('[data-test="menu-backdrop"]').waitFor()
          await page.locator(`[data-test="${name}"]`).click()
          // picking the page already shown changes no route: the menu stays open
          const backdrop = page.locator('[data-test="menu-backdrop"]')
          await backdrop.waitFor({ state: 'detached', timeout: 1500 }).catch(() => backdrop.click({ position: { x: 370, y: 400 } }))
          await backdrop.waitFor({ state: 'detached' })
          await page.locator('.main .el-card, .main .el-result').first().waitFor()
          await pageIsClean(page, `${username} ${lang} ${name} (${new URL(page.url()).pathname})`)
        }
      }
      await page.evaluate(() => localStorage.setItem('wushe.lang', 'zh'))
      assert(!refused.length, `${username}: refused requests: ${refused.slice(0, 3).join(', ')}`)
    },
  })
}

export default tests
