// A funded project from its agreement to its extension: admin (programme
// staff of zcgs-2021) signs the agreement of the funded application of
// 北区社区长者关爱协会 that the demo leaves unsigned on the board (milestones
// and a tranche plan — refused until it sums to the award — reserved in the
// ledger); the
// applicant (provider, its org admin) files the 2026Q4 report on a 390 px
// phone with indicator values and milestone progress; the board and the
// project page show the tier with its inputs; admin accepts the report;
// the applicant files the final report; admin approves it 优秀 (the
// result is required), the extension eligibility shows, and admin marks
// it used by next year's application; a second mark is not offered.
// Every page fits the phone and shows no raw i18n key.
import { assert, assertEq, input, pickOption, uiLogin } from './lib.mjs'

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
const area = (page, name) => page.locator(`textarea[data-test="${name}"], [data-test="${name}"] textarea`).first()

export default [
  {
    name: 'monitoring: agreement → quarterly report (390 px) → tier shown → final report → evaluated 优秀 → extension marked',
    async fn({ page, apiAs, newSession }) {
      const admin = await apiAs('admin')
      const progs = await admin.get('/programmes')
      const prog = progs.body.items.find((p) => p.code === 'zcgs-2021')
      assert(prog, 'the demo has zcgs-2021')
      const cands = await admin.get(`/monitoring/candidates?programme_id=${prog.id}`)
      assertEq(cands.status, 200, 'candidates')
      const app = cands.body.items.find((a) => a.applicant_name === '北区社区长者关爱协会')
      assert(app, 'a funded application of 北区社区长者关爱协会 waits for its agreement')
      const first = Math.round(app.awarded * 0.6)

      // ---- admin signs the agreement on the board ----
      const staff = await newSession()
      await uiLogin(staff, 'admin')
      await staff.goto('/monitoring')
      await staff.locator('[data-test="mon-sign"]').click()
      await staff.locator('[data-test="mon-sign-dialog"]').waitFor()
      await staff.locator('[data-test="mon-sign-app"]').click()
      await pickOption(staff, app.code)
      assertEq(await input(staff, 'mon-sign-org').inputValue(), '北区社区长者关爱协会', 'the executing organisation is the applicant')
      const day = async (locator, v) => { await locator.fill(v); await locator.press('Enter') }
      await day(input(staff, 'mon-sign-starts'), '2026-10-01')
      await day(input(staff, 'mon-sign-ends'), '2027-09-30')
      await input(staff, 'mon-ms-title').fill('服务点启用')
      await day(input(staff, 'mon-ms-due'), '2027-03-31')
      await staff.locator('[data-test="mon-ms-add"]').click()
      await staff.locator('[data-test="mon-ms-1"] input').first().fill('服务满一年')
      await day(staff.locator('[data-test="mon-ms-1"] input').nth(1), '2027-09-15')
      // a plan that does not sum to the award is refused, naming the tranches
      await input(staff, 'mon-tr-0').fill(String(first / 100))
      await input(staff, 'mon-tr-0').press('Tab')
      const bad = await clickFor(staff, staff.locator('[data-test="mon-sign-save"]'), '/monitoring/projects')
      assertEq(bad.status(), 422, 'a tranche plan short of the award is refused')
      await staff.locator('[data-test="mon-sign-dialog"] .el-form-item__error').first().waitFor()
      await staff.locator('[data-test="mon-sign-dialog"] .trs .el-button').click()
      await input(staff, 'mon-tr-1').fill(String((app.awarded - first) / 100))
      await input(staff, 'mon-tr-1').press('Tab')
      const signedResp = await clickFor(staff, staff.locator('[data-test="mon-sign-save"]'), '/monitoring/projects')
      assertEq(signedResp.status(), 201, `admin signs the agreement: ${await signedResp.text()}`)
      const signed = { body: await signedResp.json() }
      const id = signed.body.id
      await staff.waitForURL((u) => u.pathname === `/monitoring/projects/${id}`)
      await staff.locator('[data-test="mon-tr-status-2"]').waitFor()

      // ---- the applicant files the quarterly report on her phone ----
      await page.setViewportSize(PHONE)
      await uiLogin(page, 'provider')
      await page.goto('/monitoring')
      await page.locator(`[data-test="mon-card"][data-code="${app.code}"]`).waitFor()
      await fits(page, 'the board')
      await page.locator(`[data-test="mon-card"][data-code="${app.code}"]`).click()
      await page.waitForURL((u) => u.pathname === `/monitoring/projects/${id}`)
      await page.locator('[data-test="mon-tier"]').waitFor()
      await fits(page, 'the project page')
      await page.locator('[data-test="mon-file-quarterly"]').click()
      await page.waitForURL((u) => u.pathname === `/monitoring/projects/${id}/report`)
      await page.locator('[data-test="rp-narrative"]').waitFor()
      await fits(page, 'the report page')
      const ms1 = page.locator('[data-test="rp-ms-1"] label, [data-test="rp-ms-1"] .el-radio-button').first()
      await ms1.click()
      await area(page, 'rp-narrative').fill('完成助餐点选址与设备采购，开展长者需求访谈 40 户。')
      const filed = await clickFor(page, page.locator('[data-test="rp-submit"]'), `/monitoring/projects/${id}/reports`)
      assertEq(filed.status(), 201, `the applicant files the 2026Q4 report: ${await filed.text()}`)
      await page.waitForURL((u) => u.pathname === `/monitoring/projects/${id}`)
      await page.locator('[data-test="mon-report"][data-period="2026Q4"][data-status="submitted"]').waitFor()

      // ---- the tier and its inputs on the page ----
      const tier = await page.locator('[data-test="mon-tier"]').getAttribute('data-tier')
      assert(['risk', 'observation', 'quality'].includes(tier), `the tier is shown: ${tier}`)
      assertEq(await page.locator('[data-test="mon-input-maturity"]').innerText(), '新项目', 'the maturity input is shown')
      assert((await page.locator('[data-test="mon-tier-inputs"]').innerText()).includes('逾期节点'), 'the overdue-milestones input is shown')

      // ---- admin accepts the report on the project page ----
      await staff.goto(`/monitoring/projects/${id}`)
      await staff.locator('[data-test="mon-review-2026Q4"]').click()
      await staff.locator('[data-test="mon-review-dialog"]').waitFor()
      const acc = await clickFor(staff, staff.locator('[data-test="mon-review-save"]'), '/review')
      assertEq(acc.status(), 200, `admin accepts the quarterly report: ${await acc.text()}`)
      await staff.locator('[data-test="mon-report"][data-period="2026Q4"][data-status="accepted"]').waitFor()
      // the board shows the project in its tier column
      await staff.goto('/monitoring')
      await staff.locator(`[data-test="mon-col-${tier}"] [data-test="mon-card"][data-code="${app.code}"]`).waitFor()
      await staff.locator(`[data-test="mon-card"][data-code="${app.code}"]`).click()
      await staff.waitForURL((u) => u.pathname === `/monitoring/projects/${id}`)

      // ---- the final report ----
      await page.goto(`/monitoring/projects/${id}`)
      await page.locator('[data-test="mon-file-final"]').click()
      await page.waitForURL((u) => u.pathname === `/monitoring/projects/${id}/report`)
      await area(page, 'rp-narrative').fill('项目完成：助餐服务 3,200 人次，长者满意度 96%。')
      const fin = await clickFor(page, page.locator('[data-test="rp-submit"]'), `/monitoring/projects/${id}/reports`)
      assertEq(fin.status(), 201, `the applicant files the final report: ${await fin.text()}`)

      // ---- evaluated 优秀 ----
      await staff.reload()
      await staff.locator('[data-test="mon-review-final"]').click()
      await staff.locator('[data-test="mon-review-dialog"]').waitFor()
      const noResult = await clickFor(staff, staff.locator('[data-test="mon-review-save"]'), '/review')
      assertEq(noResult.status(), 400, 'approving a final report without a result is refused')
      await staff.locator('[data-test="mon-review-result"] label', { hasText: '优秀' }).click()
      const ev = await clickFor(staff, staff.locator('[data-test="mon-review-save"]'), '/review')
      assertEq(ev.status(), 200, `admin approves it 优秀: ${await ev.text()}`)
      await staff.locator('[data-test="mon-evaluation-result"]', { hasText: '优秀' }).waitFor()
      await staff.locator('[data-test="mon-extension-eligible"]').waitFor()

      // ---- the extension, marked once ----
      await staff.locator('[data-test="mon-mark-extension"]').click()
      await staff.locator('[data-test="mon-ext-dialog"] input').fill('zcgs-2022 续期申请')
      const ext = await clickFor(staff, staff.locator('[data-test="mon-ext-save"]'), `/monitoring/projects/${id}/extension`)
      assertEq(ext.status(), 200, `admin marks the extension used: ${await ext.text()}`)
      await staff.locator('[data-test="mon-extension-used"]').waitFor()
      assertEq(await staff.locator('[data-test="mon-mark-extension"]').count(), 0, 'a second extension is not offered')
      const again = await admin.post(`/monitoring/projects/${id}/extension`, { note: 'again', version: ext.ok() ? (await admin.get(`/monitoring/projects/${id}`)).body.version : 1 })
      assertEq(again.status, 422, 'a second extension is refused')
      // the applicant sees it on her phone
      await page.goto(`/monitoring/projects/${id}`)
      await page.locator('[data-test="mon-extension-used"]').waitFor()
      await fits(page, 'the evaluated project')
    },
  },
]
