// What a page's <script setup> takes from the core, in one import: the i18n
// hook, Element Plus's message boxes, the API client, the list and submit
// helpers, the formatters, the session's role checks and the enum lists.
// The shared components (DateRange, EnumRadios, EnumSelect, FormDialog, ListPager,
// LoadError, PageCard, RegionTreeSelect, TextField) are registered for every
// template in main.js, as Element Plus's are.
export { useI18n } from 'vue-i18n'
export { t, isEnglish } from './i18n.js'
export { ElMessage, ElMessageBox } from 'element-plus'
export * from './api.js'
export * from './enums.js'
export * from './format.js'
export * from './list.js'
export * from './narrow.js'
export * from './unread.js'
export * from './session.js'
export * from './submit.js'
