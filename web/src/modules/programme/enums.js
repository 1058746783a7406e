// Labels of the funding programme's enums (GET /api/v1/enums: programme_status,
// prog_*), merged into the shared `enums` group by core/i18n.js and checked by
// i18n/check-enums.mjs. The words are labels.js's.
import { bilingual } from '../../core/bilingual.js'
import { APP_STATUS, APPLICANT_TYPE, AWARD_RULE, DOMAIN, KIND, OUTCOME, PARTNER_ROLE, PROGRAMME_STATUS, REGION_SCOPE, STAGE } from './labels.js'

export default bilingual({
  programme_status: PROGRAMME_STATUS,
  prog_award_rule: AWARD_RULE,
  prog_applicant_type: APPLICANT_TYPE,
  prog_domain: DOMAIN,
  prog_region_scope: REGION_SCOPE,
  prog_kind: KIND,
  prog_app_status: APP_STATUS,
  prog_stage: STAGE,
  prog_outcome: OUTCOME,
  prog_partner_role: PARTNER_ROLE,
})
