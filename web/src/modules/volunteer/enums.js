// Labels of the volunteer area's enums (GET /api/v1/enums: the volunteer
// module's vol_*, point_* and redemption_status lists), merged into the
// shared `enums` group by core/i18n.js and checked by i18n/check-enums.mjs.
// The words are labels.js's, shared with i18n.js.
import { bilingual } from '../../core/bilingual.js'
import { ACTIVITY, CORRECTION, FEED, KIND, LANGUAGE, POINTS, REDEMPTION, SIGNUP, SKILL, TRANSFER, VOLUNTEER } from './labels.js'

export default bilingual({
  vol_status: VOLUNTEER,
  vol_skill: SKILL,
  vol_language: LANGUAGE,
  vol_activity_status: ACTIVITY,
  vol_signup_status: SIGNUP,
  vol_record_kind: KIND,
  vol_correction_status: CORRECTION,
  point_transfer_rule: TRANSFER,
  point_txn_kind: POINTS,
  redemption_status: REDEMPTION,
  vol_feed_kind: FEED,
})
