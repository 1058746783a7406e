// Words of the grants area's enums, shared by enums.js (the shared `enums`
// group) and i18n.js.
export const KIND = { grant: ['资助', 'Grant'], micro_grant: ['微创投', 'Micro-grant'] }
export const STATUS = {
  applied: ['待审', 'Applied'], voting: ['表决中', 'Being voted on'], approved: ['已批准', 'Approved'],
  rejected: ['未通过', 'Rejected'], completed: ['已结项', 'Completed'], cancelled: ['已取消', 'Cancelled'],
}
export const SOURCE = {
  application: ['申请', 'Application'], committee: ['管委会表决', 'Committee vote'],
  pb: ['参与式预算', 'Participatory budget'], decision: ['会议决定', 'Recorded decision'],
  programme: ['众创共善项目资助', 'Funding programme'],
}
export const TRANCHE = { planned: ['待批准', 'Planned'], pending: ['已预留', 'Reserved'], paid: ['已拨付', 'Paid'], voided: ['已作废', 'Voided'] }
export const VOTE = { yes: ['赞成', 'Yes'], no: ['反对', 'No'], abstain: ['弃权', 'Abstain'] }
export const DISCLOSURE = {
  periodic: ['定期公示', 'Periodic'], final: ['结项全面公示', 'Final'], major_event: ['重大事项公示', 'Major event'],
  correction: ['更正公告', 'Correction'], other: ['其他公示', 'Other'],
}
export const SUBJECT = { fundraising: ['公开募捐', 'Fundraising'], major_event: ['重大事项', 'Major event'] }
export const DIRECTION = { income: ['收入', 'Income'], expense: ['支出', 'Expense'] }
