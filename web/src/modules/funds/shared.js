// What the funds pages share: money in fen shown as yuan, a fresh id for a
// form's submission (a retry or a second click sends the same one, and the
// server records the donation once), and who counts as staff.
import { hasRole } from '@/core/page.js'

export function yuan(fen) {
  const n = Number(fen || 0)
  const sign = n < 0 ? '-' : ''
  const a = Math.abs(n)
  const y = Math.floor(a / 100).toLocaleString('zh-CN')
  return `${sign}¥${y}.${String(a % 100).padStart(2, '0')}`
}

export function submissionId() {
  const r = globalThis.crypto?.randomUUID?.() || `${Date.now()}-${Math.random().toString(36).slice(2)}`
  return `web-${r}`.slice(0, 48)
}

export const isStaff = () => hasRole('district_admin', 'town_admin', 'community_staff')
