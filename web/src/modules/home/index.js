// The home page (工作台) and the message centre (消息中心): every account
// lands on the home page after login (it is the first page of the menu),
// which lists what waits for that person — the to-dos every area declares on
// the server (GET /api/v1/home) — and their newest notices.
import { markRaw } from 'vue'
import { Bell, HomeFilled } from '@element-plus/icons-vue'

export default {
  key: 'home',
  order: 1,
  titleKey: 'home.module',
  icon: markRaw(HomeFilled),
  pages: [
    { name: 'home', path: '/home', titleKey: 'home.nav', icon: markRaw(HomeFilled), component: () => import('./HomePage.vue') },
    { name: 'inbox', path: '/inbox', titleKey: 'home.inbox.nav', icon: markRaw(Bell), component: () => import('./InboxPage.vue') },
  ],
}
