// Case work, end to end: sw1 on a 390 px phone opens a case (intake), writes
// the assessment and sends it; swsup approves it on the approvals page; sw1
// makes the plan and sends it; swsup approves (the case is active); the
// list shows the name masked. Then a community's staff member (wenhua) and
// the town's admin (ronggui) try the case by every page and URL: the case
// never shows, nor its subject, code or phone.
import { assert, assertEq, input, pickOption, uiLogin } from './lib.mjs'

const PHONE = { width: 390, height: 844 }
const KEY_RE = /\b[a-z]+(?:-[a-z]+)*\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)*\b/g
const SUBJ = '岑浏览'
const PHONE_NO = '13800138077'

async function fits(page, what) {
  await page.waitForTimeout(300)
  const { scroll, width, text } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
    text: document.body.innerText,
  }))
  assert(scroll <= width + 1, `${what}: the page is ${scroll} px wide on a ${width} px screen`)
  const keys = [...new Set(text.match(KEY_RE) || [])].filter((k) => !/\.(png|jpg|csv|xlsx|json|js|com|cn|org|gov|pdf)$/.test(k))
  assert(!keys.length, `${what}: raw i18n keys shown: ${keys.slice(0, 5).join(', ')}`)
}

async function status(page) {
  return page.locator('[data-test="case-status"]').getAttribute('data-status')
}

async function approveOnPage(page, code, subject) {
  await page.goto('/cases/approvals')
  const card = page.locator(`[data-test="approval-card"][data-code="${code}"][data-subject="${subject}"]`)
  await card.waitFor()
  const text = await page.evaluate(() => document.body.innerText)
  assert(!text.includes(SUBJ), 'the approvals page masks the subject')
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/approve') && r.request().method() === 'POST'),
    card.locator('[data-test="approval-approve"]').click(),
  ])
  assertEq(resp.status(), 200, `swsup approves the ${subject}`)
}

export default [
  {
    name: 'cases: intake → assessment → approval → plan → approval on a phone; the list masks the name',
    async fn({ page, newSession, state }) {
      await page.setViewportSize(PHONE)
      await uiLogin(page, 'sw1')
      await page.goto('/cases/new')
      await page.locator('[data-test="cases-intake-page"]').waitFor()
      await fits(page, 'intake')
      await input(page, 'intake-source-note').fill('网格员巡查发现：独居，行动不便')
      await input(page, 'intake-name').fill(SUBJ)
      await input(page, 'intake-id').fill('440606195001011234')
      await input(page, 'intake-phone').fill(PHONE_NO)
      await page.waitForFunction(() => document.querySelector('[data-test="intake-community"]')?.innerText.trim().length > 0)
      await page.locator('[data-test="intake-submit"]').click()
      await page.waitForURL(/\/cases\/\d+$/)
      const id = Number(page.url().match(/\/cases\/(\d+)$/)[1])
      await page.locator('[data-test="case-status"]').waitFor()
      assertEq(await status(page), 'intake', 'a new case is at intake')
      await fits(page, 'the case page')
      const title = await page.locator('.el-card__header, .head').first().innerText().catch(() => '')
      const code = (await page.evaluate(() => document.body.innerText)).match(/GA\d{4}-\d{6}/)[0]
      assert(title.length >= 0 && code, 'the case code is shown')
      state.caseId = id
      state.caseCode = code

      // the assessment (the elderly form), sent for approval
      await page.locator('.el-tabs__item', { hasText: '评估与量表' }).click()
      await page.locator('[data-test="ass-new"]').click()
      await page.locator('[data-test="ass-block"][data-status="draft"]').waitFor()
      await page.locator('[data-test="ass-adl"]').click()
      await pickOption(page, '部分依赖')
      await page.locator('textarea[data-test="ass-summary"], [data-test="ass-summary"] textarea').first().fill('需要定期探访')
      await page.locator('[data-test="ass-submit"]').click()
      await page.locator('[data-test="ass-block"][data-status="submitted"]').waitFor()

      const sup = await newSession()
      await uiLogin(sup, 'swsup')
      await approveOnPage(sup, code, 'assessment')
      await page.reload()
      await page.locator('[data-test="case-status"][data-status="planning"]').waitFor()

      // the plan with one goal, sent; swsup approves
      await page.locator('.el-tabs__item', { hasText: '服务计划' }).click()
      await page.locator('[data-test="plan-new"]').click()
      await input(page, 'plan-goal-0').fill('每周入户探访一次')
      await page.locator('[data-test="plan-submit"]').click()
      await page.locator('[data-test="plan-block"][data-status="submitted"]').waitFor()
      await approveOnPage(sup, code, 'plan')
      await page.reload()
      await page.locator('[data-test="case-status"][data-status="active"]').waitFor()
      await page.locator('.el-tabs__item', { hasText: '审批记录' }).click()
      await page.locator('[data-test="case-approvals"] .el-table__row').nth(1).waitFor()

      // the caseload: the name masked
      await page.goto('/cases')
      await page.locator(`[data-test="case-card"][data-code="${code}"]`).waitFor()
      await fits(page, 'my caseload')
      const list = await page.evaluate(() => document.body.innerText)
      assert(list.includes('岑*') && !list.includes(SUBJ) && !list.includes(PHONE_NO), 'the caseload masks the name and shows no phone')
    },
  },
  {
    name: 'cases: a community staff member and the town admin cannot reach the case by any page or URL',
    async fn({ page, newSession, state, apiAs }) {
      let id = state.caseId
      let code = state.caseCode
      if (!id) {
        const sw1 = await apiAs('sw1')
        const r = await sw1.get('/cases?per_page=1')
        id = r.body.items[0].id
        code = r.body.items[0].code
      }
      for (const [who, p] of [['wenhua', page], ['ronggui', await newSession()]]) {
        await uiLogin(p, who)
        const menu = await p.evaluate(() => document.body.innerText)
        assert(!menu.includes('我的个案'), `${who}'s menu has no caseload`)
        for (const url of [`/cases/${id}`, '/cases', '/cases/approvals', '/cases/new', '/home', '/audit']) {
          await p.goto(url)
          await p.waitForTimeout(800)
          const text = await p.evaluate(() => document.body.innerText)
          assert(!text.includes(SUBJ) && !text.includes(PHONE_NO) && !text.includes(code), `${who} at ${url}: the case shows`)
        }
        const api = await apiAs(who)
        for (const path of [`/cases/${id}`, `/cases/${id}/access-log`, '/cases', '/case-approvals']) {
          const r = await api.get(path)
          assert(r.status === 403 || r.status === 404, `${who} GET ${path}: ${r.status}`)
          assert(!r.text.includes(SUBJ), `${who} GET ${path} shows the subject`)
        }
      }
      // a provider (an org admin, admitted by role) gets 404
      const prov = await apiAs('provider')
      assertEq((await prov.get(`/cases/${id}`)).status, 404, 'the provider: 404')
    },
  },
]
