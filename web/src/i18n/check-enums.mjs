#!/usr/bin/env node
// check-enums.mjs — every value the server lists in GET /api/v1/enums has a
// label in both web/src/i18n/zh.js and en.js (group `enums`, keyed by enum
// name and value). The lists come from the binary (`wushe enums`), never
// from a copy here. Run from the API suite (tests/api/32_enums.json):
//
//     node web/src/i18n/check-enums.mjs build/wushe [--drop NAME.VALUE]
//
// --drop removes one zh label before checking: the suite uses it to prove
// that a missing label fails. Exit 0 and "N values labelled" when all are;
// exit 1 listing every missing label otherwise.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import zh from './zh.js'
import en from './en.js'

// An area's own enum labels live in web/src/modules/<area>/enums.js (plain
// data), merged as core/i18n.js merges them.
const modulesDir = new URL('../modules/', import.meta.url)
for (const area of readdirSync(modulesDir)) {
  const file = new URL(`${area}/enums.js`, modulesDir)
  if (!existsSync(file)) continue
  const m = (await import(file)).default || {}
  zh.enums = { ...(zh.enums || {}), ...(m.zh || {}) }
  en.enums = { ...(en.enums || {}), ...(m.en || {}) }
}

const args = process.argv.slice(2)
const bin = args[0]
if (!bin) {
  console.error('usage: check-enums.mjs WUSHE_BIN [--drop NAME.VALUE]')
  process.exit(2)
}
const dropAt = args.indexOf('--drop')
const labels = { zh: structuredClone(zh.enums || {}), en: en.enums || {} }
if (dropAt > 0) {
  const [name, value] = args[dropAt + 1].split('.')
  if (labels.zh[name]) delete labels.zh[name][value]
}

const enums = JSON.parse(execFileSync(bin, ['enums'], { encoding: 'utf8' })).enums
const missing = []
let n = 0
for (const [name, values] of Object.entries(enums)) {
  for (const v of values) {
    n++
    for (const lang of ['zh', 'en']) {
      const label = labels[lang][name]?.[v]
      if (typeof label !== 'string' || !label.trim()) missing.push(`${lang}: enums.${name}.${v}`)
    }
  }
}
if (missing.length) {
  console.log(`missing enum labels (${missing.length}):\n  ${missing.join('\n  ')}`)
  process.exit(1)
}
console.log(`${n} values of ${Object.keys(enums).length} enums labelled in zh and en`)
