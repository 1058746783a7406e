// The module registry: one entry per domain area (STYLE.md: web/src/modules/<area>/).
// Each area's index.js exports one descriptor: a menu group
//
//   { key, order, titleKey, icon, pages: [{ name, path, menuPath?, titleKey, icon, roles?, component }] }
//
// or, for an area whose pages fall into several menu groups (the registry's
// people, governance records and import), { key, menus: [group, …] }. Each
// group has its own `order` in the menu; `menuPath` defaults to `path`.
//
// `hidden: true` keeps a page out of the menu (a record's own page, opened
// from a list: /exchange/demands/:id).
// `roles` (optional) lists the roles that see the page in the menu; the server
// still decides what each call may do. The list is gathered at build time from
// the folders (Vite's import.meta.glob), so adding an area — volunteer (志愿服务),
// fund (慈善资金), programme (众创共善), deliberation (议事协商), case (个案) — is
// adding its folder with an index.js; `order` places it in the menu. Only
// implemented areas exist, so the menu has no dead ends.
const found = import.meta.glob('../modules/*/index.js', { eager: true, import: 'default' })

// The menu groups of every area, in menu order; each knows its area.
export const modules = Object.values(found)
  .flatMap((area) => (area.menus || [area]).map((group) => ({ ...group, area: area.key })))
  .sort((a, b) => (a.order ?? 500) - (b.order ?? 500) || a.key.localeCompare(b.key))

// Pages an area shows without login and outside the layout (the volunteer
// area's certificate check, /verify/:code): the descriptor's `publicPages`,
// [{ name, path, titleKey, component }], routed beside /login.
export const publicPages = Object.values(found).flatMap((area) => area.publicPages || [])

export function pageVisible(page, hasRole) {
  return !page.roles || hasRole(...page.roles)
}
