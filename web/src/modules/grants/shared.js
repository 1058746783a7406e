// What the grants pages share: money in yuan from fen, status colours, the
// raw-body upload of a receipt scan (api.js speaks JSON).
import { api, ApiError, hasRole } from '@/core/page.js'

export const STAFF = ['district_admin', 'town_admin', 'community_staff']
export const isStaff = () => hasRole(...STAFF)

export const STATUS_TAG = { applied: 'info', voting: 'warning', approved: 'primary', rejected: 'danger', completed: 'success', cancelled: 'info' }
export const TRANCHE_TAG = { planned: 'info', pending: 'warning', paid: 'success', voided: 'info' }

/** Fen → "12,345.67". */
export function yuan(fen) {
  const n = Number(fen) || 0
  const sign = n < 0 ? '-' : ''
  const a = Math.abs(n)
  const whole = Math.floor(a / 100).toLocaleString('en-US')
  return `${sign}${whole}.${String(a % 100).padStart(2, '0')}`
}
/** Yuan as typed (number) → fen, exact to the fen. */
export const fen = (y) => Math.round(Number(y || 0) * 100)

/** Upload a file as the raw body; resolves the JSON answer, rejects an ApiError. */
export async function uploadReceipt(grantId, file) {
  const me = await api.get('/me', null, { silent: true })
  const res = await fetch(`/api/v1/grants/${grantId}/receipts?file_name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json', 'X-CSRF-Token': me.csrf_token || '' },
    body: file,
  })
  const data = await res.json().catch(() => null)
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}
