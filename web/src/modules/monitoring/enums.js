// Labels of the monitoring's enums (GET /api/v1/enums: mon_*), merged into
// the shared `enums` group and checked by i18n/check-enums.mjs.
import { bilingual } from '../../core/bilingual.js'

export default bilingual({
  mon_tier: { risk: ['风险', 'Risk'], observation: ['观察', 'Observation'], quality: ['质量', 'Quality'] },
  mon_maturity: { new: ['新项目', 'New'], continued: ['持续项目', 'Continued'], extended: ['延续项目', 'Extended'] },
  mon_result: { excellent: ['优秀', 'Excellent'], good: ['良好', 'Good'], pass: ['合格', 'Pass'], fail: ['不合格', 'Fail'] },
  mon_report_kind: { quarterly: ['季度报告', 'Quarterly report'], final: ['结项报告', 'Final report'] },
  mon_report_status: { submitted: ['待审核', 'Submitted'], accepted: ['已通过', 'Accepted'], returned: ['已退回', 'Returned'], missing: ['未提交', 'Not filed'] },
  mon_milestone_status: { open: ['进行中', 'Open'], done: ['已完成待验收', 'Done, to accept'], accepted: ['已验收', 'Accepted'] },
  mon_progress: { on_track: ['正常', 'On track'], behind: ['滞后', 'Behind'], done: ['已完成', 'Done'] },
  mon_asset_category: { equipment: ['设备', 'Equipment'], furniture: ['家具', 'Furniture'], electronics: ['电子产品', 'Electronics'], vehicle: ['车辆', 'Vehicle'], facility: ['设施改造', 'Facility'], other: ['其他', 'Other'] },
  mon_asset_status: { in_use: ['在用', 'In use'], disposed: ['已处置', 'Disposed'] },
})
