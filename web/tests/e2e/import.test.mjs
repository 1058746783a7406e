// Bulk import through the UI: a town admin checks a CSV with broken rows,
// sees exactly those rows and reasons, downloads the error report, fixes
// the file, checks it again and imports it.
import fs from 'node:fs'
import path from 'node:path'
import { assert, assertEq, input, uiLogin } from './lib.mjs'

function idCheck(d17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(d17[i]) * w[i]
  return '10X98765432'[s % 11]
}
const rid = (d17) => d17 + idCheck(d17)

const HEADER = '姓名,身份证号,手机号,性别,社区,网格,志愿者'
// Six residents of 大良's communities (spreadsheet rows 2-7). Their IDs carry
// 440681 (the former 顺德市), which no demo person has (bench/gen_registry.py):
// an ID held by a demo person outside 大良 would be a row error of its own.
const GOOD = [
  ['欧阳明', rid('44068119770312511'), '13800138001', '男', '近良社区', '第一网格', '是'],
  ['陈慧琳', rid('44068119800521522'), '13900139002', '女', '近良社区', '', '否'],
  ['黄志强', rid('44068119650101531'), '13700137003', '男', '升平社区', '', '是'],
  ['梁小燕', rid('44068119921111542'), '13600136004', '女', '古鉴村', '', ''],
  ['何家辉', rid('44068119881230551'), '13500135005', '男', '北区社区', '第二网格', '是'],
  ['罗美玲', rid('44068120010704562'), '13300133006', '女', '近良社区', '', '否'],
]
const csv = (rows) => [HEADER, ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n'

export default [
  {
    name: 'town admin daliang checks a people CSV with broken rows, fixes it and imports it',
    async fn({ page, tmp, apiAs }) {
      const broken = GOOD.map((r) => [...r])
      broken[1][1] = broken[1][1].slice(0, 17) + (broken[1][1][17] === '0' ? '1' : '0') // row 3: check character
      broken[3][4] = '幸福里社区' // row 5: no such community
      broken[4][2] = '1380013' // row 6: mobile too short
      broken[5][4] = '振华社区' // row 7: a 容桂 community, outside 大良
      const brokenPath = path.join(tmp, '人员_有误.csv')
      const fixedPath = path.join(tmp, '人员_已修正.csv')
      fs.writeFileSync(brokenPath, csv(broken))
      fs.writeFileSync(fixedPath, csv(GOOD))

      await uiLogin(page, 'daliang')
      await page.goto('/registry/import')
      await page.locator('[data-test="import-page"]').waitFor()
      // the template links point at the API for the chosen kind
      const tpl = await page.locator('[data-test="import-template-xlsx"]').getAttribute('href')
      assertEq(tpl, '/api/v1/imports/template?kind=people&format=xlsx', 'xlsx template link')

      // 1. the broken file: exactly rows 3, 5, 6, 7 with their reasons
      await page.setInputFiles('[data-test="import-file"]', brokenPath)
      await page.locator('[data-test="import-file-name"]', { hasText: '人员_有误.csv' }).waitFor()
      await page.locator('[data-test="import-check"]').click()
      const report = page.locator('[data-test="import-report"]')
      await report.waitFor()
      assertEq(await report.getAttribute('data-ok'), 'false', 'report verdict')
      const summary = await page.locator('[data-test="import-summary"]').innerText()
      assert(summary.includes('共 6 行') && summary.includes('2 行无误') && summary.includes('4 行有误'), `summary: ${summary}`)
      const rows = await page.locator('[data-test="import-errors"] .el-table__body tr').evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.innerText.trim())),
      )
      const want = [
        ['3', '身份证号', '校验位'],
        ['5', '社区', '找不到名为「幸福里社区」的村（社区）'],
        ['6', '手机号', '11 位数字'],
        ['7', '社区', '「振华社区」不在您的管辖范围内'],
      ]
      assertEq(rows.length, want.length, `error rows shown (${JSON.stringify(rows)})`)
      want.forEach(([row, col, reason], i) => {
        assertEq(rows[i][0], row, `error ${i + 1} row`)
        assertEq(rows[i][1], col, `error ${i + 1} column`)
        assert(rows[i][2].includes(reason), `error ${i + 1} reason "${rows[i][2]}" lacks "${reason}"`)
      })
      assert(await page.locator('[data-test="import-run"]').isDisabled(), 'import must be disabled after a failed check')

      // the error report downloads as CSV with the same rows
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-test="import-download-report"]').click(),
      ])
      assertEq(download.suggestedFilename(), 'people_errors.csv', 'report file name')
      const saved = path.join(tmp, 'people_errors.csv')
      await download.saveAs(saved)
      const text = fs.readFileSync(saved, 'utf8')
      assert(text.includes('7,社区,community,「振华社区」不在您的管辖范围内'), `report CSV: ${text.slice(0, 300)}`)

      // nothing was written by the check
      const api = await apiAs('daliang')
      const before = await api.get('/imports')
      assertEq(before.status, 200, 'GET /imports')
      const jobsBefore = before.body.total

      // 2. the fixed file: clean check, then import with the progress bar
      await page.setInputFiles('[data-test="import-file"]', fixedPath)
      await page.locator('[data-test="import-file-name"]', { hasText: '人员_已修正.csv' }).waitFor()
      await page.locator('[data-test="import-check"]').click()
      await page.locator('[data-test="import-report"][data-ok="true"]').waitFor()
      const ok = await page.locator('[data-test="import-ok"]').innerText()
      assert(ok.includes('将新建 6 条'), `clean check: ${ok}`)
      await page.locator('[data-test="import-run"]').click()
      const res = page.locator('[data-test="import-result-text"]')
      await res.waitFor()
      const resText = await res.innerText()
      assert(resText.includes('导入成功：新建 6 条，合并 0 条'), `result: ${resText}`)
      const link = await page.locator('[data-test="import-result-link"]').getAttribute('href')
      assertEq(link, '/registry/people', 'link to the people list')

      // the job is on the server and in the history table
      const after = await api.get('/imports')
      assertEq(after.body.total, jobsBefore + 1, 'jobs after the import')
      const job = after.body.items[0]
      assertEq(job.created, 6, 'job created count')
      assertEq(job.file_name, '人员_已修正.csv', 'job file name')
      await page.locator('[data-test="import-history"] .el-table__body tr', { hasText: '人员_已修正.csv' }).waitFor()

      // 3. the result link opens the registry's people page, where an imported person is found
      await page.locator('[data-test="import-result-link"]').click()
      await page.waitForURL('**/registry/people')
      await input(page, 'people-q').fill('欧阳明')
      await page.locator('[data-test="people-search"]').click()
      await page.locator('[data-test="people-table"] .el-table__body tr', { hasText: '欧阳明' }).waitFor()
    },
  },
]
