// Personal information (个人信息保护): everyone's own data, consents and
// requests (PIPL); staff answer the requests of their region; administrators
// set how long each kind of record is kept. The server decides every call.
import { markRaw } from 'vue'
import { Lock, Tickets, Timer } from '@element-plus/icons-vue'

export default {
  key: 'privacy',
  order: 85,
  titleKey: 'privacy.title',
  icon: markRaw(Lock),
  pages: [
    {
      name: 'my-data',
      path: '/me/data',
      titleKey: 'privacy.nav.myData',
      icon: markRaw(Lock),
      component: () => import('./MyDataPage.vue'),
    },
    {
      name: 'privacy-requests',
      path: '/privacy/requests',
      titleKey: 'privacy.nav.requests',
      icon: markRaw(Tickets),
      roles: ['district_admin', 'town_admin', 'community_staff'],
      component: () => import('./RequestsPage.vue'),
    },
    {
      name: 'privacy-retention',
      path: '/privacy/retention',
      titleKey: 'privacy.nav.retention',
      icon: markRaw(Timer),
      roles: ['district_admin', 'town_admin'],
      component: () => import('./RetentionPage.vue'),
    },
  ],
}
