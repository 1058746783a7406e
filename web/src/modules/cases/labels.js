// Labels of the case work's coded values (cases.h), written once: enums.js
// gives them to the server's enum lists (GET /api/v1/enums: case_*), and
// both areas' pages (cases, casework) read them. Plain data with relative
// imports only (check-enums.mjs loads enums.js under node).
export const TYPE = {
  elderly_alone: ['独居老人', 'Older person living alone'],
  left_behind_child: ['留守儿童', 'Left-behind child'],
  child_in_difficulty: ['困境儿童', 'Child in difficulty'],
  disabled: ['残疾人', 'Person with a disability'],
  psych_screening: ['心理筛查对象', 'Found by psychological screening'],
  family_hardship: ['困难家庭', 'Family in hardship'],
}
export const SOURCE = {
  referral: ['转介', 'Referral'], grid_finding: ['网格员发现', "Grid worker's finding"],
  screening: ['心理筛查', 'Screening'], walk_in: ['主动求助', 'Walk-in'],
}
export const STATUS = {
  intake: ['接案', 'Intake'], assessing: ['评估中', 'Assessing'], planning: ['制定计划', 'Planning'],
  active: ['服务中', 'In service'], closing: ['结案审批中', 'Closing'], closed: ['已结案', 'Closed'],
}
export const RISK = { none: ['无', 'None'], low: ['低', 'Low'], medium: ['中', 'Medium'], high: ['高', 'High'] }
export const FLAG_KIND = {
  screening_score: ['筛查得分', 'Screening score'], self_harm: ['自伤风险', 'Risk of self-harm'],
  abuse_suspected: ['疑似受虐', 'Suspected abuse'], health: ['健康状况', 'Health'],
  living_conditions: ['居住条件', 'Living conditions'], missed_visits: ['探访逾期', 'Missed visits'],
  other: ['其他', 'Other'],
}
export const FLAG_LEVEL = { low: ['低', 'Low'], medium: ['中', 'Medium'], high: ['高', 'High'] }
export const CLOSE_REASON = {
  goals_met: ['目标达成', 'Goals met'], moved_away: ['迁出', 'Moved away'], deceased: ['去世', 'Deceased'],
  declined: ['服务对象拒绝继续', 'Declined further service'], transferred: ['转至其他机构', 'Transferred'],
  no_longer_eligible: ['不再符合条件', 'No longer eligible'], other: ['其他', 'Other'],
}
export const APPROVAL_SUBJECT = { assessment: ['评估', 'Assessment'], plan: ['服务计划', 'Plan'], closing: ['结案', 'Closing'] }
export const APPROVAL_STATE = {
  pending: ['待审批', 'Pending'], approved: ['已批准', 'Approved'], rejected: ['已退回', 'Rejected'],
  withdrawn: ['已撤回', 'Withdrawn'],
}
export const CONSENT_FIELD = {
  name: ['姓名', 'Name'], gender: ['性别', 'Gender'], age: ['年龄', 'Age'], phone: ['电话', 'Phone'],
  address: ['住址', 'Address'], guardian: ['监护人/照护人', 'Guardian or carer'], type: ['个案类别', 'Case type'],
  needs: ['需求', 'Needs'], assessment_summary: ['评估摘要', 'Assessment summary'], risk: ['风险等级', 'Risk level'],
}
// The cases area's own record enums (cases/case_internal.h).
export const SCALE = {
  phq9: ['PHQ-9 抑郁筛查', 'PHQ-9 depression'], gad7: ['GAD-7 焦虑筛查', 'GAD-7 anxiety'],
  ucla3: ['UCLA-3 孤独感', 'UCLA-3 loneliness'], barthel: ['Barthel 日常生活能力', 'Barthel ADL'],
}
export const GOAL_STATUS = { open: ['进行中', 'Open'], achieved: ['已达成', 'Achieved'], partly: ['部分达成', 'Partly'], dropped: ['已放弃', 'Dropped'] }
export const REVIEW_DECISION = { continue: ['继续服务', 'Continue'], revise_plan: ['修订计划', 'Revise the plan'], close: ['准备结案', 'Prepare closing'] }
export const RECORD_STATUS = { draft: ['草稿', 'Draft'], submitted: ['待审批', 'Submitted'], approved: ['已批准', 'Approved'], rejected: ['已退回', 'Returned'] }
