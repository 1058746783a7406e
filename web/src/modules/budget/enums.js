// Labels of the participatory budgets' enums (GET /api/v1/enums: pb_*),
// merged into the shared `enums` group by core/i18n.js and checked by
// i18n/check-enums.mjs. The words are labels.js's.
import { bilingual } from '../../core/bilingual.js'
import { OUTCOME, OVERRIDE, PHASE, PROJECT, RULE } from './labels.js'

export default bilingual({
  pb_rule: RULE,
  pb_phase: PHASE,
  pb_project_status: PROJECT,
  pb_outcome: OUTCOME,
  pb_override_action: OVERRIDE,
})
