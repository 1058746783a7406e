// Region area: the district → town → community → grid → building tree.
import { markRaw } from 'vue'
import { Location, Share } from '@element-plus/icons-vue'

export default {
  key: 'region',
  order: 10,
  titleKey: 'modules.region',
  icon: markRaw(Location),
  pages: [
    {
      name: 'regions',
      path: '/regions/:id(\\d+)?',
      menuPath: '/regions',
      titleKey: 'nav.regions',
      icon: markRaw(Share),
      // the people who run the district; residents, volunteers and donors have no use for the tree
      roles: ['district_admin', 'town_admin', 'community_staff', 'grid_worker', 'social_worker'],
      component: () => import('./RegionTreePage.vue'),
    },
  ],
}
