// The volunteer service's Done-when story (issue 11), on a 390 px phone:
// the demo volunteer vol1 signs up for a 北区社区 activity today; a second
// sign-up to an activity that overlaps it is refused with the first one
// named; the organiser beiqu shows the venue's rotating code; vol1 scans it
// (opens /volunteer/scan?code=…) to check in and again to check out;
// beiqu confirms 150 minutes (2.5 h) on the roster; vol1 sees the record,
// has earned points, asks the organisation for a certificate and downloads
// its PDF; the public /verify/<code> page, without login, says 有效; vol1
// redeems an item of the catalogue with the points; a correction vol1 asks
// for and beiqu accepts adds a record that amends the first, which stays.
//
// What it assumes of the server and the demo data:
// - vol1 (Demo@2026) is a registered volunteer (GET /me/volunteer 200,
//   registered_at before today) and beiqu is community staff of 北区社区
//   (a /me role with its region_id) who may publish activities there;
// - 北区社区 has an organisation (GET /organisations?region_id=…) to record
//   the hours and certify them, and the catalogue has an item in stock that
//   the points vol1 holds after 2.5 h pay for (the new-resident toolkit,
//   200 points, when the rates allow; else the dearest one affordable);
// - the two activities are made here through the API (today, Asia/Shanghai),
//   so the story does not depend on the demo's calendar.
// The test cannot wait 2.5 hours between check-in and check-out, and hours
// never exceed the time on site: after the scanned check-in it moves that
// sign-up's checkin_at 151 minutes back in the test's own database (the
// runner's tmp/e2e.db, sqlite3 CLI) before the scanned check-out.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { assert, assertEq, input, pickOption, uiLogin } from './lib.mjs'

const PHONE = { width: 390, height: 844 }
const MIN = 60 * 1000
const KEY_RE = /\b[a-z]+(?:-[a-z]+)*\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)*\b/g

/** The page fits the phone and shows no raw i18n key. */
async function fits(page, what) {
  await page.waitForTimeout(300)
  const { scroll, width, text } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
    text: document.body.innerText,
  }))
  assert(scroll <= width + 1, `${what}: the page is ${scroll} px wide on a ${width} px screen`)
  const keys = [...new Set(text.match(KEY_RE) || [])].filter((k) => !/\.(png|jpg|csv|xlsx|json|js|com|cn|org|gov|pdf)$/.test(k) && !/^www\./.test(k))
  assert(!keys.length, `${what}: raw i18n keys shown: ${keys.slice(0, 5).join(', ')}`)
}

/** ISO 8601 in Asia/Shanghai (+08:00) of a moment. */
function shanghai(ms) {
  const d = new Date(ms + 8 * 3600 * 1000)
  return d.toISOString().slice(0, 19) + '+08:00'
}

/** Move a sign-up's check-in back by `minutes` in the runner's database. */
function backdateCheckIn(tmp, signupId, minutes) {
  const db = path.join(tmp, 'e2e.db')
  const sql = `UPDATE vol_signups SET checkin_at = checkin_at - ${minutes * 60 * 1000000} WHERE id = ${Number(signupId)} AND checkin_at IS NOT NULL AND checkout_at IS NULL;`
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, sql])
  const left = execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, `SELECT checkin_at FROM vol_signups WHERE id = ${Number(signupId)};`], { encoding: 'utf8' }).trim()
  assert(left && Number(left) < (Date.now() - (minutes - 1) * MIN) * 1000, `the check-in of sign-up ${signupId} moved back ${minutes} min (now ${left})`)
}

/** Click something and wait for the API call it makes; returns the response. */
async function clickFor(page, locator, urlPart, method = 'POST') {
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(urlPart) && r.request().method() === method),
    locator.click(),
  ])
  return resp
}

export default [
  {
    name: 'volunteer: sign up, overlap refused, scan in and out, 2.5 h confirmed, certificate verifies, points redeemed, a correction keeps the original (390 px)',
    async fn({ page, apiAs, newSession, tmp }) {
      const staff = await apiAs('beiqu')
      const vol = await apiAs('vol1')

      // ---- the facts the story needs ----
      const me = await vol.get('/me/volunteer')
      assertEq(me.status, 200, `vol1 is a registered volunteer: ${me.text}`)
      const region = (staff.me.roles || []).find((r) => r.region_id)
      assert(region, 'beiqu has a role with a region (北区社区)')
      const orgs = (await staff.get(`/organisations?region_id=${region.region_id}&per_page=20`)).body?.items || []
      assert(orgs.length, '北区社区 has an organisation to record the hours')
      const org = orgs[0]
      const pointsBefore = (await vol.get('/me/points')).body?.balance ?? 0

      // ---- two activities today that overlap ----
      const stamp = Date.now()
      const start = stamp + 10 * MIN
      const base = {
        region_id: region.region_id, organisation_id: org.id, description: '端到端测试：陪伴长者、整理场地',
        place: '北区社区党群服务中心', latitude: 22.8449, longitude: 113.2556,
        contact_name: '北区社区居委会', contact_phone: '0757-22223333', audience: '独居长者',
      }
      const A = await staff.post('/activities', {
        ...base, title: `长者陪伴日 e2e ${stamp}`, starts_at: shanghai(start), ends_at: shanghai(start + 180 * MIN),
        cancel_before: shanghai(start - 5 * MIN), roles: [{ name: '陪伴长者', capacity: 5, skills: [] }, { name: '签到引导', capacity: 2, skills: [] }],
      })
      assertEq(A.status, 201, `beiqu publishes activity A: ${A.text}`)
      const B = await staff.post('/activities', {
        ...base, title: `社区清洁 e2e ${stamp}`, starts_at: shanghai(start + 60 * MIN), ends_at: shanghai(start + 240 * MIN),
        cancel_before: shanghai(start + 50 * MIN), roles: [{ name: '清洁', capacity: 10, skills: [] }],
      })
      assertEq(B.status, 201, `beiqu publishes activity B, overlapping A: ${B.text}`)
      const a = A.body
      const b = B.body

      // ---- vol1 on a phone: finds A in the list and signs up ----
      await page.setViewportSize(PHONE)
      await uiLogin(page, 'vol1')
      await page.goto('/volunteer/activities')
      await input(page, 'act-filter-q').fill(a.title)
      await input(page, 'act-filter-q').press('Enter')
      const card = page.locator(`[data-test="activity-card"][data-id="${a.id}"]`)
      await card.waitFor()
      await card.locator('[data-test="activity-places"]', { hasText: '7' }).waitFor() // 5 + 2 places, none taken
      await fits(page, '志愿活动')
      await card.locator(`[data-test="activity-open-${a.id}"]`).click()
      await page.waitForURL((u) => u.pathname === `/volunteer/activities/${a.id}`)
      await page.locator('[data-test="signup-open"]').click()
      const dlg = page.locator('[data-test="signup-dialog"]')
      await dlg.waitFor()
      const signed = await clickFor(page, page.locator('[data-test="signup-save"]'), `/activities/${a.id}/signups`)
      assertEq(signed.status(), 201, `vol1 signs up for A: ${await signed.text()}`)
      const signup = await signed.json()
      assertEq(signup.status, 'signed', 'a free place: signed, not waiting')
      await page.locator('[data-test="my-signup-status"][data-status="signed"]').waitFor()
      assert((await page.locator('[data-test="my-signup-deadline"]').innerText()).includes(':'), 'the cancel deadline is shown')
      await fits(page, 'activity A')

      // ---- the overlapping B is refused, naming A ----
      await page.goto(`/volunteer/activities/${b.id}`)
      await page.locator('[data-test="signup-open"]').click()
      await page.locator('[data-test="signup-dialog"]').waitFor()
      const refused = await clickFor(page, page.locator('[data-test="signup-save"]'), `/activities/${b.id}/signups`)
      assertEq(refused.status(), 409, 'a second, overlapping sign-up is refused')
      const msg = page.locator('.el-message--error').last()
      await msg.waitFor()
      assert((await msg.innerText()).includes(a.title), `the refusal names the clashing activity: ${await msg.innerText()}`)
      await page.keyboard.press('Escape')

      // ---- beiqu shows the venue code ----
      const org1 = await newSession()
      await uiLogin(org1, 'beiqu')
      await org1.goto(`/volunteer/activities/${a.id}`)
      await org1.locator('[data-test="venue-open"]').click()
      await org1.locator('[data-test="venue-svg"] svg').waitFor()
      const vc = await staff.get(`/activities/${a.id}/venue-code`)
      assertEq(vc.status, 200, `the organiser reads the venue code: ${vc.text}`)
      assert(vc.body.code && vc.body.expires_at, 'the venue code has a code and when it expires')
      const shown = await org1.locator('[data-test="venue-code"]').getAttribute('data-code')
      assert(shown, 'the panel shows a code')

      // ---- vol1 scans it: in, then (2.5 h later) out ----
      await page.goto(`/volunteer/scan?code=${encodeURIComponent(vc.body.code)}`)
      await page.locator('[data-test="scan-result"][data-outcome="in"]').waitFor()
      await fits(page, '扫码签到 (in)')
      backdateCheckIn(tmp, signup.id, 151)
      const vc2 = (await staff.get(`/activities/${a.id}/venue-code`)).body
      await page.goto(`/volunteer/scan?code=${encodeURIComponent(vc2.code)}`)
      const out = page.locator('[data-test="scan-result"]')
      await out.waitFor()
      assertEq(await out.getAttribute('data-outcome'), 'out', `the second scan checks out (${await out.innerText()})`)

      // ---- beiqu confirms 150 minutes on the roster ----
      await org1.reload()
      const confirmBtn = org1.locator(`[data-test="roster-confirm-${signup.id}"]`)
      await confirmBtn.waitFor()
      await confirmBtn.click()
      await org1.locator('[data-test="confirm-dialog"]').waitFor()
      await input(org1, 'confirm-minutes').fill('150')
      await input(org1, 'confirm-minutes').press('Tab')
      const conf = await clickFor(org1, org1.locator('[data-test="confirm-save"]'), `/signups/${signup.id}/confirm`)
      assert(conf.ok(), `beiqu confirms 150 minutes: ${conf.status()} ${await conf.text()}`)
      assertEq((await conf.request().postDataJSON()).minutes, 150, 'the minutes sent')
      await org1.locator(`[data-test="roster-record-${signup.id}"]`, { hasText: '2.5' }).waitFor()

      // ---- vol1: the record, the points ----
      const recs = (await vol.get('/me/records?per_page=50')).body.items
      const rec = recs.find((r) => r.activity_id === a.id)
      assert(rec, 'vol1 has a service record of A')
      assertEq(rec.minutes, 150, 'the record holds 150 minutes')
      await page.goto('/volunteer/me?tab=records')
      await page.locator(`[data-test="record-card"][data-id="${rec.id}"] [data-test="record-hours"]`, { hasText: '2.5' }).waitFor()
      await fits(page, '我的志愿 (records)')
      // her sign-ups go to her phone's calendar: the link on 我的报名 downloads an .ics of them
      await page.goto('/volunteer/me?tab=signups')
      const ical = page.locator('[data-test="my-ical"]')
      await ical.waitFor()
      const ics = await page.evaluate(async (href) => {
        const r = await fetch(href)
        return { type: r.headers.get('content-type'), text: (await r.text()).replace(/\r\n /g, '') } // unfolded
      }, await ical.getAttribute('href'))
      assert(ics.type.startsWith('text/calendar') && ics.text.includes('BEGIN:VEVENT') && ics.text.includes(a.title), `the calendar file holds A (${ics.type})`)
      const pointsAfter = (await vol.get('/me/points')).body.balance
      assert(pointsAfter > pointsBefore, `vol1 earned points for 2.5 h (${pointsBefore} → ${pointsAfter})`)

      // ---- vol1 asks for a certificate and downloads it ----
      await page.goto('/volunteer/me?tab=certs')
      await page.locator('[data-test="cert-ask"]').click()
      await page.locator('[data-test="cert-dialog"]').waitFor()
      await page.locator('[data-test="cert-org"]').click()
      await pickOption(page, org.name)
      const asked = await clickFor(page, page.locator('[data-test="cert-save"]'), '/me/certificates')
      assert(asked.ok(), `the certificate is issued: ${asked.status()} ${await asked.text()}`)
      const cert = await asked.json()
      assert(cert.id && cert.code, 'the certificate has an id and a verification code')
      await page.locator(`[data-test="cert-card"][data-id="${cert.id}"]`).waitFor()
      await fits(page, '我的志愿 (certificates)')
      const href = await page.locator(`[data-test="cert-pdf-${cert.id}"]`).getAttribute('href')
      assertEq(href, `/api/v1/certificates/${cert.id}/pdf`, 'the PDF link')
      const pdf = await page.request.get(href)
      assertEq(pdf.status(), 200, 'the PDF downloads')
      assert((pdf.headers()['content-type'] || '').includes('pdf'), `a PDF: ${pdf.headers()['content-type']}`)
      assertEq((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-', 'the file is a PDF')

      // ---- anyone, without login, verifies the code ----
      const anon = await newSession()
      await anon.setViewportSize(PHONE)
      await anon.goto(`/verify/${encodeURIComponent(cert.code)}`)
      const state = anon.locator('[data-test="verify-state"]')
      await state.waitFor()
      assertEq(await state.getAttribute('data-state'), 'valid', 'the public page says the certificate is valid')
      assert((await state.innerText()).includes('有效'), 'it says 有效')
      await anon.locator('[data-test="verify-cert"]').waitFor()
      assert(!(await anon.locator('[data-test="user-name"]').count()), 'the public page is outside the app (no login, no layout)')
      await fits(anon, '/verify')

      // ---- vol1 redeems an item with the points ----
      const items = (await vol.get('/catalogue?per_page=100')).body.items || []
      const price = (it) => Number(it.points)
      const afford = items.filter((it) => it.stock > 0 && it.active !== false && price(it) > 0 && price(it) <= pointsAfter)
      const item = afford.find((it) => /工具包|toolkit/i.test(it.name)) || afford.sort((x, y) => price(y) - price(x))[0]
      assert(item, `an item in stock that ${pointsAfter} points pay for (catalogue: ${items.map((it) => `${it.name} ${price(it)}`).join(', ')})`)
      await page.goto('/volunteer/catalogue')
      await input(page, 'cat-q').fill(item.name)
      await input(page, 'cat-q').press('Enter')
      await page.locator(`[data-test="cat-redeem-${item.id}"]`).click()
      await page.locator('[data-test="redeem-dialog"]').waitFor()
      await fits(page, '积分商城')
      const red = await clickFor(page, page.locator('[data-test="redeem-save"]'), `/catalogue/${item.id}/redeem`)
      assert(red.ok(), `vol1 redeems ${item.name}: ${red.status()} ${await red.text()}`)
      const pointsLeft = (await vol.get('/me/points')).body.balance
      assertEq(pointsLeft, pointsAfter - price(item), 'the price comes off the balance')
      await page.locator('[data-test="cat-balance"]', { hasText: String(pointsLeft) }).waitFor()

      // ---- a correction keeps the original: vol1 asks, beiqu accepts 140 minutes ----
      await page.goto('/volunteer/me?tab=records')
      await page.locator(`[data-test="record-correct-${rec.id}"]`).click()
      await page.locator('[data-test="correction-dialog"]').waitFor()
      await input(page, 'correction-minutes').fill('140')
      await input(page, 'correction-minutes').press('Tab')
      await page.locator('[data-test="correction-reason"] textarea, textarea[data-test="correction-reason"]').first().fill('中途离开了十分钟，应扣除')
      const asked2 = await clickFor(page, page.locator('[data-test="correction-save"]'), `/records/${rec.id}/corrections`)
      assertEq(asked2.status(), 201, `vol1 asks for a correction: ${await asked2.text()}`)
      const corr = await asked2.json()
      await page.locator(`[data-test="record-card"][data-id="${rec.id}"] [data-test="record-correction-open"]`).waitFor()
      await org1.goto('/volunteer/volunteers')
      await org1.locator('[id=tab-corrections]').click()
      await org1.locator(`[data-test="corr-accept-${corr.id}"]`).click()
      await org1.locator('[data-test="corr-accept-dialog"]').waitFor()
      const acc = await clickFor(org1, org1.locator('[data-test="corr-accept-save"]'), `/corrections/${corr.id}/accept`)
      assert(acc.ok(), `beiqu accepts the correction: ${acc.status()} ${await acc.text()}`)
      assertEq(acc.request().postDataJSON().minutes, 140, 'the accepted minutes are those asked for')
      const after = (await vol.get('/me/records?per_page=50')).body.items
      const old = after.find((r) => r.id === rec.id)
      const amended = after.find((r) => r.amends_id === rec.id)
      assert(old && amended, 'both the original and the amending record are listed')
      assertEq(old.minutes, 150, 'the original keeps its 150 minutes')
      assertEq(amended.minutes, 140, 'the amending record holds 140 minutes')
      await page.goto('/volunteer/me?tab=records')
      await page.locator(`[data-test="record-card"][data-id="${rec.id}"] [data-test="record-superseded"]`).waitFor()
      await page.locator(`[data-test="record-card"][data-id="${amended.id}"] [data-test="record-amends"]`).waitFor()
      await fits(page, '我的志愿 (a corrected record)')
    },
  },
  {
    name: 'volunteer: 转移接续 — beiqu takes in records vol1 kept in another system through 志愿者, a bad row is named, a second import adds nothing',
    async fn({ page, apiAs }) {
      const beiqu = await apiAs('beiqu')
      const vid = (await (await apiAs('vol1')).get('/me/volunteer')).body.id
      const mine = (await beiqu.get(`/volunteers/${vid}/records/transfer`)).body
      const rec = {
        source_id: 1, kind: 'service', content: '越秀区长者饭堂助餐 e2e', place: '越秀区长者饭堂',
        organisation: { name: '越秀区志愿者协会', credit_code: null },
        started_at: '2025-05-10T11:00:00+08:00', ended_at: '2025-05-10T13:00:00+08:00', minutes: 110,
        flagged: false, confirmer: '李社工', amends_source_id: null, amend_reason: null, recorded_at: '2025-05-10T15:00:00+08:00',
      }
      const doc = (records) => ({
        format: 'wushe.volunteer-records.v1', exported_at: '2026-11-30T18:00:00+08:00',
        source: { system: '广东省志愿服务信息系统', region: '广州市越秀区' },
        volunteers: [{ number: 'YX0001', name: mine.volunteers[0].name, id_number_sha256: mine.volunteers[0].id_number_sha256, registered_at: '2024-01-01T09:00:00+08:00', records }],
      })
      const file = (d) => ({ name: 'transfer.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(d)) })
      await uiLogin(page, 'beiqu')
      await page.goto('/volunteer/volunteers')
      await page.locator('[data-test="vols-import"]').waitFor()
      // a row beyond its span: refused, naming the volunteer and record of the file
      await page.locator('[data-test="vols-import-file"]').setInputFiles(file(doc([{ ...rec, minutes: 300 }])))
      await page.locator('.el-message--error', { hasText: '第 1 位志愿者的第 1 条记录' }).waitFor()
      await page.locator('[data-test="vols-import-file"]').setInputFiles(file(doc([rec])))
      await page.locator('.el-message--success', { hasText: '已导入 1 条' }).waitFor()
      await page.locator('[data-test="vols-import-file"]').setInputFiles(file(doc([rec])))
      await page.locator('.el-message--success', { hasText: '已导入 0 条服务记录，跳过已有的 1 条' }).waitFor()
      const recs = (await (await apiAs('vol1')).get('/me/records?per_page=100')).body.items
      const got = recs.find((r) => r.content === rec.content)
      assert(got && got.minutes === 110 && got.confirmer_name === '李社工', `vol1 has the 越秀区 record as recorded there: ${JSON.stringify(got)}`)
    },
  },
  {
    name: 'volunteer: 队伍月报 — beiqu picks a team and a month and sees its hours by person and its activities, as the API counts them',
    async fn({ page, apiAs }) {
      const beiqu = await apiAs('beiqu')
      const team = (await beiqu.get('/teams?q=' + encodeURIComponent('北区社区环保服务队'))).body.items[0]
      const acts = (await beiqu.get(`/activities?team_id=${team.id}&per_page=100&from=2025-01-01`)).body.items
      let month = null
      let rep = null
      for (const m of [...new Set(acts.map((a) => a.starts_at.slice(0, 7)))].sort().reverse()) {
        const r = (await beiqu.get(`/teams/${team.id}/report?month=${m}`)).body
        if (r.minutes > 0) {
          month = m
          rep = r
          break
        }
      }
      assert(rep, 'a month of the team has hours')
      await page.setViewportSize({ width: 390, height: 860 })
      await uiLogin(page, 'beiqu')
      await page.goto('/volunteer/volunteers?tab=report')
      await page.locator('#pane-report .el-date-editor input').first().fill(month)
      await page.locator('#pane-report .el-date-editor input').first().press('Enter')
      await page.locator('[data-test="report-team"]').click()
      await page.keyboard.type('环保服务队')
      await page.locator('.el-select-dropdown__item:visible', { hasText: '北区社区环保服务队' }).first().click()
      await page.locator('[data-test="report-chart"]').waitFor()
      const summary = await page.locator('[data-test="report-summary"]').innerText()
      assert(summary.includes((rep.minutes / 60).toFixed(1)), `the page shows the month's ${(rep.minutes / 60).toFixed(1)} hours: ${summary}`)
      assertEq(await page.locator('[data-test="report-activities"] .el-table__row').count(), rep.by_activity.length, 'one row per activity')
    },
  },
  {
    name: 'volunteer: 订阅到日历 — vol1 (390 px) makes a subscription address, a calendar app reads it without a login, revoking stops it; beiqu subscribes to a team from 队伍月报',
    async fn({ page, base, apiAs, newSession }) {
      await page.setViewportSize(PHONE)
      await uiLogin(page, 'vol1')
      await page.goto('/volunteer/me?tab=signups')
      await page.locator('[data-test="my-feed"]').click()
      const dlg = page.locator('[data-test="feed-dialog"]')
      await dlg.waitFor()
      await clickFor(page, page.locator('[data-test="feed-make"]'), '/me/calendar-feeds')
      const url = await page.locator('[data-test="feed-url"] input').inputValue()
      assert(/\/api\/v1\/calendar-feeds\/wcf_[\w-]+\/calendar\.ics$/.test(url), `a subscription address is shown: ${url}`)
      await fits(page, 'the subscription dialog')
      // a calendar app: no cookie, no login
      const poll = async () => {
        const r = await fetch(url.replace(/^https?:\/\/[^/]+/, base))
        return { status: r.status, text: await r.text() }
      }
      let got = await poll()
      assertEq(got.status, 200, 'the address answers without a login')
      assert(got.text.includes('BEGIN:VCALENDAR') && got.text.includes('UID:vol-signup-'), 'it holds vol1\'s sign-ups')
      const rows = page.locator('[data-test="feed-row"]')
      const n = await rows.count()
      assert(n >= 1, 'the new subscription is listed')
      await rows.first().locator('[data-test="feed-revoke"]').click()
      await clickFor(page, page.locator('.el-message-box .el-button--primary'), '/revoke')
      await page.locator('[data-test="feed-row"] .el-tag').first().waitFor()
      got = await poll()
      assertEq(got.status, 404, 'a revoked address answers 404')
      // beiqu: a team's calendar from its monthly report
      const beiqu = await apiAs('beiqu')
      const team = (await beiqu.get('/teams?q=' + encodeURIComponent('北区社区环保服务队'))).body.items[0]
      const p2 = await newSession()
      await p2.setViewportSize({ width: 1440, height: 900 })
      await uiLogin(p2, 'beiqu')
      await p2.goto('/volunteer/volunteers?tab=report')
      await p2.locator('[data-test="report-team"]').click()
      await p2.keyboard.type('环保服务队')
      await p2.locator('.el-select-dropdown__item:visible', { hasText: team.name }).first().click()
      await p2.locator('[data-test="report-feed"]').click()
      await p2.locator('[data-test="feed-dialog"]').getByText(team.name).first().waitFor()
      await clickFor(p2, p2.locator('[data-test="feed-make"]'), '/me/calendar-feeds')
      const turl = await p2.locator('[data-test="feed-url"] input').inputValue()
      const r = await fetch(turl.replace(/^https?:\/\/[^/]+/, base))
      const text = await r.text()
      assert(r.status === 200 && text.includes(`X-WR-CALNAME:${team.name}`), `the team's calendar: ${r.status} ${text.slice(0, 200)}`)
    },
  },
]
