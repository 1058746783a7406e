// What the budget pages share: money in yuan from fen, the organisers'
// roles, and the settings form (opened from the list and from a budget).
import { hasRole, t } from '@/core/page.js'

export const STAFF = ['district_admin', 'town_admin', 'community_staff']
export const isStaff = () => hasRole(...STAFF)

/** 1234500 fen → "12,345 元" / "¥12,345" (cents only when there are any). */
export function yuan(fen) {
  const v = Number(fen || 0) / 100
  const n = v.toLocaleString('en-US', { minimumFractionDigits: Number.isInteger(v) ? 0 : 2, maximumFractionDigits: 2 })
  return t('budget.yuan', { n })
}

export const PHASES = ['draft', 'proposals', 'review', 'support', 'voting', 'results', 'execution', 'closed']
export const PHASE_TAG = { draft: 'info', proposals: 'primary', review: 'warning', support: 'primary', voting: 'danger', results: 'success', execution: 'success', closed: 'info' }
export const OUTCOME_TAG = { funded: 'success', part_funded: 'warning', included: 'success', skipped: 'info', no_votes: 'info', excluded: 'danger' }
export const PROJECT_TAG = { proposed: 'warning', feasible: 'success', unfeasible: 'danger', withdrawn: 'info' }

// the settings form: a blank one, or a budget's as the API wrote it
const DATES = ['proposals_from', 'proposals_to', 'review_from', 'review_to', 'support_from', 'support_to', 'voting_from', 'voting_to', 'results_at', 'execution_from']
export function budgetForm(b) {
  const f = {
    region_id: b?.region_id ?? null, fund_id: b?.fund_id ?? null, title: b?.title || '', description: b?.description || '',
    total_yuan: b ? b.total_fen / 100 : 100000, rule: b?.rule || 'knapsack',
    max_projects: b?.max_projects || 3, min_projects: b?.min_projects || 0, min_share_pct: b?.min_share_pct || 70,
    part_fund: !!b?.part_fund, min_supports: b?.min_supports || 0,
  }
  for (const d of DATES) f[d] = b?.[d] || null
  return f
}
export function budgetBody(f) {
  const body = {
    title: f.title, description: f.description, ...(f.fund_id ? { fund_id: f.fund_id } : {}), total_fen: Math.round(Number(f.total_yuan) * 100), rule: f.rule,
    max_projects: ['approval', 'range'].includes(f.rule) ? f.max_projects : 0,
    min_projects: f.rule === 'range' ? f.min_projects : 0,
    min_share_pct: f.rule === 'min_share' ? f.min_share_pct : 0,
    part_fund: !!f.part_fund, min_supports: f.min_supports || 0,
  }
  for (const d of DATES) if (f[d]) body[d] = f[d]
  return body
}
export const DATE_PAIRS = [['proposals', 'proposals_from', 'proposals_to'], ['review', 'review_from', 'review_to'], ['support', 'support_from', 'support_to'], ['voting', 'voting_from', 'voting_to']]
