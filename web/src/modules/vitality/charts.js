// Chart types the vitality pages draw, registered with ECharts' core once
// (the shared EChart component registers only bar and pie).
import * as echarts from 'echarts/core'
import { LineChart, RadarChart } from 'echarts/charts'
import { RadarComponent } from 'echarts/components'

echarts.use([LineChart, RadarChart, RadarComponent])

/** Score → a colour from pale to deep; lo/hi stretch the scale (the heat
 *  grid spreads its towns' range, bars use 0–100). */
export function heatColor(score, lo = 0, hi = 100) {
  if (score === null || score === undefined) return '#f0f0f0'
  const span = hi > lo ? hi - lo : 100
  const s = Math.max(0, Math.min(1, (Number(score) - lo) / span)) * 0.85 + 0.15
  // from #fff1e6 (low) to #d4380d (high)
  const mix = (a, b) => Math.round(a + (b - a) * s)
  return `rgb(${mix(255, 212)}, ${mix(241, 56)}, ${mix(230, 13)})`
}

export const fmtScore = (v) => (v === null || v === undefined ? '—' : Number(v).toFixed(1))

export function fmtRaw(v, unit) {
  if (v === null || v === undefined) return '—'
  const n = Number(v)
  const s = Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(1) : n.toFixed(3)
  return unit === '%' ? s + '%' : s + ' ' + (unit || '')
}
