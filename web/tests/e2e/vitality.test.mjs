// The vitality index pages: the index (radar, 短板, "no data" badges, town
// heat grid, ranking), scope refusals, the weights editor, the comparison.
import { assert, assertEq, uiLogin } from './lib.mjs'

async function regionId(api, name) {
  const r = await api.get('/regions?q=' + encodeURIComponent(name) + '&per_page=50')
  const hit = (r.body.items || []).find((x) => x.name === name)
  assert(hit, `region ${name} not found`)
  return hit.id
}

export default [
  {
    name: 'vitality: the district index shows the radar, the 短板 with their numbers and no-data badges',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const v = await api.get('/vitality')
      assertEq(v.status, 200, 'GET /vitality')
      await uiLogin(page, 'admin')
      await page.goto('/vitality')
      await page.locator('[data-test="vi-region-name"]', { hasText: '顺德区' }).waitFor()
      await page.locator('[data-test="vi-radar"] canvas').waitFor()
      const total = (await page.locator('[data-test="vi-total"]').innerText()).trim()
      assertEq(total, v.body.total.toFixed(1), 'total shown')
      // 短板: three items, in the server's order, with the figures behind them
      const weak = page.locator('[data-test="vi-weak"] .weak-item')
      assertEq(await weak.count(), 3, '短板 items')
      for (let i = 0; i < 3; i++) {
        assertEq(await weak.nth(i).getAttribute('data-key'), v.body.weak[i].key, `短板 ${i + 1}`)
        const detail = await weak.nth(i).locator('[data-test="vi-weak-detail"]').innerText()
        assertEq(detail.trim(), v.body.weak[i].detail, `短板 ${i + 1} figures`)
      }
      // every component without data carries the badge; none shows a score of 0 instead
      const badges = page.locator('[data-test="vi-nodata"]')
      assertEq(await badges.count(), v.body.no_data.length, 'no-data badges')
      assert((await badges.first().innerText()).includes('暂无数据'), 'badge text')
      const keys = await badges.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))
      for (const k of v.body.no_data) assert(keys.includes(k), `no badge for ${k}`)
      await page.locator('[data-test="vi-note"]').waitFor()
      // formula with the current weights
      const formula = await page.locator('[data-test="vi-formula"]').innerText()
      assert(formula.includes('Σ') && formula.includes('每千人志愿者数 10'), `formula/weights: ${formula}`)
      // the ten towns as a heat grid, and the communities ranked
      assertEq(await page.locator('[data-test="vi-heat"] .tile').count(), 10, 'town tiles')
      await page.locator('[data-test="vi-trend"] canvas').waitFor()
      const rows = await page.locator('[data-test="vi-ranking"] .el-table__body tr').count()
      assert(rows >= 30, `ranking rows: ${rows}`)
    },
  },
  {
    name: 'vitality: daliang sees 大良 and its communities, a 容桂 community is refused',
    async fn({ page, apiAs }) {
      const admin = await apiAs('admin')
      const zhenhua = await regionId(admin, '振华社区')
      await uiLogin(page, 'daliang')
      await page.goto('/vitality')
      await page.locator('[data-test="vi-region-name"]', { hasText: '大良街道' }).waitFor()
      await page.locator('[data-test="vi-ranking"] .el-table__body tr', { hasText: '北区社区' }).first().waitFor()
      const ranking = await page.locator('[data-test="vi-ranking"]').innerText()
      assert(!ranking.includes('振华社区'), 'a 容桂 community in daliang ranking')
      assertEq(await page.locator('[data-test="vi-heat"] .tile').count(), 1, 'towns visible to daliang')
      // open a community from the ranking: its radar and 短板
      await page.locator('[data-test="vi-ranking"] a', { hasText: '北区社区' }).click()
      await page.locator('[data-test="vi-region-name"]', { hasText: '北区社区' }).waitFor()
      await page.locator('[data-test="vi-radar"] canvas').waitFor()
      await page.locator('[data-test="vi-weak"] .weak-item').first().waitFor()
      // no weights editor for a town admin
      assertEq(await page.locator('[data-test="vi-weights"]').count(), 0, 'weights button for daliang')
      await page.goto('/vitality/' + zhenhua)
      const err = page.locator('[data-test="vi-error"]')
      await err.waitFor()
      assertEq(await err.getAttribute('data-status'), '403', 'refusal status')
    },
  },
  {
    name: 'vitality: the district admin edits weights; a sum other than 100 is refused with the server message',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const before = (await api.get('/vitality/config')).body
      await uiLogin(page, 'admin')
      await page.goto('/vitality')
      await page.locator('[data-test="vi-radar"] canvas').waitFor()
      await page.locator('[data-test="vi-weights"]').click()
      const dlg = page.locator('.el-dialog:visible')
      const vol = dlg.locator('[data-test="vi-weight-volunteers"] input')
      await vol.waitFor()
      await vol.fill('15')
      await vol.press('Tab')
      await dlg.locator('[data-test="vi-weights-sum"]', { hasText: '105' }).waitFor()
      const [bad] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/vitality/config') && x.request().method() === 'PUT'),
        dlg.locator('[data-test="vi-weights-save"]').click(),
      ])
      assertEq(bad.status(), 422, 'PUT with sum 105')
      const msg = (await bad.json()).error.message
      await dlg.locator('[data-test="vi-weights-error"]', { hasText: msg }).waitFor()
      const nr = dlg.locator('[data-test="vi-weight-new_residents"] input')
      await nr.fill('5')
      await nr.press('Tab')
      await dlg.locator('[data-test="vi-weights-sum"]', { hasText: '100' }).waitFor()
      const [ok] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/vitality/config') && x.request().method() === 'PUT'),
        dlg.locator('[data-test="vi-weights-save"]').click(),
      ])
      assertEq(ok.status(), 200, 'PUT with sum 100')
      assertEq(ok.request().postDataJSON().version, before.version, 'version sent')
      await page.locator('[data-test="vi-formula"] .el-tag[data-key="volunteers"]', { hasText: '15' }).waitFor()
      const audit = await api.get('/audit?entity=vitality_config&per_page=5')
      assert(audit.body.total >= 1, 'the change is not audited')
      // put the weights back for the other tests
      const now = (await api.get('/vitality/config')).body
      const put = await page.evaluate(
        async ({ version, components }) => {
          const me = await (await fetch('/api/v1/me')).json()
          const res = await fetch('/api/v1/vitality/config', {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
            body: JSON.stringify({ version, components }),
          })
          return res.status
        },
        { version: now.version, components: before.components.map((c) => ({ key: c.key, weight: c.weight })) },
      )
      assertEq(put, 200, 'weights restored')
    },
  },
  {
    name: 'vitality: two communities compared side by side',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const a = await regionId(api, '北区社区')
      const b = await regionId(api, '文华社区')
      await uiLogin(page, 'admin')
      await page.goto(`/vitality-compare?ids=${a},${b}`)
      await page.locator('[data-test="vi-compare-radar"] canvas').waitFor()
      const head = await page.locator('[data-test="vi-compare-table"] .el-table__header').innerText()
      assert(head.includes('北区社区') && head.includes('文华社区'), `compare columns: ${head}`)
      const body = await page.locator('[data-test="vi-compare-table"] .el-table__body').first().innerText()
      assert(body.includes('暂无数据'), 'no-data cells in the comparison')
    },
  },
]
