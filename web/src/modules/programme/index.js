// The funding programme (众创共善, issue 13): applicants apply online from a
// phone (my applications, the form with partners, budget lines, indicators
// and scans, submit, withdraw); programme staff set up a year's plates and
// special funds and list its applications; everyone reads the statistics
// of a published year.
import { markRaw } from 'vue'
import { DataAnalysis, Document, Medal } from '@element-plus/icons-vue'

const STAFF = ['district_admin', 'town_admin', 'community_staff']
const EVERYONE = ['resident', 'volunteer', 'grid_worker', 'social_worker', 'org_admin', 'expert', 'donor', ...STAFF]

export default {
  key: 'programme',
  menus: [
    {
      key: 'programme',
      order: 66,
      titleKey: 'programme.module',
      icon: markRaw(Medal),
      pages: [
        { name: 'prog-mine', path: '/programme/mine', titleKey: 'programme.nav.mine', icon: markRaw(Document), roles: ['org_admin', ...STAFF], component: () => import('./MyAppsPage.vue') },
        { name: 'prog-app', path: '/programme/applications/:id(\\d+)', menuPath: '/programme/mine', titleKey: 'programme.nav.app', icon: markRaw(Document), roles: EVERYONE, hidden: true, component: () => import('./AppPage.vue') },
        { name: 'prog-list', path: '/programmes', titleKey: 'programme.nav.programmes', icon: markRaw(Medal), roles: STAFF, component: () => import('./ProgrammesPage.vue') },
        { name: 'prog-one', path: '/programmes/:code', menuPath: '/programmes', titleKey: 'programme.nav.one', icon: markRaw(Medal), roles: STAFF, hidden: true, component: () => import('./ProgrammePage.vue') },
        { name: 'prog-stats', path: '/programme/statistics', titleKey: 'programme.nav.stats', icon: markRaw(DataAnalysis), roles: EVERYONE, component: () => import('./StatsPage.vue') },
      ],
    },
  ],
}
