// Exchange directory: full-text search (two-character words), space
// bookings with a conflict, agreements with shortfalls and renewal, the
// HSDS open-data page. Names start with "exchange-dir:" (E2E_ONLY filter).
import { assert, assertEq, input, pickOption, uiLogin } from './lib.mjs'

const SPACE = '党群服务中心多功能活动厅'
// A search whose newest-first order differs from its relevance order.
const SORT_TYPE = 'demand'
const SORT_Q = '老'

async function spaceByName(api, name) {
  const r = await api.get('/spaces?per_page=100&q=' + encodeURIComponent(name))
  assertEq(r.status, 200, 'GET /spaces')
  const s = (r.body.items || []).find((x) => x.name === name)
  assert(s, `space ${name} not found`)
  return s
}

export default [
  {
    name: 'exchange-dir: search finds a two-character query (养老) with the word highlighted',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const expected = await api.get('/search?type=service&q=' + encodeURIComponent('养老'))
      assertEq(expected.status, 200, 'API search status')
      assert(expected.body.total >= 1, 'the demo has services mentioning 养老')
      await uiLogin(page, 'admin')
      await page.goto('/exchange/search')
      await input(page, 'search-q').fill('养老')
      await page.locator('[data-test="search-type-service"]').click()
      const [resp] = await Promise.all([
        page.waitForResponse((x) => x.url().includes('/api/v1/search?') && x.url().includes('type=service')),
        page.locator('[data-test="search-go"]').click(),
      ])
      assertEq(resp.status(), 200, 'search response')
      await page.locator('[data-test="search-item"]').first().waitFor()
      const total = await page.locator('[data-test="search-total"]').getAttribute('data-total')
      assertEq(Number(total), expected.body.total, 'total shown')
      const marks = await page.locator('[data-test="search-results"] mark').allInnerTexts()
      assert(marks.includes('养老'), `no highlighted 养老 among ${JSON.stringify(marks)}`)
      await page.locator('[data-test="search-item"]', { hasText: '长者上门理发' }).waitFor()

      // demands: 路灯 (two characters) finds the 北区 report
      await page.locator('[data-test="search-type-demand"]').click()
      await input(page, 'search-q').fill('路灯')
      await page.locator('[data-test="search-go"]').click()
      await page.locator('[data-test="search-item"]', { hasText: '楼道路灯损坏需维修' }).waitFor()

      // a phone-sized screen (side menu folded): the box and the results fit the width
      await page.setViewportSize({ width: 390, height: 800 })
      await page.locator('.el-header .el-button').first().click()
      await page.locator('[data-test="search-item"]').first().waitFor()
      await page.waitForTimeout(300) // the menu's fold transition
      const q = await page.locator('.search-box .el-input').first().boundingBox()
      assert(q && q.width >= 150, `search box too narrow on a phone: ${JSON.stringify(q)}`)
      const box = await page.locator('[data-test="search-results"]').boundingBox()
      assert(box && box.x >= 0 && box.x + box.width <= 392, `results overflow a 390px screen: ${JSON.stringify(box)}`)
      assert(await page.locator('[data-test="search-go"]').isVisible(), 'search button hidden on a phone')
    },
  },
  {
    name: 'exchange-dir: town admin of 容桂 does not find 大良 demands',
    async fn({ page }) {
      await uiLogin(page, 'ronggui')
      await page.goto('/exchange/search?q=' + encodeURIComponent('路灯'))
      await page.locator('[data-test="search-total"]').waitFor()
      assertEq(await page.locator('[data-test="search-total"]').getAttribute('data-total'), '0', '容桂 sees 北区 demands')
    },
  },
  {
    name: 'exchange-dir: search sorts newest or oldest first, and the order stays in the URL',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const ids = async (sort) => {
        const r = await api.get(`/search?type=${SORT_TYPE}&per_page=20&q=${encodeURIComponent(SORT_Q)}&sort=${sort}`)
        assertEq(r.status, 200, `API search sort=${sort}`)
        return r.body.items.map((x) => String(x.id))
      }
      const relevance = await ids('relevance')
      const newest = await ids('-created_at')
      const oldest = await ids('created_at')
      assert(newest.length >= 3, `the demo needs several ${SORT_TYPE}s matching ${SORT_Q}: ${newest.length}`)
      assert(newest.join() !== relevance.join(), `${SORT_Q}: newest first is the relevance order, the test would prove nothing`)
      assert(oldest.join() !== newest.join(), `${SORT_Q}: oldest first is newest first`)

      // the ids on the page, once they are `want` (or after 5 s, whatever they are)
      const shown = async (want) => {
        await page.waitForFunction(
          (w) => [...document.querySelectorAll('[data-test="search-item"]')].map((e) => e.dataset.id).join() === w,
          want.join(),
          { timeout: 5000 },
        ).catch(() => {})
        return (await page.locator('[data-test="search-item"]').evaluateAll((els) => els.map((e) => e.dataset.id))).join()
      }
      const choose = async (label) => {
        await page.locator('[data-test="search-sort"]').click()
        const [resp] = await Promise.all([
          page.waitForResponse((x) => x.url().includes('/api/v1/search?')),
          pickOption(page, label),
        ])
        assertEq(resp.status(), 200, `search response after choosing ${label}`)
      }
      await uiLogin(page, 'admin')
      await page.goto(`/exchange/search?type=${SORT_TYPE}&q=${encodeURIComponent(SORT_Q)}`)
      await page.locator('[data-test="search-item"]').first().waitFor()
      assertEq(await shown(relevance), relevance.join(), 'the default order (relevance)')

      await choose('最新')
      assertEq(await shown(newest), newest.join(), 'newest first')
      assertEq(new URL(page.url()).searchParams.get('sort'), '-created_at', 'sort in the URL')

      // the URL alone brings the order back
      await page.reload()
      await page.locator('[data-test="search-item"]').first().waitFor()
      assertEq(await shown(newest), newest.join(), 'newest first after a reload')
      const label = await page.locator('[data-test="search-sort"]').innerText()
      assert(label.includes('最新'), `the select after a reload shows "${label}"`)

      await choose('最早')
      assertEq(await shown(oldest), oldest.join(), 'oldest first')
    },
  },
  {
    name: 'exchange-dir: a booking that overlaps is refused and the conflict is shown',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const space = await spaceByName(api, SPACE)
      const before = await api.get('/space-bookings?per_page=100&space_id=' + space.id)
      const existing = before.body.items.find((b) => b.title.includes('长者健康讲座'))
      assert(existing, 'the demo booking 长者健康讲座 is missing')
      await uiLogin(page, 'admin')
      await page.goto('/exchange/spaces')
      await page.locator('.el-tabs__item', { hasText: '场地预约' }).click()
      await page.locator('[data-test="booking-space"]').click()
      await pickOption(page, SPACE)
      await page.locator('[data-test="booking-item"]', { hasText: '长者健康讲座' }).waitFor()

      await input(page, 'booking-title').fill('E2E 冲突测试')
      await input(page, 'booking-from').fill('10:00')
      await input(page, 'booking-to').fill('12:00')
      const [refused] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/space-bookings') && x.request().method() === 'POST'),
        page.locator('[data-test="booking-submit"]').click(),
      ])
      assertEq(refused.status(), 409, 'overlapping booking status')
      const msg = (await refused.json()).error.message
      const shown = await page.locator('[data-test="booking-error"]').innerText()
      assert(shown.includes(msg), `error panel "${shown}" lacks the server message "${msg}"`)
      assert(shown.includes('长者健康讲座') && shown.includes('#' + existing.id), `the conflicting booking is not named: ${shown}`)
      const after = await api.get('/space-bookings?per_page=100&space_id=' + space.id)
      assertEq(after.body.total, before.body.total, 'bookings after the refusal')

      // right after the lecture ends it fits
      await input(page, 'booking-from').fill('11:00')
      const [ok] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/space-bookings') && x.request().method() === 'POST'),
        page.locator('[data-test="booking-submit"]').click(),
      ])
      assertEq(ok.status(), 201, `touching booking (${await ok.text()})`)
      await page.locator('[data-test="booking-item"]', { hasText: 'E2E 冲突测试' }).waitFor()
    },
  },
  {
    name: 'exchange-dir: agreements show shortfalls and renewal needs a reason',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const list = await api.get('/space-agreements?per_page=100&status=active')
      const short = list.body.items.find((a) => a.space_name === '耨耕田一号地')
      assert(short && short.totals.shortfall_minutes > 0, '耨耕田一号地 should be short in the demo')
      await uiLogin(page, 'admin')
      await page.goto('/exchange/spaces')
      await page.locator('.el-tabs__item', { hasText: '协议与服务台账' }).click()
      await page.locator('[data-test="shortfall-badge"]').first().waitFor()
      await page.locator(`[data-test="agreement-detail-${short.id}"]`).click()
      await page.locator('[data-test="months-table"] .short-row').first().waitFor()
      await page.locator('.el-drawer__close-btn').click()

      await page.locator(`[data-test="agreement-renew-${short.id}"]`).click()
      const dlg = page.locator('.el-dialog:visible')
      await dlg.locator('[data-test="renew-shortfall"]').waitFor()
      const [refused] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith(`/space-agreements/${short.id}/renew`)),
        dlg.locator('[data-test="renew-save"]').click(),
      ])
      assertEq(refused.status(), 422, 'renewal without a reason')
      await dlg.locator('.el-form-item__error').first().waitFor()
      await dlg.locator('textarea[data-test="renew-reason"], [data-test="renew-reason"] textarea').first().fill('持有人八月住院，经村两委同意续约')
      const [ok] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith(`/space-agreements/${short.id}/renew`)),
        dlg.locator('[data-test="renew-save"]').click(),
      ])
      assertEq(ok.status(), 201, `renewal with a reason (${await ok.text()})`)
      const old = await api.get('/space-agreements/' + short.id)
      assertEq(old.body.status, 'renewed', 'old agreement status')

      // the new agreement can be terminated early, with a note
      const renewed = (await ok.json()).id
      await page.locator(`[data-test="agreement-detail-${renewed}"]`).click()
      await page.locator('[data-test="agreement-terminate"]').click()
      await page.locator('.el-message-box:visible input').fill('持有人搬离左滩村')
      const [closed] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith(`/space-agreements/${renewed}/close`)),
        page.locator('.el-message-box:visible .el-button--primary').click(),
      ])
      assertEq(closed.status(), 200, `terminate (${await closed.text()})`)
      const now = await api.get('/space-agreements/' + renewed)
      assertEq(now.body.status, 'terminated', 'status after terminating')
      assert((now.body.note || '').includes('持有人搬离左滩村'), 'the note is kept')
    },
  },
  {
    name: 'exchange-dir: community staff register a space and edit it',
    async fn({ page, apiAs }) {
      const name = 'E2E活动室' + String(Date.now()).slice(-4)
      await uiLogin(page, 'beiqu')
      await page.goto('/exchange/spaces')
      await page.locator('[data-test="space-create"]').click()
      const dlg = page.locator('.el-dialog:visible')
      await dlg.locator('.el-select__wrapper').first().click()
      await page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: '北区社区' }).first().click()
      await dlg.locator('input[data-test="space-form-name"], [data-test="space-form-name"] input').first().fill(name)
      const [created] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/spaces') && x.request().method() === 'POST'),
        dlg.locator('[data-test="space-form-save"]').click(),
      ])
      assertEq(created.status(), 201, `POST /spaces (${await created.text()})`)
      const id = (await created.json()).id
      await page.locator('[data-test="spaces-table"]', { hasText: name }).waitFor()
      await page.locator(`[data-test="space-edit-${id}"]`).click()
      const edit = page.locator('.el-dialog:visible')
      await edit.locator('input[data-test="space-form-name"], [data-test="space-form-name"] input').first().fill(name + '（二楼）')
      const [patched] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/spaces/' + id) && x.request().method() === 'PATCH'),
        edit.locator('[data-test="space-form-save"]').click(),
      ])
      assertEq(patched.status(), 200, `PATCH (${await patched.text()})`)
      assertEq(patched.request().postDataJSON().version, 1, 'version sent')
      const api = await apiAs('beiqu')
      assertEq((await api.get('/spaces/' + id)).body.name, name + '（二楼）', 'name after the edit')
    },
  },
  {
    name: 'exchange-dir: the open-data page counts and downloads the HSDS files',
    async fn({ page, apiAs }) {
      const api = await apiAs('admin')
      const orgs = await api.get('/hsds/organizations?per_page=1')
      await uiLogin(page, 'admin')
      await page.goto('/exchange/open-data')
      await page.locator('[data-test="hsds-count-organizations"]', { hasText: String(orgs.body.total) }).waitFor()
      await page.locator('[data-test="hsds-services"] .el-table__row').first().waitFor()
      const href = await page.locator('[data-test="hsds-download-services"]').getAttribute('href')
      const got = await page.evaluate(async (u) => {
        const r = await fetch(u, { credentials: 'omit' })
        return { status: r.status, n: (await r.json()).length }
      }, href)
      assertEq(got.status, 200, 'services.json without login')
      const svc = await api.get('/hsds/services?per_page=1')
      assertEq(got.n, svc.body.total, 'services in the file')
    },
  },
]
