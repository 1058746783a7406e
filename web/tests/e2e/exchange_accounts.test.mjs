// Provider accounts: community staff unlink a provider account and link it
// again through the dialog (remote search for the user and the
// organisation); an account without a provider role is refused on its field.
import { assert, assertEq, pickOption, uiLogin } from './lib.mjs'

async function search(page, name, text) {
  const box = page.locator(`[data-test="${name}"] input`).first()
  await box.click()
  await box.fill(text)
}

export default [
  {
    name: 'exchange accounts: beiqu unlinks 长者关爱协会 from provider and links it again; resident is refused',
    async fn({ page, apiAs }) {
      const api = await apiAs('beiqu')
      const before = await api.get('/provider-accounts')
      const link = before.body.items.find((x) => x.provider_name === '北区社区长者关爱协会')
      assert(link, 'demo link to 长者关爱协会')
      await uiLogin(page, 'beiqu')
      await page.goto('/exchange/accounts')
      await page.locator('[data-test="acct-table"] .el-table__body tr', { hasText: '北区社区长者关爱协会' }).waitFor()
      await page.locator(`[data-test="acct-unlink-${link.id}"]`).click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await page.locator('[data-test="acct-table"] .el-table__body tr', { hasText: '北区社区长者关爱协会' }).waitFor({ state: 'detached' })

      // a resident holds no provider role: refused on the user field
      await page.locator('[data-test="acct-link"]').click()
      await search(page, 'acct-user', 'resident')
      await pickOption(page, '（resident）')
      await search(page, 'acct-provider', '长者关爱')
      await pickOption(page, '北区社区长者关爱协会')
      await page.locator('[data-test="acct-save"]').click()
      await page.locator('[data-test="acct-form"] .el-form-item__error', { hasText: '没有机构管理员' }).waitFor()
      const mid = await api.get('/provider-accounts')
      assertEq(mid.body.items.length, before.body.items.length - 1, 'nothing linked')

      // the provider account: linked again
      await search(page, 'acct-user', 'provider')
      await pickOption(page, '（provider）')
      await page.locator('[data-test="acct-save"]').click()
      await page.locator('[data-test="acct-table"] .el-table__body tr', { hasText: '北区社区长者关爱协会' }).waitFor()
      const after = await api.get('/provider-accounts')
      assertEq(after.body.items.length, before.body.items.length, 'linked again')
    },
  },
]
