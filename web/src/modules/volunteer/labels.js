// Labels of the volunteer area's coded values, written once: i18n.js
// shows them under volunteer.status.<group> and enums.js gives the same
// words to the server's enum lists (GET /api/v1/enums). Plain data with
// relative imports only (check-enums.mjs loads enums.js under node).
export const SIGNUP = {
  signed: ['已报名', 'Signed up'], waiting: ['候补中', 'Waiting list'], walk_in: ['临时参加', 'Walk-in'], cancelled: ['已取消', 'Cancelled'],
}
export const ACTIVITY = {
  draft: ['草稿', 'Draft'], published: ['报名中', 'Open'], cancelled: ['已取消', 'Cancelled'], finished: ['已结束', 'Finished'],
}
export const VOLUNTEER = { active: ['在册', 'Active'], suspended: ['暂停', 'Suspended'], merged: ['已合并', 'Merged'] }
export const KIND = { service: ['志愿服务', 'Service'], training: ['培训', 'Training'], commendation: ['表彰', 'Commendation'], evaluation: ['评价', 'Evaluation'] }
export const CORRECTION = { open: ['待处理', 'Open'], accepted: ['已更正', 'Accepted'], rejected: ['未采纳', 'Rejected'] }
export const METHOD = { organiser: ['组织者登记', 'By the organiser'], qr: ['扫码', 'QR code'], auto: ['系统自动签退', 'Closed automatically'] }
export const CERT = { valid: ['有效', 'Valid'], void: ['已作废', 'Void'] }
export const POINTS = {
  earn: ['服务获得', 'Earned by service'], redeem: ['兑换', 'Redeemed'], transfer_in: ['转入', 'Transfer in'],
  transfer_out: ['转出', 'Transfer out'], reverse: ['冲正', 'Reversed'], expire: ['过期', 'Expired'], adjust: ['调整', 'Adjusted'],
}
export const TRANSFER = { none: ['不可转赠', 'No transfers'], family: ['可转给家人', 'To family only'], any: ['可转给任何志愿者', 'To any volunteer'] }
