// What the programme pages share: money in yuan from fen, the staff roles,
// tags for statuses, and uploading a scan (the raw body, as the grants' receipts).
import { ApiError, api, hasRole, t } from '@/core/page.js'

export const STAFF = ['district_admin', 'town_admin', 'community_staff']
export const isStaff = () => hasRole(...STAFF)
export const isDistrict = () => hasRole('district_admin')

export function yuan(fen) {
  const v = Number(fen || 0) / 100
  const n = v.toLocaleString('en-US', { minimumFractionDigits: Number.isInteger(v) ? 0 : 2, maximumFractionDigits: 2 })
  return t('programme.yuan', { n })
}
export const toFen = (y) => Math.round(Number(y || 0) * 100)

export const STATUS_TAG = { draft: 'info', submitted: 'primary', withdrawn: 'info', in_review: 'warning', rejected: 'danger', awarded: 'success', not_awarded: 'info', closed: 'success' }
export const PROG_TAG = { draft: 'info', open: 'success', reviewing: 'warning', awarding: 'warning', monitoring: 'primary', closed: 'info' }

export async function uploadScan(appId, file) {
  const me = await api.get('/me', null, { silent: true })
  const res = await fetch(`/api/v1/prog-applications/${appId}/attachments?file_name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json', 'X-CSRF-Token': me.csrf_token || '' },
    body: file,
  })
  const data = await res.json().catch(() => null)
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}
