// Working-day calendar (法定节假日与调休): the holidays and the weekend days
// worked in exchange that every deadline in working days counts with. Every
// signed-in user may read it; the menu offers it to those who work to such
// deadlines. The district admin edits it (the server decides).
import { markRaw } from 'vue'
import { Calendar } from '@element-plus/icons-vue'

export default {
  key: 'calendar',
  order: 80,
  titleKey: 'calendar.title',
  icon: markRaw(Calendar),
  pages: [
    {
      name: 'calendar',
      path: '/calendar',
      titleKey: 'calendar.nav',
      icon: markRaw(Calendar),
      // whoever works to deadlines counted in working days (staff, workers,
      // providers, reviewers); not in the menu of residents, volunteers, donors
      roles: ['district_admin', 'town_admin', 'community_staff', 'grid_worker', 'social_worker', 'org_admin', 'expert'],
      component: () => import('./CalendarPage.vue'),
    },
  ],
}
