// The registry's value lists, served by the server (GET /api/v1/enums, from
// modules/registry/module.c) through core/enums.js — never copied here —
// and small helpers shared by its pages.
import { computed } from 'vue'
import { api } from '@/core/api.js'
import { hasRole } from '@/core/session.js'
import { enumList } from '@/core/enums.js'
import { i18n, t } from '@/core/i18n.js'

// Who may register and edit people, organisations, teams and facilities.
export const canEditRegistry = computed(() => hasRole('district_admin', 'town_admin', 'community_staff'))

// The person's boolean flags (fields, not an enum).
export const FLAGS = ['is_resident', 'is_volunteer', 'is_party_member', 'is_social_worker', 'is_building_leader', 'is_community_worker']
export const [
  HOUSEHOLDS, SW_LEVELS, PERSON_STATUSES, METHODS, ORG_TYPES, DOMAINS, REGISTRATIONS, INCUBATION, ORG_STATUSES, TEAM_STATUSES, FACILITY_KINDS, FACILITY_STATUSES,
] = [
  'household', 'sw_level', 'person_status', 'verify_method', 'org_type', 'domain', 'registration', 'incubation_stage', 'org_status', 'team_status', 'facility_kind', 'facility_status',
].map((name) => enumList(name))

/** A coded value's label under prefix (t(prefix + code)); a code without one
 * reads as itself and none as '—', never as a raw i18n key. */
export function codeLabel(prefix, code) {
  if (code === null || code === undefined || code === '') return '—'
  return i18n.global.te(prefix + code) ? t(prefix + code) : code
}

/** Remote search of people for pickers: [{id, name, community_name}]. */
export async function searchPeople(q) {
  if (!q) return []
  const r = await api.get('/people', { q, per_page: 20, status: 'active' }, { silent: true })
  return r.items || []
}
