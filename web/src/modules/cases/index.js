// Case work (个案, issue 17): social workers' caseload (phone-friendly
// cards), intake, the case page (its tabs and the casework panel), the
// supervisor's approvals and the station's staff set-up. A case is reached
// only by its worker, supervisor or a share: everyone else gets 404.
import { markRaw } from 'vue'
import { Briefcase, Checked, Plus, UserFilled } from '@element-plus/icons-vue'

const CASE = ['social_worker', 'org_admin']
const STAFF = ['social_worker', 'org_admin', 'district_admin', 'town_admin']

export default {
  key: 'cases',
  menus: [
    {
      key: 'cases',
      order: 72,
      titleKey: 'cases.module',
      icon: markRaw(Briefcase),
      pages: [
        { name: 'cases-mine', path: '/cases', titleKey: 'cases.nav.mine', icon: markRaw(Briefcase), roles: CASE, component: () => import('./CaseloadPage.vue') },
        { name: 'cases-new', path: '/cases/new', titleKey: 'cases.nav.new', icon: markRaw(Plus), roles: CASE, component: () => import('./IntakePage.vue') },
        { name: 'cases-case', path: '/cases/:id(\\d+)', menuPath: '/cases', titleKey: 'cases.nav.case', icon: markRaw(Briefcase), roles: CASE, hidden: true, component: () => import('./CasePage.vue') },
        { name: 'cases-approvals', path: '/cases/approvals', titleKey: 'cases.nav.approvals', icon: markRaw(Checked), roles: CASE, component: () => import('./ApprovalsPage.vue') },
        { name: 'cases-staff', path: '/cases/staff', titleKey: 'cases.nav.staff', icon: markRaw(UserFilled), roles: STAFF, component: () => import('./StaffPage.vue') },
      ],
    },
  ],
}
