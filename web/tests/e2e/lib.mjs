// Helpers shared by the e2e test files: signing in through the UI, walking
// the region tree, picking from Element Plus selects, plain assertions.
export const DEMO_PASSWORD = 'Demo@2026'

export function assert(cond, msg) {
  if (!cond) throw new Error(msg)
}

export function assertEq(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}

/** An Element Plus input: data-test may sit on the <input> or on its wrapper. */
export function input(page, name) {
  return page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first()
}

/** Sign in through the login page; waits until the app has left /login. */
export async function uiLogin(page, username, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await input(page, 'login-username').fill(username)
  await input(page, 'login-password').fill(password)
  await page.locator('[data-test="login-submit"]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.locator('[data-test="user-name"]').waitFor()
}

/** The el-tree node (the .el-tree-node element) whose label is `name`. */
export function treeNode(page, name) {
  return page.locator('.el-tree-node', { has: page.locator(`:scope > .el-tree-node__content .rnode[data-name="${name}"]`) }).first()
}

/** Expand a tree node (if collapsed) and wait for its children to render. */
export async function expandNode(page, name) {
  const node = treeNode(page, name)
  await node.waitFor()
  const cls = (await node.getAttribute('class')) || ''
  if (!cls.includes('is-expanded')) {
    await node.locator(':scope > .el-tree-node__content .el-tree-node__expand-icon').click()
  }
  await node.locator(':scope > .el-tree-node__children .el-tree-node').first().waitFor()
}

/** Click a node's label and wait for the detail panel to show it. */
export async function selectNode(page, name) {
  await page.locator(`.rnode[data-name="${name}"]`).first().click()
  await page.locator('[data-test="region-name"]', { hasText: name }).waitFor()
}

/** Choose the visible dropdown option with this exact text. */
export async function pickOption(page, text) {
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

export const fmtNum = (n) => Number(n).toLocaleString('en-US')
