// Registry area (社工数据库, DOMAIN.md §4.1): people with verification and
// audited access to personal information, organisations, volunteer teams,
// facilities. registry-import and registry-gov add their pages as areas of
// their own (web/src/modules/registry-import/, registry-gov/).
import { markRaw } from 'vue'
import { Avatar, Collection, OfficeBuilding, School, User } from '@element-plus/icons-vue'

// The roles the server admits to the registry lists (REG_READ_ROLES).
const READERS = ['district_admin', 'town_admin', 'community_staff', 'grid_worker', 'social_worker']

export default {
  key: 'registry',
  order: 30,
  titleKey: 'modules.registry',
  icon: markRaw(Collection),
  pages: [
    {
      name: 'registry-people',
      path: '/registry/people/:id(\\d+)?',
      menuPath: '/registry/people',
      titleKey: 'registry.nav.people',
      icon: markRaw(User),
      roles: READERS,
      component: () => import('./PeoplePage.vue'),
    },
    {
      name: 'registry-orgs',
      path: '/registry/organisations',
      menuPath: '/registry/organisations',
      titleKey: 'registry.nav.orgs',
      icon: markRaw(OfficeBuilding),
      roles: [...READERS, 'org_admin'],
      component: () => import('./OrgsPage.vue'),
    },
    {
      name: 'registry-teams',
      path: '/registry/teams',
      menuPath: '/registry/teams',
      titleKey: 'registry.nav.teams',
      icon: markRaw(Avatar),
      roles: READERS,
      component: () => import('./TeamsPage.vue'),
    },
    {
      name: 'registry-facilities',
      path: '/registry/facilities',
      menuPath: '/registry/facilities',
      titleKey: 'registry.nav.facilities',
      icon: markRaw(School),
      roles: READERS,
      component: () => import('./FacilitiesPage.vue'),
    },
  ],
}
