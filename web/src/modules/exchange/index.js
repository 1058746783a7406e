// Service exchange (服务交易所): residents post and follow needs, staff run
// optimal matching and review proposals, providers answer them and manage
// their services, the district admin edits the taxonomy.
import { markRaw } from 'vue'
import { Connection, Edit, Briefcase, Operation, CollectionTag, Tickets, Link } from '@element-plus/icons-vue'

export default {
  key: 'exchange',
  order: 50,
  titleKey: 'modules.exchange',
  icon: markRaw(Connection),
  pages: [
    {
      name: 'exchange-my',
      path: '/exchange/my',
      menuPath: '/exchange/my',
      titleKey: 'exchange.nav.my',
      icon: markRaw(Edit),
      roles: ['resident'],
      component: () => import('./MyNeedsPage.vue'),
    },
    {
      name: 'exchange-demands',
      path: '/exchange/demands',
      menuPath: '/exchange/demands',
      titleKey: 'exchange.nav.demands',
      icon: markRaw(Tickets),
      roles: ['district_admin', 'town_admin', 'community_staff', 'grid_worker', 'social_worker'],
      component: () => import('./DemandsPage.vue'),
    },
    {
      name: 'exchange-board',
      path: '/exchange/board',
      menuPath: '/exchange/board',
      titleKey: 'exchange.nav.board',
      icon: markRaw(Operation),
      roles: ['district_admin', 'town_admin', 'community_staff'],
      component: () => import('./MatchingBoardPage.vue'),
    },
    {
      name: 'exchange-provider',
      path: '/exchange/provider',
      menuPath: '/exchange/provider',
      titleKey: 'exchange.nav.provider',
      icon: markRaw(Briefcase),
      roles: ['org_admin', 'volunteer', 'social_worker'],
      component: () => import('./ProviderPage.vue'),
    },
    {
      name: 'exchange-accounts',
      path: '/exchange/accounts',
      menuPath: '/exchange/accounts',
      titleKey: 'exchange.nav.accounts',
      icon: markRaw(Link),
      roles: ['district_admin', 'town_admin', 'community_staff'],
      component: () => import('./ProviderAccountsPage.vue'),
    },
    {
      name: 'exchange-terms',
      path: '/exchange/terms',
      menuPath: '/exchange/terms',
      titleKey: 'exchange.nav.terms',
      icon: markRaw(CollectionTag),
      roles: ['district_admin'],
      component: () => import('./TermsPage.vue'),
    },
  ],
}
