// List pages: one paged list behind a filter bar. usePagedList(path, params)
// keeps the page's rows, total, page, page size and loading flag; load()
// fetches the current page with params() (the filters, already cleaned) and
// search() goes back to page 1 — the filter bar's 查询 button. A failed call
// leaves an empty list; api.js has already shown the server's message.
// onPage(response) sees each answer, for a page that reads more than items
// and total from it (people: total_capped).
import { computed, reactive, ref } from 'vue'
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

/** Query parameters without empty values (what a list and its export share). */
export function cleanQuery(q) {
  const out = {}
  for (const [k, v] of Object.entries(q)) if (v !== '' && v !== null && v !== undefined) out[k] = v
  return out
}

// A paged list behind a filter bar whose empty state is blank(): filters is
// the bar's model, query the cleaned parameters (toQuery(filters) when the
// page adds its own, e.g. the people's tags), reset() empties the bar (and
// calls onReset) and goes back to page 1 — the bar's 重置 button.
export function useFilteredList(path, blank, { toQuery = cleanQuery, onReset, ...options } = {}) {
  const filters = reactive(blank())
  const query = computed(() => toQuery(filters))
  const list = usePagedList(path, () => query.value, options)
  function reset() {
    Object.assign(filters, blank())
    onReset?.()
    list.search()
  }
  return { ...list, list, filters, query, reset }
}
