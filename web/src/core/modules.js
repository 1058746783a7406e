// The module registry: one entry per domain area (STYLE.md: web/src/modules/<area>/).
// Each area's index.js exports a descriptor:
//
//   { key, titleKey, icon, pages: [{ name, path, menuPath, titleKey, icon, roles?, component }] }
//
// `roles` (optional) lists the roles that see the page in the menu; the server
// still decides what each call may do. Adding an area — registry (社工数据库),
// index (活力指数), exchange (服务交易所), volunteer (志愿服务), fund (慈善资金),
// programme (众创共善), deliberation (议事协商), case (个案) — is one import and
// one entry below; only implemented areas are listed, so the menu has no dead ends.
import region from '@/modules/region/index.js'
import admin from '@/modules/admin/index.js'
import registry from '@/modules/registry/index.js'
import registryGov from '@/modules/registry-gov/index.js'
import vitality from '@/modules/vitality/index.js'

import registryImport from '@/modules/registry-import/index.js'

import exchange from '@/modules/exchange/index.js'

import exchangeDir from '@/modules/exchange-dir/index.js'

import calendar from '@/modules/calendar/index.js'

export const modules = [region, registry, registryGov, registryImport, vitality, exchange, exchangeDir, calendar, admin]

export function pageVisible(page, hasRole) {
  return !page.roles || hasRole(...page.roles)
}
