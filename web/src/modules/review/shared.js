// What the review's pages share: money and stage labels.
import { t } from '@/core/page.js'

export const yuan = (fen) => (Number(fen || 0) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
export const stageLabel = (s) => t(`review.stage.${s}`)
export const STAGES = ['qualification', 'material', 'site_visit', 'optimisation', 'due_diligence', 'defence', 'publication', 'award']
