// The funding programme from end to end (issue 13's "done when"), across its
// three areas and the funds ledger, on the demo's open year zcgs-2022:
// 北区社区长者关爱协会 (the provider account) applies jointly with 北区社区
// (the community's letter of intent and a partner organisation's letter of
// commitment as scans) and submits; staff pass the qualification check;
// expert1 and expert2 score it in the material window (expert1 on a phone),
// while expert3 — who declared a seat on the applicant's board — cannot be
// assigned and reaches it by no page, no address and no API route (the
// application, its review, its scans, the queue and its export, the
// programme's list, the monitoring); staff pass the material review, rank
// the fund, compute the award within the fund's budget, the committee
// approves and the list is published (the public page shows it); the
// agreement is signed, its tranches reserved in the fund's ledger account;
// the applicant reports a quarter's progress on the phone; the project is
// tiered with its inputs shown; the final report is evaluated 优秀 and the
// extension is marked for next year.
import { assert, assertEq, uiLogin } from './lib.mjs'

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

/** Upload a scan as `username` (the JSON client has no raw bodies): a PDF by its magic bytes. */
async function uploadScan(base, username, appId, fileName) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'Demo@2026' }),
  })
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const csrf = (await login.json()).csrf_token
  const pdf = Buffer.from(`%PDF-1.4\n% ${fileName}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`)
  const r = await fetch(`${base}/api/v1/prog-applications/${appId}/attachments?file_name=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/pdf' },
    body: pdf,
  })
  return { status: r.status, body: await r.json() }
}

export default [
  {
    name: 'programme flow: joint application → two experts score, a conflicted third cannot see it → award within the budget → published → agreement → progress → tier → 优秀 → extension',
    async fn({ page, base, apiAs, newSession }) {
      const admin = await apiAs('admin')
      const provider = await apiAs('provider')
      const prog = (await admin.get('/programmes/zcgs-2022')).body
      assertEq(prog.status, 'open', 'zcgs-2022 takes applications')
      const fund = prog.funds.find((f) => f.name === '顺德区社区养老服务建设经费')
      assert(fund && fund.fund_id, 'the special fund has its account in the ledger')
      const plate = prog.plates.find((p) => p.id === fund.plate_id) || prog.plates[0]
      const town = prog.towns.find((t) => t.name === '大良街道')
      const beiqu = prog.communities.find((c) => c.name === '北区社区')
      assert(town && beiqu, 'the programme offers 大良街道 and 北区社区')
      const orgs = (await admin.get('/organisations?per_page=100')).body.items
      const applicantOrg = orgs.find((o) => o.name === '北区社区长者关爱协会')
      const partnerOrg = orgs.find((o) => o.id !== applicantOrg.id)
      assert(applicantOrg && partnerOrg, 'the applicant and a partner organisation are in the registry')
      const before = (await admin.get(`/funds/${fund.fund_id}`)).body

      // ---- the applicant applies jointly and submits ----
      const title = `北区长者助餐与探访 flow ${Date.now() % 100000}`
      const made = await provider.post('/prog-applications', {
        programme_id: prog.id, title, org_id: applicantOrg.id, applicant_type: 'social_org', domain: 'community_elderly',
        plate_id: plate.id, pfund_id: fund.id, region_scope: 'town', region_id: town.id, kind: 'service',
        requested: 12000000, joint: true,
        summary: '为北区社区独居长者提供助餐与每周探访',
        outcomes: '长者助餐 3,000 人次，探访 600 次',
        budget_lines: [{ item: '助餐补贴', amount: 8000000 }, { item: '探访社工', amount: 4000000 }],
        indicators: [{ name: '助餐人次', target: 3000, unit: '人次' }],
        partners: [{ role: 'community', region_id: beiqu.id }],
      })
      assertEq(made.status, 201, `the joint draft: ${made.text}`)
      const appId = made.body.id
      const communityLetter = await uploadScan(base, 'provider', appId, '北区社区合作意向函.pdf')
      const partnerLetter = await uploadScan(base, 'provider', appId, '合作机构承诺函.pdf')
      assertEq(communityLetter.status, 201, 'the community\'s letter of intent is uploaded')
      assertEq(partnerLetter.status, 201, 'the partner\'s letter of commitment is uploaded')
      let app = (await provider.get(`/prog-applications/${appId}`)).body
      const withLetters = await provider.patch(`/prog-applications/${appId}`, {
        version: app.version,
        partners: [
          { role: 'community', region_id: beiqu.id, letter_attachment_id: communityLetter.body.id },
          { role: 'partner', org_id: partnerOrg.id, letter_attachment_id: partnerLetter.body.id },
        ],
      })
      assertEq(withLetters.status, 200, `the partners with their letters: ${withLetters.text}`)
      const submitted = await provider.post(`/prog-applications/${appId}/submit`, { version: withLetters.body.version })
      assertEq(submitted.status, 200, `submitted before the deadline: ${submitted.text}`)

      // ---- qualification, then the experts ----
      const qual = await admin.post(`/prog-applications/${appId}/stage-results`, { stage: 'qualification', result: 'pass', notes: '材料齐全' })
      assert(qual.status === 200 || qual.status === 201, `qualification passed: ${qual.text}`)
      const experts = (await admin.get('/programmes/zcgs-2022/review')).body.experts
      const x = Object.fromEntries(experts.map((e) => [e.username, e.id]))
      assert(x.expert1 && x.expert2 && x.expert3, 'expert1–3 serve zcgs-2022')
      const a1 = await admin.post('/programmes/zcgs-2022/review/assignments', { application_id: appId, expert_id: x.expert1, stage: 'material' })
      const a2 = await admin.post('/programmes/zcgs-2022/review/assignments', { application_id: appId, expert_id: x.expert2, stage: 'material' })
      assertEq(a1.status, 201, `expert1 assigned: ${a1.text}`)
      assertEq(a2.status, 201, `expert2 assigned: ${a2.text}`)
      const a3 = await admin.post('/programmes/zcgs-2022/review/assignments', { application_id: appId, expert_id: x.expert3, stage: 'material' })
      assertEq(a3.status, 409, 'expert3, on the applicant\'s board, cannot be assigned')
      assertEq(a3.body.error.field, 'expert_id', 'the refusal names expert_id')

      // ---- expert1 scores on a phone ----
      const rubric = (await admin.get('/programmes/zcgs-2022/review/rubric')).body
      await page.setViewportSize(PHONE)
      await uiLogin(page, 'expert1')
      await page.goto(`/review/assignments/${a1.body.id}`)
      await page.locator('[data-test="review-score-title"]').waitFor()
      assert((await page.locator('body').innerText()).includes(title), 'expert1 reads the application')
      await fits(page, 'the scoring page')
      for (let i = 0; i < rubric.criteria.length; i++) {
        const box = page.locator(`[data-test="review-crit-${i + 1}"] .el-slider__input input`)
        await box.fill('9')
        await box.press('Enter')
      }
      await page.locator('[data-test="review-rec-yes"]').click()
      const s1 = await clickFor(page, page.locator('[data-test="review-score-submit"]'), `/review/assignments/${a1.body.id}/score`)
      assertEq(s1.status(), 201, `expert1 scores: ${await s1.text()}`)
      const e2 = await apiAs('expert2')
      const s2 = await e2.post(`/review/assignments/${a2.body.id}/score`, {
        items: rubric.criteria.map((c) => ({ criterion_id: c.id, value: 8 })), recommendation: 'yes',
      })
      assertEq(s2.status, 201, `expert2 scores: ${s2.text}`)

      // ---- expert3 reaches it by no route ----
      const e3 = await apiAs('expert3')
      for (const p of [`/prog-applications/${appId}`, `/prog-applications/${appId}/review`,
        `/prog-attachments/${communityLetter.body.id}`, `/review/assignments/${a1.body.id}`]) {
        assertEq((await e3.get(p)).status, 404, `expert3: GET ${p} is 404`)
      }
      assertEq((await e3.post(`/review/assignments/${a1.body.id}/score`, { items: rubric.criteria.map((c) => ({ criterion_id: c.id, value: 1 })), recommendation: 'yes' })).status, 404, 'expert3 cannot score it')
      const q3 = await e3.get('/review/me')
      assertEq(q3.status, 200, 'expert3 has a queue')
      assert(!q3.text.includes(title) && !q3.text.includes(`"id":${appId},`), 'not in expert3\'s queue')
      const list3 = await e3.get('/programmes/zcgs-2022/applications?per_page=100')
      assert(list3.status >= 400 || !list3.text.includes(title), `not in any list expert3 may read (${list3.status})`)
      const exp3 = await e3.get(`/review/experts/${x.expert3}/queue/export?format=csv`)
      assert(!exp3.text.includes(title), 'not in expert3\'s queue export')
      assertEq((await e3.get(`/monitoring/projects?programme_id=${prog.id}`)).status >= 400 ||
        !(await e3.get(`/monitoring/projects?programme_id=${prog.id}`)).text.includes(title), true, 'not in the monitoring')
      const p3 = await newSession()
      await p3.setViewportSize(PHONE)
      await uiLogin(p3, 'expert3')
      await p3.goto(`/programme/applications/${appId}`)
      await p3.waitForTimeout(800)
      assert(!(await p3.locator('body').innerText()).includes(title), 'expert3\'s browser shows nothing at its address')
      await p3.goto('/review/my')
      await p3.locator('[data-test="review-prog-zcgs-2022"]').waitFor()
      assert(!(await p3.locator('body').innerText()).includes(title), 'nor on 我的评审')

      // ---- material review passed, ranked, awarded within the budget, approved, published ----
      const mat = await admin.post(`/prog-applications/${appId}/stage-results`, { stage: 'material', result: 'pass', notes: '两位专家评分' })
      assert(mat.status === 200 || mat.status === 201, `material review passed: ${mat.text}`)
      const ranked = await admin.post('/programmes/zcgs-2022/review/ranking')
      assertEq(ranked.status, 200, `ranked: ${ranked.text}`)
      const computed = await admin.post('/programmes/zcgs-2022/awards/compute')
      assertEq(computed.status, 200, `the award computed: ${computed.text}`)
      const awards = (await admin.get('/programmes/zcgs-2022/awards')).body
      const line = JSON.stringify(awards).includes(`"application_id":${appId}`)
      assert(line, 'the application is on the award list')
      const approved = await admin.post('/programmes/zcgs-2022/awards/approve', { version: awards.batch.version })
      assertEq(approved.status, 200, `the committee approves: ${approved.text}`)
      app = (await provider.get(`/prog-applications/${appId}`)).body
      assertEq(app.outcome, 'funded', 'the application is funded')
      assertEq(app.awarded, 12000000, 'in full: the fund\'s budget covers it')
      const after = (await admin.get('/programmes/zcgs-2022')).body.funds.find((f) => f.id === fund.id)
      assert(after.awarded_fen <= after.budget_fen, `within the fund's budget (${after.awarded_fen} of ${after.budget_fen})`)
      const batch = (await admin.get('/programmes/zcgs-2022/awards')).body
      const published = await admin.post('/programmes/zcgs-2022/awards/publish', { version: batch.batch.version })
      assertEq(published.status, 200, `published: ${published.text}`)
      const pub = await newSession()
      await pub.setViewportSize(PHONE)
      await pub.goto('/public/programmes/zcgs-2022/awards')
      await pub.locator(`[data-test="pub-award"][data-code="${app.code}"]`).waitFor()
      assert((await pub.locator(`[data-test="pub-award"][data-code="${app.code}"]`).innerText()).includes('120,000.00'), 'the public list shows the award')

      // ---- the agreement: tranches reserved in the fund's ledger account ----
      const signed = await admin.post('/monitoring/projects', {
        application_id: appId, executing_org: '北区社区长者关爱协会', starts_on: '2026-12-01', ends_on: '2027-11-30', maturity: 'new',
        milestones: [
          { title: '助餐点启用', due_on: '2027-03-31', deliverable: '启用照片与台账', pays_tranche: true },
          { title: '服务满一年', due_on: '2027-11-15', deliverable: '年度服务报告', pays_tranche: true },
        ],
        tranches: [7200000, 4800000],
      })
      assertEq(signed.status, 201, `the agreement is signed: ${signed.text}`)
      const id = signed.body.id
      const reserved = (await admin.get(`/funds/${fund.fund_id}`)).body
      assertEq(reserved.balance.pending_out_fen - before.balance.pending_out_fen, 12000000, 'the award is reserved in the ledger')

      // ---- the quarter's progress, on the phone ----
      const pp = await newSession()
      await pp.setViewportSize(PHONE)
      await uiLogin(pp, 'provider')
      await pp.goto(`/monitoring/projects/${id}`)
      await pp.locator('[data-test="mon-tier"]').waitFor()
      await pp.locator('[data-test="mon-file-quarterly"]').click()
      await pp.waitForURL((u) => u.pathname === `/monitoring/projects/${id}/report`)
      await pp.locator('[data-test="rp-narrative"]').waitFor()
      await fits(pp, 'the progress report')
      await pp.locator('[data-test="rp-ms-1"] label, [data-test="rp-ms-1"] .el-radio-button').first().click()
      await pp.locator('textarea[data-test="rp-narrative"], [data-test="rp-narrative"] textarea').first().fill('助餐点完成选址，开展长者需求访谈 52 户。')
      const filed = await clickFor(pp, pp.locator('[data-test="rp-submit"]'), `/monitoring/projects/${id}/reports`)
      assertEq(filed.status(), 201, `the quarterly report: ${await filed.text()}`)
      await pp.waitForURL((u) => u.pathname === `/monitoring/projects/${id}`)

      // ---- the tier with its inputs ----
      const tiered = await admin.post(`/monitoring/projects/${id}/tier`, {})
      assertEq(tiered.status, 200, `the tier computed: ${tiered.text}`)
      await pp.reload()
      const tier = await pp.locator('[data-test="mon-tier"]').getAttribute('data-tier')
      assert(['risk', 'observation', 'quality'].includes(tier), `tiered: ${tier}`)
      assertEq(await pp.locator('[data-test="mon-input-maturity"]').innerText(), '新项目', 'its inputs are shown')

      // ---- accepted, final report, 优秀, extension ----
      let project = (await admin.get(`/monitoring/projects/${id}`)).body
      const quarterly = project.reports.find((r) => r.kind === 'quarterly')
      const acc = await admin.post(`/monitoring/reports/${quarterly.id}/review`, { decision: 'accept', comment: '进度正常', version: quarterly.version })
      assertEq(acc.status, 200, `the quarterly report accepted: ${acc.text}`)
      const fin = await provider.post(`/monitoring/projects/${id}/reports`, {
        kind: 'final', narrative: '项目完成：助餐 3,260 人次，探访 640 次，长者满意度 97%。',
        values: [], milestones: [],
      })
      assertEq(fin.status, 201, `the final report: ${fin.text}`)
      const final = fin.body.reports.find((r) => r.kind === 'final')
      const ev = await admin.post(`/monitoring/reports/${final.id}/review`, { decision: 'accept', result: 'excellent', comment: '成效突出', version: final.version })
      assertEq(ev.status, 200, `evaluated 优秀: ${ev.text}`)
      project = (await admin.get(`/monitoring/projects/${id}`)).body
      assert(project.extension_eligible, 'an 优秀 result grants the extension')
      const ext = await admin.post(`/monitoring/projects/${id}/extension`, { note: 'zcgs-2023 延续扶持', version: project.version })
      assertEq(ext.status, 200, `the extension marked: ${ext.text}`)
      const again = await admin.post(`/monitoring/projects/${id}/extension`, { note: 'again', version: (await admin.get(`/monitoring/projects/${id}`)).body.version })
      assertEq(again.status, 422, 'only once')
      await pp.goto(`/monitoring/projects/${id}`)
      await pp.locator('[data-test="mon-extension-used"]').waitFor()
      await pp.locator('[data-test="mon-evaluation-result"]', { hasText: '优秀' }).waitFor()
      await fits(pp, 'the evaluated project')
    },
  },
]
