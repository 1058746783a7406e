// Labels of the grants area's enums (GET /api/v1/enums), merged into the
// shared `enums` group by core/i18n.js and checked by i18n/check-enums.mjs.
import { bilingual } from '../../core/bilingual.js'
import { DIRECTION, DISCLOSURE, KIND, SOURCE, STATUS, SUBJECT, TRANCHE, VOTE } from './labels.js'

export default bilingual({
  grant_kind: KIND,
  grant_status: STATUS,
  grant_source: SOURCE,
  grant_tranche_status: TRANCHE,
  grant_vote_choice: VOTE,
  disclosure_kind: DISCLOSURE,
  disclosure_subject_kind: SUBJECT,
  trust_direction: DIRECTION,
})
