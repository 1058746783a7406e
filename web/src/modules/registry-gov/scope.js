// Shared bits of the governance pages: the caller's default region (their
// broadest grant), the current month in Asia/Shanghai, the criteria order.
import { primaryGrant } from '@/core/session.js'

export function defaultRegionId() {
  const g = primaryGrant()
  return g ? g.region_id : null
}

export function currentMonth() {
  const d = new Date(Date.now() + 8 * 3600 * 1000)
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

export const CRITERIA = ['attitude', 'credibility', 'appeal', 'expression', 'participation']
export const MEMBER_KINDS = ['entrepreneur', 'social_worker', 'senior_advisor', 'nonregistered']
export const STAGES = ['incubating', 'filed', 'registered']

/** '2026-11-25T09:30:00+08:00' → '2026-11-25' */
export const dateOf = (iso) => (iso ? String(iso).slice(0, 10) : '')
