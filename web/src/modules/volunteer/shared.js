// What the volunteer pages share: hours from minutes, the Asia/Shanghai
// wall time a date-time picker gives turned into the ISO string the API
// takes, places left per role, the distance to an activity, status colours.
import { fmtTime, hasRole, t } from '@/core/page.js'

export const STAFF = ['district_admin', 'town_admin', 'community_staff']
export const ORGANISERS = [...STAFF, 'org_admin', 'social_worker']
export const isOrganiser = () => hasRole(...ORGANISERS)
export const isStaff = () => hasRole(...STAFF)

export const SIGNUP_TAG = { signed: 'success', waiting: 'warning', walk_in: 'primary', cancelled: 'info' }
export const ACTIVITY_TAG = { draft: 'info', published: 'success', cancelled: 'danger', finished: 'info' }
export const CORRECTION_TAG = { open: 'warning', accepted: 'success', rejected: 'info' }

/** Minutes as hours, one decimal at most: 150 → "2.5". */
export function hours(minutes) {
  const m = Number(minutes) || 0
  return String(Math.round(m / 6) / 10)
}

/** "YYYY-MM-DD HH:mm" (or "YYYY-MM-DD") read as Asia/Shanghai → ISO 8601 with +08:00. */
export function shanghaiIso(wall, endOfDay = false) {
  if (!wall) return ''
  const [d, tm] = String(wall).split(/[ T]/)
  const time = tm ? (tm.length === 5 ? tm + ':00' : tm) : endOfDay ? '23:59:59' : '00:00:00'
  return `${d}T${time}+08:00`
}

/** ISO time → "YYYY-MM-DD HH:mm" Shanghai wall time (the picker's value). */
export const wallTime = (iso) => fmtTime(iso)

/** A date ("YYYY-MM-DD", as certificates state their period) or an ISO time, as its Shanghai day. */
export function day(v) {
  if (!v) return ''
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : fmtTime(v).slice(0, 10)
}

/** "06-12 09:00–11:30" style span in Asia/Shanghai (the date once when on one day). */
export function span(from, to) {
  const a = fmtTime(from)
  const b = fmtTime(to)
  if (!a) return ''
  if (!b) return a
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a} – ${b}`
}

/** Places a role (or a whole activity) still has: its `free`, or capacity − taken (taken counts companions). */
export function placesLeft(role) {
  if (role.free !== undefined && role.free !== null) return Number(role.free)
  return Math.max(0, (Number(role.capacity) || 0) - (Number(role.taken) || 0))
}

/** Metres between two points (haversine), or null when either is unknown. */
export function distance(lat1, lon1, lat2, lon2) {
  if ([lat1, lon1, lat2, lon2].some((v) => v === null || v === undefined || v === '' || Number.isNaN(Number(v)))) return null
  const R = 6371000
  const rad = (x) => (Number(x) * Math.PI) / 180
  const dLat = rad(lat2 - lat1)
  const dLon = rad(lon2 - lon1)
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2
  return 2 * R * Math.asin(Math.sqrt(a))
}

export function fmtDistance(m) {
  if (m === null || m === undefined) return ''
  return m < 1000 ? t('volunteer.act.metres', { n: Math.round(m / 10) * 10 }) : t('volunteer.act.km', { n: (m / 1000).toFixed(1) })
}

/** A comma-separated list or an array, as an array of trimmed words. */
export function words(v) {
  if (Array.isArray(v)) return v.filter(Boolean)
  return String(v || '').split(/[,，]/).map((s) => s.trim()).filter(Boolean)
}

/** Minutes on site of a roster row (check-out − check-in), or null. */
export function onSite(row) {
  if (row.on_site_minutes !== undefined && row.on_site_minutes !== null) return Number(row.on_site_minutes)
  if (!row.checkin_at || !row.checkout_at) return null
  return Math.max(0, Math.round((Date.parse(row.checkout_at) - Date.parse(row.checkin_at)) / 60000))
}

