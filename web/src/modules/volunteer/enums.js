// Labels of the volunteer area's enums (GET /api/v1/enums), merged into the
// shared `enums` group by core/i18n.js and checked by i18n/check-enums.mjs.
// The names are those the server's volunteer module declares; the words
// are labels.js's, shared with the pages.
import { bilingual } from '../../core/bilingual.js'
import { ACTIVITY, CERT, CORRECTION, KIND, METHOD, POINTS, SIGNUP, TRANSFER, VOLUNTEER } from './labels.js'

export default bilingual({
  vol_signup_status: SIGNUP,
  vol_activity_status: ACTIVITY,
  vol_volunteer_status: VOLUNTEER,
  vol_record_kind: KIND,
  vol_correction_status: CORRECTION,
  vol_checkin_method: METHOD,
  vol_certificate_status: CERT,
  vol_point_kind: POINTS,
  vol_transfer: TRANSFER,
})
