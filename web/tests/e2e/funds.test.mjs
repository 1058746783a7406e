// The charity funds' Done-when story (issue 12), on a 390 px phone: the
// demo resident 黄婉仪 opens her community's named fund (北区社区冠名基金),
// gives 66.66 yuan from the 我要捐赠 form and presses its button twice; the
// server records one donation (the form sends one submission id, and the
// same id sent again answers the first and adds nothing); the fund page
// shows her gift and the new balance; the receipt downloads as a PDF; 我的
// 捐赠 lists it with its receipt number; her second print is a copy.
//
// What it assumes of the demo: resident (Demo@2026) lives in 北区社区, whose
// named fund is open and hosted by a charity that issues receipts.
import { assert, assertEq, uiLogin } from './lib.mjs'

const PHONE = { width: 390, height: 844 }

async function fits(page, what) {
  await page.waitForTimeout(300)
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }))
  assert(scroll <= width + 1, `${what}: the page is ${scroll} px wide on a ${width} px screen`)
}

export default [
  {
    name: 'funds: donate from a phone (twice pressed, recorded once) → receipt PDF → the fund page shows it → 我的捐赠 (390 px)',
    async fn({ page, apiAs }) {
      const res = await apiAs('resident')
      const list = await res.get(`/funds?q=${encodeURIComponent('北区社区冠名')}`)
      assertEq(list.status, 200, `the resident lists funds: ${list.text}`)
      const fund = list.body.items[0]
      assert(fund && fund.status === 'active', '北区社区冠名基金 is open')
      const before = (await res.get(`/funds/${fund.id}`)).body
      const countBefore = (await res.get(`/funds/${fund.id}/donations?per_page=1`)).body.total

      await page.setViewportSize(PHONE)
      await uiLogin(page, 'resident')
      await page.goto('/funds')
      const card = page.locator('[data-test="fund-card"][data-name="北区社区冠名基金"]')
      await card.waitFor()
      await fits(page, '基金')
      await card.click()
      await page.waitForURL((u) => u.pathname === `/funds/${fund.id}`)
      await page.locator('[data-test="fund-balance"]').waitFor()
      await fits(page, '基金详情')

      // ---- 我要捐赠: 66.66 yuan, the button pressed twice ----
      await page.locator('[data-test="fund-donate"]').click()
      const dlg = page.locator('[data-test="donate-dialog"]')
      await dlg.waitFor()
      const amount = dlg.locator('[data-test="donate-amount"] input')
      await amount.fill('66.66')
      await amount.blur()
      const posts = []
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().includes(`/funds/${fund.id}/donations`)) posts.push(r.postDataJSON())
      })
      const first = page.waitForResponse((r) => r.url().includes(`/funds/${fund.id}/donations`) && r.request().method() === 'POST')
      await page.locator('[data-test="donate-save"]').dblclick()
      const resp = await first
      assert([200, 201].includes(resp.status()), `the donation is accepted: ${resp.status()} ${await resp.text()}`)
      const d = await resp.json()
      assertEq(d.amount_fen, 6666, 'in fen')
      assertEq(d.donor_name, '黄婉仪', 'she gives as herself')
      assert(d.receipt_number, 'a receipt number is issued')
      await page.waitForTimeout(800)
      assert(posts.length >= 1, 'the form posted')
      assert(posts.every((b) => b.client_id === posts[0].client_id), 'every submission of the form carries the same submission id')

      // the same submission once more, as a retry would: nothing added
      const again = await res.post(`/funds/${fund.id}/donations`, posts[0])
      assertEq(again.status, 200, `a repeat answers the first: ${again.text}`)
      assertEq(again.body.existed, true, 'the repeat says it existed')
      assertEq(again.body.id, d.id, 'the same donation')
      const after = (await res.get(`/funds/${fund.id}`)).body
      assertEq(after.balance.posted_fen - before.balance.posted_fen, 6666, 'the balance grew by 66.66 yuan, once')
      assertEq((await res.get(`/funds/${fund.id}/donations?per_page=1`)).body.total, countBefore + 1, 'one donation more, not two')

      // ---- the fund page shows it, with its receipt ----
      await page.locator('[data-test="donate-dialog"]').waitFor({ state: 'hidden' })
      const row = page.locator(`[data-test="donation-row"][data-id="${d.id}"]`)
      await row.waitFor()
      assert((await row.locator('[data-test="donation-donor"]').innerText()).includes('黄婉仪'), 'her name on the row')
      assert((await row.locator('[data-test="donation-amount"]').innerText()).includes('66.66'), 'the amount on the row')
      const shown = await page.locator('[data-test="fund-balance"]').innerText()
      const yuan = (after.balance.posted_fen / 100).toFixed(2)
      assert(shown.replace(/,/g, '').includes(yuan), `the balance shown (${shown}) is the ledger's (${yuan})`)
      const href = await row.locator(`[data-test="receipt-${d.id}"]`).getAttribute('href')
      assertEq(href, `/api/v1/fund-receipts/${d.receipt_id}/pdf`, 'the receipt link')
      const pdf = await page.request.get(href)
      assertEq(pdf.status(), 200, 'the receipt downloads')
      const body = await pdf.body()
      assertEq(body.subarray(0, 5).toString('latin1'), '%PDF-', 'a PDF')
      const hex = (s) => [...s].map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join('')
      assert(body.toString('latin1').includes(hex('donation-receipt original')), 'the first print is the original')
      const copy = await page.request.get(href)
      assert((await copy.body()).toString('latin1').includes(hex('donation-receipt copy')), 'the second print is a copy (副本)')
      await fits(page, '基金详情 after the gift')

      // ---- 我的捐赠 ----
      await page.goto('/funds/mine')
      const mine = page.locator('[data-test="mine-row"]', { hasText: d.receipt_number })
      await mine.waitFor()
      assert((await mine.innerText()).includes('66.66'), 'her history lists the gift')
      await fits(page, '我的捐赠')
    },
  },
]
