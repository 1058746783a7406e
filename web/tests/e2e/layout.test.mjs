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
      await page.locator('[data-test="menu-calendar"]').click()
      await page.waitForURL((u) => u.pathname === '/calendar')
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
]
