// Shared bits of the governance pages: the caller's default region (their
// broadest grant), the current month in Asia/Shanghai, and the value lists
// (GET /api/v1/enums through core/enums.js, in the server's order).
import { ref } from 'vue'
import { enumList } from '@/core/enums.js'
import { primaryGrant } from '@/core/session.js'

export function defaultRegionId() {
  const g = primaryGrant()
  return g ? g.region_id : null
}

export function currentMonth() {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

// Where a page kept per month starts: the caller's default region and this
// month, as refs for GovCard's v-model:region and v-model:month.
export function useScope() {
  return { regionId: ref(defaultRegionId()), month: ref(currentMonth()) }
}

export const CRITERIA = enumList('leader_criterion')
export const MEMBER_KINDS = enumList('committee_member_kind')
export const STAGES = enumList('incubation_stage')

/** '2026-11-25T09:30:00+08:00' → '2026-11-25' */
export const dateOf = (iso) => (iso ? String(iso).slice(0, 10) : '')
