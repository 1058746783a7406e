// Exchange directory area (服务目录): full-text search of demands and
// services, space for service (物业换服务: spaces, agreements, delivery logs,
// renewals, bookings) and the HSDS 3.0 open-data export. The exchange core
// (demands, services, matching) lives in ../exchange/.
import { markRaw } from 'vue'
import { Collection, Search, OfficeBuilding, Download } from '@element-plus/icons-vue'

export default {
  key: 'exchange-dir',
  order: 51,
  titleKey: 'exchange-dir.title',
  icon: markRaw(Collection),
  pages: [
    {
      name: 'xdir-search',
      path: '/exchange/search',
      titleKey: 'exchange-dir.nav.search',
      icon: markRaw(Search),
      component: () => import('./SearchPage.vue'),
    },
    {
      name: 'xdir-spaces',
      path: '/exchange/spaces',
      titleKey: 'exchange-dir.nav.spaces',
      icon: markRaw(OfficeBuilding),
      component: () => import('./SpacesPage.vue'),
    },
    {
      name: 'xdir-hsds',
      path: '/exchange/open-data',
      titleKey: 'exchange-dir.nav.hsds',
      icon: markRaw(Download),
      component: () => import('./HsdsPage.vue'),
    },
  ],
}
