// Grants and disclosure (资助与公示, issue 12 items 4, 6, 7): managers and
// committee members see the grants of their funds, put applications to the
// committee, vote, pay tranches and record spending with its receipts;
// staff keep the disclosure calendar and publish; owners read their
// compound's property trust; anyone reads a fund's public page at
// /public/funds/:id without logging in (phone first).
import { markRaw } from 'vue'
import { Calendar, Coin, House, Money } from '@element-plus/icons-vue'

const STAFF = ['district_admin', 'town_admin', 'community_staff']
const EVERYONE = [...STAFF, 'grid_worker', 'social_worker', 'org_admin', 'expert', 'volunteer', 'resident', 'donor']

export default {
  key: 'grants',
  menus: [
    {
      key: 'grants',
      order: 62,
      titleKey: 'grants.module',
      icon: markRaw(Coin),
      pages: [
        { name: 'grants-list', path: '/grants/list', titleKey: 'grants.nav.grants', icon: markRaw(Money), roles: EVERYONE, component: () => import('./GrantsPage.vue') },
        { name: 'grants-grant', path: '/grants/:id(\\d+)', menuPath: '/grants/list', titleKey: 'grants.nav.grant', icon: markRaw(Money), roles: EVERYONE, hidden: true, component: () => import('./GrantPage.vue') },
        { name: 'grants-calendar', path: '/grants/calendar', titleKey: 'grants.nav.calendar', icon: markRaw(Calendar), roles: STAFF, component: () => import('./CalendarPage.vue') },
        { name: 'grants-trusts', path: '/grants/trusts', titleKey: 'grants.nav.trusts', icon: markRaw(House), roles: EVERYONE, component: () => import('./TrustsPage.vue') },
      ],
    },
  ],
  // 基金公示: anyone, no login, no layout (core/router.js)
  publicPages: [
    { name: 'grants-public-fund', path: '/public/funds/:id(\\d+)', titleKey: 'grants.nav.public', component: () => import('./PublicFundPage.vue') },
  ],
}
