// The programme's review, end to end: a programme under review with two
// applications (the first made by an organisation expert3 sits on the
// board of); the admin publishes the rubric, opens the material window and
// adds three experts; expert1 declares "none" on the page, expert2 by the
// API, expert3 declares the tie; expert3's assignment to the first is
// refused (409); expert1 and expert2 score it on a 390 px phone (the
// rubric form, a "no" needs its reason); expert3 finds it neither in the
// queue nor by its address; the admin ranks, computes the award on the
// desk (the budget meter), the committee approves and publishes; the
// public page (no login) shows the award, and an objection with a contact
// is received.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { assert, assertEq, input, uiLogin } from './lib.mjs'

const PHONE = { width: 390, height: 844 }
const KEY_RE = /\b[a-z]+(?:-[a-z]+)*\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)*\b/g
const BIN = process.env.WUSHE_BIN ? path.resolve(process.env.WUSHE_BIN) : new URL('../../../build/wushe', import.meta.url).pathname

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

const SETUP = `
INSERT INTO organisations (id, region_id, name, org_type, created_at, updated_at)
 SELECT 990101, id, 'E2E评审社工服务社', 'community_social_org', 0, 0 FROM regions WHERE name='北区社区';
INSERT INTO programmes (id, code, name, year, region_id, status, award_rule, award_min_score, objection_days, created_at, updated_at)
 SELECT 991, 'e2e-rv', 'E2E众创共善计划', 2026, id, 'reviewing', 'ranked_full', 60, 7, 0, 0 FROM regions WHERE name='顺德区';
INSERT INTO prog_funds (id, programme_id, name, funder, budget) VALUES (991, 991, 'E2E社区养老专项', '区民政局', 5000000);
INSERT INTO prog_applications (id, programme_id, code, title, org_id, applicant_name, applicant_type, domain, pfund_id, region_scope, region_id, kind, requested, status, stage, created_at, updated_at)
 SELECT 99101, 991, 'E2E-1', '长者助餐e2e', 990101, 'E2E评审社工服务社', 'social_org', 'community_elderly', 991, 'town', id, 'service', 3000000, 'in_review', 'material', 0, 0 FROM regions WHERE name='大良街道';
`

/** An expert scores an assignment on the phone: each criterion's input, the recommendation, the reason. */
async function scoreOnPhone(page, assignment, values, rec, reason) {
  await page.goto(`/review/assignments/${assignment}`)
  await page.locator('[data-test="review-score-title"]').waitFor()
  await fits(page, 'the scoring page')
  for (let i = 0; i < values.length; i++) {
    const box = page.locator(`[data-test="review-crit-${i + 1}"] .el-slider__input input`)
    await box.fill(String(values[i]))
    await box.press('Enter')
  }
  await page.locator(`[data-test="review-rec-${rec}"]`).click()
  if (rec === 'no') {
    await page.locator('[data-test="review-score-submit"]').click()
    await page.locator('.el-form-item__error').first().waitFor() // the reason is required
  }
  if (reason) await page.locator('textarea[data-test="review-reason"], [data-test="review-reason"] textarea').first().fill(reason)
  const resp = await clickFor(page, page.locator('[data-test="review-score-submit"]'), `/review/assignments/${assignment}/score`)
  return resp
}

export default [
  {
    name: 'review: two experts score on a phone, a conflicted third cannot see it; staff compute and approve the award; the public page shows it',
    async fn({ page, apiAs, newSession, tmp }) {
      execFileSync(BIN, ['sql', '--db', path.join(tmp, 'e2e.db'), '--script', SETUP], { encoding: 'utf8' })
      const admin = await apiAs('admin')
      const P = '/programmes/e2e-rv'
      assertEq((await admin.put(`${P}/review/stages/material`, { opens_at: '2020-01-01T00:00:00+08:00', closes_at: '2099-01-01T00:00:00+08:00' })).status, 200, 'the material window opens')
      const rub = await admin.put(`${P}/review/rubric`, { scale: 10, criteria: [{ name: '项目可行性', weight: 60 }, { name: '社会效益', weight: 40 }] })
      assertEq(rub.status, 200, `the rubric: ${rub.text}`)
      const x = {}
      for (const u of ['expert1', 'expert2', 'expert3']) {
        const r = await admin.post(`${P}/review/experts`, { username: u })
        assertEq(r.status, 201, `${u} joins: ${r.text}`)
        x[u] = r.body.id
      }
      const e2 = await apiAs('expert2')
      const e3 = await apiAs('expert3')
      assertEq((await e2.post(`/review/experts/${x.expert2}/conflicts`, { none: true })).status, 201, 'expert2 declares none')
      assertEq((await e3.post(`/review/experts/${x.expert3}/conflicts`, { org_id: 990101, tie: 'board', since_year: 2025 })).status, 201, 'expert3 declares the board seat')

      // ---- expert1 declares on the page (phone) ----
      await page.setViewportSize(PHONE)
      await uiLogin(page, 'expert1')
      await page.goto('/review/my')
      await page.locator('[data-test="review-prog-e2e-rv"]').waitFor()
      await fits(page, 'my reviews')
      const declared = await clickFor(page, page.locator('[data-test="review-prog-e2e-rv"] [data-test="review-declare-none"]'), `/review/experts/${x.expert1}/conflicts`)
      assertEq(declared.status(), 201, 'expert1 declares none on the page')

      const a1 = await admin.post(`${P}/review/assignments`, { application_id: 99101, expert_id: x.expert1, stage: 'material' })
      const a2 = await admin.post(`${P}/review/assignments`, { application_id: 99101, expert_id: x.expert2, stage: 'material' })
      assert(a1.status === 201 && a2.status === 201, 'expert1 and expert2 assigned')
      const a3 = await admin.post(`${P}/review/assignments`, { application_id: 99101, expert_id: x.expert3, stage: 'material' })
      assertEq(a3.status, 409, 'the conflicted expert3 cannot be assigned')

      // ---- expert1 scores on the phone ----
      await page.goto('/review/my')
      await page.locator('[data-test="review-queue-item"][data-title="长者助餐e2e"]').waitFor()
      await page.locator('[data-test="review-queue-item"][data-title="长者助餐e2e"] a').click()
      await page.waitForURL((u) => u.pathname === `/review/assignments/${a1.body.id}`)
      const s1 = await scoreOnPhone(page, a1.body.id, [9, 8], 'yes')
      assertEq(s1.status(), 201, `expert1 scores: ${await s1.text()}`)
      assert((await page.locator('[data-test="review-score-total"]').innerText()).includes('86.00'), 'the weighted total 86')

      // ---- expert2 scores on another phone, first "no" without a reason ----
      const p2 = await newSession()
      await p2.setViewportSize(PHONE)
      await uiLogin(p2, 'expert2')
      const s2 = await scoreOnPhone(p2, a2.body.id, [7, 7], 'no', '预算偏高，建议压缩场地费')
      assertEq(s2.status(), 201, `expert2 scores with a reason: ${await s2.text()}`)

      // ---- expert3 sees nothing of it ----
      const p3 = await newSession()
      await p3.setViewportSize(PHONE)
      await uiLogin(p3, 'expert3')
      await p3.goto('/review/my')
      await p3.locator('[data-test="review-prog-e2e-rv"]').waitFor()
      assert(!(await p3.locator('[data-test="review-prog-e2e-rv"]').innerText()).includes('长者助餐e2e'), 'not in the conflicted expert\'s queue')
      await p3.goto(`/review/assignments/${a1.body.id}`)
      await p3.locator('.el-result').waitFor()
      assert(!(await p3.locator('body').innerText()).includes('长者助餐e2e'), 'not by its address either')
      assertEq((await e3.get('/prog-applications/99101/review')).status, 404, 'nor through the API')

      // ---- the admin on the desk: ranking, compute, approve, publish ----
      const desk = await newSession()
      await uiLogin(desk, 'admin')
      await desk.goto('/review/desk/e2e-rv')
      await desk.locator('.el-tabs__item', { hasText: '排名' }).click()
      await desk.locator('[data-test="ranking-991"]').waitFor()
      assert((await desk.locator('[data-test="ranking-991"]').innerText()).includes('长者助餐e2e'), 'ranked in its fund')
      await desk.locator('.el-tabs__item', { hasText: '资助' }).click()
      const computed = await clickFor(desk, desk.locator('[data-test="awards-compute"]'), `${P}/awards/compute`)
      assertEq(computed.status(), 200, `computed: ${await computed.text()}`)
      const meter = await desk.locator('[data-test="award-fund-991"] [data-test="budget-meter"]').innerText()
      assert(meter.includes('50,000.00') && meter.includes('30,000.00'), `the budget meter: ${meter}`)
      await desk.locator('[data-test="awards-approve"]').click()
      const approved = await clickFor(desk, desk.locator('.el-message-box__btns .el-button--primary'), `${P}/awards/approve`)
      assertEq(approved.status(), 200, `the committee approves: ${await approved.text()}`)
      const published = await clickFor(desk, desk.locator('[data-test="awards-publish"]'), `${P}/awards/publish`)
      assertEq(published.status(), 200, 'published')
      await desk.locator('[data-test="batch-status"]', { hasText: '公示中' }).waitFor()

      // ---- the public page, no login, on a phone ----
      const pub = await newSession()
      await pub.setViewportSize(PHONE)
      await pub.goto('/public/programmes/e2e-rv/awards')
      await pub.locator('[data-test="pub-award"][data-code="E2E-1"]').waitFor()
      assert((await pub.locator('[data-test="pub-award"][data-code="E2E-1"]').innerText()).includes('30,000.00'), 'the award and its amount')
      await fits(pub, 'the public awards page')
      await input(pub, 'pub-contact').fill('13800002222')
      await pub.locator('textarea[data-test="pub-body"], [data-test="pub-body"] textarea').first().fill('请公开评分细则与专家名单')
      const obj = await clickFor(pub, pub.locator('[data-test="pub-send"]'), '/public/programmes/e2e-rv/objections')
      assertEq(obj.status(), 201, `the objection is received: ${await obj.text()}`)
      await pub.locator('[data-test="pub-objection"]', { hasText: '请公开评分细则' }).waitFor()
    },
  },
]
