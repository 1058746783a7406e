// Strings of the case work (个案, issue 17), merged under 'cases'.
import { bilingual } from '@/core/bilingual.js'

export default bilingual({
  module: ['个案', 'Cases'],
  colon: ['：', ': '],
  nav: { mine: ['我的个案', 'My caseload'], new: ['新建个案', 'New case'], case: ['个案详情', 'Case'], approvals: ['督导审批', 'Approvals'], staff: ['社工站人员', 'Station staff'] },
  empty: ['暂无个案', 'No cases'],
  f: {
    type: ['个案类型', 'Type'], source: ['来源', 'Source'], sourceNote: ['来源说明（网格发现、筛查或转介）', 'Where it came from (finding, screening, referral)'],
    community: ['服务对象所在社区', "Subject's community"], name: ['姓名', 'Name'], gender: ['性别', 'Gender'], birth: ['出生日期', 'Birth date'],
    idNumber: ['身份证号（填写后自动带出出生日期和性别）', 'ID number (fills birth date and gender)'], phone: ['手机号', 'Mobile'], address: ['住址', 'Address'],
    guardian: ['监护人/照护人', 'Guardian or carer'], guardianPhone: ['监护人电话', "Guardian's phone"], status: ['状态', 'Status'], risk: ['风险', 'Risk'],
    nextVisit: ['下次探访', 'Next visit'], lastVisit: ['上次探访', 'Last visit'], opened: ['开案', 'Opened'], worker: ['负责社工', 'Worker'], supervisor: ['督导', 'Supervisor'],
    age: ['{n} 岁', 'age {n}'], code: ['个案编号', 'Case code'], org: ['社工站', 'Station'], idNo: ['身份证号', 'ID number'], interval: ['探访间隔（工作日）', 'Visit interval (working days)'],
  },
  gender: { male: ['男', 'Male'], female: ['女', 'Female'] },
  filter: { all: ['全部', 'All'], mine: ['只看我负责的', 'Only mine'], overdue: ['探访逾期', 'Visit overdue'], week: ['本周需探访', 'Due this week'] },
  sort: { next_visit: ['按下次探访', 'By next visit'], risk: ['按风险', 'By risk'], opened: ['按开案时间', 'By opening'] },
  overdue: ['逾期', 'Overdue'],
  masked: ['列表中姓名已脱敏，完整信息仅在个案页显示', 'Names are masked in lists; the case page shows them in full'],
  create: ['建立个案', 'Open the case'], created: ['个案已建立：{code}', 'Case opened: {code}'],
  tabs: { overview: ['概况', 'Overview'], assessment: ['评估与量表', 'Assessment & scales'], plan: ['服务计划', 'Plan'], approvals: ['审批记录', 'Approvals'], access: ['共享与访问记录', 'Sharing & access log'], attachments: ['附件', 'Attachments'] },
  access: { worker: ['您是负责社工', 'You are the worker'], supervisor: ['您是督导', 'You are the supervisor'], share: ['共享查阅（只读）', 'Shared with you (read only)'] },
  notFound: ['没有这个个案，或您无权查阅', 'No such case, or you may not read it'],
  flags: ['风险提示', 'Risk flags'], noFlags: ['无未处理的风险提示', 'No open flags'], resolve: ['处理', 'Resolve'], resolution: ['处理结果', 'Resolution'], resolved: ['已处理', 'Resolved'],
  raiseFlag: ['添加风险提示', 'Raise a flag'], flagKind: ['类别', 'Kind'], flagLevel: ['等级', 'Level'], note: ['说明', 'Note'],
  edit: ['修改基本信息', 'Edit details'], saved: ['已保存', 'Saved'],
  ass: {
    none: ['还没有评估', 'No assessment yet'], new: ['开始评估', 'Start an assessment'], form: ['评估表', 'Assessment form'], summary: ['需求与优势小结', 'Needs and strengths'],
    save: ['保存草稿', 'Save the draft'], submit: ['提交督导审批', 'Send for approval'], submitted: ['已提交，等待督导审批', 'Sent; waiting for the supervisor'], choose: ['请选择', 'Choose'],
  },
  scale: {
    title: ['筛查量表', 'Screening scales'], add: ['记录量表', 'Record a scale'], pick: ['量表', 'Scale'], item: ['第 {n} 题', 'Item {n}'], score: ['得分 {n}', 'Score {n}'],
    band: ['分级', 'Band'], flagged: ['已提示风险', 'Flag raised'], none: ['还没有量表记录', 'No scales yet'], saved: ['得分 {score}：{band}', 'Score {score}: {band}'],
  },
  plan: {
    none: ['还没有服务计划（评估通过后制定）', 'No plan yet (made after the assessment is approved)'], new: ['制定服务计划', 'Make a plan'], summary: ['计划概要', 'Summary'],
    goals: ['服务目标', 'Goals'], goal: ['目标', 'Goal'], measure: ['衡量方式', 'Measure'], target: ['目标日期', 'Target date'], addGoal: ['添加目标', 'Add a goal'],
    save: ['保存草稿', 'Save the draft'], submit: ['提交督导审批', 'Send for approval'], reviews: ['检讨记录', 'Reviews'], addReview: ['记录检讨', 'Record a review'],
    progress: ['进展', 'Progress'], decision: ['决定', 'Decision'],
  },
  close: { ask: ['申请结案', 'Request closing'], reason: ['结案原因', 'Reason'], note: ['结案说明', 'Note'], sent: ['结案申请已提交督导', 'Closing sent to the supervisor'] },
  appr: {
    subject: ['事项', 'Item'], state: ['状态', 'State'], requested: ['提交', 'Requested'], by: ['提交人', 'By'], decided: ['审批', 'Decided'], comment: ['意见', 'Comment'],
    approve: ['批准', 'Approve'], reject: ['退回', 'Return'], commentNeeded: ['退回时请写明意见', 'Say why it is returned'], done: ['已处理', 'Done'],
    queue: ['待我审批', 'Waiting for me'], history: ['全部记录', 'All'], returned: ['被退回的', 'Returned'], none: ['没有待审批的事项', 'Nothing to approve'], open: ['查看个案', 'Open the case'],
  },
  share: {
    title: ['共享', 'Shares'], add: ['共享给同事', 'Share with a colleague'], user: ['同事', 'Colleague'], purpose: ['目的（2–200 字）', 'Purpose (2–200 characters)'],
    days: ['期限（天，最多 90）', 'Period (days, at most 90)'], until: ['至 {at}', 'until {at}'], revoke: ['撤回', 'Revoke'], active: ['有效', 'Active'], ended: ['已结束', 'Ended'], none: ['没有共享', 'Not shared'],
  },
  log: { title: ['访问记录', 'Access log'], who: ['访问人', 'Who'], at: ['时间', 'When'], what: ['内容', 'What'], why: ['依据', 'Basis'], action: { read: ['查阅', 'Read'], export: ['导出', 'Export'], print: ['打印', 'Print'], download: ['下载', 'Download'] }, basis: { worker: ['负责社工', 'Worker'], supervisor: ['督导', 'Supervisor'], share: ['共享', 'Share'], referral: ['转介', 'Referral'], system: ['系统', 'System'] } },
  att: { upload: ['上传附件（PDF/JPG/PNG，≤5MB）', 'Upload (PDF/JPG/PNG, ≤ 5 MB)'], none: ['没有附件', 'No attachments'], uploaded: ['已上传', 'Uploaded'] },
  staff: {
    add: ['添加人员', 'Add a member'], user: ['账号编号（须有社工或组织管理员角色）', 'Account id (social worker or org admin)'], org: ['社工站机构编号', 'Station organisation id'],
    region: ['服务区域', 'Area served'], isSup: ['督导身份', 'Is supervisor'], sup: ['上级督导', 'Supervisor'], member: ['人员', 'Member'], active: ['在岗', 'Active'], openCases: ['在办个案', 'Open cases'],
    none: ['没有可管理的社工站人员', 'No station staff to manage'], setSup: ['设置督导', 'Set supervisor'], hint: ['管理员只设定人员，不能查阅个案', 'Administrators set up staff; they never read a case'],
  },
  form: {
    choice: {
      alone: ['独居', 'Alone'], with_spouse: ['与配偶同住', 'With spouse'], with_children: ['与子女同住', 'With children'], other: ['其他', 'Other'],
      good: ['良好', 'Good'], fair: ['一般', 'Fair'], poor: ['较差', 'Poor'],
      independent: ['自理', 'Independent'], partly_dependent: ['部分依赖', 'Partly dependent'], dependent: ['依赖', 'Dependent'],
      parents_away: ['父母均外出', 'Both parents away'], one_parent_away: ['一方外出', 'One parent away'], grandparents: ['祖辈照顾', 'Grandparents'], relative: ['亲属照顾', 'Relatives'], none: ['无人照顾', 'No one'],
      attending: ['正常就学', 'Attending'], irregular: ['时常缺课', 'Irregular'], dropped_out: ['辍学', 'Dropped out'], not_school_age: ['未到学龄', 'Not of school age'],
      safe: ['安全', 'Safe'], some_concern: ['有隐患', 'Some concern'], at_risk: ['有风险', 'At risk'],
      1: ['一级', 'Grade 1'], 2: ['二级', 'Grade 2'], 3: ['三级', 'Grade 3'], 4: ['四级', 'Grade 4'],
      physical: ['肢体', 'Physical'], visual: ['视力', 'Visual'], hearing: ['听力', 'Hearing'], speech: ['言语', 'Speech'], intellectual: ['智力', 'Intellectual'], mental: ['精神', 'Mental'], multiple: ['多重', 'Multiple'],
      own: ['自有住房', 'Own home'], rented: ['租住', 'Rented'], relatives: ['寄住亲属家', 'With relatives'], unstable: ['居无定所', 'Unstable'],
    },
  },
  band: {
    minimal: ['无或极轻', 'Minimal'], mild: ['轻度', 'Mild'], moderate: ['中度', 'Moderate'], moderately_severe: ['中重度', 'Moderately severe'], severe: ['重度', 'Severe'],
    not_lonely: ['无明显孤独感', 'Not lonely'], lonely: ['孤独', 'Lonely'], severe_dependence: ['重度依赖', 'Severe dependence'], moderate_dependence: ['中度依赖', 'Moderate dependence'],
    mild_dependence: ['轻度依赖', 'Mild dependence'], independent: ['自理', 'Independent'],
  },
})
