// Registry (社工数据库) strings: people, organisations, teams, facilities.
// Merged under "registry" by core/i18n.js: t('registry.people.title'); the
// governance and import pages' strings (i18n-gov.js, i18n-import.js) sit under
// registry.gov and registry.import.
import zhBase from '@/i18n/zh.js'
import enBase from '@/i18n/en.js'
import gov from './i18n-gov.js'
import imp from './i18n-import.js'

// Value labels are declared once, in the enums group of zh.js/en.js.
const zhEnums = zhBase.enums
const enEnums = enBase.enums
export default {
  zh: {
    nav: { people: '人员库', orgs: '社会组织', teams: '志愿队伍', facilities: '阵地设施' },
    common: {
      region: '所属区域', community: '所属社区', q: '搜索', status: '状态', history: '变更记录', export: '导出',
      exportCsv: '导出 CSV', exportXlsx: '导出 Excel', detail: '详情', version: '版本', createdAt: '创建时间',
      updatedAt: '更新时间', totalCapped: '超过 {n} 条', noHistory: '暂无记录', name: '名称', domain: '服务领域',
      confirmDelete: '确定删除“{name}”吗？', any: '不限', description: '简介', address: '地址',
    },
    people: {
      title: '人员库', create: '登记人员', edit: '编辑人员', name: '姓名', gender: '性别', birthDate: '出生日期',
      idNumber: '身份证号', mobile: '手机号', household: '户籍类型', address: '住址', note: '备注',
      searchHint: '姓名，或完整身份证号/手机号', flags: '身份标签', swLevel: '社工职业水平', verified: '核验状态',
      isVerified: '已核验', notVerified: '未核验', verify: '核验', unverify: '撤销核验', reveal: '查看完整信息',
      revealTitle: '查看完整个人信息', revealHint: '查看完整身份证号和手机号将记入审计日志。请说明查看目的。',
      purpose: '查看目的', purposeRequired: '请填写查看目的', revealed: '完整信息（仅本次显示）',
      verifyTitle: '核验居民身份', method: '核验方式', verifyNote: '核验备注', unverifyTitle: '撤销核验',
      reason: '撤销原因', reasonRequired: '请填写撤销原因', verifiedAt: '核验时间', verifyMethod: '核验方式',
      nameRequired: '请填写姓名', regionRequired: '请选择所属社区或网格', masked: '已脱敏',
      moveOut: '标记迁出', movedOut: '已标记迁出', deleteHint: '仅可删除未被其他记录引用的人员',
      idHint: '18 位，出生日期和性别将自动从号码识别', mobileHint: '11 位手机号',
    },
    flags: {
      is_resident: '常住居民', is_volunteer: '志愿者', is_party_member: '党员', is_social_worker: '社会工作者',
      is_building_leader: '楼长', is_community_worker: '社区工作者',
    },
    gender: { male: '男', female: '女' },
    household: zhEnums.household,
    swLevel: zhEnums.sw_level,
    personStatus: zhEnums.person_status,
    method: zhEnums.verify_method,
    actions: {
      create: '创建', update: '修改', delete: '删除', person_reveal: '查看完整信息', person_verify: '核验',
      person_unverify: '撤销核验', member_add: '加入成员', member_update: '调整成员角色', member_remove: '移除成员',
      room_add: '新增功能室', room_update: '修改功能室', room_remove: '删除功能室',
    },
    orgs: {
      title: '社会组织', create: '登记组织', edit: '编辑组织', name: '组织名称', creditCode: '统一社会信用代码',
      orgType: '组织类型', registration: '登记状态', filedTown: '备案镇街', ledgerCommunity: '台账社区',
      incubation: '孵化阶段', contactName: '联系人', contactMobile: '联系电话', website: '网站', email: '邮箱',
      foundedOn: '成立日期', nameRequired: '请填写名称', typeRequired: '请选择组织类型',
    },
    orgType: zhEnums.org_type,
    registration: zhEnums.registration,
    incubation: zhEnums.incubation_stage,
    orgStatus: zhEnums.org_status,
    domain: zhEnums.domain,
    teams: {
      title: '志愿队伍', tree: '总队与队伍', create: '新建队伍', createGeneral: '新建总队', edit: '编辑队伍',
      general: '总队', parent: '上级总队', leader: '队长', members: '成员', memberCount: '成员数', childCount: '队伍数',
      addMember: '添加成员', pickPerson: '输入姓名搜索人员', role: '角色', roleLeader: '队长', roleMember: '队员',
      setLeader: '设为队长', remove: '移出', joinedAt: '加入时间', organisation: '依托组织', pickTeam: '请在左侧选择一支队伍',
      nameRequired: '请填写队伍名称', none: '暂无队伍',
    },
    teamStatus: zhEnums.team_status,
    facilities: {
      title: '阵地设施', create: '登记设施', edit: '编辑设施', kind: '设施类型', area: '面积（㎡）', hours: '开放时间',
      rooms: '功能室', roomCount: '功能室数', addRoom: '新增功能室', roomName: '功能室名称', capacity: '容纳人数',
      nameRequired: '请填写名称', kindRequired: '请选择设施类型',
    },
    facilityKind: zhEnums.facility_kind,
    facilityStatus: zhEnums.facility_status,
    gov: gov.zh,
    import: imp.zh,
  },
  en: {
    nav: { people: 'People', orgs: 'Organisations', teams: 'Volunteer teams', facilities: 'Facilities' },
    common: {
      region: 'Region', community: 'Community', q: 'Search', status: 'Status', history: 'History', export: 'Export',
      exportCsv: 'Export CSV', exportXlsx: 'Export Excel', detail: 'Details', version: 'Version', createdAt: 'Created',
      updatedAt: 'Updated', totalCapped: 'more than {n}', noHistory: 'No entries yet', name: 'Name', domain: 'Domain',
      confirmDelete: 'Delete "{name}"?', any: 'Any', description: 'Description', address: 'Address',
    },
    people: {
      title: 'People', create: 'Register person', edit: 'Edit person', name: 'Name', gender: 'Gender', birthDate: 'Birth date',
      idNumber: 'ID number', mobile: 'Mobile', household: 'Household', address: 'Address', note: 'Note',
      searchHint: 'Name, or a full ID number / mobile', flags: 'Tags', swLevel: 'Social-work level', verified: 'Verification',
      isVerified: 'Verified', notVerified: 'Not verified', verify: 'Verify', unverify: 'Withdraw', reveal: 'Show full details',
      revealTitle: 'Show full personal information', revealHint: 'Viewing the full ID number and mobile is recorded in the audit log. State the purpose.',
      purpose: 'Purpose', purposeRequired: 'State the purpose', revealed: 'Full details (shown this time only)',
      verifyTitle: 'Verify resident', method: 'Method', verifyNote: 'Note', unverifyTitle: 'Withdraw verification',
      reason: 'Reason', reasonRequired: 'State the reason', verifiedAt: 'Verified at', verifyMethod: 'Verified by',
      nameRequired: 'Name is required', regionRequired: 'Choose a community or grid', masked: 'masked',
      moveOut: 'Mark moved out', movedOut: 'Marked as moved out', deleteHint: 'Only people no other record refers to can be deleted',
      idHint: '18 characters; birth date and gender are read from it', mobileHint: '11-digit mobile',
    },
    flags: {
      is_resident: 'Resident', is_volunteer: 'Volunteer', is_party_member: 'Party member', is_social_worker: 'Social worker',
      is_building_leader: 'Building leader', is_community_worker: 'Community worker',
    },
    gender: { male: 'Male', female: 'Female' },
    household: enEnums.household,
    swLevel: enEnums.sw_level,
    personStatus: enEnums.person_status,
    method: enEnums.verify_method,
    actions: {
      create: 'Created', update: 'Updated', delete: 'Deleted', person_reveal: 'Full details viewed', person_verify: 'Verified',
      person_unverify: 'Verification withdrawn', member_add: 'Member added', member_update: 'Member role changed',
      member_remove: 'Member removed', room_add: 'Room added', room_update: 'Room changed', room_remove: 'Room removed',
    },
    orgs: {
      title: 'Organisations', create: 'Register organisation', edit: 'Edit organisation', name: 'Name', creditCode: 'Credit code',
      orgType: 'Type', registration: 'Registration', filedTown: 'Filed with town', ledgerCommunity: 'Ledger community',
      incubation: 'Incubation', contactName: 'Contact', contactMobile: 'Contact mobile', website: 'Website', email: 'Email',
      foundedOn: 'Founded', nameRequired: 'Name is required', typeRequired: 'Choose a type',
    },
    orgType: enEnums.org_type,
    registration: enEnums.registration,
    incubation: enEnums.incubation_stage,
    orgStatus: enEnums.org_status,
    domain: enEnums.domain,
    teams: {
      title: 'Volunteer teams', tree: 'General teams and teams', create: 'New team', createGeneral: 'New general team', edit: 'Edit team',
      general: 'General team', parent: 'General team above', leader: 'Leader', members: 'Members', memberCount: 'Members',
      childCount: 'Teams', addMember: 'Add member', pickPerson: 'Type a name to search', role: 'Role', roleLeader: 'Leader',
      roleMember: 'Member', setLeader: 'Make leader', remove: 'Remove', joinedAt: 'Joined', organisation: 'Organisation',
      pickTeam: 'Choose a team on the left', nameRequired: 'Name is required', none: 'No teams yet',
    },
    teamStatus: enEnums.team_status,
    facilities: {
      title: 'Facilities', create: 'Register facility', edit: 'Edit facility', kind: 'Kind', area: 'Area (m²)', hours: 'Opening hours',
      rooms: 'Rooms', roomCount: 'Rooms', addRoom: 'Add room', roomName: 'Room name', capacity: 'Capacity',
      nameRequired: 'Name is required', kindRequired: 'Choose a kind',
    },
    facilityKind: enEnums.facility_kind,
    facilityStatus: enEnums.facility_status,
    gov: gov.en,
    import: imp.en,
  },
}
