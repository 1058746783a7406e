// The unread count in the header's bell: fetched after login, on every page
// change and once a minute; the message centre sets it after marking read.
import { reactive } from 'vue'
import { api } from '@/core/api.js'

export const unread = reactive({ n: 0 })

export async function refreshUnread() {
  try {
    const r = await api.get('/notices/unread-count', undefined, { silent: true })
    unread.n = r.unread
  } catch {
    /* the header keeps the last count; the page's own calls report errors */
  }
}
