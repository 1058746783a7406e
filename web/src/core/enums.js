// The value lists the API accepts (GET /api/v1/enums), fetched once after
// login and shared by every page, so that no page copies them. The server
// declares each list once, as the C array its validation reads
// (src/*/module.c `.enums`); the labels live in web/src/i18n/{zh,en}.js under
// `enums.<name>.<value>` (web/src/i18n/check-enums.mjs checks that every
// value has both).
//
//   enumList('urgency')        a reactive array: empty until the lists arrive,
//                              then the server's values in its order
//   enumLabel('urgency', v)    the value's label in the interface language
//
// A module may keep enumList(...) in a module-level constant: the array is
// the same object before and after loading, filled in place.
import { reactive } from 'vue'
import { api } from './api.js'
import { t } from './i18n.js'

const lists = {}
let promise = null

/** The values of one enum (reactive; filled by loadEnums()). */
export function enumList(name) {
  return lists[name] || (lists[name] = reactive([]))
}

/** The label of a value: enums.<name>.<value> in zh.js / en.js. */
export const enumLabel = (name, value) => t(`enums.${name}.${value}`)

/** Fetch the lists once (after login); a failure is retried on the next call. */
export function loadEnums() {
  if (!promise) {
    promise = api
      .get('/enums', null, { silent: true, noRedirect: true })
      .then((r) => {
        for (const [name, values] of Object.entries(r.enums || {})) enumList(name).splice(0, Infinity, ...values)
        return lists
      })
      .catch(() => {
        promise = null
        return lists
      })
  }
  return promise
}
