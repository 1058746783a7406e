// Strings of the casework area (visits, consents, referrals, workload,
// statistics), merged under 'casework'.
import { bilingual } from '@/core/bilingual.js'

export default bilingual({
  module: ['社工服务', 'Casework'],
  kv: ['{k}：{v}', '{k}: {v}'],
  case: { gone: ['没有这个个案', 'No such case'] },
  nav: { case: ['个案服务记录', 'Case work'], visit: ['记录探访', 'Record a visit'], inbox: ['转介收件箱', 'Referral inbox'], referral: ['转介', 'Referral'], workload: ['工作量', 'Workload'], stats: ['个案统计', 'Case statistics'] },
  panel: {
    visits: ['探访与联系', 'Visits and contacts'], consents: ['知情同意', 'Consents'], referrals: ['转介', 'Referrals'],
    record: ['记录探访', 'Record a visit'], none: ['暂无记录', 'None yet'], next: ['下次探访：{at}', 'Next visit: {at}'],
    last: ['上次探访：{at}', 'Last visit: {at}'], minutes: ['{n} 分钟', '{n} min'], offline: ['离线记录', 'Recorded offline'],
    addConsent: ['登记同意', 'Record a consent'], withdraw: ['撤回', 'Withdraw'], withdrawn: ['已撤回：{r}', 'Withdrawn: {r}'],
    active: ['有效', 'Active'], expires: ['有效至 {at}', 'Until {at}'], fields: ['可提供的信息', 'Items that may be shared'],
    refer: ['发起转介', 'Refer'], revoke: ['撤回转介', 'Revoke'], demand: ['服务需求 #{id}（{s}）', 'Demand #{id} ({s})'],
    reason: ['原因', 'Reason'], outcome: ['结果', 'Outcome'], withdrawAsk: ['撤回原因', 'Reason for the withdrawal'],
    revokeAsk: ['撤回后接收方将立即无法查看。确定吗？', 'The recipient loses access at once. Revoke?'],
    sharedOnly: ['（共享查看：只读）', '(shared: read only)'],
  },
  consent: {
    purpose: ['用途', 'Purpose'], recipientKind: ['接收方', 'Recipient'], org: ['接收组织', 'Organisation'], orgPh: ['输入名称搜索', 'Type to search'],
    label: ['接收方说明', 'Recipient label'], givenBy: ['同意人', 'Given by'], method: ['方式', 'Method'], expires: ['有效期至（可选）', 'Expires (optional)'],
    saved: ['已登记', 'Recorded'],
  },
  referral: {
    consent: ['依据的同意', 'Consent'], target: ['转介到', 'Refer to'], recipient: ['接收账号（该组织的社工或管理员）', 'Receiving account (a social worker or admin of that organisation)'],
    recipientPh: ['账号编号', 'Account id'], term: ['服务类别', 'Service category'], reason: ['转介原因', 'Reason'], sent: ['已发送', 'Sent'],
    subject: ['服务对象（仅限同意范围内的信息）', 'The person (consented items only)'], name: ['姓名', 'Name'], gender: ['性别', 'Gender'], age: ['年龄', 'Age'],
    phone: ['电话', 'Phone'], address: ['地址', 'Address'], guardian: ['监护人', 'Guardian'], type: ['类别', 'Type'], risk: ['风险等级', 'Risk'], needs: ['需求', 'Needs'],
    accept: ['接收', 'Accept'], reject: ['拒绝', 'Reject'], complete: ['完成', 'Complete'], fail: ['未能完成', 'Could not complete'],
    rejectReason: ['拒绝原因', 'Reason'], outcomeText: ['服务结果', 'Outcome'], failReason: ['原因', 'Reason'], note: ['说明', 'Note'],
    from: ['来自 {who}', 'From {who}'], ended: ['已结束，不能再查看', 'Ended: no longer readable'], done: ['已保存', 'Saved'],
    empty: ['暂无转介', 'No referrals'], all: ['全部', 'All'], open: ['查看', 'Open'], gone: ['这项转介已结束或不存在', 'This referral has ended or does not exist'],
    male: ['男', 'Male'], female: ['女', 'Female'], years: ['{n} 岁', '{n} years'],
  },
  visit: {
    title: ['记录探访', 'Record a visit'], case: ['个案编号', 'Case id'], kind: ['方式', 'Kind'], at: ['探访时间', 'When'],
    duration: ['时长（分钟）', 'Duration (minutes)'], notes: ['记录', 'Notes'], observations: ['观察', 'Observations'],
    next: ['下次探访（留空按个案间隔计算）', 'Next visit (empty: the case\'s interval)'], flag: ['风险提示（可选）', 'Risk flag (optional)'],
    flagLevel: ['等级', 'Level'], flagNote: ['说明', 'Note'], save: ['保存', 'Save'], saved: ['已保存', 'Saved'],
    queued: ['当前离线：已保存在本机，联网后自动发送', 'Offline: kept on this phone and sent when back online'],
    pending: ['待发送', 'Waiting to send'], sendNow: ['立即发送', 'Send now'], sentN: ['已发送 {n} 条离线记录', '{n} offline visits sent'],
    offlineNow: ['离线', 'Offline'], online: ['在线', 'Online'],
  },
  workload: {
    title: ['工作量', 'Workload'], worker: ['社工', 'Worker'], open: ['在案', 'Open cases'], week: ['本周应访', 'Due this week'],
    overdue: ['逾期未访', 'Overdue'], high: ['高风险提示', 'High flags'], medium: ['中风险提示', 'Medium flags'], pending: ['待审批', 'Pending approvals'],
    sup: ['督导', 'Supervisor'], weekEnds: ['本周指今后 5 个工作日（至 {at}）', 'This week: the next 5 working days (to {at})'],
  },
  stats: {
    title: ['个案统计（不含身份信息）', 'Case statistics (no identifiers)'], by: ['分组', 'Group by'], total: ['合计', 'Total'],
    group: ['分组', 'Group'], count: ['个案数', 'Cases'], small: ['少于 3 个的单元格显示为“<3”，以免识别到个人', 'Cells under 3 show as “<3”, so no one can be singled out'],
    export: ['导出 Excel', 'Export to Excel'], open: ['未结案', 'Open'],
  },
})
