// Participatory budgets (参与式预算, issue 12 item 5): residents of a
// community propose projects for its fund, support them, vote by the rule
// the organisers chose (phone first), and follow the results and the
// winners' execution; organisers (community staff and above) open budgets,
// move the phases, review proposals (unfeasible with a reason), override
// a result only with a reason the results page shows, and keep the
// milestones.
import { markRaw } from 'vue'
import { Coin, Tickets } from '@element-plus/icons-vue'

const STAFF = ['district_admin', 'town_admin', 'community_staff']
const EVERYONE = ['resident', 'volunteer', 'grid_worker', 'social_worker', 'org_admin', ...STAFF]

export default {
  key: 'budget',
  menus: [
    {
      key: 'budget',
      order: 64,
      titleKey: 'budget.module',
      icon: markRaw(Coin),
      pages: [
        { name: 'budget-list', path: '/budgets', titleKey: 'budget.nav.list', icon: markRaw(Tickets), roles: EVERYONE, component: () => import('./BudgetsPage.vue') },
        { name: 'budget-page', path: '/budgets/:id(\\d+)', menuPath: '/budgets', titleKey: 'budget.nav.one', icon: markRaw(Tickets), roles: EVERYONE, hidden: true, component: () => import('./BudgetPage.vue') },
      ],
    },
  ],
}
