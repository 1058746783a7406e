// List pages: one paged list behind a filter bar. usePagedList(path, params)
// keeps the page's rows, total, page, page size and loading flag; load()
// fetches the current page with params() (the filters, already cleaned) and
// search() goes back to page 1 — the filter bar's 查询 button. A failed call
// leaves an empty list; api.js has already shown the server's message.
// onPage(response) sees each answer, for a page that reads more than items
// and total from it (people: total_capped).
import { ref } from 'vue'
import { api } from './api.js'

export function usePagedList(path, params = () => ({}), { perPage = 20, onPage } = {}) {
  const rows = ref([])
  const total = ref(0)
  const page = ref(1)
  const size = ref(perPage)
  const loading = ref(false)

  async function load() {
    loading.value = true
    try {
      const r = await api.get(path, { ...params(), page: page.value, per_page: size.value })
      rows.value = r.items || []
      total.value = r.total ?? rows.value.length
      onPage?.(r)
    } catch {
      rows.value = []
      total.value = 0
    } finally {
      loading.value = false
    }
  }
  function search() {
    page.value = 1
    load()
  }
  return { rows, total, page, perPage: size, loading, load, search }
}
