// Helpers shared by the exchange pages: the taxonomy (loaded once), labels
// in the interface language, and the group/status colours.
import { api } from '@/core/api.js'
import { enumList } from '@/core/enums.js'
import { isEnglish, t } from '@/core/i18n.js'
import { ElMessageBox } from 'element-plus'

let termsPromise = null
export function loadTerms() {
  if (!termsPromise) {
    termsPromise = api.get('/terms').then((r) => r.items || []).catch((e) => {
      termsPromise = null
      throw e
    })
  }
  return termsPromise
}
export function invalidateTerms() {
  termsPromise = null
}

export const termLabel = (t) => (isEnglish() ? t.name_en || t.name : t.name)

export const GROUP_TAG = { in_progress: 'primary', got_help: 'success', needs_action: 'danger', closed: 'info' }
export const STATUS_TAG = {
  proposed: 'warning', accepted: 'primary', delivered: 'success', confirmed: 'success', rated: 'success',
  declined: 'danger', cancelled: 'info', expired: 'danger', disputed: 'danger',
  open: 'warning', matching: 'primary', in_progress: 'primary', fulfilled: 'success', closed: 'info',
}
// Who may see a demand (labelled exchange.demands.<value>).
export const PRIVACIES = ['private', 'public']
export const COST_TERMS = ['distance', 'skills', 'schedule', 'load', 'rating', 'urgency', 'price']

// The value lists the exchange pages offer (GET /api/v1/enums, never copied).
export const [
  DEMAND_STATUSES, BGROUPS, URGENCIES, GROUPS, COST_KINDS, SERVICE_STATUSES, SPACE_KINDS, AGREEMENT_STATUSES, SPACE_STATUSES,
] = [
  'demand_status', 'beneficiary_group', 'urgency', 'match_group', 'cost_kind', 'service_status', 'space_kind', 'agreement_status',
  'space_status',
].map((name) => enumList(name))

// What the board of demands and 我的需求 do to a demand they show: record the
// beneficiary's consent, or cancel it after asking; either then calls reload().
export function demandActions(reload) {
  async function consent(d) {
    await api.post(`/demands/${d.id}/consent`, { consent: true, no_contact: d.no_contact })
    await reload()
  }
  async function cancel(d) {
    try {
      await ElMessageBox.confirm(t('exchange.my.cancelAsk'), { type: 'warning' })
    } catch {
      return
    }
    await api.post(`/demands/${d.id}/cancel`, {})
    await reload()
  }
  return { consent, cancel }
}

// The time window of a new demand (a pair of dates, the end day included).
export function addWindow(body, window) {
  if (window && window.length === 2) {
    body.window_start = window[0]
    body.window_end = window[1] + 'T23:59:59+08:00'
  }
  return body
}
