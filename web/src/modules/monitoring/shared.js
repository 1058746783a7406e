// What the monitoring pages share: money in yuan, tier colours.
export const TIER_TAG = { risk: 'danger', observation: 'warning', quality: 'success' }
export const TIERS = ['risk', 'observation', 'quality']
export function yuan(fen) {
  if (fen === null || fen === undefined) return ''
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })
}
export function isStaffUser(session) {
  return (session.user?.roles || []).some((r) => ['district_admin', 'town_admin', 'community_staff'].includes(r.role))
}
