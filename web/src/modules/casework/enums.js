// Labels of the casework area's enums (GET /api/v1/enums: case_visit_kind …),
// merged into the shared `enums` group by core/i18n.js and checked by
// i18n/check-enums.mjs. The words are labels.js's.
import { bilingual } from '../../core/bilingual.js'
import {
  CONSENT_GIVER, CONSENT_METHOD, CONSENT_PURPOSE, FAIL_REASON, RECIPIENT_KIND, REFERRAL_STATUS, STAT_BY, VISIT_KIND,
} from './labels.js'

export default bilingual({
  case_visit_kind: VISIT_KIND,
  case_consent_purpose: CONSENT_PURPOSE,
  case_recipient_kind: RECIPIENT_KIND,
  case_consent_giver: CONSENT_GIVER,
  case_consent_method: CONSENT_METHOD,
  case_referral_status: REFERRAL_STATUS,
  case_fail_reason: FAIL_REASON,
  case_stat_by: STAT_BY,
})
