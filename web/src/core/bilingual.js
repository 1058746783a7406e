// Strings declared once for both languages. A module's i18n.js writes one
// tree whose leaves are ['中文', 'English'] (a plain string is the same in
// both) and exports bilingual(tree), the { zh, en } pair core/i18n.js merges.
// enumLabels('name', …) stands for the labels of those enums in the `enums`
// group of i18n/zh.js and en.js (declared there once, checked by
// check-enums.mjs), with an optional tree of extra labels; perLang(pair)
// takes an already built { zh, en } (a sub-file's strings) as it is.
// Relative imports only: check-enums.mjs loads enums.js files under plain node.
import zh from '../i18n/zh.js'
import en from '../i18n/en.js'

const BASE = { zh: zh.enums, en: en.enums }
const ENUMS = Symbol('enum labels')
const BUILT = Symbol('built pair')

export function enumLabels(names, extra = {}) {
  return { [ENUMS]: [].concat(names), extra }
}

export function perLang(pair) {
  return { [BUILT]: pair }
}

function pick(node, lang) {
  if (Array.isArray(node)) return node[lang === 'zh' ? 0 : 1]
  if (node === null || typeof node !== 'object') return node
  if (node[BUILT]) return node[BUILT][lang]
  if (node[ENUMS]) return Object.assign({}, ...node[ENUMS].map((n) => BASE[lang][n]), pick(node.extra, lang))
  const out = {}
  for (const [k, v] of Object.entries(node)) out[k] = pick(v, lang)
  return out
}

export function bilingual(tree) {
  return { zh: pick(tree, 'zh'), en: pick(tree, 'en') }
}
