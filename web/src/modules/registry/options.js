// The registry's enumerations, in the server's order (modules/registry/reg_common.c),
// and small helpers shared by its pages.
import { api } from '@/core/api.js'

export const FLAGS = ['is_resident', 'is_volunteer', 'is_party_member', 'is_social_worker', 'is_building_leader', 'is_community_worker']
export const HOUSEHOLDS = ['registered', 'nonregistered']
export const SW_LEVELS = ['assistant', 'intermediate', 'senior']
export const PERSON_STATUSES = ['active', 'moved_out', 'deceased']
export const METHODS = ['household_roll', 'residence_permit', 'in_person']
export const ORG_TYPES = ['social_work_agency', 'community_social_org', 'foundation', 'association', 'enterprise', 'social_enterprise', 'public_institution', 'other']
export const DOMAINS = ['elderly', 'children', 'youth', 'women', 'disability', 'new_residents', 'poverty', 'health', 'culture', 'education', 'environment', 'legal', 'safety', 'community_building', 'volunteer', 'charity', 'other']
export const REGISTRATIONS = ['registered', 'filed', 'unregistered']
export const INCUBATION = ['incubating', 'filed', 'registered']
export const ORG_STATUSES = ['active', 'suspended', 'dissolved']
export const TEAM_STATUSES = ['active', 'dissolved']
export const FACILITY_KINDS = ['party_service_center', 'social_work_station', 'v_station', 'elderly_center', 'children_center', 'other']
export const FACILITY_STATUSES = ['open', 'closed']

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
