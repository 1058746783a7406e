// Service exchange (服务交易所): one area, two menu groups. The exchange
// itself: residents post and follow needs, staff run optimal matching and
// review proposals, providers answer them and manage their services, the
// district admin edits the taxonomy. The directory (服务目录): full-text
// search of demands and services, space for service (物业换服务: spaces,
// agreements, delivery logs, renewals, bookings), open to every signed-in
// user, and the HSDS 3.0 open-data export, in the menu of those who hand data on.
import { markRaw } from 'vue'
import { Briefcase, Collection, CollectionTag, Connection, Download, Edit, Link, OfficeBuilding, Operation, Search, Tickets } from '@element-plus/icons-vue'

const STAFF = ['district_admin', 'town_admin', 'community_staff']
const READERS = [...STAFF, 'grid_worker', 'social_worker']

export default {
  key: 'exchange',
  menus: [
    {
      key: 'exchange',
      order: 50,
      titleKey: 'modules.exchange',
      icon: markRaw(Connection),
      pages: [
        // a need's own page (timeline, who it waits for, contact): opened from the lists, not in the menu
        { name: 'exchange-demand', path: '/exchange/demands/:id(\\d+)', titleKey: 'exchange.story.title', icon: markRaw(Tickets), hidden: true, component: () => import('./DemandPage.vue') },
        { name: 'exchange-my', path: '/exchange/my', titleKey: 'exchange.nav.my', icon: markRaw(Edit), roles: ['resident'], component: () => import('./MyNeedsPage.vue') },
        { name: 'exchange-demands', path: '/exchange/demands', titleKey: 'exchange.nav.demands', icon: markRaw(Tickets), roles: READERS, component: () => import('./DemandsPage.vue') },
        { name: 'exchange-board', path: '/exchange/board', titleKey: 'exchange.nav.board', icon: markRaw(Operation), roles: STAFF, component: () => import('./MatchingBoardPage.vue') },
        { name: 'exchange-provider', path: '/exchange/provider', titleKey: 'exchange.nav.provider', icon: markRaw(Briefcase), roles: ['org_admin', 'volunteer', 'social_worker'], component: () => import('./ProviderPage.vue') },
        { name: 'exchange-accounts', path: '/exchange/accounts', titleKey: 'exchange.nav.accounts', icon: markRaw(Link), roles: STAFF, component: () => import('./ProviderAccountsPage.vue') },
        { name: 'exchange-terms', path: '/exchange/terms', titleKey: 'exchange.nav.terms', icon: markRaw(CollectionTag), roles: ['district_admin'], component: () => import('./TermsPage.vue') },
      ],
    },
    {
      key: 'exchange.directory',
      order: 51,
      titleKey: 'exchange.dir.title',
      icon: markRaw(Collection),
      pages: [
        { name: 'exchange-search', path: '/exchange/search', titleKey: 'exchange.dir.nav.search', icon: markRaw(Search), component: () => import('./SearchPage.vue') },
        { name: 'exchange-spaces', path: '/exchange/spaces', titleKey: 'exchange.dir.nav.spaces', icon: markRaw(OfficeBuilding), component: () => import('./SpacesPage.vue') },
        { name: 'exchange-open-data', path: '/exchange/open-data', titleKey: 'exchange.dir.nav.hsds', icon: markRaw(Download), roles: [...READERS, 'org_admin', 'expert'], component: () => import('./HsdsPage.vue') },
      ],
    },
  ],
}
