// Words of the funds area's enums, shared by enums.js (the shared `enums`
// group) and i18n.js.
export const KIND = {
  named_community: ['冠名基金', 'Named community fund'],
  happiness: ['幸福基金', 'Happiness fund'],
  micro_governance: ['微治理基金', 'Micro-governance fund'],
  community_development: ['社区发展基金', 'Community development fund'],
  charitable_trust: ['公益慈善信托', 'Charitable trust'],
  special_programme: ['专项基金', 'Special programme fund'],
  property_trust: ['信托物业基金', 'Property maintenance fund in trust'],
}
export const STATUS = {
  draft: ['筹备中', 'Draft'],
  active: ['运行中', 'Active'],
  closed: ['已关闭', 'Closed'],
}
export const ROLE = {
  committee: ['管委会委员', 'Committee member'],
  chair: ['管委会主任', 'Committee chair'],
  supervisor: ['监督人', 'Supervisor'],
  manager: ['管理人', 'Manager'],
  approver: ['审批人', 'Approver'],
}
export const TRANSFER = {
  donation: ['捐赠', 'Donation'],
  give_back: ['产业反哺', 'Give-back'],
  pledge: ['认捐', 'Pledge'],
  grant: ['资助', 'Grant'],
  disbursement: ['拨付', 'Disbursement'],
  spending: ['支出', 'Spending'],
  transfer: ['基金间划转', 'Transfer between funds'],
  refund: ['退款', 'Refund'],
  reversal: ['冲正', 'Reversal'],
  adjustment: ['调整', 'Adjustment'],
}
export const SOURCE = {
  individual: ['个人捐赠', 'Individual'],
  enterprise: ['企业捐赠', 'Enterprise'],
  give_back: ['产业反哺', 'Revenue give-back'],
}
export const DONATION = {
  received: ['已到账', 'Received'],
  pledged: ['认捐中', 'Pledged'],
  void: ['已撤销', 'Void'],
  refunded: ['已退款', 'Refunded'],
}
