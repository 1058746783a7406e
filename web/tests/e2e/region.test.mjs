// The region tree: browsing, scopes, refusals.
import { assert, assertEq, expandNode, fmtNum, selectNode, treeNode, uiLogin } from './lib.mjs'

async function regionByName(api, name) {
  const r = await api.get('/regions?q=' + encodeURIComponent(name) + '&per_page=50')
  assertEq(r.status, 200, `GET /regions?q=${name} status`)
  const hit = (r.body.items || []).find((x) => x.name === name)
  assert(hit, `region ${name} not found through the API`)
  return hit
}

export default [
  {
    name: 'district admin browses 顺德区 → 大良街道 → 北区社区 and sees its population',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const beiqu = await regionByName(api, '北区社区')
      await uiLogin(page, 'admin')
      await page.goto('/regions') // every login lands on /home
      await page.waitForURL(/\/regions\/\d+$/)
      await treeNode(page, '顺德区').waitFor()
      await expandNode(page, '顺德区')
      await treeNode(page, '容桂街道').waitFor()
      await selectNode(page, '大良街道')
      await expandNode(page, '大良街道')
      await selectNode(page, '北区社区')
      const total = (await page.locator('[data-test="stat-total"] .value').innerText()).trim()
      assertEq(total, fmtNum(beiqu.total_pop), '北区社区 total population')
      const reg = (await page.locator('[data-test="stat-registered"] .value').innerText()).trim()
      assertEq(reg, fmtNum(beiqu.registered_pop), '北区社区 registered population')
      const crumbs = await page.locator('[data-test="region-breadcrumb"]').innerText()
      assert(crumbs.includes('顺德区') && crumbs.includes('大良街道'), `breadcrumb lacks ancestors: ${crumbs}`)
      await page.locator('[data-test="region-pie"] canvas').waitFor()
      assert(/\/regions\/\d+$/.test(page.url()), `url does not name the region: ${page.url()}`)
    },
  },
  {
    name: 'town admin daliang sees 大良 communities, not 容桂; a 容桂 link is refused',
    async fn({ page, apiAs }) {
      const admin = await apiAs('admin')
      const ronggui = await regionByName(admin, '容桂街道')
      await uiLogin(page, 'daliang')
      await page.goto('/regions') // every login lands on /home
      await treeNode(page, '大良街道').waitFor()
      await expandNode(page, '大良街道')
      for (const name of ['北区社区', '升平社区', '古鉴村', '近良社区']) await treeNode(page, name).waitFor()
      assertEq(await page.locator('.rnode[data-name="容桂街道"]').count(), 0, '容桂街道 nodes in daliang tree')
      assertEq(await page.locator('.rnode[data-name="顺德区"]').count(), 0, '顺德区 nodes in daliang tree')

      // the API refuses too
      const status = await page.evaluate(async (id) => (await fetch('/api/v1/regions/' + id)).status, ronggui.id)
      assertEq(status, 403, 'GET /api/v1/regions/<容桂> as daliang')

      // direct navigation shows the refusal
      const daliangApi = await apiAs('daliang')
      const refusal = await daliangApi.get('/regions/' + ronggui.id)
      await page.goto('/regions/' + ronggui.id)
      const err = page.locator('[data-test="region-error"]')
      await err.waitFor()
      assertEq(await err.getAttribute('data-status'), '403', 'status shown on the refusal')
      const text = await err.innerText()
      const msg = refusal.body?.error?.message
      assert(msg && text.includes(msg), `refusal panel "${text.replace(/\s+/g, ' ')}" lacks the server message "${msg}"`)
    },
  },
  {
    name: 'edit buttons follow can_edit / can_rename',
    async fn({ page, apiAs, newSession }) {
      // town admin on its own town: figures are sums, name kept by the district → no edit, move, delete
      await uiLogin(page, 'daliang')
      await page.goto('/regions') // every login lands on /home
      await page.locator('[data-test="region-name"]', { hasText: '大良街道' }).waitFor()
      assertEq(await page.locator('[data-test="region-edit"]').count(), 0, 'edit buttons for daliang on 大良街道')
      assertEq(await page.locator('[data-test="region-move"]').count(), 0, 'move buttons for daliang on 大良街道')
      assertEq(await page.locator('[data-test="region-delete"]').count(), 0, 'delete buttons for daliang on 大良街道')
      await page.locator('[data-test="region-add-child"]').waitFor()

      // community staff on its own community: only the figures
      const staff = await newSession()
      await uiLogin(staff, 'beiqu')
      await staff.goto('/regions') // every login lands on /home
      await staff.locator('[data-test="region-name"]', { hasText: '北区社区' }).waitFor()
      await staff.locator('[data-test="region-edit"]').click()
      const name = staff.locator('.el-dialog:visible input[data-test="region-form-name"], .el-dialog:visible [data-test="region-form-name"] input').first()
      assert(await name.isDisabled(), 'name is editable for beiqu on 北区社区')
      assert(await staff.locator('.el-dialog:visible [data-test="region-form-households"] input').first().isEnabled(), 'figures not editable')

      // a grid worker may read but not edit: no buttons at all
      const admin = await apiAs('admin')
      const beiqu = await regionByName(admin, '北区社区')
      const made = await admin.post('/users', {
        username: 'e2egrid' + String(Date.now()).slice(-5),
        display_name: 'E2E 网格员',
        password: 'E2e-Pass-2026',
        roles: [{ role: 'grid_worker', region_id: beiqu.id }],
      })
      assertEq(made.status, 201, `create grid worker (${made.text})`)
      const worker = await newSession()
      await uiLogin(worker, made.body.username, 'E2e-Pass-2026')
      await worker.goto('/regions/' + beiqu.id)
      await worker.locator('[data-test="region-name"]', { hasText: '北区社区' }).waitFor()
      const r = await (await apiAs(made.body.username, 'E2e-Pass-2026')).get('/regions/' + beiqu.id)
      assertEq(r.status, 200, 'a grid worker reads 北区社区')
      const buttons = await worker.locator('[data-test^="region-edit"], [data-test="region-add-child"], [data-test="region-move"], [data-test="region-delete"]').count()
      assertEq(buttons > 0, !!r.body.can_edit, `buttons shown (${buttons}) vs can_edit ${r.body.can_edit}`)
    },
  },
  {
    name: 'a stale version (409) reloads the region and keeps the edit',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const r = await regionByName(api, '近良社区')
      await uiLogin(page, 'admin')
      await page.goto('/regions') // every login lands on /home
      await page.goto('/regions/' + r.id)
      await page.locator('[data-test="region-name"]', { hasText: '近良社区' }).waitFor()
      await page.locator('[data-test="region-edit"]').click()
      const dlg = page.locator('.el-dialog:visible')
      const hh = dlg.locator('[data-test="region-form-households"] input').first()
      await hh.fill(String(r.households + 11))
      await hh.press('Tab')
      // someone else changes the registered population meanwhile
      const other = await api.patch('/regions/' + r.id, { version: r.version, registered_pop: r.registered_pop + 5 })
      assertEq(other.status, 200, `concurrent PATCH (${other.text})`)
      const [first] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/regions/' + r.id) && x.request().method() === 'PATCH'),
        dlg.locator('[data-test="region-form-save"]').click(),
      ])
      assertEq(first.status(), 409, 'stale PATCH status')
      await page.locator('.el-message--warning').first().waitFor()
      const reg = dlg.locator('[data-test="region-form-registered"] input').first()
      assertEq(await reg.inputValue(), String(r.registered_pop + 5), 'registered figure reloaded')
      assertEq(await hh.inputValue(), String(r.households + 11), 'own edit kept')
      const [second] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/regions/' + r.id) && x.request().method() === 'PATCH'),
        dlg.locator('[data-test="region-form-save"]').click(),
      ])
      assertEq(second.status(), 200, 'second PATCH status')
      await page.locator('[data-test="stat-households"] .value', { hasText: fmtNum(r.households + 11) }).waitFor()
      await page.locator('[data-test="stat-registered"] .value', { hasText: fmtNum(r.registered_pop + 5) }).waitFor()
    },
  },
  {
    name: 'district admin adds a grid, moves it to another community, deletes it',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const from = await regionByName(api, '古鉴村')
      const to = await regionByName(api, '升平社区')
      const gridName = 'E2E网格' + String(Date.now()).slice(-4)
      await uiLogin(page, 'admin')
      await page.goto('/regions') // every login lands on /home
      await page.goto('/regions/' + from.id)
      await page.locator('[data-test="region-name"]', { hasText: '古鉴村' }).waitFor()
      await page.locator('[data-test="region-add-child"]').click()
      const dlg = page.locator('.el-dialog:visible')
      await dlg.locator('[data-test="region-form-name"] input, input[data-test="region-form-name"]').first().fill(gridName)
      await dlg.locator('[data-test="region-form-registered"] input').first().fill('120')
      await dlg.locator('[data-test="region-form-nonregistered"] input').first().fill('80')
      const [created] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/regions') && x.request().method() === 'POST'),
        dlg.locator('[data-test="region-form-save"]').click(),
      ])
      assertEq(created.status(), 201, `POST /regions (${await created.text()})`)
      assertEq(created.request().postDataJSON().level, 'grid', 'level of the new region')
      await page.locator('[data-test="region-name"]', { hasText: gridName }).waitFor()
      await treeNode(page, gridName).waitFor()

      await page.locator('[data-test="region-move"]').click()
      const mdlg = page.locator('.el-dialog:visible')
      await mdlg.locator('.el-select__wrapper').click()
      await mdlg.locator('input').first().fill('升平')
      await page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: '升平社区' }).first().click()
      const [moved] = await Promise.all([
        page.waitForResponse((x) => x.url().includes('/move')),
        mdlg.locator('[data-test="region-move-save"]').click(),
      ])
      assertEq(moved.status(), 200, `move (${await moved.text()})`)
      await page.locator('[data-test="region-breadcrumb"]', { hasText: '升平社区' }).waitFor()
      const child = (await api.get('/regions?parent_id=' + to.id + '&per_page=100')).body.items.find((x) => x.name === gridName)
      assert(child, 'the grid is not under 升平社区 after the move')

      await page.locator('[data-test="region-delete"]').click()
      const [deleted] = await Promise.all([
        page.waitForResponse((x) => x.request().method() === 'DELETE'),
        page.locator('.el-message-box:visible .el-button--danger, .el-message-box:visible .el-button--primary').first().click(),
      ])
      assertEq(deleted.status(), 200, 'DELETE status')
      await page.locator('[data-test="region-name"]', { hasText: '升平社区' }).waitFor()
      assertEq((await api.get('/regions/' + child.id)).status, 404, 'the deleted grid still answers')

      // a region with children cannot be deleted: the server's 422 is shown
      await page.goto('/regions/' + to.id)
      await page.locator('[data-test="region-name"]', { hasText: '升平社区' }).waitFor()
      await page.locator('[data-test="region-delete"]').click()
      const [refused] = await Promise.all([
        page.waitForResponse((x) => x.request().method() === 'DELETE'),
        page.locator('.el-message-box:visible .el-button--danger, .el-message-box:visible .el-button--primary').first().click(),
      ])
      assertEq(refused.status(), 422, 'DELETE of a region with children')
      const msg = (await refused.json()).error.message
      await page.locator('.el-message--error', { hasText: msg }).first().waitFor()
    },
  },
  {
    name: 'district admin edits a community with PATCH and the change shows',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const r = await regionByName(api, '古鉴村')
      await uiLogin(page, 'admin')
      await page.goto('/regions') // every login lands on /home
      await page.goto('/regions/' + r.id)
      await page.locator('[data-test="region-name"]', { hasText: '古鉴村' }).waitFor()
      await page.locator('[data-test="region-edit"]').click()
      const dlg = page.locator('.el-dialog:visible')
      const households = dlg.locator('[data-test="region-form-households"] input, input[data-test="region-form-households"]').first()
      const next = (Number(r.households) || 0) + 7
      await households.fill(String(next))
      await households.press('Tab')
      const [resp] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/regions/' + r.id) && x.request().method() === 'PATCH'),
        dlg.locator('[data-test="region-form-save"]').click(),
      ])
      assertEq(resp.status(), 200, 'PATCH status')
      const sent = resp.request().postDataJSON()
      assertEq(sent.version, r.version, 'version sent with PATCH')
      await page.locator('[data-test="stat-households"] .value', { hasText: fmtNum(next) }).waitFor()
    },
  },
]
