// Service disputes on the matching board: a delivery disputed for the
// beneficiary shows in the board's 服务异议 tab with its reason; staff check
// and confirm it from there, and it leaves the tab.
import { assert, assertEq, uiLogin } from './lib.mjs'

export default [
  {
    name: 'exchange disputes: beiqu sees a disputed delivery on the board and confirms it after checking',
    async fn({ page, apiAs }) {
      const api = await apiAs('beiqu')
      const regions = await api.get('/regions?q=' + encodeURIComponent('北区社区'))
      const beiqu = regions.body.items[0].id
      const delivered = await api.get(`/matches?status=delivered&region_id=${beiqu}&per_page=5`)
      assert(delivered.body.items.length > 0, 'a delivered match in 北区社区 (demo)')
      const m = delivered.body.items[0]
      const r = await api.post(`/matches/${m.id}/dispute`, { version: m.version, reason: '老人说服务人员没有上门' })
      assertEq(r.status, 200, 'dispute')
      assertEq(r.body.status, 'disputed', 'status after the dispute')

      await uiLogin(page, 'beiqu')
      await page.goto('/exchange/board')
      await page.locator('.el-tabs__item', { hasText: '服务异议' }).click()
      const row = page.locator('[data-test="disputes-table"] .el-table__row', { hasText: '老人说服务人员没有上门' })
      await row.waitFor()
      assert((await row.innerText()).includes(m.demand_title), 'the demand is named')
      await row.locator('[data-test="dispute-confirm"]').click()
      await row.waitFor({ state: 'detached' })
      const after = await api.get(`/matches/${m.id}`)
      assertEq(after.body.status, 'confirmed', 'confirmed after checking')
      assertEq(after.body.dispute_reason, '老人说服务人员没有上门', 'the reason is kept')
    },
  },
]
