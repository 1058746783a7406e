// The funding programme (众创共善): the provider (org admin of 北区社区's
// elderly association) applies jointly on a 390 px phone — a new draft in
// zcgs-2022, the town it serves, the fund, the request, two budget lines
// that add up to it (a mismatch is shown and refused first), an indicator,
// a partner organisation and 北区社区 as the partner community, the
// partner's letter of commitment uploaded as a PDF scan, submitted; the
// district admin finds it in the programme's applications list with the
// filters; the statistics page shows the journal's Table 6 row for 大良.
// Every page fits the phone and shows no raw i18n key.
import { assert, assertEq, input, pickOption, uiLogin } from './lib.mjs'

const PHONE = { width: 390, height: 844 }
const KEY_RE = /\b[a-z]+(?:-[a-z]+)*\.[a-z][a-zA-Z]+(?:\.[a-zA-Z_]+)*\b/g

async function fits(page, what) {
  await page.waitForTimeout(300)
  const { scroll, width, text } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
    text: document.body.innerText,
  }))
  assert(scroll <= width + 1, `${what}: the page is ${scroll} px wide on a ${width} px screen`)
  const keys = [...new Set(text.match(KEY_RE) || [])].filter((k) => !/\.(png|jpg|csv|xlsx|json|js|com|cn|org|gov|pdf)$/.test(k))
  assert(!keys.length, `${what}: raw i18n keys shown: ${keys.slice(0, 5).join(', ')}`)
}

const inputs = (page, name) => page.locator(`input[data-test="${name}"], [data-test="${name}"] input`)

async function choose(page, test, text) {
  await page.locator(`[data-test="${test}"]`).last().click()
  await pickOption(page, text)
}

export default [
  {
    name: 'programme: a joint application on a phone (partners, budget lines, indicator, letter), submitted; staff find it; statistics table',
    async fn({ page, newSession }) {
      const title = `长者智能手机课堂 e2e ${Date.now() % 100000}`
      await page.setViewportSize(PHONE)
      await uiLogin(page, 'provider')
      await page.goto('/programme/mine')
      await page.locator('[data-test="prog-card"]').first().waitFor()
      await fits(page, '我的申报')
      await page.locator('[data-test="prog-new"]').click()
      await input(page, 'prog-new-title').fill(title)
      await page.locator('[data-test="prog-new-joint"]').click()
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/prog-applications') && r.request().method() === 'POST'),
        page.locator('[data-test="prog-create"]').click(),
      ])
      assertEq(created.status(), 201, `the draft is made: ${await created.text()}`)
      await page.waitForURL((u) => u.pathname.startsWith('/programme/applications/'))
      await page.locator('[data-test="prog-app-code"]').waitFor()
      const code = await page.locator('[data-test="prog-app-code"]').innerText()
      assert(/^ZC2022-\d{4}$/.test(code), `a tracking code: ${code}`)
      await fits(page, '申报详情 (draft)')

      await page.locator('[data-test="prog-f-scope"]').getByText('单个镇街').click()
      await choose(page, 'prog-f-town', '大良街道')
      await choose(page, 'prog-f-fund', '顺德区社区养老服务建设经费')
      await input(page, 'prog-f-requested').fill('30000')
      await input(page, 'prog-f-requested').blur()
      await page.locator('[data-test="prog-add-line"]').click()
      await page.locator('[data-test="prog-add-line"]').click()
      await inputs(page, 'prog-line-item').nth(0).fill('讲师费')
      await inputs(page, 'prog-line-amount').nth(0).fill('20000')
      await inputs(page, 'prog-line-item').nth(1).fill('教学设备')
      await inputs(page, 'prog-line-amount').nth(1).fill('5000')
      await inputs(page, 'prog-line-amount').nth(1).blur()
      await page.locator('[data-test="prog-add-indicator"]').click()
      await input(page, 'prog-ind-name').fill('培训长者')
      await inputs(page, 'prog-ind-target').fill('200')
      await page.locator('[data-test="prog-add-partner"]').click()
      await input(page, 'prog-partner-name').fill('北区社区长者互助会')
      await page.locator('[data-test="prog-add-community"]').click()
      await choose(page, 'prog-partner-community', '北区社区')
      await fits(page, '申报详情 (filled)')

      // the lines do not add up: the page says so and the server refuses the submission
      const sum = await page.locator('[data-test="prog-lines-sum"]').getAttribute('class')
      assert(sum.includes('bad'), 'the sum line is marked while the lines do not add up')
      await page.locator('[data-test="prog-submit"]').click()
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/submit')),
        page.locator('.el-message-box__btns .el-button--primary').click(),
      ])
      assertEq(refused.status(), 422, `lines that do not add up are refused: ${await refused.text()}`)
      await page.locator('[data-test="prog-app-status"][data-status="draft"]').waitFor()

      await inputs(page, 'prog-line-amount').nth(1).fill('10000')
      await inputs(page, 'prog-line-amount').nth(1).blur()
      // the partner's letter of commitment, scanned
      const [up] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/attachments') && r.request().method() === 'POST'),
        page.locator('[data-test="prog-upload"]').setInputFiles({ name: '承诺函.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% 承诺函\n%%EOF\n') }),
      ])
      assertEq(up.status(), 201, `the letter is uploaded: ${await up.text()}`)
      await page.locator('[data-test="prog-attachments"] a', { hasText: '承诺函.pdf' }).waitFor()
      await page.locator('[data-test="prog-submit"]').click()
      const [sub] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/submit')),
        page.locator('.el-message-box__btns .el-button--primary').click(),
      ])
      assertEq(sub.status(), 200, `submitted: ${await sub.text()}`)
      await page.locator('[data-test="prog-app-status"][data-status="submitted"]').waitFor()
      await fits(page, '申报详情 (submitted)')

      // ---- the district admin finds it ----
      const admin = await newSession()
      await admin.setViewportSize({ width: 1440, height: 900 })
      await uiLogin(admin, 'admin')
      await admin.goto('/programmes/zcgs-2022')
      await admin.locator('[data-test="prog-funds"]').waitFor()
      await input(admin, 'prog-filter-q').fill('智能手机')
      await input(admin, 'prog-filter-q').press('Enter')
      await admin.locator('[data-test="prog-app-row"]', { hasText: title }).waitFor()
      await admin.locator('[data-test="prog-app-row"]', { hasText: title }).click()
      await admin.locator('[data-test="prog-app-status"][data-status="submitted"]').waitFor()
      assertEq(await admin.locator('[data-test="prog-partner"]').count(), 2, 'two partners shown to staff')

      // ---- the statistics of 2021 ----
      await admin.goto('/programme/statistics?code=zcgs-2021')
      const row = admin.locator('[data-test="prog-stats-table"] .el-table__row', { hasText: '大良' })
      await row.waitFor()
      const cells = await row.locator('td').allInnerTexts()
      assertEq(cells.slice(1, 4).map((s) => s.trim()).join(' '), '46 14 30.43%', 'Table 6: 大良 46 applications, 14 funded')
      await admin.locator('[data-test="prog-stats-chart"] canvas').first().waitFor()
      await page.goto('/programme/statistics?code=zcgs-2021')
      await page.locator('[data-test="prog-stats-table"]').waitFor()
      await fits(page, '申报统计')
    },
  },
]
