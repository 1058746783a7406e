// Signing in and out, throttling, and the language switch.
import { assert, assertEq, input, uiLogin } from './lib.mjs'

/** The login form's visible error text (under a field or in the alert). */
async function loginErrorText(page) {
  const loc = page.locator('[data-test="login-form"] .el-form-item__error, [data-test="login-error"]')
  await loc.first().waitFor()
  return (await loc.allInnerTexts()).join(' ').trim()
}

export default [
  {
    name: 'wrong password shows the server error and stays on /login',
    async fn({ page }) {
      await page.goto('/login')
      await input(page, 'login-username').fill('wenhua')
      await input(page, 'login-password').fill('not-the-password')
      const [resp] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
        page.locator('[data-test="login-submit"]').click(),
      ])
      assertEq(resp.status(), 401, 'login status')
      const body = await resp.json()
      const text = await loginErrorText(page)
      assert(text.length > 0, 'no error shown')
      assert(body?.error?.message && text.includes(body.error.message), `shown "${text}" lacks "${body?.error?.message}"`)
      await page.locator('.el-message--error', { hasText: body.error.message }).first().waitFor()
      assertEq(new URL(page.url()).pathname, '/login', 'path after a failed login')
    },
  },
  {
    name: 'repeated failures are throttled (429) and the wait is shown',
    async fn({ page, base }) {
      await page.goto('/login')
      await input(page, 'login-username').fill('ronggui')
      await input(page, 'login-password').fill('still-wrong')
      // five free failures, the sixth sets a wait: the next attempt is refused
      for (let i = 0; i < 6; i++) {
        await fetch(base + '/api/v1/auth/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'ronggui', password: 'wrong-' + i }),
        })
      }
      const [resp] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
        page.locator('[data-test="login-submit"]').click(),
      ])
      assertEq(resp.status(), 429, 'login status while throttled')
      const body = await resp.json()
      assert(['throttled', 'locked'].includes(body?.error?.code), `code ${body?.error?.code}`)
      const text = await loginErrorText(page)
      assert(text.includes(body.error.message), `shown "${text}" lacks "${body.error.message}"`)
    },
  },
  {
    name: 'anonymous visit to a page redirects to /login and back after login',
    async fn({ page }) {
      await page.goto('/admin/audit')
      await page.waitForURL((u) => u.pathname === '/login')
      await input(page, 'login-username').fill('admin')
      await input(page, 'login-password').fill('Demo@2026')
      await page.locator('[data-test="login-submit"]').click()
      await page.waitForURL((u) => u.pathname === '/admin/audit')
    },
  },
  {
    name: 'a 401 in the middle of a session sends the user to /login',
    async fn({ page, context }) {
      await uiLogin(page, 'admin')
      await page.locator('[data-test="home-page"]').waitFor() // every login lands on /home
      // the home page goes on loading (its chart, the bell's count) after it shows: a request
      // still under way when the cookie goes would send us to /login before the click
      await page.waitForLoadState('networkidle')
      // (on a loaded machine the home page's to-dos can still be arriving: wait until it
      // has been quiet twice, so the first request after the cookie goes is the click's)
      await page.waitForTimeout(1000)
      await page.waitForLoadState('networkidle')
      await context.clearCookies() // the session is gone, the page does not know yet
      await page.locator('[data-test="menu-users"]').click()
      await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('redirect') === '/admin/users')
    },
  },
  {
    name: 'language switch to English changes the menu and is remembered',
    async fn({ page }) {
      await uiLogin(page, 'beiqu')
      const menu = page.locator('[data-test="side-menu"]')
      await menu.getByText('区域架构').waitFor()
      await page.locator('[data-test="lang-switch"]').click()
      await page.locator('[data-test="lang-en"]:visible').click()
      await menu.getByText('Region tree').waitFor()
      assert(!(await menu.innerText()).includes('区域架构'), 'the menu still shows Chinese')
      assertEq(await page.locator('html').getAttribute('lang'), 'en', 'html lang')
      assert((await page.locator('[data-test="user-role"]').innerText()).includes('Community staff'), 'role not in English')
      await page.reload()
      await page.locator('[data-test="side-menu"]').getByText('Region tree').waitFor()
      await page.locator('[data-test="lang-switch"]').click()
      await page.locator('[data-test="lang-zh-CN"]:visible').click()
      await page.locator('[data-test="side-menu"]').getByText('区域架构').waitFor()
    },
  },
  {
    name: 'logout returns to the login page',
    async fn({ page }) {
      await uiLogin(page, 'beiqu')
      await page.locator('[data-test="current-user"]').click()
      await page.locator('[data-test="logout"]:visible').click()
      await page.waitForURL((u) => u.pathname === '/login')
      await page.goto('/regions')
      await page.waitForURL((u) => u.pathname === '/login')
    },
  },
  {
    name: 'account page lists sessions and logs out everywhere else (issue 15)',
    async fn({ page, base }) {
      // a second login of the same account elsewhere
      const other = await fetch(base + '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'OtherDevice/1.0' },
        body: JSON.stringify({ username: 'daliang', password: 'Demo@2026' }),
      })
      assertEq(other.status, 200, 'second login')
      const otherCookie = (other.headers.get('set-cookie') || '').split(';')[0]
      await uiLogin(page, 'daliang')
      await page.locator('[data-test="current-user"]').click()
      await page.locator('[data-test="menu-account"]').click()
      await page.waitForURL((u) => u.pathname === '/account')
      await page.locator('[data-test="session-current"]').waitFor()
      const rows = page.locator('[data-test="sessions-table"] .el-table__body tr')
      assert((await rows.count()) >= 2, 'both sessions listed')
      await page.locator('[data-test="revoke-all"]').click()
      await page.locator('.el-message-box .el-button--primary').click()
      await page.locator('.el-message--success').first().waitFor()
      await page.waitForFunction(() => document.querySelectorAll('[data-test="sessions-table"] .el-table__body tr').length === 1)
      const me = await fetch(base + '/api/v1/me', { headers: { Cookie: otherCookie } })
      assertEq(me.status, 401, 'the other session is over')
      // this one still works
      await page.reload()
      await page.locator('[data-test="session-current"]').waitFor()
    },
  },
]
