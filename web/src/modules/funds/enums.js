// Labels of the funds area's enums (GET /api/v1/enums: fund_kind,
// fund_status, fund_member_role, fund_transfer_kind, fund_donation_source,
// fund_donation_status), merged into the shared
// `enums` group by core/i18n.js and checked by i18n/check-enums.mjs.
import { bilingual } from '../../core/bilingual.js'
import { DONATION, KIND, ROLE, SOURCE, STATUS, TRANSFER } from './labels.js'

export default bilingual({
  fund_kind: KIND,
  fund_status: STATUS,
  fund_member_role: ROLE,
  fund_transfer_kind: TRANSFER,
  fund_donation_source: SOURCE,
  fund_donation_status: DONATION,
})
