// Registry (社工数据库, DOMAIN.md §4.1): one area, three menu groups. The
// registry itself: people with verification and audited access to personal
// information, organisations, volunteer teams, facilities. Governance records
// (社区治理台账): part-time committee members and their meetings, incubation
// of community social organisations, community brands, building-leader
// selection, targets. Bulk import (数据导入) of people, organisations and
// volunteer teams from CSV or XLSX, checked row by row before anything is
// written.
import { markRaw } from 'vue'
import { Avatar, Collection, Flag, FolderOpened, Histogram, OfficeBuilding, Promotion, School, Stamp, Trophy, Upload, User } from '@element-plus/icons-vue'

// The roles the server admits to the registry lists (REG_READ_ROLES) and to
// /api/v1/imports (docs/import.md).
const READERS = ['district_admin', 'town_admin', 'community_staff', 'grid_worker', 'social_worker']
const IMPORTERS = ['district_admin', 'town_admin', 'community_staff']

export default {
  key: 'registry',
  menus: [
    {
      key: 'registry',
      order: 30,
      titleKey: 'modules.registry',
      icon: markRaw(Collection),
      pages: [
        { name: 'registry-people', path: '/registry/people/:id(\\d+)?', menuPath: '/registry/people', titleKey: 'registry.nav.people', icon: markRaw(User), roles: READERS, component: () => import('./PeoplePage.vue') },
        { name: 'registry-orgs', path: '/registry/organisations', titleKey: 'registry.nav.orgs', icon: markRaw(OfficeBuilding), roles: [...READERS, 'org_admin'], component: () => import('./OrgsPage.vue') },
        { name: 'registry-teams', path: '/registry/teams', titleKey: 'registry.nav.teams', icon: markRaw(Avatar), roles: READERS, component: () => import('./TeamsPage.vue') },
        { name: 'registry-facilities', path: '/registry/facilities', titleKey: 'registry.nav.facilities', icon: markRaw(School), roles: READERS, component: () => import('./FacilitiesPage.vue') },
      ],
    },
    {
      key: 'registry.governance',
      order: 31,
      titleKey: 'registry.gov.module',
      icon: markRaw(OfficeBuilding),
      pages: [
        { name: 'registry-committee', path: '/governance/committee', titleKey: 'registry.gov.nav.committee', icon: markRaw(Avatar), roles: READERS, component: () => import('./CommitteePage.vue') },
        { name: 'registry-incubation', path: '/governance/incubation', titleKey: 'registry.gov.nav.incubation', icon: markRaw(Promotion), roles: READERS, component: () => import('./IncubationPage.vue') },
        { name: 'registry-brands', path: '/governance/brands', titleKey: 'registry.gov.nav.brands', icon: markRaw(Trophy), roles: READERS, component: () => import('./BrandPage.vue') },
        { name: 'registry-leaders', path: '/governance/leaders/:id(\\d+)?', menuPath: '/governance/leaders', titleKey: 'registry.gov.nav.leaders', icon: markRaw(Flag), roles: READERS, component: () => import('./LeadersPage.vue') },
        { name: 'registry-published-leaders', path: '/governance/published-leaders', titleKey: 'registry.gov.nav.published', icon: markRaw(Stamp), component: () => import('./PublishedLeadersPage.vue') },
        { name: 'registry-targets', path: '/governance/targets', titleKey: 'registry.gov.nav.targets', icon: markRaw(Histogram), roles: READERS, component: () => import('./TargetsPage.vue') },
      ],
    },
    {
      key: 'registry.import',
      order: 32,
      titleKey: 'registry.import.module',
      icon: markRaw(FolderOpened),
      pages: [
        { name: 'registry-import', path: '/registry/import', titleKey: 'registry.import.nav', icon: markRaw(Upload), roles: IMPORTERS, component: () => import('./ImportPage.vue') },
      ],
    },
  ],
}
