// Registry (社工数据库) strings: people, organisations, teams, facilities.
// Merged under "registry" by core/i18n.js: t('registry.people.title'); the
// governance and import pages' strings (i18n-gov.js, i18n-import.js) sit under
// registry.gov and registry.import.
import { bilingual, enumLabels, perLang } from '@/core/bilingual.js'
import gov from './i18n-gov.js'
import imp from './i18n-import.js'

export default bilingual({
  nav: {
    people: ['人员库', 'People'], orgs: ['社会组织', 'Organisations'], teams: ['志愿队伍', 'Volunteer teams'],
    facilities: ['阵地设施', 'Facilities'],
  },
  common: {
    region: ['所属区域', 'Region'], community: ['所属社区', 'Community'], q: ['搜索', 'Search'], status: ['状态', 'Status'],
    history: ['变更记录', 'History'], detail: ['详情', 'Details'], version: ['版本', 'Version'], createdAt: ['创建时间', 'Created'],
    updatedAt: ['更新时间', 'Updated'], totalCapped: ['超过 {n} 条', 'more than {n}'], noHistory: ['暂无记录', 'No entries yet'],
    name: ['名称', 'Name'], domain: ['服务领域', 'Domain'], confirmDelete: ['确定删除“{name}”吗？', 'Delete "{name}"?'], any: ['不限', 'Any'],
    description: ['简介', 'Description'], address: ['地址', 'Address'],
  },
  people: {
    title: ['人员库', 'People'], create: ['登记人员', 'Register person'], edit: ['编辑人员', 'Edit person'], name: ['姓名', 'Name'],
    gender: ['性别', 'Gender'], birthDate: ['出生日期', 'Birth date'], idNumber: ['身份证号', 'ID number'], mobile: ['手机号', 'Mobile'],
    household: ['户籍类型', 'Household'], address: ['住址', 'Address'], note: ['备注', 'Note'],
    searchHint: ['姓名，或完整身份证号/手机号', 'Name, or a full ID number / mobile'],
    flags: ['身份标签', 'Tags'], swLevel: ['社工职业水平', 'Social-work level'], verified: ['核验状态', 'Verification'],
    isVerified: ['已核验', 'Verified'], notVerified: ['未核验', 'Not verified'], verify: ['核验', 'Verify'], unverify: ['撤销核验', 'Withdraw'],
    reveal: ['查看完整信息', 'Show full details'],
    revealing: {
      title: ['查看完整个人信息', 'Show full personal information'],
      hint: ['查看完整身份证号和手机号将记入审计日志。请说明查看目的。', 'Viewing the full ID number and mobile is recorded in the audit log. State the purpose.'],
      purpose: ['查看目的', 'Purpose'], purposeRequired: ['请填写查看目的', 'State the purpose'],
      result: ['完整信息（仅本次显示）', 'Full details (shown this time only)'],
    },
    verifyTitle: ['核验居民身份', 'Verify resident'], method: ['核验方式', 'Method'], verifyNote: ['核验备注', 'Note'],
    unverifyTitle: ['撤销核验', 'Withdraw verification'], reason: ['撤销原因', 'Reason'], reasonRequired: ['请填写撤销原因', 'State the reason'],
    verifiedAt: ['核验时间', 'Verified at'], verifyMethod: ['核验方式', 'Verified by'], nameRequired: ['请填写姓名', 'Name is required'],
    regionRequired: ['请选择所属社区或网格', 'Choose a community or grid'], masked: ['已脱敏', 'masked'], moveOut: ['标记迁出', 'Mark moved out'],
    movedOut: ['已标记迁出', 'Marked as moved out'],
    deleteHint: ['仅可删除未被其他记录引用的人员', 'Only people no other record refers to can be deleted'],
    idHint: ['18 位，出生日期和性别将自动从号码识别', '18 characters; birth date and gender are read from it'],
    mobileHint: ['11 位手机号', '11-digit mobile'],
  },
  flags: {
    is_resident: ['常住居民', 'Resident'], is_volunteer: ['志愿者', 'Volunteer'], is_party_member: ['党员', 'Party member'],
    is_social_worker: ['社会工作者', 'Social worker'], is_building_leader: ['楼长', 'Building leader'],
    is_community_worker: ['社区工作者', 'Community worker'],
  },
  gender: { male: ['男', 'Male'], female: ['女', 'Female'] }, household: enumLabels('household'), swLevel: enumLabels('sw_level'),
  personStatus: enumLabels('person_status'), method: enumLabels('verify_method'),
  actions: {
    create: ['创建', 'Created'], update: ['修改', 'Updated'], delete: ['删除', 'Deleted'],
    person_reveal: ['查看完整信息', 'Full details viewed'], person_verify: ['核验', 'Verified'],
    person_unverify: ['撤销核验', 'Verification withdrawn'], member_add: ['加入成员', 'Member added'],
    member_update: ['调整成员角色', 'Member role changed'], member_remove: ['移除成员', 'Member removed'], room_add: ['新增功能室', 'Room added'],
    room_update: ['修改功能室', 'Room changed'], room_remove: ['删除功能室', 'Room removed'],
  },
  orgs: {
    title: ['社会组织', 'Organisations'], create: ['登记组织', 'Register organisation'], edit: ['编辑组织', 'Edit organisation'],
    name: ['组织名称', 'Name'], creditCode: ['统一社会信用代码', 'Credit code'], orgType: ['组织类型', 'Type'],
    registration: ['登记状态', 'Registration'], filedTown: ['备案镇街', 'Filed with town'], ledgerCommunity: ['台账社区', 'Ledger community'],
    incubation: ['孵化阶段', 'Incubation'], contactName: ['联系人', 'Contact'], contactMobile: ['联系电话', 'Contact mobile'],
    website: ['网站', 'Website'], email: ['邮箱', 'Email'], foundedOn: ['成立日期', 'Founded'], nameRequired: ['请填写名称', 'Name is required'],
    typeRequired: ['请选择组织类型', 'Choose a type'],
  },
  orgType: enumLabels('org_type'), registration: enumLabels('registration'), incubation: enumLabels('incubation_stage'),
  orgStatus: enumLabels('org_status'), domain: enumLabels('domain'),
  teams: {
    title: ['志愿队伍', 'Volunteer teams'], tree: ['总队与队伍', 'General teams and teams'], create: ['新建队伍', 'New team'],
    createGeneral: ['新建总队', 'New general team'], edit: ['编辑队伍', 'Edit team'], general: ['总队', 'General team'],
    parent: ['上级总队', 'General team above'], leader: ['队长', 'Leader'], members: ['成员', 'Members'], memberCount: ['成员数', 'Members'],
    childCount: ['队伍数', 'Teams'], addMember: ['添加成员', 'Add member'], pickPerson: ['输入姓名搜索人员', 'Type a name to search'],
    role: ['角色', 'Role'], roleLeader: ['队长', 'Leader'], roleMember: ['队员', 'Member'], setLeader: ['设为队长', 'Make leader'],
    remove: ['移出', 'Remove'], joinedAt: ['加入时间', 'Joined'], organisation: ['依托组织', 'Organisation'],
    pickTeam: ['请在左侧选择一支队伍', 'Choose a team on the left'], nameRequired: ['请填写队伍名称', 'Name is required'],
    none: ['暂无队伍', 'No teams yet'],
  },
  teamStatus: enumLabels('team_status'),
  facilities: {
    title: ['阵地设施', 'Facilities'], create: ['登记设施', 'Register facility'], edit: ['编辑设施', 'Edit facility'], kind: ['设施类型', 'Kind'],
    area: ['面积（㎡）', 'Area (m²)'], hours: ['开放时间', 'Opening hours'], rooms: ['功能室', 'Rooms'], roomCount: ['功能室数', 'Rooms'],
    addRoom: ['新增功能室', 'Add room'], roomName: ['功能室名称', 'Room name'], capacity: ['容纳人数', 'Capacity'],
    nameRequired: ['请填写名称', 'Name is required'], kindRequired: ['请选择设施类型', 'Choose a kind'],
  },
  facilityKind: enumLabels('facility_kind'), facilityStatus: enumLabels('facility_status'), gov: perLang(gov), import: perLang(imp),
})
