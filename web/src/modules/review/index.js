// The programme's review (评审, issue 13 items 3, 4, 9): experts see their
// queue (phone first), declare conflicts, score by the rubric and certify;
// programme staff set the rubric and windows, add and assign experts, move
// applications through the stages, rank with the spread, compute and mark
// the awards within each fund's budget, have the committee approve and
// publish, and answer objections; anyone reads the published awards at
// /public/programmes/:code/awards and may object during publication.
import { markRaw } from 'vue'
import { Finished, Stamp, Tickets } from '@element-plus/icons-vue'

const STAFF = ['district_admin']
const EXPERT = ['expert']

export default {
  key: 'review',
  menus: [
    {
      key: 'review',
      order: 67,
      titleKey: 'review.module',
      icon: markRaw(Stamp),
      pages: [
        { name: 'review-my', path: '/review/my', titleKey: 'review.nav.my', icon: markRaw(Tickets), roles: EXPERT, component: () => import('./MyReviewsPage.vue') },
        { name: 'review-score', path: '/review/assignments/:id(\\d+)', menuPath: '/review/my', titleKey: 'review.nav.score', icon: markRaw(Tickets), roles: EXPERT, hidden: true, component: () => import('./ScorePage.vue') },
        { name: 'review-staff', path: '/review/desk', titleKey: 'review.nav.staff', icon: markRaw(Finished), roles: STAFF, component: () => import('./StaffPage.vue') },
        { name: 'review-programme', path: '/review/desk/:code', menuPath: '/review/desk', titleKey: 'review.nav.programme', icon: markRaw(Finished), roles: STAFF, hidden: true, component: () => import('./StaffPage.vue') },
      ],
    },
  ],
  publicPages: [
    { name: 'review-public', path: '/public/programmes/:code/awards', titleKey: 'review.nav.public', component: () => import('./PublicAwardsPage.vue') },
  ],
}
