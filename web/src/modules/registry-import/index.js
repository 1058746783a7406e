// Registry bulk import (批量导入): people, organisations and volunteer teams
// from CSV or XLSX, checked row by row before anything is written.
// Pages of the registry itself live in ../registry (reg-core).
import { markRaw } from 'vue'
import { Upload, FolderOpened } from '@element-plus/icons-vue'

// The roles the server admits to /api/v1/imports (docs/import.md).
const STAFF = ['district_admin', 'town_admin', 'community_staff']

export default {
  key: 'registry-import',
  order: 32,
  titleKey: 'registry-import.module',
  icon: markRaw(FolderOpened),
  pages: [
    {
      name: 'registry-import',
      path: '/registry/import',
      titleKey: 'registry-import.nav',
      icon: markRaw(Upload),
      roles: STAFF,
      component: () => import('./ImportPage.vue'),
    },
  ],
}
