// Governance records of the registry (社工数据库 · 治理台账): part-time committee
// members and their meetings, incubation of community social organisations,
// community brands, building-leader selection, targets. The registry's core
// pages live in ../registry/; these are registered as their own area.
import { markRaw } from 'vue'
import { Avatar, Flag, Histogram, OfficeBuilding, Promotion, Stamp, Trophy } from '@element-plus/icons-vue'

const STAFF = ['district_admin', 'town_admin', 'community_staff', 'grid_worker', 'social_worker']

export default {
  key: 'registry-gov',
  order: 31,
  titleKey: 'registry-gov.module',
  icon: markRaw(OfficeBuilding),
  pages: [
    { name: 'reg-gov-committee', path: '/governance/committee', titleKey: 'registry-gov.nav.committee', icon: markRaw(Avatar), roles: STAFF, component: () => import('./CommitteePage.vue') },
    { name: 'reg-gov-incubation', path: '/governance/incubation', titleKey: 'registry-gov.nav.incubation', icon: markRaw(Promotion), roles: STAFF, component: () => import('./IncubationPage.vue') },
    { name: 'reg-gov-brands', path: '/governance/brands', titleKey: 'registry-gov.nav.brands', icon: markRaw(Trophy), roles: STAFF, component: () => import('./BrandPage.vue') },
    { name: 'reg-gov-leaders', path: '/governance/leaders/:id(\\d+)?', menuPath: '/governance/leaders', titleKey: 'registry-gov.nav.leaders', icon: markRaw(Flag), roles: STAFF, component: () => import('./LeadersPage.vue') },
    { name: 'reg-gov-published', path: '/governance/published-leaders', titleKey: 'registry-gov.nav.published', icon: markRaw(Stamp), component: () => import('./PublishedLeadersPage.vue') },
    { name: 'reg-gov-targets', path: '/governance/targets', titleKey: 'registry-gov.nav.targets', icon: markRaw(Histogram), roles: STAFF, component: () => import('./TargetsPage.vue') },
  ],
}
