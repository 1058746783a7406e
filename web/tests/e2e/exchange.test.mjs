// The service exchange end to end, across the three roles' logins (the
// story is split in four tests that run in order, so each fits the runner's
// per-test time limit on a loaded machine): a resident posts a need for
// weekly visits to an elderly neighbour, 北区社区 staff run matching and
// confirm the proposal, the volunteer team's account accepts and records the
// delivery, the resident confirms the help and rates it. Then the staff
// demand ledger, the board's unmatched reasons and overdue roll-up, and a
// second provider and resident who must not see the beneficiary.
import { assert, assertEq, input, pickOption, uiLogin } from './lib.mjs'

const TITLE = '邻居张伯需要每周探访（e2e）'
const NEIGHBOUR = '张伯伯'

/** An Element Plus textarea: data-test may sit on the <textarea> or its wrapper. */
function textarea(page, name) {
  return page.locator(`textarea[data-test="${name}"], [data-test="${name}"] textarea`).first()
}

function row(page, text) {
  return page.locator('.el-table__row', { hasText: text }).first()
}

export default [
  {
    name: 'exchange story 1/4: the resident posts a need for weekly visits to an elderly neighbour',
    async fn({ page, apiAs }) {
      await uiLogin(page, 'resident')
      await page.goto('/exchange/my')
      await page.locator('[data-test="need-new"]').click()
      await input(page, 'need-title').fill(TITLE)
      await page.locator('[data-test="term-select"]').click()
      await pickOption(page, '探访关怀')
      await page.keyboard.press('Escape')
      await textarea(page, 'need-description').fill('张伯 85 岁独居，希望每周有人上门陪他聊聊天。')
      await page.locator('[data-test="need-for-other"]').click()
      await input(page, 'need-beneficiary-name').fill(NEIGHBOUR)
      await input(page, 'need-beneficiary-phone').fill('13812340000')
      // the place without a map: her grid, and the address for whoever comes (issue 10 item 4)
      await page.locator('[data-test="need-form"] [data-test="need-place"]').click()
      await page.locator('.el-tree-node__content:visible', { hasText: '第二网格' }).first().click()
      await input(page, 'need-address').fill('北区社区第二网格 8 栋 302')
      for (const d of [0, 2, 4]) await page.locator(`[data-test="slot-${d}-1"]`).click() // Mon/Wed/Fri afternoons
      await page.locator('[data-test="need-submit"]').click()
      const card = page.locator(`[data-test="demand-card"][data-title="${TITLE}"]`)
      await card.waitFor()
      assert((await card.locator('[data-test="demand-status"]').innerText()).includes('待匹配'), 'new demand shows 待匹配')
      const mine = await (await apiAs('resident')).get('/demands/mine?per_page=100')
      const d = mine.body.items.find((x) => x.title === TITLE)
      assertEq(d.region_name, '第二网格', 'the place chosen')
      assertEq(d.address, '北区社区第二网格 8 栋 302', 'the address given')
    },
  },
  {
    name: 'exchange story 2/4: 北区社区 staff run matching and confirm the proposal',
    async fn({ page }) {
      await uiLogin(page, 'beiqu')
      await page.goto('/exchange/board')
      await page.locator('[data-test="board-run"]').click()
      await page.locator('[data-test="board-result"]').waitFor()
      const prop = row(page, TITLE)
      await prop.waitFor()
      const costText = await prop.locator('[data-test="cost-breakdown"]').innerText()
      assert(costText.includes('距离') && costText.includes('合计'), `cost breakdown shown: ${costText}`)
      await prop.locator('[data-test="proposal-confirm"]').click()
      await prop.locator('.el-tag', { hasText: '已发给服务方' }).waitFor()
    },
  },
  {
    name: 'exchange story 3/4: the volunteer team accepts and records the delivery',
    async fn({ page }) {
      await uiLogin(page, 'provider')
      await page.goto('/exchange/provider')
      const pm = row(page, TITLE)
      await pm.waitFor()
      assertEq((await pm.locator('[data-test="pm-beneficiary"]').innerText()).trim(), NEIGHBOUR, 'provider sees the consented beneficiary')
      await pm.locator('[data-test="pm-accept"]').click()
      await pm.locator('[data-test="pm-status"]', { hasText: '已接单' }).waitFor()
      // The list carries the phone masked; the full number only through the
      // audited reveal, open to the provider while the match is accepted.
      const masked = await pm.locator('[data-test^="pm-phone-"]').innerText()
      assert(masked.includes('138****0000') && !masked.includes('13812340000'), `masked phone in the list: ${masked}`)
      await pm.locator('[data-test^="reveal-contact-"]').click()
      const dlg = page.locator('.el-dialog[data-test="contact-reveal-dialog"]')
      await input(page, 'contact-reveal-purpose').fill('上门前电话联系')
      await dlg.locator('[data-test="contact-reveal-submit"]').click()
      await dlg.locator('[data-test="contact-reveal-phone"]', { hasText: '13812340000' }).waitFor()
      await dlg.getByRole('button', { name: '关闭', exact: true }).click()
      await dlg.waitFor({ state: 'hidden' })
      await pm.locator('[data-test="pm-deliver"]').click()
      await input(page, 'deliver-minutes').fill('90')
      await textarea(page, 'deliver-note').fill('陪张伯聊天、量血压')
      await page.locator('[data-test="deliver-save"]').click()
      await pm.locator('[data-test="pm-status"]', { hasText: '已服务' }).waitFor()
    },
  },
  {
    name: 'exchange story 4/4: the resident confirms the help and rates it; the demand is fulfilled',
    async fn({ page, apiAs }) {
      await uiLogin(page, 'resident')
      await page.goto('/exchange/my')
      // the delivery waits for her: 需跟进, where the page opens
      await page.locator('[data-test="group-tab-needs_action"]').click()
      const done = page.locator(`[data-test="demand-card"][data-title="${TITLE}"]`)
      await done.waitFor()
      await done.locator('[data-test="match-bconfirm"]').click()
      await done.locator('[data-test="match-rate"]').waitFor()
      await done.locator('[data-test="match-rate-stars"] .el-rate__item').nth(4).click()
      await input(done, 'match-rate-comment').fill('志愿者很耐心')
      await done.locator('[data-test="match-rate"]').click()
      await done.locator('[data-test="match-row"][data-status="rated"]').waitFor()
      assert((await done.locator('[data-test="demand-status"]').innerText()).includes('已解决'), 'demand shows 已解决')

      // the store agrees: fulfilled, 90 minutes, rated 5
      const api = await apiAs('resident')
      const mine = await api.get('/demands/mine?per_page=100')
      const d = mine.body.items.find((x) => x.title === TITLE)
      assert(d, 'demand in /demands/mine')
      assertEq(d.status, 'fulfilled', 'demand status')
      assert(d.fulfilled_at, 'fulfilled_at set')
      assertEq(d.matches[0].status, 'rated', 'match status')
      assertEq(d.matches[0].rating, 5, 'rating')
      assertEq(d.matches[0].minutes_delivered, 90, 'minutes delivered')
    },
  },
  {
    name: 'exchange: community staff record a need for a resident in the demand ledger',
    async fn({ page, apiAs }) {
      await uiLogin(page, 'beiqu')
      await page.goto('/exchange/demands')
      await page.locator('[data-test="demand-create"]').click()
      const dlg = page.locator('[data-test="demand-dialog"]')
      await input(dlg, 'demand-form-title').fill('刘婆婆需要送餐（台账）')
      await dlg.locator('[data-test="term-select"]').click()
      await pickOption(page, '助餐配餐')
      await page.keyboard.press('Escape')
      await dlg.locator('[data-test="demand-form-save"]').click()
      await page.locator('[data-test="demands-table"] .el-table__row', { hasText: '刘婆婆需要送餐（台账）' }).waitFor()
      const api = await apiAs('beiqu')
      const r = await api.get('/demands?q=' + encodeURIComponent('刘婆婆') + '&per_page=5')
      assertEq(r.body.items[0].region_name, '北区社区', 'region defaults to the staff member’s community')
      assertEq(r.body.items[0].source, 'community_staff', 'source')
      assertEq(r.body.items[0].consent, false, 'no consent recorded yet')
    },
  },
  {
    name: 'exchange: the board shows unmatched reasons and the overdue queue rolled up by town',
    async fn({ page }) {
      await uiLogin(page, 'daliang')
      await page.goto('/exchange/board')
      await page.locator('[data-test="board-run"]').click()
      await page.locator('[data-test="board-result"]').waitFor()
      await page.locator('.el-tabs__item', { hasText: '未匹配的需求' }).click()
      await page.locator('[data-test="unmatched-reason"]').first().waitFor()
      await page.locator('.el-tabs__item', { hasText: '超时事项' }).click()
      const towns = page.locator('[data-test="overdue-towns"]')
      await towns.locator('.el-table__row', { hasText: '大良街道' }).waitFor()
      await page.locator('[data-test="overdue-communities"] .el-table__row', { hasText: '北区社区' }).waitFor()
      const text = await page.locator('[data-test="overdue-table"]').innerText()
      assert(!text.includes('容桂'), 'no 容桂 items in the 大良 queue')
    },
  },
  {
    name: 'exchange: another provider and another resident cannot see the beneficiary',
    async fn({ apiAs }) {
      const admin = await apiAs('admin')
      const beiqu = (await admin.get('/regions?q=' + encodeURIComponent('北区社区'))).body.items[0].id
      const zhenhua = (await admin.get('/regions?q=' + encodeURIComponent('振华社区'))).body.items[0].id
      await admin.post('/users', { username: 'e2e_res2', display_name: '邻居乙', password: 'Demo@2026', roles: [{ role: 'resident', region_id: beiqu }] })
      await admin.post('/users', { username: 'e2e_prov2', display_name: '容桂机构', password: 'Demo@2026', roles: [{ role: 'org_admin', region_id: zhenhua }] })
      const r2 = await apiAs('e2e_res2')
      const p2 = await apiAs('e2e_prov2')
      for (const c of [r2, p2]) {
        const m = await c.get('/matches?mine=1&per_page=100')
        assertEq(m.status, 200, 'list status')
        assert(!m.text.includes(NEIGHBOUR), 'no beneficiary name in another account’s matches')
        const d = await c.get('/demands/mine?per_page=100')
        assert(!d.text.includes(NEIGHBOUR) && !d.text.includes('13812340000'), 'no beneficiary in another account’s demands')
      }
    },
  },
]
