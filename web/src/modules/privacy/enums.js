// Labels of the privacy area's enums (GET /api/v1/enums): merged into the
// shared `enums` group by core/i18n.js and checked by i18n/check-enums.mjs.
import { bilingual } from '../../core/bilingual.js'

export default bilingual({
  privacy_request_kind: { correction: ['更正', 'Correction'], deletion: ['删除', 'Deletion'] },
  privacy_request_status: {
    open: ['办理中', 'Open'], done: ['已办结', 'Resolved'], rejected: ['不予办理', 'Refused'], withdrawn: ['已撤回', 'Withdrawn'],
  },
  privacy_outcome: { done: ['办结', 'Carry out'], rejected: ['不予办理', 'Refuse'] },
  consent_source: { self: ['本人', 'Self'], staff: ['工作人员代录', 'Recorded by staff'] },
  consent_purpose: {
    service_matching: ['需求对接：用我的需求信息为我匹配服务', 'Matching: use my needs to find me services'],
    contact_sharing: ['向匹配的服务方提供我的联系方式', 'Give my contact details to the matched provider'],
    volunteer_records: ['记录我的志愿服务时长和积分', 'Record my volunteer hours and points'],
    publicity: ['在宣传报道中使用我的照片和事迹', 'Use my photos and story in publicity'],
    statistics: ['用于匿名统计分析', 'Anonymous statistics'],
  },
})
