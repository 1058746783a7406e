// The frame on a phone: the side menu is hidden, slides in from the header
// button, and closes when a page is picked or the backdrop is tapped.
import { assert, assertEq, uiLogin } from './lib.mjs'

async function menuShown(page) {
  const box = await page.locator('[data-test="side-aside"]').boundingBox()
  return !!box && box.x + box.width > 1
}

export default [
  {
    name: 'layout: at phone width the menu is an overlay opened from the header',
    async fn({ page }) {
      await page.setViewportSize({ width: 390, height: 800 })
      await uiLogin(page, 'resident')
      await page.waitForTimeout(300)
      assert(!(await menuShown(page)), 'menu hidden on a phone')
      const main = await page.locator('.main').boundingBox()
      assert(main.x < 20, `the page uses the width (main at x=${main.x})`)
      await page.locator('[data-test="menu-toggle"]').click()
      await page.locator('[data-test="menu-backdrop"]').waitFor()
      await page.waitForTimeout(300)
      assert(await menuShown(page), 'menu shown after the toggle')
      await page.locator('[data-test="menu-exchange-search"]').click()
      await page.waitForURL((u) => u.pathname === '/exchange/search')
      await page.locator('[data-test="menu-backdrop"]').waitFor({ state: 'detached' })
      await page.waitForTimeout(300)
      assert(!(await menuShown(page)), 'menu closed after picking a page')
      await page.locator('[data-test="menu-toggle"]').click()
      await page.locator('[data-test="menu-backdrop"]').click({ position: { x: 370, y: 400 } })
      await page.locator('[data-test="menu-backdrop"]').waitFor({ state: 'detached' })
      // back to a desktop width: the menu is in the page again
      await page.setViewportSize({ width: 1280, height: 800 })
      await page.waitForTimeout(300)
      assert(await menuShown(page), 'menu in the page at desktop width')
      assertEq(await page.locator('[data-test="menu-backdrop"]').count(), 0, 'no backdrop')
    },
  },
  {
    name: 'layout: a resident\'s menu holds her pages, not the staff\'s tools (issue 10, item 12)',
    async fn({ page }) {
      await uiLogin(page, 'resident')
      const menu = page.locator('[data-test="side-menu"]')
      await menu.getByText('我的需求').waitFor()
      const text = await menu.innerText()
      for (const staffOnly of ['区域架构', '工作日历', '开放数据', '需求台账', '匹配看板'])
        assert(!text.includes(staffOnly), `the resident's menu shows ${staffOnly}`)
      for (const hers of ['我的工作台', '我的需求', '全文搜索'])
        assert(text.includes(hers), `the resident's menu lacks ${hers}`)
      // a link to a page the menu does not offer goes to her first page
      await page.goto('/calendar')
      await page.waitForURL((u) => u.pathname !== '/calendar')
    },
  },
]
