// The registry (社工数据库): people list with masked personal information,
// reveal with a stated purpose (audited), verification and its withdrawal,
// the form's server messages, exports, teams.
import { assert, assertEq, input, pickOption, uiLogin } from './lib.mjs'

const ID = '440606198503151230' // valid, male, 1985-03-15
const MASKED_ID = '4406**********1230'

async function regionId(api, name) {
  const r = await api.get('/regions?q=' + encodeURIComponent(name) + '&per_page=50')
  const hit = (r.body.items || []).find((x) => x.name === name)
  assert(hit, `region ${name} not found`)
  return hit.id
}

/** A person made through the API for the UI to find (unique name per test). */
async function makePerson(api, name, extra = {}) {
  const beiqu = await regionId(api, '北区社区')
  const r = await api.post('/people', { region_id: beiqu, name, ...extra })
  assertEq(r.status, 201, `create ${name}: ${r.text}`)
  return r.body
}

async function searchFor(page, q) {
  await page.goto('/registry/people')
  await page.locator('[data-test="people-table"]').waitFor()
  await input(page, 'people-q').fill(q)
  await page.locator('[data-test="people-search"]').click()
}

export default [
  {
    name: 'registry: people list shows masked ID numbers and mobiles; 大良 sees no 容桂 people',
    async fn({ page }) {
      await uiLogin(page, 'daliang')
      await page.locator('[data-test="menu-registry-people"]').waitFor({ state: 'attached' })
      await page.goto('/registry/people')
      const ids = page.locator('[data-test="people-table"] [data-test="masked-id"]')
      await ids.first().waitFor()
      const n = await ids.count()
      assert(n >= 10, `only ${n} rows`)
      for (let i = 0; i < n; i++) {
        const v = (await ids.nth(i).innerText()).trim()
        assert(v === '—' || /^\d{4}\*{10}[\dX]{4}$/.test(v), `row ${i} id_number not masked: ${v}`)
      }
      const mobiles = page.locator('[data-test="people-table"] [data-test="masked-mobile"]')
      for (let i = 0; i < (await mobiles.count()); i++) {
        const v = (await mobiles.nth(i).innerText()).trim()
        assert(v === '—' || /^1\d{2}\*{4}\d{4}$/.test(v), `row ${i} mobile not masked: ${v}`)
      }
      const text = await page.locator('[data-test="people-table"]').innerText()
      assert(!text.includes('振华社区') && !text.includes('马冈村'), '容桂 people in 大良 list')
      // filter: verified only → every row says 已核验
      await page.locator('[data-test="people-verified"]').click()
      await pickOption(page, '已核验')
      await page.waitForFunction(() => {
        const tags = [...document.querySelectorAll('[data-test="people-table"] [data-test^="verified-"]')]
        return tags.length > 0 && tags.every((t) => t.textContent.includes('已核验'))
      })
    },
  },
  {
    name: 'registry: reveal asks for a purpose, shows the full values once and is audited',
    async fn({ page, apiAs }) {
      const api = await apiAs('beiqu')
      const p = await makePerson(api, '罗启明', { id_number: ID, mobile: '13712345678' })
      assertEq(p.id_number, MASKED_ID, 'masked id in the create answer')
      await uiLogin(page, 'beiqu')
      await searchFor(page, '罗启明')
      const row = page.locator('[data-test="people-table"] .el-table__row', { hasText: '罗启明' }).first()
      await row.waitFor()
      assertEq((await row.locator('[data-test="masked-id"]').innerText()).trim(), MASKED_ID, 'masked in the list')
      assert(!(await page.content()).includes(ID), 'full ID number in the page before reveal')
      await page.locator(`[data-test="person-reveal-${p.id}"]`).click()
      const dlg = page.locator('.el-dialog[data-test="reveal-dialog"]')
      await dlg.waitFor()
      await dlg.locator('[data-test="reveal-submit"]').click()
      await dlg.locator('.el-form-item__error').waitFor() // purpose required
      assertEq(await dlg.locator('[data-test="reveal-result"]').count(), 0, 'values shown without a purpose')
      await input(page, 'reveal-purpose').fill('核对居住证明材料')
      await dlg.locator('[data-test="reveal-submit"]').click()
      await dlg.locator('[data-test="reveal-id"]', { hasText: ID }).waitFor()
      assertEq((await dlg.locator('[data-test="reveal-mobile"]').innerText()).trim(), '13712345678', 'full mobile')
      const audit = await api.get(`/audit?entity=person&entity_id=${p.id}&action=person.reveal`)
      assertEq(audit.body.total, 1, 'one reveal entry')
      assertEq(audit.body.items[0].after.purpose, '核对居住证明材料', 'purpose in the audit entry')
      assert(!audit.text.includes(ID) && !audit.text.includes('13712345678'), 'values in the audit log')
      // closing forgets the values
      await dlg.locator('.el-dialog__footer button').first().click()
      await page.waitForFunction((id) => !document.body.innerText.includes(id), ID)
    },
  },
  {
    name: 'registry: staff verify a resident and withdraw the verification with a reason',
    async fn({ page, apiAs }) {
      const api = await apiAs('beiqu')
      const p = await makePerson(api, '冯美华', { household: 'nonregistered' })
      await uiLogin(page, 'beiqu')
      await searchFor(page, '冯美华')
      await page.locator(`[data-test="person-verify-${p.id}"]`).click()
      const dlg = page.locator('.el-dialog[data-test="verify-dialog"]')
      await dlg.waitFor()
      await dlg.locator('[data-test="verify-method-in_person"]').click()
      await input(page, 'verify-note').fill('社区工作人员上门核验')
      await dlg.locator('[data-test="verify-submit"]').click()
      await page.locator(`[data-test="verified-${p.id}"]`, { hasText: '已核验' }).waitFor()
      let r = await api.get(`/people/${p.id}`)
      assertEq(r.body.verified, true, 'verified through the API')
      assertEq(r.body.verify_method, 'in_person', 'method')
      assertEq(r.body.verified_by, api.me.id, 'verified_by')
      // withdraw
      await page.locator(`[data-test="person-unverify-${p.id}"]`).click()
      const udlg = page.locator('.el-dialog[data-test="unverify-dialog"]')
      await udlg.waitFor()
      await input(page, 'unverify-reason').fill('已搬离本社区')
      await udlg.locator('[data-test="unverify-submit"]').click()
      await page.locator(`[data-test="verified-${p.id}"]`, { hasText: '未核验' }).waitFor()
      r = await api.get(`/people/${p.id}`)
      assertEq(r.body.verified, false, 'withdrawn')
      assertEq(r.body.history[0].action, 'person.unverify', 'latest history entry')
      // the detail drawer shows the history
      await page.locator(`[data-test="person-open-${p.id}"]`).click()
      const drawer = page.locator('[data-test="person-drawer"]')
      await drawer.locator('[data-action="person.unverify"]').waitFor()
      await drawer.locator('[data-action="person.verify"]').waitFor()
      assert((await drawer.innerText()).includes('已搬离本社区'), 'reason in the history')
    },
  },
  {
    name: 'registry: the person form shows the server message under the ID number',
    async fn({ page }) {
      await uiLogin(page, 'beiqu')
      await page.goto('/registry/people')
      await page.locator('[data-test="person-create"]').click()
      const dlg = page.locator('.el-dialog[data-test="person-dialog"]')
      await dlg.waitFor()
      await dlg.locator('[data-test="person-form-region"]').click()
      await page.locator('.el-tree-node__content:visible', { hasText: '北区社区' }).first().click()
      await input(page, 'person-form-name').fill('郭测试')
      await input(page, 'person-form-id').fill('440606198503151231')
      await dlg.locator('[data-test="person-form-save"]').click()
      const err = dlg.locator('.el-form-item__error', { hasText: '校验位' })
      await err.waitFor()
      await input(page, 'person-form-id').fill('440606197001014565')
      await dlg.locator('[data-test="person-form-save"]').click()
      await dlg.waitFor({ state: 'hidden' })
    },
  },
  {
    name: 'registry: export returns masked CSV with the list filters',
    async fn({ page }) {
      await uiLogin(page, 'daliang')
      await page.goto('/registry/people')
      const r = await page.evaluate(async () => {
        const res = await fetch('/api/v1/people/export?format=csv&is_social_worker=true')
        return { status: res.status, type: res.headers.get('Content-Type'), cd: res.headers.get('Content-Disposition'), text: await res.text() }
      })
      assertEq(r.status, 200, 'export status')
      assert(r.type.startsWith('text/csv'), `content type ${r.type}`)
      assert(r.cd.includes('attachment') && r.cd.includes('.csv'), `disposition ${r.cd}`)
      const lines = r.text.trim().split(/\r?\n/)
      assert(lines.length > 2, 'rows in the export')
      assert(lines[0].includes('身份证号（脱敏）'), 'header')
      assert(!/\d{17}[\dX]/.test(r.text), 'an unmasked ID number in the export')
      assert(!r.text.includes('振华社区'), '容桂 rows in 大良 export')
      assert(lines.slice(1).every((l) => l.includes('是')), 'every row is a social worker')
      await page.locator('[data-test="export"]').waitFor()
    },
  },
  {
    name: 'registry: 北区社区志愿服务总队 with its 27 teams and members',
    async fn({ page }) {
      await uiLogin(page, 'beiqu')
      await page.goto('/registry/teams')
      const general = page.locator('.tnode[data-name="北区社区志愿服务总队"]')
      await general.waitFor()
      const teams = page.locator('[data-test="team-tree"] .el-tree-node .el-tree-node .tnode')
      assertEq(await teams.count(), 27, 'teams under the general team')
      await page.locator('.tnode[data-name="北区社区助老服务队"]').click()
      await page.locator('[data-test="team-name"]', { hasText: '北区社区助老服务队' }).waitFor()
      const rows = page.locator('[data-test="member-table"] .el-table__row')
      await rows.first().waitFor()
      assert((await rows.count()) >= 3, 'members listed')
    },
  },
  {
    name: 'registry: an organisation form shows the credit-code message; a filed organisation is registered',
    async fn({ page, apiAs }) {
      await uiLogin(page, 'beiqu')
      await page.goto('/registry/organisations')
      await page.locator('[data-test="orgs-table"] .el-table__row').first().waitFor()
      await page.locator('[data-test="org-create"]').click()
      const dlg = page.locator('.el-dialog[data-test="org-dialog"]')
      await dlg.waitFor()
      await dlg.locator('.el-form-item', { hasText: '所属区域' }).locator('.el-select').click()
      await page.locator('.el-tree-node__content:visible', { hasText: '北区社区' }).first().click()
      await input(page, 'org-form-name').fill('北区社区四点半课堂服务社')
      await input(page, 'org-form-credit').fill('52440606MJ0001001X')
      await dlg.locator('[data-test="org-form-save"]').click()
      await dlg.locator('.el-form-item__error', { hasText: '统一社会信用代码' }).waitFor()
      await input(page, 'org-form-credit').fill('')
      await dlg.locator('[data-test="org-form-save"]').click()
      await dlg.waitFor({ state: 'hidden' })
      const api = await apiAs('beiqu')
      const r = await api.get('/organisations?q=' + encodeURIComponent('四点半课堂'))
      assertEq(r.body.total, 1, 'organisation created')
      assertEq(r.body.items[0].credit_code, null, 'no credit code')
      const d = await api.get('/organisations/' + r.body.items[0].id)
      assertEq(d.body.history[0].action, 'create', 'history of the organisation')
    },
  },
  {
    name: 'registry: facilities list 北区 党群服务中心 and a room can be added',
    async fn({ page, apiAs }) {
      await uiLogin(page, 'beiqu')
      await page.goto('/registry/facilities')
      const row = page.locator('[data-test="facilities-table"] .el-table__row', { hasText: '北区社区党群服务中心' })
      await row.waitFor()
      await row.locator('[data-test^="facility-open-"]').click()
      const drawer = page.locator('[data-test="facility-drawer"]')
      await drawer.locator('[data-test="room-table"] .el-table__row').first().waitFor()
      const before = await drawer.locator('[data-test="room-table"] .el-table__row').count()
      await input(page, 'room-name').fill('儿童阅览角')
      await drawer.locator('[data-test="room-add"]').click()
      await page.waitForFunction((n) => document.querySelectorAll('[data-test="facility-drawer"] [data-test="room-table"] .el-table__row').length === n + 1, before)
      await drawer.locator('[data-action="room_add"]').first().waitFor()
      const api = await apiAs('beiqu')
      const list = await api.get('/facilities?kind=party_service_center')
      const f = await api.get('/facilities/' + list.body.items[0].id)
      assert(f.body.rooms.some((r) => r.name === '儿童阅览角'), 'room saved')
    },
  },
]
