// Grants and disclosure (issue 12 items 4 and 7): 文华社区's manager
// (wenhua) applies for a micro-grant from the community development fund
// with two tranches, puts it to the committee and votes as its chair; two
// members vote yes by the API (3 of 4: approved, both tranches reserved);
// the manager pays the first tranche, records a spending line with its
// receipt scan (a PDF uploaded through the page), pays the second; then
// anyone, without logging in, on a 390 px phone, opens the fund's public
// page and sees the grant paid in full, its spending, and both tranches
// among the money out — and the page fits the phone.
//
// What it assumes of the demo: wenhua is community staff of 文华社区 and
// the manager and chair of a fund there (GET /grant-funds: can_manage and
// on_committee), whvote1 and whvote2 (Demo@2026) sit on its committee of
// four with accounts, and the fund holds more than 3,000 yuan.
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

async function confirmBox(page) {
  await page.locator('.el-message-box .el-button--primary').click()
}

export default [
  {
    name: 'grants: apply → committee vote → tranche paid → spending with receipt → second tranche → public page (390 px, no login)',
    async fn({ page, apiAs, newSession }) {
      const wenhua = await apiAs('wenhua')
      const funds = (await wenhua.get('/grant-funds')).body?.items || []
      const fund = funds.find((f) => f.can_manage && f.on_committee && f.available > 300000)
      assert(fund, `wenhua manages and chairs a fund with money: ${JSON.stringify(funds)}`)
      const before = (await wenhua.get(`/public/funds/${fund.id}`)).body
      const title = `e2e 社区花园 ${Date.now()}`

      // ---- the manager applies through the page ----
      await uiLogin(page, 'wenhua')
      await page.goto('/grants/list')
      await page.locator(`[data-test="fund-${fund.id}"]`).waitFor()
      await page.locator('[data-test="grant-apply"]').click()
      await page.locator('[data-test="apply-dialog"]').waitFor()
      await input(page, 'apply-title').fill(title)
      await input(page, 'apply-recipient').fill('第二网格居民小组')
      await input(page, 'apply-amount').fill('3000')
      await input(page, 'apply-tranche-0').fill('2000')
      await page.locator('[data-test="apply-add-tranche"]').click()
      await input(page, 'apply-tranche-1').fill('1000')
      await input(page, 'apply-title').click() // blur the number inputs
      const applied = await clickFor(page, page.locator('[data-test="apply-save"]'), '/api/v1/grants')
      assertEq(applied.status(), 201, `the application is accepted: ${await applied.text()}`)
      const g = await applied.json()
      assertEq(g.amount, 300000, 'the amount in fen')
      assertEq(g.tranches.map((x) => x.amount).join(','), '200000,100000', 'two tranches as typed')
      await page.waitForURL((u) => u.pathname === `/grants/${g.id}`)
      await page.locator('[data-test="grant-status"]', { hasText: '待审' }).waitFor()

      // ---- to the committee; the chair votes on the page ----
      await page.locator('[data-test="grant-open-vote"]').click()
      await confirmBox(page)
      await page.locator('[data-test="grant-status"]', { hasText: '表决中' }).waitFor()
      await page.locator('[data-test="vote-choice"] label', { hasText: '赞成' }).click()
      const voted = await clickFor(page, page.locator('[data-test="vote-cast"]'), `/grants/${g.id}/votes`)
      assertEq(voted.status(), 200, `the chair's vote: ${await voted.text()}`)
      await page.locator('[data-test="vote-done"]').waitFor()
      assert((await page.locator('[data-test="grant-tally"]').innerText()).includes('1'), 'one yes shown')

      // ---- two members vote yes: 3 of 4, approved ----
      const v1 = await apiAs('whvote1')
      const r1 = await v1.post(`/grants/${g.id}/votes`, { choice: 'yes' })
      assertEq(r1.status, 200, `whvote1 votes: ${r1.text}`)
      assertEq(r1.body.status, 'voting', 'two of four is not yet a majority')
      const v2 = await apiAs('whvote2')
      const r2 = await v2.post(`/grants/${g.id}/votes`, { choice: 'yes' })
      assertEq(r2.body.status, 'approved', 'the third yes approves')
      await page.reload()
      await page.locator('[data-test="grant-status"]', { hasText: '已批准' }).waitFor()
      await page.locator('[data-test="tranche-status-1"]', { hasText: '已预留' }).waitFor()

      // ---- first tranche paid ----
      await page.locator('[data-test="tranche-pay-1"]').click()
      const paid1 = await clickFor(page, page.locator('.el-message-box .el-button--primary'), '/pay')
      assertEq(paid1.status(), 200, `tranche 1 paid: ${await paid1.text()}`)
      await page.locator('[data-test="tranche-status-1"]', { hasText: '已拨付' }).waitFor()

      // ---- a spending line with its receipt scan ----
      await page.locator('[data-test="spending-add"]').click()
      await page.locator('[data-test="spending-dialog"]').waitFor()
      await input(page, 'spending-item').fill('花苗与种子')
      await input(page, 'spending-amount').fill('1500')
      await page.locator('[data-test="spending-file"]').setInputFiles({ name: '种苗发票.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% e2e receipt\n%%EOF\n') })
      await input(page, 'spending-item').click()
      const spent = await clickFor(page, page.locator('[data-test="spending-save"]'), `/grants/${g.id}/spending`)
      assertEq(spent.status(), 201, `the spending line: ${await spent.text()}`)
      const line = (await spent.json()).spending.find((s) => s.item === '花苗与种子')
      assert(line && line.amount === 150000 && line.receipt.content_type === 'application/pdf', 'the line carries its PDF receipt')
      await page.locator(`[data-test="receipt-${line.id}"]`).waitFor()
      const scan = await wenhua.get(`/grant-receipts/${line.receipt.id}`)
      assert(String(scan.text).includes('e2e receipt'), 'the stored scan is the uploaded file')

      // ---- second tranche ----
      await page.locator('[data-test="tranche-pay-2"]').click()
      await clickFor(page, page.locator('.el-message-box .el-button--primary'), '/pay')
      await page.locator('[data-test="tranche-status-2"]', { hasText: '已拨付' }).waitFor()
      assert((await page.locator('[data-test="grant-paid"]').innerText()).includes('3,000.00'), 'paid 3,000.00 shown')

      // ---- the public page, no login, on a phone ----
      const pub = await newSession()
      await pub.setViewportSize(PHONE)
      await pub.goto(`/public/funds/${fund.id}`)
      await pub.locator('[data-test="public-fund-page"] [data-test="pub-name"]').waitFor()
      assert(!pub.url().includes('/login'), 'the public page needs no login')
      const card = pub.locator(`[data-test="pub-grant-${g.id}"]`)
      await card.waitFor()
      const progress = await card.locator('[data-test="pub-grant-progress"]').innerText()
      assert(progress.includes('3,000.00') && progress.includes('1,500.00'), `paid and spent on the public page: ${progress}`)
      const flows = await pub.locator('[data-test^="pub-flow-"]').allInnerTexts()
      assert(flows.some((f) => f.includes(title) && f.includes('第1期') && f.includes('2,000.00')), 'tranche 1 among the money out')
      assert(flows.some((f) => f.includes(title) && f.includes('第2期') && f.includes('1,000.00')), 'tranche 2 among the money out')
      const bal = await pub.locator('[data-test="pub-balance"]').innerText()
      const expected = (before.balance.posted - 300000) / 100
      assert(bal.replace(/[¥,]/g, '').startsWith(String(expected)), `the balance is 3,000 less: ${bal} vs ${expected}`)
      await fits(pub, '基金公示')
      const href = await pub.locator('[data-test="pub-csv"]').getAttribute('href')
      const csv = await fetch(new URL(href, pub.url())).then((r) => r.text())
      assert(csv.includes(title), 'the public CSV statement lists the grant')
    },
  },
]
