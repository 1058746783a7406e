// Administration area: accounts with their role grants, and the audit log.
import { markRaw } from 'vue'
import { Setting, UserFilled, Document } from '@element-plus/icons-vue'

// The roles the server admits to /users and /audit (docs/api.md).
const ADMINS = ['district_admin', 'town_admin', 'community_staff']

export default {
  key: 'admin',
  order: 90,
  titleKey: 'modules.admin',
  icon: markRaw(Setting),
  pages: [
    {
      name: 'users',
      path: '/admin/users',
      titleKey: 'nav.users',
      icon: markRaw(UserFilled),
      roles: ADMINS,
      component: () => import('./UsersPage.vue'),
    },
    {
      name: 'audit',
      path: '/admin/audit',
      titleKey: 'nav.audit',
      icon: markRaw(Document),
      roles: ADMINS,
      component: () => import('./AuditPage.vue'),
    },
  ],
}
