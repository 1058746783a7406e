// The words of the funding programme's enums (众创共善, issue 13): the
// Chinese ones exactly as the journal's tables name them.
export const PROGRAMME_STATUS = {
  draft: ['筹备中', 'Draft'], open: ['申报中', 'Open for applications'], reviewing: ['评审中', 'Reviewing'],
  awarding: ['资助决定中', 'Awarding'], monitoring: ['项目执行中', 'Monitoring'], closed: ['已结束', 'Closed'],
}
export const AWARD_RULE = { ranked_full: ['按排名全额资助', 'Ranked, fully funded'], threshold_percent: ['达线按比例资助', 'Above a threshold, a percentage'] }
export const APPLICANT_TYPE = {
  social_org: ['社会组织', 'Social organisation'], party_org: ['基层党组织', 'Grassroots Party organisation'],
  gov_unit: ['镇街职能部门及其人民团体', 'Town department or people’s organisation'],
  enterprise: ['企事业单位', 'Enterprise or public institution'], self_governing: ['基层自治组织', 'Grassroots self-governing body'],
}
export const DOMAIN = {
  community_building: ['社区营造', 'Community building'],
  professional_governance: ['社会(专业)力量参与社会治理', 'Professional forces in social governance'],
  rural_revival: ['乡村振兴', 'Rural revitalisation'], community_elderly: ['社区养老', 'Community elderly care'],
  sector_support: ['行业支持', 'Sector support'], disability: ['残疾人服务', 'Disability services'],
  women_children: ['妇儿公益', 'Women and children'], targeted_aid: ['精准帮扶', 'Targeted assistance'],
  rural_culture: ['乡村文化', 'Rural culture'], sustainable: ['可持续公益', 'Sustainable philanthropy'],
}
export const REGION_SCOPE = { town: ['单个镇街', 'One town'], district: ['全区', 'District-wide'], multi: ['多个镇街', 'Several towns'] }
export const KIND = { service: ['服务类', 'Service'], hardware: ['硬件类', 'Hardware'] }
export const APP_STATUS = {
  draft: ['草稿', 'Draft'], submitted: ['已提交', 'Submitted'], withdrawn: ['已撤回', 'Withdrawn'], in_review: ['评审中', 'In review'],
  rejected: ['未通过', 'Rejected'], awarded: ['获扶持', 'Funded'], not_awarded: ['未获扶持', 'Not funded'], closed: ['已结项', 'Closed'],
}
export const STAGE = {
  qualification: ['资格审查', 'Qualification'], material: ['材料评审', 'Material review'], site_visit: ['实地走访', 'Site visit'],
  optimisation: ['项目优化', 'Optimisation'], due_diligence: ['尽职调查', 'Due diligence'], defence: ['现场答辩', 'Defence'],
  publication: ['公示', 'Publication'], award: ['资助', 'Award'],
}
export const OUTCOME = { funded: ['扶持', 'Funded'], not_funded: ['未扶持', 'Not funded'] }
export const PARTNER_ROLE = { partner: ['合作组织', 'Partner organisation'], community: ['合作村（社区）', 'Partner community'] }
