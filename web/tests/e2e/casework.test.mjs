// Case work's visits, consents and referrals, end to end on the demo (the
// cases demo's 容桂 station: sw1's active case, swsup, and casework's swref
// of 和悦社工): sw1 records a consent for 和悦 (name, age, needs) and refers
// the case to swref on the case's page; swref finds it in the inbox and
// sees only the consented items (no phone, no address, no case code),
// accepts it (all on the cases area's case page, whose casework panel is
// this area's); sw1 records a visit on a 390 px phone with the network off —
// it waits as 待发送 and goes when the network is back, once; swref
// completes the referral and loses access; sw1 asks to close the case and
// swsup approves. The town admin reaches neither the case nor the referral.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { assert, assertEq, input, uiLogin } from './lib.mjs'

const PHONE = { width: 390, height: 844 }
const KEY_RE = /\b[a-z]+(?:-[a-z]+)*\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)*\b/g
const BIN = process.env.WUSHE_BIN ? path.resolve(process.env.WUSHE_BIN) : new URL('../../../build/wushe', import.meta.url).pathname

function sql(tmp, q) {
  return JSON.parse(execFileSync(BIN, ['sql', '--db', path.join(tmp, 'e2e.db'), q], { encoding: 'utf8' }))
}

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

export default [
  {
    name: 'casework: consent and referral on the case page, the recipient sees the consented items only, a visit recorded offline is sent once, closing',
    async fn({ page, apiAs, newSession, tmp }) {
      const [[caseId, phone, address, code]] = sql(tmp, "SELECT id, coalesce(subject_phone,''), coalesce(subject_address,''), code FROM cases WHERE worker_id=(SELECT id FROM users WHERE username='sw1') AND status='active' ORDER BY id LIMIT 1")
      const [[swref]] = sql(tmp, "SELECT id FROM users WHERE username='swref'")
      const [[name]] = sql(tmp, `SELECT subject_name FROM cases WHERE id=${caseId}`)

      // ---- sw1: consent and referral on the case page ----
      await uiLogin(page, 'sw1')
      // the cases area's case page, with casework's panel below its tabs
      await page.goto(`/cases/${caseId}`)
      await page.locator('[data-test="casework-visits"]').waitFor()
      await fits(page, 'the case page with the casework panel')
      await page.locator('[data-test="casework-add-consent"]').click()
      const org = page.locator('[data-test="casework-consent-org"] input').first()
      await org.fill('和悦')
      await page.locator('.el-select-dropdown__item', { hasText: '和悦社会工作服务中心' }).first().click()
      for (const f of ['name', 'age', 'needs']) await page.locator(`[data-test="casework-field-${f}"]`).click()
      const k = await clickFor(page, page.locator('[data-test="casework-consent-save"]'), `/cases/${caseId}/consents`)
      assertEq(k.status(), 201, `the consent: ${await k.text()}`)
      await page.locator('[data-test="casework-refer"]').waitFor()
      await page.locator('[data-test="casework-refer"]').click()
      await input(page, 'casework-refer-recipient').fill(String(swref))
      await page.locator('textarea[data-test="casework-refer-reason"], [data-test="casework-refer-reason"] textarea').first().fill('需要心理疏导与情绪支持')
      const rr = await clickFor(page, page.locator('[data-test="casework-refer-save"]'), `/cases/${caseId}/referrals`)
      assertEq(rr.status(), 201, `the referral: ${await rr.text()}`)
      const rid = (await rr.json()).id
      await page.locator('[data-test="casework-referral"][data-status="sent"]').first().waitFor()

      // ---- swref: the inbox and the consented items ----
      const ref = await newSession()
      await ref.setViewportSize(PHONE)
      await uiLogin(ref, 'swref')
      await ref.goto('/casework/referrals')
      await ref.locator('[data-test="casework-inbox-item"]').first().waitFor()
      await fits(ref, 'the referral inbox')
      assert(!(await ref.locator('body').innerText()).includes(name), 'the inbox names no one')
      await ref.goto(`/casework/referrals/${rid}`)
      await ref.locator('[data-test="casework-referral-subject"]').waitFor()
      await fits(ref, 'the referral page')
      const seen = await ref.locator('[data-test="casework-referral-page"]').innerText()
      assert(seen.includes(name), 'the consented name is shown')
      for (const hidden of [phone, address, code].filter(Boolean)) assert(!seen.includes(hidden), `not consented, not shown: ${hidden}`)
      const acc = await clickFor(ref, ref.locator('[data-test="casework-accept"]'), `/case-referrals/${rid}/accept`)
      assertEq(acc.status(), 200, 'accepted')

      // ---- sw1 on a phone: a visit with the network off ----
      const before = sql(tmp, `SELECT count(*) FROM case_visits WHERE case_id=${caseId}`)[0][0]
      const phoneCtx = await newSession()
      await phoneCtx.setViewportSize(PHONE)
      await uiLogin(phoneCtx, 'sw1')
      await phoneCtx.goto(`/casework/visit?case=${caseId}`)
      await phoneCtx.locator('[data-test="casework-visit-save"]').waitFor()
      await fits(phoneCtx, 'the visit page')
      await phoneCtx.context().setOffline(true)
      await phoneCtx.locator('[data-test="casework-online"]', { hasText: '离线' }).waitFor()
      await phoneCtx.locator('textarea[data-test="casework-visit-notes"], [data-test="casework-visit-notes"] textarea').first().fill('离线入户：老人情绪平稳，药品充足')
      await phoneCtx.locator('[data-test="casework-visit-save"]').click()
      await phoneCtx.locator('[data-test="casework-pending-item"]', { hasText: '待发送' }).waitFor()
      assertEq(sql(tmp, `SELECT count(*) FROM case_visits WHERE case_id=${caseId}`)[0][0], before, 'nothing sent while offline')
      await phoneCtx.context().setOffline(false)
      await phoneCtx.locator('[data-test="casework-pending"]').waitFor({ state: 'detached' })
      assertEq(sql(tmp, `SELECT count(*) FROM case_visits WHERE case_id=${caseId}`)[0][0], before + 1, 'sent once when back online')
      await phoneCtx.reload()
      await phoneCtx.locator('[data-test="casework-visit-save"]').waitFor()
      await phoneCtx.waitForTimeout(500)
      assertEq(sql(tmp, `SELECT count(*) FROM case_visits WHERE case_id=${caseId} AND client_key IS NOT NULL AND notes LIKE '离线入户%'`)[0][0], 1, 'one visit, not two')

      // ---- swref completes; access ends ----
      await ref.goto(`/casework/referrals/${rid}`)
      await ref.locator('[data-test="casework-complete"]').click()
      await ref.locator('.el-message-box__input input').fill('完成 4 次心理疏导，情绪明显改善')
      const done = await clickFor(ref, ref.locator('.el-message-box__btns .el-button--primary'), `/case-referrals/${rid}/complete`)
      assertEq(done.status(), 200, 'completed')
      await ref.reload()
      await ref.locator('[data-test="casework-referral-gone"]').waitFor()

      // ---- the town admin reaches neither ----
      const town = await newSession()
      await uiLogin(town, 'ronggui')
      await town.goto(`/casework/referrals/${rid}`)
      await town.waitForTimeout(800)
      assert(!(await town.locator('body').innerText()).includes(name), 'the town admin sees no subject')
      const rg = await apiAs('ronggui')
      assert([403, 404].includes((await rg.get(`/cases/${caseId}/visits`)).status), 'the town admin: no visits')
      assert([403, 404].includes((await rg.get(`/case-referrals/${rid}`)).status), 'the town admin: no referral')

      // ---- closing: sw1 asks, swsup approves ----
      const w = await apiAs('sw1')
      const cl = await w.post(`/cases/${caseId}/close`, { reason: 'goals_met', note: '服务目标达成，转介服务已完成' })
      assert(cl.status === 200 || cl.status === 201, `closing asked: ${cl.status} ${cl.text}`)
      const sup = await apiAs('swsup')
      const q = await sup.get('/case-approvals?state=pending')
      const ap = q.body.items.find((a) => a.case_id === caseId && a.subject === 'closing')
      assert(ap, `the closing waits for swsup: ${q.text.slice(0, 300)}`)
      const ok = await sup.post(`/case-approvals/${ap.id}/approve`, { comment: '同意结案' })
      assertEq(ok.status, 200, `approved: ${ok.text}`)
      assertEq(sql(tmp, `SELECT status FROM cases WHERE id=${caseId}`)[0][0], 'closed', 'the case is closed')
      // a closed case takes no more visits
      const late = await w.post(`/cases/${caseId}/visits`, { kind: 'phone', visited_at: new Date().toISOString() })
      assertEq(late.status, 422, 'no visit on a closed case')
    },
  },
]
