// Personal information: a new resident reads what is held about them,
// grants a consent, asks for deletion; 北区社区's staff carry it out from
// their list and see what each area did; the account is closed. The
// district admin changes a retention period and runs the job dry.
import { assert, assertEq, input, uiLogin } from './lib.mjs'

export default [
  {
    name: 'privacy: a resident sees their data, grants a consent, asks for deletion; staff carry it out; the account is closed',
    async fn({ page, apiAs, newSession }) {
      const admin = await apiAs('admin')
      const region = (await admin.get('/regions?q=' + encodeURIComponent('北区社区'))).body.items[0].id
      const made = await admin.post('/users', {
        username: 'privacy_e2e',
        display_name: '隐私测试居民',
        password: 'Demo@2026',
        roles: [{ role: 'resident', region_id: region }],
      })
      assertEq(made.status, 201, 'user created')

      await uiLogin(page, 'privacy_e2e')
      await page.goto('/me/data')
      await page.locator('[data-test="section-auth.account"]', { hasText: 'privacy_e2e' }).waitFor()
      await page.locator('[data-test="section-auth.roles"]', { hasText: '居民' }).waitFor()

      // consents: grant publicity
      await page.locator('.el-tabs__item', { hasText: '授权同意' }).click()
      await page.locator('[data-test="consent-switch-publicity"]').click()
      await page.locator('[data-test="consent-publicity"]', { hasText: '已同意' }).waitFor()
      const me = await apiAs('privacy_e2e')
      const c = (await me.get('/me/consents')).body.consents.find((x) => x.purpose === 'publicity')
      assertEq(c.granted, true, 'publicity granted')

      // ask for deletion
      await page.locator('.el-tabs__item', { hasText: '更正与删除' }).click()
      await page.locator('[data-test="kind-deletion"]').click()
      await page.locator('textarea[data-test="request-detail"]').fill('我要搬走了，请删除我的信息')
      await page.locator('[data-test="request-submit"]').click()
      await page.locator('[data-test="my-requests"] .el-table__body tr', { hasText: '办理中' }).waitFor()
      // an empty detail is refused on its field
      await page.locator('[data-test="request-submit"]').click()
      await page.locator('[data-test="request-form"] .el-form-item__error').first().waitFor()

      // 北区社区's staff carry it out
      const staff = await newSession()
      await uiLogin(staff, 'beiqu')
      await staff.goto('/privacy/requests')
      const row = staff.locator('[data-test="privacy-requests-table"] .el-table__body tr', { hasText: '隐私测试居民' })
      await row.locator('[data-test="request-resolve"]').click()
      await staff.locator('[data-test="resolve-dialog"] .el-alert', { hasText: '不可撤销' }).waitFor()
      await staff.locator('textarea[data-test="resolution"]').fill('已按您的要求注销并匿名化')
      await staff.locator('[data-test="resolve-submit"]').click()
      await staff.locator('[data-test="report-dialog"]', { hasText: '账号已注销' }).waitFor()

      // the account is closed: its sign-in is refused
      const again = await fetch(new URL('/api/v1/auth/login', page.url()), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'privacy_e2e', password: 'Demo@2026' }),
      })
      assertEq(again.status, 401, 'closed account cannot sign in')
      const users = (await admin.get('/users?q=privacy_e2e')).body.items || []
      assert(!users.some((u) => u.username === 'privacy_e2e'), 'user name replaced')
    },
  },
  {
    name: 'privacy: the district admin sets a retention period and runs the job dry; a town admin only reads',
    async fn({ page, newSession }) {
      await uiLogin(page, 'admin')
      await page.goto('/privacy/retention')
      const days = input(page, 'days-auth.sessions')
      await days.fill('30')
      await days.press('Tab')
      await page.locator('[data-test="save-auth.sessions"]').click()
      await page.locator('.el-message--success').first().waitFor()
      await page.locator('[data-test="retention-dry"]').click()
      await page.locator('[data-test="retention-last-run"]', { hasText: '已结束的登录会话' }).waitFor()

      const town = await newSession()
      await uiLogin(town, 'daliang')
      await town.goto('/privacy/retention')
      await town.locator('[data-test="retention-table"]', { hasText: '已结束的登录会话' }).waitFor()
      assertEq(await town.locator('[data-test="retention-run"]').count(), 0, 'no run button for a town')
      assertEq(await input(town, 'days-auth.sessions').count(), 0, 'no editing for a town')
    },
  },
  {
    name: 'privacy: 北区社区 staff act for a resident without an account: consent on paper, a correction filed for them',
    async fn({ page, apiAs }) {
      await uiLogin(page, 'beiqu')
      await page.goto('/privacy/requests')
      await page.locator('[data-test="on-behalf"]').click()
      const pick = input(page, 'behalf-person')
      await pick.fill('李明辉')
      await page.locator('.el-select-dropdown__item', { hasText: '李明辉' }).first().click()
      await page.locator('[data-test="behalf-consent-statistics"] .el-switch').click()
      await page.locator('.el-message--success').first().waitFor()
      await page.locator('[data-test="behalf-kind-correction"]').click()
      await page.locator('textarea[data-test="behalf-detail"]').fill('纸质申请 2026-118：电话号码有误')
      await page.locator('[data-test="behalf-submit"]').click()
      await page.locator('[data-test="privacy-requests-table"] .el-table__body tr', { hasText: '李明辉' }).waitFor()
      const api = await apiAs('beiqu')
      const people = (await api.get('/people?q=' + encodeURIComponent('李明辉'))).body.items
      const c = (await api.get(`/people/${people[0].id}/consents`)).body.consents.find((x) => x.purpose === 'statistics')
      assertEq(c.granted, true, 'consent recorded')
      assertEq(c.source, 'staff', 'recorded by staff')
    },
  },
]
