// Labels of the privacy area's enums (GET /api/v1/enums): merged into the
// shared `enums` group by core/i18n.js and checked by i18n/check-enums.mjs.
export default {
  zh: {
    privacy_request_kind: { correction: '更正', deletion: '删除' },
    privacy_request_status: { open: '办理中', done: '已办结', rejected: '不予办理', withdrawn: '已撤回' },
    privacy_outcome: { done: '办结', rejected: '不予办理' },
    consent_source: { self: '本人', staff: '工作人员代录' },
    consent_purpose: {
      service_matching: '需求对接：用我的需求信息为我匹配服务',
      contact_sharing: '向匹配的服务方提供我的联系方式',
      volunteer_records: '记录我的志愿服务时长和积分',
      publicity: '在宣传报道中使用我的照片和事迹',
      statistics: '用于匿名统计分析',
    },
  },
  en: {
    privacy_request_kind: { correction: 'Correction', deletion: 'Deletion' },
    privacy_request_status: { open: 'Open', done: 'Resolved', rejected: 'Refused', withdrawn: 'Withdrawn' },
    privacy_outcome: { done: 'Carry out', rejected: 'Refuse' },
    consent_source: { self: 'Self', staff: 'Recorded by staff' },
    consent_purpose: {
      service_matching: 'Matching: use my needs to find me services',
      contact_sharing: 'Give my contact details to the matched provider',
      volunteer_records: 'Record my volunteer hours and points',
      publicity: 'Use my photos and story in publicity',
      statistics: 'Anonymous statistics',
    },
  },
}
