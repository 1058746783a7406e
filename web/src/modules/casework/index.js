// Case work's visits, consents, referrals, workload and statistics (issue 17,
// src/modules/casework): the phone-first visit page that works offline, the
// referral inbox of a receiving organisation's account, the supervisor's
// workload board and statistics without identifiers. The panel of one case
// (CaseworkPanel.vue) is shown inside the cases area's case page.
import { markRaw } from 'vue'
import { DataAnalysis, EditPen, Message, Odometer } from '@element-plus/icons-vue'

const CASE = ['social_worker', 'org_admin']
const STATS = [...CASE, 'district_admin', 'town_admin']

export default {
  key: 'casework',
  menus: [
    {
      key: 'casework',
      order: 73,
      titleKey: 'casework.module',
      icon: markRaw(EditPen),
      pages: [
        { name: 'casework-case', path: '/casework/cases/:id(\\d+)', menuPath: '/casework/visit', titleKey: 'casework.nav.case', icon: markRaw(EditPen), roles: CASE, hidden: true, component: () => import('./CasePage.vue') },
        { name: 'casework-visit', path: '/casework/visit', titleKey: 'casework.nav.visit', icon: markRaw(EditPen), roles: CASE, component: () => import('./VisitPage.vue') },
        { name: 'casework-inbox', path: '/casework/referrals', titleKey: 'casework.nav.inbox', icon: markRaw(Message), roles: CASE, component: () => import('./InboxPage.vue') },
        { name: 'casework-referral', path: '/casework/referrals/:id(\\d+)', menuPath: '/casework/referrals', titleKey: 'casework.nav.referral', icon: markRaw(Message), roles: CASE, hidden: true, component: () => import('./ReferralPage.vue') },
        { name: 'casework-workload', path: '/casework/workload', titleKey: 'casework.nav.workload', icon: markRaw(Odometer), roles: CASE, component: () => import('./WorkloadPage.vue') },
        { name: 'casework-stats', path: '/casework/stats', titleKey: 'casework.nav.stats', icon: markRaw(DataAnalysis), roles: STATS, component: () => import('./StatsPage.vue') },
      ],
    },
  ],
}
