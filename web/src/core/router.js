// Routes: /login and the areas' public pages outside the layout; every module page inside it. The guard
// asks /me once, sends anonymous users to /login, and keeps users away from
// pages their roles do not show in the menu.
import { createRouter, createWebHistory } from 'vue-router'
import { modules, pageVisible, publicPages } from './modules.js'
import { session, loadMe, hasRole, dropSession } from './session.js'
import { setUnauthorizedHandler } from './api.js'
import { loadEnums } from './enums.js'

const pageRoutes = modules.flatMap((m) =>
  m.pages.map((p) => ({
    path: p.path.replace(/^\//, ''),
    name: p.name,
    component: p.component,
    meta: { titleKey: p.titleKey, module: m.area, page: p },
  })),
)

export function firstPage() {
  for (const m of modules) for (const p of m.pages) if (!p.hidden && pageVisible(p, hasRole)) return p.menuPath || p.path
  return '/login'
}

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    {
      path: '/login',
      name: 'login',
      component: () => import('@/modules/auth/LoginPage.vue'),
      meta: { public: true, titleKey: 'login.title' },
    },
    // an area's pages for anyone, signed in or not (no layout, no menu)
    ...publicPages.map((p) => ({ path: p.path, name: p.name, component: p.component, meta: { public: true, titleKey: p.titleKey } })),
    {
      path: '/',
      component: () => import('./layout/AppLayout.vue'),
      children: [
        { path: '', name: 'home', redirect: () => firstPage() },
        // The caller's own account (sessions, log out everywhere): every user, not in the menu.
        { path: 'account', name: 'account', component: () => import('@/modules/auth/AccountPage.vue'), meta: { titleKey: 'auth.account.title' } },
        ...pageRoutes,
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to) => {
  if (!session.loaded) await loadMe()
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return firstPage()
    return true
  }
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  const page = to.meta.page
  if (page && !pageVisible(page, hasRole)) return firstPage()
  // The pages' value lists (core/enums.js): fetched once, so only the first
  // page after login waits for them; a page's own code may then read them.
  await loadEnums()
  return true
})

setUnauthorizedHandler(() => {
  dropSession()
  const cur = router.currentRoute.value
  if (!cur.meta.public) router.replace({ name: 'login', query: { redirect: cur.fullPath } })
})
