// Charity funds (慈善基金, issue 12): the funds a person may read — their
// community's, the town's and the district's — each with its balance, the
// donations (names as donors chose), its ledger and its committee; anyone
// gives from a phone and downloads the receipt; staff and a fund's
// managers record offline gifts and pledges, open and close funds and keep
// the committee; a donor sees their history and annual statement.
import { markRaw } from 'vue'
import { Coin, Present } from '@element-plus/icons-vue'

const EVERYONE = ['district_admin', 'town_admin', 'community_staff', 'grid_worker', 'social_worker', 'org_admin', 'expert', 'volunteer', 'resident', 'donor']

export default {
  key: 'funds',
  menus: [
    {
      key: 'funds',
      order: 60,
      titleKey: 'funds.module',
      icon: markRaw(Coin),
      pages: [
        { name: 'funds-fund', path: '/funds/:id(\\d+)', menuPath: '/funds', titleKey: 'funds.nav.fund', icon: markRaw(Coin), roles: EVERYONE, hidden: true, component: () => import('./FundPage.vue') },
        { name: 'funds-list', path: '/funds', titleKey: 'funds.nav.funds', icon: markRaw(Coin), roles: EVERYONE, component: () => import('./FundsPage.vue') },
        { name: 'funds-mine', path: '/funds/mine', titleKey: 'funds.nav.mine', icon: markRaw(Present), roles: EVERYONE, component: () => import('./MyDonationsPage.vue') },
      ],
    },
  ],
}
