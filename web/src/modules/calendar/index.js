// Working-day calendar (法定节假日与调休): the holidays and the weekend days
// worked in exchange that every deadline in working days counts with. Every
// signed-in user reads it; the district admin edits it (the server decides).
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
      component: () => import('./CalendarPage.vue'),
    },
  ],
}
