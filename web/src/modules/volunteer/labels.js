// Labels of the volunteer area's coded values, written once: enums.js
// gives them to the server's enum lists (GET /api/v1/enums, shown through
// enumLabel) and i18n.js shows the few the API writes without an enum
// under volunteer.status.<group>. Plain data with relative imports only
// (check-enums.mjs loads enums.js under node).
export const SIGNUP = {
  signed: ['已报名', 'Signed up'], waiting: ['候补中', 'Waiting list'], walk_in: ['临时参加', 'Walk-in'], cancelled: ['已取消', 'Cancelled'],
}
export const ACTIVITY = {
  draft: ['草稿', 'Draft'], published: ['报名中', 'Open'], cancelled: ['已取消', 'Cancelled'], finished: ['已结束', 'Finished'],
}
export const VOLUNTEER = { active: ['在册', 'Active'], suspended: ['暂停', 'Suspended'], merged: ['已合并', 'Merged'] }
export const KIND = { service: ['志愿服务', 'Service'], training: ['培训', 'Training'], commendation: ['表彰', 'Commendation'], evaluation: ['评价', 'Evaluation'] }
export const CORRECTION = { open: ['待处理', 'Open'], accepted: ['已更正', 'Accepted'], rejected: ['未采纳', 'Rejected'] }
export const SKILL = {
  elderly_care: ['长者照护', 'Elderly care'], first_aid: ['急救', 'First aid'], medical: ['医疗', 'Medical'], legal: ['法律', 'Legal'],
  counselling: ['心理辅导', 'Counselling'], teaching: ['教学辅导', 'Teaching'], repair: ['维修', 'Repairs'], haircut: ['理发', 'Haircuts'],
  photography: ['摄影', 'Photography'], sign_language: ['手语', 'Sign language'], driving: ['驾驶', 'Driving'], cooking: ['烹饪', 'Cooking'],
  translation: ['翻译', 'Translation'], arts: ['文艺', 'Arts'], environment: ['环保', 'Environment'], patrol: ['巡逻', 'Patrols'],
  childcare: ['儿童照看', 'Childcare'], disability_support: ['助残', 'Disability support'], event_support: ['活动协助', 'Event support'],
  computer: ['电脑', 'Computers'],
}
export const LANGUAGE = { zh: ['普通话', 'Mandarin'], yue: ['粤语', 'Cantonese'], en: ['英语', 'English'], hak: ['客家话', 'Hakka'], other: ['其他语言', 'Other languages'] }
// the methods of check-in and check-out (no enum: vol_signups.checkin_method)
export const METHOD = { organiser: ['组织者登记', 'By the organiser'], qr: ['扫码', 'QR code'], auto: ['系统自动签退', 'Closed automatically'] }
// a certificate's state (no enum: the certificates' JSON)
export const CERT = { valid: ['有效', 'Valid'], void: ['已作废', 'Void'] }
export const POINTS = {
  earn: ['服务获得', 'Earned by service'], redeem: ['兑换', 'Redeemed'], transfer: ['转赠', 'Transfer'],
  reversal: ['冲正', 'Reversal'], expire: ['过期', 'Expired'], grant: ['发放', 'Granted'],
}
export const TRANSFER = { none: ['不可转赠', 'No transfers'], family: ['可转给家人', 'To family only'], any: ['可转给任何志愿者', 'To any volunteer'] }
export const REDEMPTION = { done: ['已兑换', 'Redeemed'], reversed: ['已退回', 'Reversed'] }
export const FEED = { me: ['我的报名', 'My sign-ups'], team: ['队伍活动', 'Team activities'] }
