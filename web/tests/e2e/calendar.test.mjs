// The working-day calendar: the 2026 schedule in the month grids, the
// district admin marking 2027's 元旦 as a range, a refused weekday "worked
// day" shown on its field, clearing a day, the deadline preview, and a town
// admin who can read but not edit.
import { assert, assertEq, input } from './lib.mjs'
import { uiLogin } from './lib.mjs'

async function showYear(page, y) {
  const box = input(page, 'calendar-year')
  await box.fill(String(y))
  await box.press('Enter')
  await page.locator('[data-test="calendar-summary"]', { hasText: String(y) }).waitFor()
}

async function typeDate(page, name, value) {
  const box = input(page, name)
  await box.click()
  await box.fill(value)
  await box.press('Enter')
}

export default [
  {
    name: 'calendar: 2026 shows 国庆 and the worked Saturday; the admin marks 2027 元旦, is refused a weekday, clears a day',
    async fn({ page, apiAs }) {
      await uiLogin(page, 'admin')
      await page.goto('/calendar')
      await showYear(page, 2026)
      assertEq(await page.locator('[data-test="day-2026-10-01"]').getAttribute('data-kind'), 'holiday', '1 October')
      assertEq(await page.locator('[data-test="day-2026-10-10"]').getAttribute('data-kind'), 'workday', '10 October')
      assertEq(await page.locator('[data-test="day-2026-10-08"]').getAttribute('data-kind'), '', '8 October')
      assert((await page.locator('[data-test="calendar-summary"]').innerText()).includes('248'), '248 working days')
      // the deadline preview: 30 September + 2 working days
      await typeDate(page, 'due-from', '2026-09-30')
      const days = input(page, 'due-days')
      await days.fill('2')
      await days.press('Enter')
      await page.locator('[data-test="due-result"]', { hasText: '2026-10-09' }).waitFor()

      await showYear(page, 2027)
      await typeDate(page, 'cal-from', '2027-01-01')
      await typeDate(page, 'cal-to', '2027-01-03')
      await input(page, 'cal-name').fill('元旦')
      await page.locator('[data-test="cal-save"]').click()
      await page.locator('[data-test="day-2027-01-02"][data-kind="holiday"]').waitFor()
      await page.locator('[data-test="calendar-marks"] .el-table__body tr', { hasText: '元旦' }).nth(2).waitFor()
      const api = await apiAs('admin')
      const y = await api.get('/calendar?year=2027')
      assertEq(y.body.holidays, 3, 'holidays stored')

      // a worked day on a Tuesday: refused, shown on the form, nothing stored
      await typeDate(page, 'cal-from', '2027-01-05')
      await page.locator('[data-test="cal-kind"] .el-radio', { hasText: '调休上班' }).click()
      await input(page, 'cal-name').fill('调休上班')
      await page.locator('[data-test="cal-save"]').click()
      await page.locator('[data-test="calendar-form"] .el-form-item__error', { hasText: '周六' }).waitFor()
      assertEq((await api.get('/calendar?year=2027')).body.days.length, 3, 'nothing written')

      // clear 3 January
      await page.locator('[data-test="clear-2027-01-03"]').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await page.locator('[data-test="day-2027-01-03"][data-kind=""]').waitFor()
      assertEq((await api.get('/calendar?year=2027')).body.holidays, 2, 'one cleared')
    },
  },
  {
    name: 'calendar: a town admin reads the calendar but has no form',
    async fn({ page }) {
      await uiLogin(page, 'daliang')
      await page.goto('/calendar')
      await showYear(page, 2026)
      await page.locator('[data-test="day-2026-02-16"][data-kind="holiday"]').waitFor()
      assertEq(await page.locator('[data-test="cal-save"]').count(), 0, 'no save button')
      assertEq(await page.locator('[data-test^="clear-"]').count(), 0, 'no clear buttons')
    },
  },
]
