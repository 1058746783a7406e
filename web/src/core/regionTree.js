// GET /api/v1/regions/tree, fetched once per depth and shared by every region
// picker. Dropped when the user changes and after region edits, so pickers
// never offer another user's scope or a region that has moved.
import { api } from './api.js'

const cache = new Map()

export function loadRegionTree(depth = 3) {
  if (!cache.has(depth)) {
    const p = api.get('/regions/tree', { depth }).catch((e) => {
      cache.delete(depth)
      throw e
    })
    cache.set(depth, p)
  }
  return cache.get(depth)
}

export function invalidateRegionTree() {
  cache.clear()
}
