// Labels of the review's enums (GET /api/v1/enums: review_*), merged into
// the shared `enums` group by core/i18n.js and checked by
// i18n/check-enums.mjs. The words are labels.js's.
import { bilingual } from '../../core/bilingual.js'
import { BATCH, REASON, RECOMMENDATION, RESULT, TIE } from './labels.js'

export default bilingual({
  review_result: RESULT,
  review_recommendation: RECOMMENDATION,
  review_tie: TIE,
  review_batch_status: BATCH,
  review_award_reason: REASON,
})
