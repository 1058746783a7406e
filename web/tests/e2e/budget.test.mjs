// A participatory budget from proposals to results and execution, the
// resident on a 390 px phone: beiqu (community staff of 北区社区) opens a
// knapsack budget of 50,000 yuan (API); the resident (a verified resident
// of 北区社区) proposes a project through the page; beiqu reviews it
// feasible and another unfeasible — refused without a reason, then with
// one the resident sees; voting opens (the 下一阶段 button); the resident
// reads the rule, ticks two projects costing more than the budget (the
// budget bar says by how much, the server refuses), then two that fit, and
// changes the ballot; voting closes (results counted); the resident sees
// the ranks and outcomes; beiqu excludes a winner with a reason, which the
// results page shows the resident; execution (the fund beiqu chose on the
// page, 北区社区冠名基金, pays: the winners become grants of two tranches):
// beiqu adds a milestone at 60 %, and the resident sees the project's
// progress, the milestone and the grant.
// Every page fits the phone and shows no raw i18n key.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { assert, assertEq, input, uiLogin } from './lib.mjs'

const PHONE = { width: 390, height: 844 }
const KEY_RE = /\b[a-z]+(?:-[a-z]+)*\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)*\b/g

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

async function clickFor(page, locator, urlPart, method = 'POST') {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(urlPart) && r.request().method() === method),
    locator.click(),
  ])
  return resp
}

/** A textarea by its data-test (el-input hands the attribute to the textarea). */
const area = (page, name) => page.locator(`textarea[data-test="${name}"], [data-test="${name}"] textarea`).first()
const project = (page, title) => page.locator(`[data-test="pb-project"][data-title="${title}"]`)

/** The organiser moves the budget on with the page's button (and its confirm). */
async function nextPhase(page, id, expected) {
  await page.goto(`/budgets/${id}`)
  await page.locator('[data-test="pb-next"]').click()
  const resp = await clickFor(page, page.locator('.el-message-box__btns .el-button--primary'), `/budgets/${id}/phase`)
  assertEq(resp.status(), 200, `the budget moves on to ${expected}: ${await resp.text()}`)
  await page.locator(`[data-test="pb-phase"][data-phase="${expected}"]`).waitFor()
}

export default [
  {
    name: 'budget: propose, review (unfeasible with its reason), vote by the rule with the budget bar, results with an override and its reason, execution (390 px)',
    async fn({ page, apiAs, newSession, tmp }) {
      const staff = await apiAs('beiqu')
      const region = (staff.me.roles || []).find((r) => r.region_id)
      assert(region, 'beiqu has a role with a region (北区社区)')
      const stamp = Date.now() % 100000
      const title = `楼栋微更新 e2e ${stamp}`
      const created = await staff.post('/budgets', { region_id: region.region_id, title, total_fen: 5000000, rule: 'knapsack', part_fund: true })
      assertEq(created.status, 201, `beiqu opens a budget: ${created.text}`)
      const id = created.body.id
      assertEq((await staff.post(`/budgets/${id}/phase`, { phase: 'proposals', version: 1 })).status, 200, 'proposals open')

      // ---- the resident proposes on her phone ----
      await page.setViewportSize(PHONE)
      await uiLogin(page, 'resident')
      await page.goto('/budgets')
      await page.locator(`[data-test="pb-card"][data-title="${title}"]`).waitFor()
      await fits(page, '参与式预算 list')
      await page.locator(`[data-test="pb-card"][data-title="${title}"] [data-test="pb-open"]`).click()
      await page.waitForURL((u) => u.pathname === `/budgets/${id}`)
      await input(page, 'pb-prop-title').fill('楼道加装扶手')
      await area(page, 'pb-prop-desc').fill('3 栋楼道加装不锈钢扶手，方便长者上下楼。')
      await input(page, 'pb-prop-cost').fill('20000')
      const proposed = await clickFor(page, page.locator('[data-test="pb-prop-submit"]'), `/budgets/${id}/projects`)
      assertEq(proposed.status(), 201, `the resident proposes: ${await proposed.text()}`)
      await project(page, '楼道加装扶手').waitFor()
      assert((await project(page, '楼道加装扶手').innerText()).includes('黄女士'), 'shown by her surname')
      await fits(page, 'proposals')
      // two more, by the organisers
      const pB = await staff.post(`/budgets/${id}/projects`, { title: '单车棚照明', cost_fen: 2500000 })
      const pC = await staff.post(`/budgets/${id}/projects`, { title: '中庭凉亭', cost_fen: 4000000 })
      const pD = await staff.post(`/budgets/${id}/projects`, { title: '楼顶泳池', cost_fen: 4900000 })
      assert(pB.status === 201 && pC.status === 201 && pD.status === 201, 'the organisers propose three more')
      assertEq((await staff.post(`/budgets/${id}/phase`, { phase: 'review', version: 2 })).status, 200, 'review')

      // ---- beiqu reviews on the page ----
      const org = await newSession()
      await uiLogin(org, 'beiqu')
      await org.goto(`/budgets/${id}`)
      const mine = (await staff.get(`/budgets/${id}`)).body.projects.find((p) => p.title === '楼道加装扶手')
      await org.locator(`[data-test="pb-review-${mine.id}"]`).click()
      await org.locator('[data-test="pb-review-dialog"]').waitFor()
      const ok = await clickFor(org, org.locator('[data-test="pb-review-save"]'), `/pb-projects/${mine.id}/review`)
      assertEq(ok.status(), 200, `feasible: ${await ok.text()}`)
      await org.locator(`[data-test="pb-review-${pD.body.id}"]`).click()
      await org.locator('[data-test="pb-review-unfeasible"]').click()
      await org.locator('[data-test="pb-review-save"]').click()
      await org.locator('[data-test="pb-review-dialog"] .el-form-item__error').waitFor() // the reason is required
      await area(org, 'pb-review-reason').fill('楼顶荷载不足，且不属社区发展基金资助范围')
      const no = await clickFor(org, org.locator('[data-test="pb-review-save"]'), `/pb-projects/${pD.body.id}/review`)
      assertEq(no.status(), 200, `unfeasible with its reason: ${await no.text()}`)
      for (const p of [pB.body, pC.body]) assertEq((await staff.post(`/pb-projects/${p.id}/review`, { feasible: true, version: 1 })).status, 200, `${p.title} feasible`)
      assertEq((await staff.post(`/budgets/${id}/phase`, { phase: 'support', version: 3 })).status, 200, 'support')
      // the fund that pays: 北区社区冠名基金, chosen on the page
      await org.goto(`/budgets/${id}`)
      await org.locator('[data-test="pb-fund-open"]').click()
      await org.locator('[data-test="pb-fund-dialog"]').waitFor()
      await org.locator('[data-test="pb-fund-select"]').click()
      await org.locator('.el-select-dropdown__item:visible', { hasText: '北区社区冠名基金' }).click()
      const fund = await clickFor(org, org.locator('[data-test="pb-fund-save"]'), `/budgets/${id}/fund`)
      assertEq(fund.status(), 200, `the fund is chosen: ${await fund.text()}`)
      await org.locator('[data-test="pb-fund"]', { hasText: '北区社区冠名基金' }).waitFor()
      await nextPhase(org, id, 'voting')

      // ---- the resident votes ----
      await page.goto(`/budgets/${id}`)
      await page.locator('[data-test="pb-rule-text"]').waitFor()
      assert((await page.locator('[data-test="pb-rule-text"]').innerText()).includes('50,000'), 'the rule names the budget')
      assert((await project(page, '楼顶泳池').innerText()).includes('楼顶荷载不足'), 'the unfeasible project shows its reason')
      await page.locator(`[data-test="pb-choose-${mine.id}"]`).click()
      await page.locator(`[data-test="pb-choose-${pC.body.id}"]`).click()
      const bar = await page.locator('[data-test="pb-votebar"]').innerText()
      assert(bar.includes('60,000') && bar.includes('10,000'), `the budget bar shows the cost and how far over: ${bar}`)
      await fits(page, 'voting, over the budget')
      const over = await clickFor(page, page.locator('[data-test="pb-vote"]'), `/budgets/${id}/ballot`, 'PUT')
      assertEq(over.status(), 422, 'a ballot over the budget is refused')
      await page.locator(`[data-test="pb-choose-${pC.body.id}"]`).click() // untick
      await page.locator(`[data-test="pb-choose-${pB.body.id}"]`).click()
      const cast = await clickFor(page, page.locator('[data-test="pb-vote"]'), `/budgets/${id}/ballot`, 'PUT')
      assertEq(cast.status(), 200, `45,000 yuan fits: ${await cast.text()}`)
      await page.locator('[data-test="pb-my-ballot"]').waitFor()
      // change it: the same ballot, version 2
      const changed = await clickFor(page, page.locator('[data-test="pb-vote"]'), `/budgets/${id}/ballot`, 'PUT')
      assertEq((await changed.json()).my_ballot.version, 2, 'a changed ballot is the same ballot')
      await fits(page, 'voting')

      // ---- results ----
      await nextPhase(org, id, 'results')
      await page.goto(`/budgets/${id}`)
      await page.locator('[data-test="pb-results"]').waitFor()
      const first = page.locator('[data-test="pb-project"]').first()
      assertEq(await first.getAttribute('data-title'), '楼道加装扶手', 'rank 1: equal votes, the cheaper first')
      assertEq(await first.locator('[data-test="pb-outcome"]').getAttribute('data-outcome'), 'funded', 'funded')
      assertEq(await project(page, '中庭凉亭').locator('[data-test="pb-outcome"]').getAttribute('data-outcome'), 'no_votes', 'no votes, not funded')
      assert((await page.locator('[data-test="pb-results-summary"]').innerText()).includes('5,000'), 'the remainder is reported')
      await fits(page, 'results')

      // beiqu excludes 单车棚照明 with a reason
      await org.goto(`/budgets/${id}`)
      await org.locator('[data-test="pb-override"]').click()
      await org.locator('[data-test="pb-override-dialog"]').waitFor()
      await org.locator('[data-test="pb-override-project"]').click()
      await org.locator('.el-select-dropdown__item:visible', { hasText: '单车棚照明' }).click()
      await org.locator('[data-test="pb-override-action-exclude"]').click()
      const reason = '供电局已将单车棚照明纳入今年的线路改造'
      await area(org, 'pb-override-reason-input').fill(reason)
      const ov = await clickFor(org, org.locator('[data-test="pb-override-save"]'), `/budgets/${id}/overrides`)
      assertEq(ov.status(), 201, `the override with its reason: ${await ov.text()}`)
      await page.goto(`/budgets/${id}`)
      await page.locator('[data-test="pb-override-reason"]', { hasText: reason }).waitFor()
      assertEq(await project(page, '单车棚照明').locator('[data-test="pb-outcome"]').getAttribute('data-outcome'), 'excluded', 'the resident sees it excluded')
      await fits(page, 'results with an override')

      // ---- execution ----
      await nextPhase(org, id, 'execution')
      await org.locator(`[data-test="pb-milestone-add-${mine.id}"]`).click()
      await org.locator('[data-test="pb-milestone-dialog"]').waitFor()
      await input(org, 'pb-milestone-title').fill('采购扶手并施工')
      const m = await clickFor(org, org.locator('[data-test="pb-milestone-save"]'), `/pb-projects/${mine.id}/milestones`)
      assertEq(m.status(), 201, `a milestone: ${await m.text()}`)
      const mid = (await m.json()).id
      assertEq((await staff.patch(`/pb-milestones/${mid}`, { progress: 60, note: '扶手已到货，安装中', version: 1 })).status, 200, 'progress 60 %')
      await page.goto(`/budgets/${id}`)
      const exec = project(page, '楼道加装扶手').locator('[data-test="pb-exec"]')
      await exec.waitFor()
      assertEq(await exec.locator('[data-test="pb-progress"]').getAttribute('data-progress'), '60', 'the voter sees the progress')
      assert((await exec.innerText()).includes('扶手已到货'), 'and the milestone')
      const grant = await exec.locator('[data-test="pb-grant"]').innerText()
      assert(grant.includes('20,000') && grant.includes('0/2'), `and the grant it became, two tranches to pay: ${grant}`)
      await fits(page, 'execution')

      // ---- the grant paid in two tranches, and the voter sees it ----
      await org.goto(`/budgets/${id}`)
      await org.locator(`[data-test="pb-grant-open-${mine.id}"]`).click()
      await org.locator('[data-test="grant-tranches"]').waitFor()
      for (const seq of [1, 2]) {
        await org.locator(`[data-test="tranche-pay-${seq}"]`).click()
        const paid = await clickFor(org, org.locator('.el-message-box .el-button--primary'), '/pay')
        assertEq(paid.status(), 200, `tranche ${seq} paid: ${await paid.text()}`)
        await org.locator(`[data-test="tranche-status-${seq}"]`, { hasText: /已拨付|Paid/ }).waitFor()
      }
      await page.goto(`/budgets/${id}`)
      const done = await project(page, '楼道加装扶手').locator('[data-test="pb-grant"]').innerText()
      assert(done.includes('2/2'), `the voter sees both tranches paid: ${done}`)
      const check = execFileSync(process.env.WUSHE_BIN ? path.resolve(process.env.WUSHE_BIN) : new URL('../../../build/wushe', import.meta.url).pathname, ['funds', 'check', '--db', path.join(tmp, 'e2e.db')], { encoding: 'utf8' })
      const ck = JSON.parse(check)
      assert(ck.ok === true && ck.mismatches === 0 && ck.transfers > 0, `wushe funds check after the payments: ${check}`)
    },
  },
]
