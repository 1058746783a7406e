// The registry's value lists, served by the server (GET /api/v1/enums, from
// modules/registry/module.c) through core/enums.js — never copied here —
// and small helpers shared by its pages.
import { api } from '@/core/api.js'
import { enumList } from '@/core/enums.js'

// The person's boolean flags (fields, not an enum).
export const FLAGS = ['is_resident', 'is_volunteer', 'is_party_member', 'is_social_worker', 'is_building_leader', 'is_community_worker']
export const HOUSEHOLDS = enumList('household')
export const SW_LEVELS = enumList('sw_level')
export const PERSON_STATUSES = enumList('person_status')
export const METHODS = enumList('verify_method')
export const ORG_TYPES = enumList('org_type')
export const DOMAINS = enumList('domain')
export const REGISTRATIONS = enumList('registration')
export const INCUBATION = enumList('incubation_stage')
export const ORG_STATUSES = enumList('org_status')
export const TEAM_STATUSES = enumList('team_status')
export const FACILITY_KINDS = enumList('facility_kind')
export const FACILITY_STATUSES = enumList('facility_status')

/** Query parameters without empty values (what the list and its export share). */
export function cleanQuery(q) {
  const out = {}
  for (const [k, v] of Object.entries(q)) if (v !== '' && v !== null && v !== undefined) out[k] = v
  return out
}

/** The export URL of a list with the same filters. */
export function exportUrl(path, filters, format) {
  const qs = new URLSearchParams({ ...cleanQuery(filters), format })
  return `/api/v1${path}/export?${qs}`
}

/** Start a download through a hidden link (the session cookie goes along). */
export function download(path, filters, format) {
  const a = document.createElement('a')
  a.href = exportUrl(path, filters, format)
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}

/** Remote search of people for pickers: [{id, name, community_name}]. */
export async function searchPeople(q) {
  if (!q) return []
  const r = await api.get('/people', { q, per_page: 20, status: 'active' }, { silent: true })
  return r.items || []
}
