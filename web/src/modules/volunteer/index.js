// Volunteer service (志愿服务, issue 11): volunteers find activities and sign
// up for a role (phone first), check in and out by scanning the venue's
// rotating code, see their confirmed hours, points and certificates and
// redeem points in the community's catalogue; organisers publish
// activities, keep the roster on the day (签到/签退, walk-ins) and confirm
// the hours; staff register volunteers on paper consent, merge duplicates,
// answer correction requests and void certificates. Anyone — without an
// account — checks a certificate's code at /verify/:code.
import { markRaw } from 'vue'
import { Calendar, Camera, Goods, HelpFilled, Tickets, User, UserFilled } from '@element-plus/icons-vue'

// Who organises: community staff and above, the organisations and social
// workers who run teams (the server decides per activity: can_manage).
const STAFF = ['district_admin', 'town_admin', 'community_staff']
const ORGANISERS = [...STAFF, 'org_admin', 'social_worker']
const EVERYONE = ['volunteer', 'resident', 'grid_worker', ...ORGANISERS]

export default {
  key: 'volunteer',
  menus: [
    {
      key: 'volunteer',
      order: 55,
      titleKey: 'volunteer.module',
      icon: markRaw(HelpFilled),
      pages: [
        // an activity's own page (details, 报名, roster, venue code): opened from the list, not in the menu
        { name: 'volunteer-activity', path: '/volunteer/activities/:id(\\d+)', menuPath: '/volunteer/activities', titleKey: 'volunteer.activity.title', icon: markRaw(Tickets), roles: EVERYONE, hidden: true, component: () => import('./ActivityPage.vue') },
        { name: 'volunteer-activities', path: '/volunteer/activities', titleKey: 'volunteer.nav.activities', icon: markRaw(Calendar), roles: EVERYONE, component: () => import('./ActivitiesPage.vue') },
        { name: 'volunteer-scan', path: '/volunteer/scan', titleKey: 'volunteer.nav.scan', icon: markRaw(Camera), roles: EVERYONE, component: () => import('./ScanPage.vue') },
        { name: 'volunteer-me', path: '/volunteer/me', titleKey: 'volunteer.nav.me', icon: markRaw(User), roles: EVERYONE, component: () => import('./MyVolunteerPage.vue') },
        // where the area's notices point (hours confirmed, a correction answered, points, a certificate): 我的志愿 on that tab
        { name: 'volunteer-me-tab', path: '/volunteer/me/:tab(signups|records|points|certs|profile)', menuPath: '/volunteer/me', titleKey: 'volunteer.nav.me', icon: markRaw(User), roles: EVERYONE, hidden: true, component: () => import('./MyVolunteerPage.vue') },
        { name: 'volunteer-points', path: '/volunteer/points', menuPath: '/volunteer/me', titleKey: 'volunteer.nav.me', icon: markRaw(User), roles: EVERYONE, hidden: true, component: () => import('./MyVolunteerPage.vue') },
        { name: 'volunteer-certificates', path: '/volunteer/certificates', menuPath: '/volunteer/me', titleKey: 'volunteer.nav.me', icon: markRaw(User), roles: EVERYONE, hidden: true, component: () => import('./MyVolunteerPage.vue') },
        { name: 'volunteer-catalogue', path: '/volunteer/catalogue', titleKey: 'volunteer.nav.catalogue', icon: markRaw(Goods), roles: EVERYONE, component: () => import('./CataloguePage.vue') },
        // the register (staff, grid workers, social workers), correction requests (staff), certificates (staff, organisations)
        { name: 'volunteer-volunteers', path: '/volunteer/volunteers', titleKey: 'volunteer.nav.volunteers', icon: markRaw(UserFilled), roles: [...STAFF, 'grid_worker', 'social_worker', 'org_admin'], component: () => import('./VolunteersPage.vue') },
      ],
    },
  ],
  // 证书核验: for anyone holding a certificate, no login, no menu (core/router.js)
  publicPages: [
    { name: 'volunteer-verify', path: '/verify/:code?', titleKey: 'volunteer.verify.title', component: () => import('./VerifyPage.vue') },
  ],
}
