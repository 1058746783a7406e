// The exchange's resident and provider pages on a phone (390 px), in
// Chinese and in English: nothing is wider than the screen, no raw i18n key
// shows (a word like `exchange.days`), the weekly-time grid is 7 days × 3
// periods with their names, the header's menu button opens the menu on
// 我的需求 (the page once hid the menu below 640 px), and 我的需求 opens on
// a tab that holds something — 需跟进 first.
import { assert, assertEq, uiLogin } from './lib.mjs'

const PHONE = { width: 390, height: 844 }
const LANGS = ['zh-CN', 'en']

// Text that looks like an i18n key: lower-case words joined by dots
// (shots.mjs uses the same pattern), leaving out file names and hosts.
const KEY_RE = /\b[a-z]+(?:-[a-z]+)*\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)*\b/g
function rawKeys(text) {
  return [...new Set(text.match(KEY_RE) || [])].filter(
    (k) => !/\.(png|jpg|csv|xlsx|json|js|com|cn|org|gov)$/.test(k) && !/^www\./.test(k),
  )
}

/** The visible elements that stick out of the viewport, unless an ancestor
 *  that itself fits clips or scrolls them (a table's own scroll box); and
 *  the page itself scrolling sideways. */
async function overflowing(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth
    const out = []
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX
        if (ox !== 'visible') {
          const r = a.getBoundingClientRect()
          if (r.left >= -1 && r.right <= vw + 1) return true
        }
      }
      return false
    }
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect()
      if (!r.width || !r.height) continue
      const cs = getComputedStyle(el)
      if (cs.visibility === 'hidden' || cs.display === 'none') continue
      // partly on the screen and partly off it (a menu slid out of view
      // is wholly off; content pushed right makes the page scroll, below)
      const sticksOut = (r.right > vw + 1 && r.left < vw) || (r.left < -1 && r.right > 0)
      if (sticksOut && !clipped(el)) {
        const what = el.getAttribute('data-test') || el.className || el.tagName
        out.push(`${el.tagName.toLowerCase()}.${String(what).slice(0, 60)} [${Math.round(r.left)}, ${Math.round(r.right)}]`)
      }
    }
    if (document.documentElement.scrollWidth > vw + 1) out.unshift(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`)
    return out
  })
}

async function checkPage(page, what) {
  await page.waitForTimeout(400) // transitions settle
  const wide = await overflowing(page)
  assert(!wide.length, `${what}: wider than the 390 px screen: ${wide.slice(0, 6).join('; ')}`)
  const keys = rawKeys(await page.evaluate(() => document.body.innerText))
  assert(!keys.length, `${what}: raw i18n keys shown: ${keys.slice(0, 6).join(', ')}`)
}

async function setLang(page, lang) {
  await page.evaluate((l) => localStorage.setItem('wushe.lang', l), lang)
}

/** The grid: 7 day names, 3 period names, 21 boxes, all on the screen. */
async function checkGrid(page, grid, lang, what) {
  await grid.waitFor()
  const days = await grid.locator('[data-test^="day-"]').allInnerTexts()
  const parts = await grid.locator('[data-test^="part-"]').allInnerTexts()
  assertEq(days.length, 7, `${what}: day columns`)
  assertEq(parts.length, 3, `${what}: period rows`)
  assertEq(days[0], lang === 'en' ? 'Mon' : '一', `${what}: the first day`)
  assertEq(parts[2], lang === 'en' ? 'Evening' : '晚上', `${what}: the third period`)
  assertEq(await grid.locator('[data-test^="slot-"]').count(), 21, `${what}: boxes`)
  const box = await grid.boundingBox()
  assert(box.x >= 0 && box.x + box.width <= PHONE.width, `${what}: the grid fits the screen (${box.x}–${box.x + box.width})`)
}

/** A proposal sent to the demo provider: the resident posts a visit need,
 *  北区社区 staff run matching, move the proposal to one of the provider's
 *  services if another won, and send it. The match as the provider sees it. */
async function proposalFor(apiAs, prov) {
  const res = await apiAs('resident')
  const staff = await apiAs('beiqu')
  const terms = (await res.get('/terms')).body.items
  const visit = terms.find((x) => x.code === 'elderly').children.find((x) => x.code === 'elderly.visit').id
  const d = await res.post('/demands', {
    title: '邻居需要每周探访（phone e2e）', term_ids: [visit], beneficiary_group: 'elderly', consent: true,
    people_needed: 1, urgency: 'urgent', latitude: 22.8449, longitude: 113.2556,
  })
  assertEq(d.status, 201, `the resident posts a need: ${d.text}`)
  const b = await staff.post('/match-batches', { region_id: d.body.region_id })
  assertEq(b.status, 201, `staff run matching: ${b.text}`)
  let m = (await staff.get(`/matches?demand_id=${d.body.id}`)).body.items[0]
  assert(m, 'the need got a proposal')
  const mine = new Set((await prov.get('/provider-accounts/mine')).body.items.map((l) => l.provider_name))
  if (!mine.has(m.provider_name)) {
    const alt = (await staff.get(`/matches/${m.id}/alternatives`)).body.items.find((s) => mine.has(s.provider_name))
    assert(alt, `a service of the provider's fits the need (proposed: ${m.provider_name})`)
    const r = await staff.post(`/matches/${m.id}/reassign`, { version: m.version, service_id: alt.service_id })
    assertEq(r.status, 200, `staff reassign to the provider's service: ${r.text}`)
    m = r.body
  }
  const c = await staff.post(`/matches/${m.id}/confirm`, { version: m.version })
  assertEq(c.status, 200, `staff send the proposal: ${c.text}`)
  return (await prov.get(`/matches/${m.id}`)).body
}

export default [
  {
    name: 'exchange phone: 我的需求 at 390 px — fits, no raw key, the grid, the menu, the first tab has items (zh, en)',
    async fn({ page, apiAs }) {
      await page.setViewportSize(PHONE)
      // a delivery that waits for the resident's confirmation
      const prov = await apiAs('provider')
      let m = await proposalFor(apiAs, prov)
      for (const step of ['accept', 'deliver']) {
        const r = await prov.post(`/matches/${m.id}/${step}`, { version: m.version, ...(step === 'deliver' ? { minutes: 60 } : {}) })
        assertEq(r.status, 200, `the provider's ${step}: ${r.text}`)
        m = r.body
      }
      await uiLogin(page, 'resident')
      const mine = (await (await apiAs('resident')).get('/demands/mine?per_page=100')).body.items
      const waiting = mine.filter((d) => d.group === 'needs_action').length
      assert(waiting >= 1, 'the delivered need waits for her')
      for (const lang of LANGS) {
        await setLang(page, lang)
        await page.goto('/exchange/my')
        await page.locator('[data-test="group-tabs"]').waitFor()
        await page.waitForTimeout(300)
        // the tab it opens on holds something; 需跟进 when anything waits for her
        const active = page.locator('[data-test="group-tabs"] .el-radio-button.is-active')
        const activeTest = await active.getAttribute('data-test')
        if (waiting) assertEq(activeTest, 'group-tab-needs_action', `${lang}: opens on needs follow-up (${waiting} there)`)
        if (mine.length) assert((await page.locator('[data-test="demand-card"]').count()) > 0, `${lang}: the first tab shows demands`)
        await page.locator(`[data-test="demand-card"][data-title="${m.demand_title}"] [data-test="match-bconfirm"]`).waitFor()
        await checkPage(page, `我的需求 ${lang}`)
        await page.locator('[data-test="need-new"]').click()
        await checkGrid(page, page.locator('[data-test="need-form"] [data-test="schedule-mask"]'), lang, `need form ${lang}`)
        await checkPage(page, `我的需求 need form ${lang}`)
        // the time window: two one-month pickers that fit, not the 648 px range panel (issue 10 item 9)
        const pair = page.locator('[data-test="need-form"] [data-test="date-pair"]')
        await pair.waitFor()
        await pair.locator('input').nth(0).click()
        const panel = page.locator('.el-picker__popper:visible .el-picker-panel').first()
        await panel.waitFor()
        const pb = await panel.boundingBox()
        assert(pb.x >= 0 && pb.x + pb.width <= 390, `${lang}: the date panel fits the phone (${JSON.stringify(pb)})`)
        await panel.locator('td.available', { hasText: /^\s*15\s*$/ }).first().click()
        await pair.locator('input').nth(1).click()
        const panel2 = page.locator('.el-picker__popper:visible .el-picker-panel').first()
        await panel2.locator('td.available', { hasText: /^\s*20\s*$/ }).first().click()
        const from = await pair.locator('input').nth(0).inputValue()
        const to = await pair.locator('input').nth(1).inputValue()
        assert(/-15$/.test(from) && /-20$/.test(to) && from < to, `${lang}: a range picked on the phone (${from} – ${to})`)
        // the header's menu button opens the menu over the page
        await page.locator('[data-test="menu-toggle"]').click()
        await page.locator('[data-test="menu-backdrop"]').waitFor()
        await page.waitForTimeout(400)
        const aside = await page.locator('[data-test="side-aside"]').boundingBox()
        assert(aside && aside.x + aside.width > 100, `${lang}: the menu is shown (${JSON.stringify(aside)})`)
        await page.locator('[data-test="menu-backdrop"]').click({ position: { x: 370, y: 400 } })
        await page.locator('[data-test="menu-backdrop"]').waitFor({ state: 'detached' })
      }
    },
  },
  {
    name: 'exchange phone: 服务方工作台 at 390 px — fits, no raw key, the 新增服务 dialog and its grid fit (zh, en)',
    async fn({ page, apiAs }) {
      await page.setViewportSize(PHONE)
      await uiLogin(page, 'provider')
      const prov = await apiAs('provider')
      const acting = await proposalFor(apiAs, prov)
      assert(acting.can.accept && acting.can.decline, `the provider may answer match ${acting.id}: ${JSON.stringify(acting.can)}`)
      let accepted = null
      for (const lang of LANGS) {
        await setLang(page, lang)
        await page.goto('/exchange/provider')
        await page.locator('[data-test="provider-matches"]').waitFor()
        await checkPage(page, `服务方工作台 ${lang}`)
        if (acting) {
          // the row's actions are on the screen, not in a column off it
          const row = page.locator('.el-table__row', { has: page.locator(`[data-test="pm-${acting.id}"]`) })
          const btn = row.locator('[data-test="pm-accept"], [data-test="pm-deliver"], [data-test="pm-decline"]').first()
          const b = await btn.boundingBox()
          assert(b && b.x >= 0 && b.x + b.width <= PHONE.width, `${lang}: match ${acting.id}'s action is on the screen (${JSON.stringify(b)})`)
        }
        if (!accepted) {
          const r = await prov.post(`/matches/${acting.id}/accept`, { version: acting.version })
          assertEq(r.status, 200, `the provider accepts match ${acting.id}`)
          accepted = r.body
          await page.reload()
          await page.locator('[data-test="provider-matches"]').waitFor()
        }
        {
          // an accepted job is handed back (退单), no longer 拒绝
          const row = page.locator('.el-table__row', { has: page.locator(`[data-test="pm-${accepted.id}"]`) })
          assertEq((await row.locator('[data-test="pm-decline"]').first().innerText()).trim(), lang === 'en' ? 'Hand back' : '退单', `${lang}: accepted match's decline`)
        }
        await page.locator('.el-tabs__item').nth(1).click()
        await page.locator('[data-test="provider-services"]').waitFor()
        await checkPage(page, `服务方工作台 services ${lang}`)
        await page.locator('[data-test="service-new"]').click()
        const dialog = page.locator('[data-test="service-dialog"]')
        await dialog.waitFor()
        await checkGrid(page, dialog.locator('[data-test="schedule-mask"]'), lang, `新增服务 ${lang}`)
        const box = await dialog.boundingBox()
        assert(box.x >= 0 && box.x + box.width <= PHONE.width, `${lang}: the dialog fits the screen (${box.x}–${box.x + box.width})`)
        await checkPage(page, `新增服务 dialog ${lang}`)
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'hidden' })
      }
    },
  },
  {
    name: 'exchange phone: a refused field says what is wrong under its own label (no API key) and clears once filled',
    async fn({ page }) {
      await page.setViewportSize(PHONE)
      await uiLogin(page, 'resident')
      await page.goto('/exchange/my')
      await page.locator('[data-test="need-new"]').click()
      await page.locator('[data-test="need-submit"]').click()
      const err = page.locator('[data-test="need-form"] .el-form-item.is-error').first()
      await err.waitFor()
      const msg = await err.locator('.el-form-item__error').innerText()
      assert(!/[a-z]+_?[a-z]*/.test(msg), `the message names no API field: ${JSON.stringify(msg)}`)
      // nor does the pop-up: it points at the marked field
      const pop = (await page.locator('.el-message.api-error').first().innerText()).trim()
      assert(!/[a-z]{3,}/.test(pop), `the pop-up names no API field: ${JSON.stringify(pop)}`)
      assert(pop.includes('标红'), `the pop-up points at the marked field: ${JSON.stringify(pop)}`)
      // the title is the field at fault when everything is empty
      assert((await err.locator('.el-form-item__label').innerText()).includes('需求标题'), 'the title is marked')
      await page.locator('input[data-test="need-title"], [data-test="need-title"] input').first().fill('需要有人陪同就医')
      await page.waitForTimeout(200)
      assertEq(await page.locator('[data-test="need-form"] .el-form-item.is-error').count(), 0, 'errors left after filling the field')
    },
  },
  {
    name: 'exchange board: 全部确认 asks once, sends every consented proposal and says how many; the cost reads as points; fits 390 px',
    async fn({ page, apiAs }) {
      const staff = await apiAs('beiqu')
      const region = staff.me.roles[0].region_id
      // a proposal to review (the demo's may all be answered by now)
      const res = await apiAs('resident')
      const terms = (await res.get('/terms')).body.items
      const visit = terms.find((x) => x.code === 'elderly').children.find((x) => x.code === 'elderly.visit').id
      const d = await res.post('/demands', { title: '需要探访（全部确认 e2e）', term_ids: [visit], consent: true, urgency: 'high', latitude: 22.8449, longitude: 113.2556 })
      assertEq(d.status, 201, `a need to match: ${d.text}`)
      assertEq((await staff.post('/match-batches', { region_id: region })).status, 201, 'staff run matching')
      const before = (await staff.get(`/matches?region_id=${region}&status=proposed&per_page=100`)).body.items
      const n = before.filter((m) => m.can.confirm && m.consent).length
      assert(n >= 1, 'proposals to confirm')
      await uiLogin(page, 'beiqu')
      await page.goto('/exchange/board')
      const all = page.locator('[data-test="proposals-confirm-all"]')
      await all.waitFor()
      assert((await all.innerText()).includes(`(${n})`) || (await all.innerText()).includes(`（${n}）`), `the button counts ${n}: ${await all.innerText()}`)
      assert((await page.locator('[data-test="cost-total"]').first().innerText()).includes('点'), 'the total is in points')
      await all.click()
      await page.locator('.el-message-box:visible', { hasText: String(n) }).waitFor()
      await page.locator('.el-message-box:visible .el-button--primary').click()
      await page.locator('.el-message--success', { hasText: `已确认 ${n} 条匹配` }).waitFor()
      const after = (await staff.get(`/matches?region_id=${region}&status=proposed&per_page=100`)).body.items
      assertEq(after.filter((m) => m.can.confirm && m.consent).length, 0, 'consented proposals left unsent')
      await all.waitFor({ state: 'detached' })
      // on a phone, in both languages: fits, no raw key, the actions of a
      // proposal left (one without consent) on the screen
      await page.setViewportSize(PHONE)
      for (const lang of LANGS) {
        await setLang(page, lang)
        await page.goto('/exchange/board')
        await page.locator('[data-test="proposals-table"]').waitFor()
        await checkPage(page, `匹配看板 ${lang}`)
        const act = page.locator('[data-test="proposals-table"] [data-test="proposal-reassign"]:visible, [data-test="proposals-table"] [data-test="proposal-cancel"]:visible').first()
        if (await act.count()) {
          const b = await act.boundingBox()
          assert(b.x >= 0 && b.x + b.width <= PHONE.width, `${lang}: a proposal's action is on the screen (${JSON.stringify(b)})`)
        }
      }
    },
  },
]
