// Interface language. Chinese first (zh-CN); English on request. The choice
// is kept in localStorage and applies to vue-i18n, Element Plus's own strings
// (through <el-config-provider> in App.vue) and the error messages picked from
// the server's {message, message_en} pair.
import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import zhCnEl from 'element-plus/es/locale/lang/zh-cn.mjs'
import enEl from 'element-plus/es/locale/lang/en.mjs'
import zh from '@/i18n/zh.js'
import en from '@/i18n/en.js'

// Each domain area may keep its strings beside its pages in
// web/src/modules/<area>/i18n.js, exporting { zh: {...}, en: {...} }; they are
// merged under the area's folder name (t('registry.people.title')), so a new
// module never edits the shared files. Labels of the area's own enums (GET
// /api/v1/enums) go in web/src/modules/<area>/enums.js, plain data
// `{ zh: {name: {value: label}}, en: … }` merged into the shared `enums`
// group (i18n/check-enums.mjs reads the same files).
const moduleMessages = import.meta.glob('../modules/*/i18n.js', { eager: true })
for (const [path, mod] of Object.entries(moduleMessages)) {
  const area = path.split('/').at(-2)
  const m = mod.default || mod
  if (m.zh) zh[area] = { ...(zh[area] || {}), ...m.zh }
  if (m.en) en[area] = { ...(en[area] || {}), ...m.en }
}
const moduleEnums = import.meta.glob('../modules/*/enums.js', { eager: true, import: 'default' })
for (const m of Object.values(moduleEnums)) {
  zh.enums = { ...(zh.enums || {}), ...(m.zh || {}) }
  en.enums = { ...(en.enums || {}), ...(m.en || {}) }
}

const STORAGE_KEY = 'wushe.lang'
export const LANGS = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
]

function initialLang() {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLang(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
})
document.documentElement.lang = i18n.global.locale.value

export const t = (...args) => i18n.global.t(...args)
export const isEnglish = () => i18n.global.locale.value === 'en'
export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? enEl : zhCnEl))

export function setLang(code) {
  const lang = code === 'en' ? 'en' : 'zh-CN'
  i18n.global.locale.value = lang
  document.documentElement.lang = lang
  try {
    localStorage.setItem(STORAGE_KEY, lang)
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}
