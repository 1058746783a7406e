// Helpers shared by the exchange pages: the taxonomy (loaded once), labels
// in the interface language, and the group/status colours.
import { api } from '@/core/api.js'
import { enumList } from '@/core/enums.js'
import { isEnglish } from '@/core/i18n.js'

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
export const COST_TERMS = ['distance', 'skills', 'schedule', 'load', 'rating', 'urgency', 'price']

// The value lists the exchange pages offer (GET /api/v1/enums, never copied).
export const [
  DEMAND_STATUSES, BGROUPS, URGENCIES, GROUPS, COST_KINDS, SERVICE_STATUSES, SPACE_KINDS, AGREEMENT_STATUSES, SPACE_STATUSES,
] = [
  'demand_status', 'beneficiary_group', 'urgency', 'match_group', 'cost_kind', 'service_status', 'space_kind', 'agreement_status',
  'space_status',
].map((name) => enumList(name))
