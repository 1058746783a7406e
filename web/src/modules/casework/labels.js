// Labels of the casework area's coded values, written once: enums.js gives
// them to the server's enum lists (GET /api/v1/enums: case_visit_kind …).
// Plain data with relative imports only (check-enums.mjs loads enums.js
// under node).
export const VISIT_KIND = {
  home_visit: ['入户探访', 'Home visit'], phone: ['电话', 'Phone call'], office: ['来访', 'Office visit'],
  outreach: ['外展', 'Outreach'], school: ['校访', 'School visit'],
}
export const CONSENT_PURPOSE = { service_referral: ['服务转介', 'Service referral'], info_sharing: ['信息共享', 'Information sharing'] }
export const RECIPIENT_KIND = { service: ['服务交换平台的服务', "The exchange's services"], organisation: ['组织', 'An organisation'] }
export const CONSENT_GIVER = { subject: ['本人', 'The person'], guardian: ['监护人', 'The guardian'] }
export const CONSENT_METHOD = { written: ['书面', 'Written'], verbal: ['口头', 'Verbal'], electronic: ['电子', 'Electronic'] }
export const REFERRAL_STATUS = {
  sent: ['已发送', 'Sent'], accepted: ['已接收', 'Accepted'], rejected: ['已拒绝', 'Rejected'],
  completed: ['已完成', 'Completed'], failed: ['未完成', 'Failed'], revoked: ['已撤回', 'Revoked'],
}
export const FAIL_REASON = {
  unreachable: ['联系不上', 'Unreachable'], declined_by_subject: ['服务对象拒绝', 'Declined by the person'],
  not_eligible: ['不符合条件', 'Not eligible'], no_capacity: ['暂无服务能力', 'No capacity'],
  moved_away: ['已迁出', 'Moved away'], other: ['其他', 'Other'],
}
export const STAT_BY = { type: ['按类别', 'By type'], region: ['按社区', 'By community'], outcome: ['按结案原因', 'By outcome'], status: ['按状态', 'By status'] }
