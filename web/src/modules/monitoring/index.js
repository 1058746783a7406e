// Monitoring of funded programme projects (资助项目监测, issue 13 item 5):
// programme staff see the board by tier (风险 / 观察 / 质量), sign
// agreements, accept milestones (paying tranches), review reports, keep
// visits, supervisors, evaluations, extensions and fixed assets; the
// applicant files quarterly and final reports from a phone.
import { markRaw } from 'vue'
import { DataBoard, Document } from '@element-plus/icons-vue'

const STAFF = ['district_admin', 'town_admin', 'community_staff']
const EVERYONE = [...STAFF, 'grid_worker', 'social_worker', 'org_admin', 'volunteer', 'resident', 'donor']

export default {
  key: 'monitoring',
  menus: [
    {
      key: 'monitoring',
      order: 68,
      titleKey: 'monitoring.module',
      icon: markRaw(DataBoard),
      pages: [
        { name: 'monitoring-board', path: '/monitoring', titleKey: 'monitoring.nav.board', icon: markRaw(DataBoard), roles: EVERYONE, component: () => import('./BoardPage.vue') },
        { name: 'monitoring-project', path: '/monitoring/projects/:id(\\d+)', menuPath: '/monitoring', titleKey: 'monitoring.nav.project', icon: markRaw(Document), roles: EVERYONE, hidden: true, component: () => import('./ProjectPage.vue') },
        { name: 'monitoring-report', path: '/monitoring/projects/:id(\\d+)/report', menuPath: '/monitoring', titleKey: 'monitoring.nav.report', icon: markRaw(Document), roles: EVERYONE, hidden: true, component: () => import('./ReportPage.vue') },
      ],
    },
  ],
}
