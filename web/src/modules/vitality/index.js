// Vitality index area (基层治理活力指数, DOMAIN.md §4.2): the index page
// (formula, radar, 短板, town heat grid, trend, ranking) and the
// side-by-side comparison of communities.
import { markRaw } from 'vue'
import { DataAnalysis, Histogram, TrendCharts } from '@element-plus/icons-vue'

export default {
  key: 'vitality',
  order: 40,
  titleKey: 'vitality.title',
  icon: markRaw(TrendCharts),
  pages: [
    {
      name: 'vitality',
      path: '/vitality/:id(\\d+)?',
      menuPath: '/vitality',
      titleKey: 'vitality.nav.index',
      icon: markRaw(DataAnalysis),
      component: () => import('./VitalityPage.vue'),
    },
    {
      name: 'vitality-compare',
      path: '/vitality-compare',
      titleKey: 'vitality.nav.compare',
      icon: markRaw(Histogram),
      component: () => import('./ComparePage.vue'),
    },
  ],
}
