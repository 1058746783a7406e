// Display helpers shared by all pages: times in Asia/Shanghai, numbers,
// percentages, region levels.
import { enumList } from './enums.js'
import { t } from './i18n.js'

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000 // China has no daylight saving time

const pad = (n) => String(n).padStart(2, '0')

/** ISO 8601 (any offset) → 'YYYY-MM-DD HH:mm' in Asia/Shanghai. */
export function fmtTime(iso) {
  if (!iso) return ''
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return String(iso)
  const d = new Date(ms + SHANGHAI_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

export function fmtNum(n) {
  if (n === null || n === undefined || n === '') return '—'
  const v = Number(n)
  return Number.isFinite(v) ? v.toLocaleString('en-US') : String(n)
}

/** Share of non-registered residents in percent, one decimal, or null. */
export function newResidentShare(r) {
  const reg = Number(r?.registered_pop) || 0
  const non = Number(r?.nonregistered_pop) || 0
  if (reg + non === 0) return null
  return Math.round((non * 1000) / (reg + non)) / 10
}

// The region levels, top down (GET /api/v1/enums region_level).
export const LEVELS = enumList('region_level')
export const LEVEL_TAG_TYPE = {
  district: 'danger',
  town: 'warning',
  community: 'success',
  grid: 'primary',
  building: 'info',
}

export function levelLabel(level) {
  return LEVELS.includes(level) ? t('levels.' + level) : level || ''
}
export function childLevel(level) {
  const i = LEVELS.indexOf(level)
  return i >= 0 && i < LEVELS.length - 1 ? LEVELS[i + 1] : null
}
export function parentLevel(level) {
  const i = LEVELS.indexOf(level)
  return i > 0 ? LEVELS[i - 1] : null
}
