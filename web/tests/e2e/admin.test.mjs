// Users & roles and the audit log.
import { assert, assertEq, input, pickOption, uiLogin } from './lib.mjs'

export default [
  {
    name: 'district admin creates a user who can then log in',
    async fn({ page, apiAs, newSession, state }) {
      const api = await apiAs('admin')
      const roles = (await api.get('/roles')).body.items
      const staff = roles.find((r) => r.role === 'community_staff')
      assert(staff, 'role community_staff missing from /roles')

      const username = 'e2e' + String(Date.now()).slice(-6)
      const password = 'E2e-Pass-2026'
      const displayName = '测试用户' + username.slice(-3)
      state.newUser = { username, password, displayName }

      await uiLogin(page, 'admin')
      await page.locator('[data-test="menu-users"]').click()
      await page.waitForURL((u) => u.pathname === '/admin/users')
      await page.locator('[data-test="users-table"] .el-table__row').first().waitFor()
      await page.locator('[data-test="user-create"]').click()
      const dlg = page.locator('.el-dialog:visible')
      await input(dlg, 'user-form-username').fill(username)
      await input(dlg, 'user-form-display-name').fill(displayName)
      await input(dlg, 'user-form-password').fill(password)
      await dlg.locator('[data-test="grant-role-0"] .el-select__wrapper').click()
      await pickOption(page, staff.name)
      await dlg.locator('[data-test="grant-region-0"] .el-select__wrapper').click()
      await dlg.locator('[data-test="grant-region-0"] input').fill('北区')
      await page.locator('.el-select-dropdown:visible .el-tree-node__content', { hasText: '北区社区' }).first().click()
      const [resp] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/users') && x.request().method() === 'POST'),
        dlg.locator('[data-test="user-form-save"]').click(),
      ])
      assertEq(resp.status(), 201, `POST /users status (${await resp.text()})`)
      const sent = resp.request().postDataJSON()
      assertEq(sent.roles?.[0]?.role, 'community_staff', 'granted role')
      assert(resp.request().headers()['x-csrf-token'], 'POST /users sent no X-CSRF-Token')
      state.newUser.id = (await resp.json()).id
      // the demo has more accounts than a page holds: find the new one by name
      await input(page, 'users-q').fill(username)
      await input(page, 'users-q').press('Enter')
      await page.locator('[data-test="users-table"]').getByText(username, { exact: true }).waitFor()

      const other = await newSession()
      await uiLogin(other, username, password)
      const shown = await other.locator('[data-test="user-name"]').innerText()
      assertEq(shown.trim(), displayName, 'display name in the header of the new user')
      const role = await other.locator('[data-test="user-role"]').innerText()
      assert(role.includes('北区社区'), `header role "${role}" lacks the region`)
    },
  },
  {
    name: 'admin edits the new user and resets the password; the new password works',
    async fn({ page, newSession, state }) {
      assert(state.newUser, 'the user-creation test did not run')
      const { username } = state.newUser
      await uiLogin(page, 'admin')
      await page.goto('/admin/users')
      await input(page, 'users-q').fill(username)
      await input(page, 'users-q').press('Enter')
      await page.locator('[data-test="users-table"] .el-table__row', { hasText: username }).waitFor()
      // the unfiltered first page may hold the new user too: wait for the
      // search's answer rather than for the row (it raced, 8 rows once in CI)
      await page.waitForFunction(() => document.querySelectorAll('[data-test="users-table"] .el-table__row').length === 1,
        null, { timeout: 5000 }).catch(() => {})
      assertEq(await page.locator('[data-test="users-table"] .el-table__row').count(), 1, 'rows after searching the username')

      await page.locator(`[data-test="user-edit-${username}"]`).click()
      const dlg = page.locator('.el-dialog:visible')
      const newName = state.newUser.displayName + '（改）'
      await input(dlg, 'user-form-display-name').fill(newName)
      const [patched] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/v1/users/' + state.newUser.id) && x.request().method() === 'PATCH'),
        dlg.locator('[data-test="user-form-save"]').click(),
      ])
      assertEq(patched.status(), 200, `PATCH /users (${await patched.text()})`)
      assertEq(patched.request().postDataJSON().roles?.length, 1, 'grants sent with the PATCH')
      await page.locator('[data-test="users-table"]').getByText(newName).waitFor()

      await page.locator(`[data-test="user-reset-${username}"]`).click()
      const pdlg = page.locator('.el-dialog:visible')
      const newPassword = 'Reset-Pass-2027'
      await pdlg.locator('input[type="password"]').fill(newPassword)
      const [reset] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith(`/api/v1/users/${state.newUser.id}/password`)),
        pdlg.locator('.el-button--primary').click(),
      ])
      assertEq(reset.status(), 200, `password reset (${await reset.text()})`)
      state.newUser.password = newPassword
      state.newUser.displayName = newName

      const other = await newSession()
      await uiLogin(other, username, newPassword)
      assertEq((await other.locator('[data-test="user-name"]').innerText()).trim(), newName, 'header name after the edit')
    },
  },
  {
    name: 'audit page lists the user creation and the chain verifies',
    async fn({ page, state }) {
      assert(state.newUser, 'the user-creation test did not run')
      await uiLogin(page, 'admin')
      await page.goto('/admin/audit')
      const table = page.locator('[data-test="audit-table"]')
      await table.locator('.el-table__row').first().waitFor()
      // the creation row: action 新建 on entity 用户, summary naming the new user
      const row = table
        .locator('.el-table__row')
        .filter({ has: page.locator('[data-test="audit-summary"]', { hasText: state.newUser.username }) })
        .filter({ hasText: '新建' })
        .first()
      await row.waitFor()
      const rowText = await row.innerText()
      assert(rowText.includes('#' + state.newUser.id), `creation row does not name user #${state.newUser.id}: ${rowText.replace(/\s+/g, ' ')}`)
      await row.locator('.el-table__expand-icon').click()
      await page.locator('.diff', { hasText: state.newUser.username }).first().waitFor()
      // filter: entity user, action create → only creations remain
      await page.locator('[data-test="audit-action"] .el-select__wrapper').click()
      await Promise.all([
        page.waitForResponse((x) => x.url().includes('/api/v1/audit?') && x.url().includes('action=create')),
        page.locator('.el-select-dropdown__item:visible', { hasText: '新建' }).first().click(),
      ])
      await table.locator('.el-table__row').first().waitFor()
      const actions = await table.locator('.el-table__row .el-tag').allInnerTexts()
      assert(actions.length > 0 && actions.every((a) => a.trim() === '新建'), `actions after filtering: ${actions.join(',')}`)

      // date range: today (Asia/Shanghai) as plain dates
      const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
      const range = page.locator('[data-test="audit-dates"]')
      await range.locator('input').nth(0).fill(today)
      await range.locator('input').nth(1).fill(today)
      const [dated] = await Promise.all([
        page.waitForResponse((x) => x.url().includes('/api/v1/audit?') && x.url().includes('to=' + today)),
        range.locator('input').nth(1).press('Enter'),
      ])
      assertEq(dated.status(), 200, 'audit with a date range')
      assert(new URL(dated.url()).searchParams.get('from') === today, `from sent: ${dated.url()}`)
      await table.locator('[data-test="audit-summary"]', { hasText: state.newUser.username }).first().waitFor()

      await page.locator('[data-test="audit-verify"]').click()
      const res = page.locator('[data-test="audit-verify-result"]')
      await res.waitFor()
      assert((await res.getAttribute('class')).includes('success'), `chain verify not ok: ${await res.innerText()}`)
    },
  },
]
