// Labels of the case work's enums (GET /api/v1/enums: case_*), merged into
// the shared `enums` group by core/i18n.js and checked by
// i18n/check-enums.mjs. The words are labels.js's.
import { bilingual } from '../../core/bilingual.js'
import {
  APPROVAL_STATE, APPROVAL_SUBJECT, CLOSE_REASON, CONSENT_FIELD, FLAG_KIND, FLAG_LEVEL, GOAL_STATUS, RECORD_STATUS,
  REVIEW_DECISION, RISK, SCALE, SOURCE, STATUS, TYPE,
} from './labels.js'

export default bilingual({
  case_type: TYPE,
  case_source: SOURCE,
  case_status: STATUS,
  case_risk_level: RISK,
  case_flag_kind: FLAG_KIND,
  case_flag_level: FLAG_LEVEL,
  case_close_reason: CLOSE_REASON,
  case_approval_subject: APPROVAL_SUBJECT,
  case_approval_state: APPROVAL_STATE,
  case_consent_field: CONSENT_FIELD,
  case_scale: SCALE,
  case_goal_status: GOAL_STATUS,
  case_review_decision: REVIEW_DECISION,
  case_record_status: RECORD_STATUS,
})
