// Saving from a form or dialog. valid(formRef) runs the el-form's rules and
// says whether they pass. whileBusy(flag, send) raises the busy flag (a ref,
// or toRef(state, 'busy')) while send() runs, ignores a second click
// meanwhile, and returns whether send() went through: a refused call has
// already been shown by api.js (its message, the field at fault marked), so
// the caller just leaves the dialog open. needText(value, errors, field,
// message) checks a required text the form has no rules for: empty, it marks
// the field with message and says no.
import { reactive, watch } from 'vue'

export async function valid(formRef) {
  try {
    await formRef.value?.validate()
    return true
  } catch {
    return false
  }
}

export async function whileBusy(flag, send) {
  if (flag.value) return false
  flag.value = true
  try {
    await send()
    return true
  } catch {
    return false
  } finally {
    flag.value = false
  }
}

export function needText(value, errors, field, message) {
  if (value) return true
  errors[field] = message
  return false
}

// fieldErrors(form, aliases) is the reactive object a form passes to api.js
// as `fieldErrors` (and reads as :error="errors.title"), made for people:
// - the message beside a field does not repeat the API's field key: the
//   server's generic "字段 title 不能为空" / "field title must not be empty"
//   shows as "不能为空" / "Must not be empty" under the field's own label;
// - it goes away as soon as the person changes that field.
// form is the reactive model (or a getter, for a model replaced on each
// open); aliases maps an API field to the model's when they differ
// ({ price_fen: 'price_yuan', window_start: 'window' }).
export function fieldErrors(form, aliases = {}) {
  const errors = reactive({})
  const model = typeof form === 'function' ? form : () => form
  const key = (field) => aliases[field] || field
  const snap = (field) => JSON.stringify(model()?.[key(field)] ?? null)
  const seen = reactive({}) // field -> the model's value when the error arrived
  watch(
    () => ({ ...errors }),
    (now) => {
      for (const [field, msg] of Object.entries(now)) {
        const short = shortMessage(field, msg)
        if (short !== msg) errors[field] = short
        if (!(field in seen)) seen[field] = snap(field)
      }
      for (const field of Object.keys(seen)) if (!(field in now)) delete seen[field]
    },
    { flush: 'sync' },
  )
  watch(
    () => Object.keys(seen).map(snap),
    () => {
      for (const field of Object.keys(seen)) {
        if (snap(field) !== seen[field]) {
          delete seen[field]
          delete errors[field]
        }
      }
    },
    { flush: 'sync' },
  )
  return errors
}

// "字段 title 不能为空" → "不能为空"; "field title must not be empty" →
// "Must not be empty"; "缺少必填字段：title" → "必填" (and English "Required");
// any other message as it is.
export function shortMessage(field, msg) {
  if (typeof msg !== 'string') return msg
  const esc = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  let m = msg.match(new RegExp(`^字段 ${esc} (.+)$`))
  if (m) return m[1]
  m = msg.match(new RegExp(`^field ${esc}:? (.+)$`))
  if (m) return m[1].charAt(0).toUpperCase() + m[1].slice(1)
  if (msg === `缺少必填字段：${field}`) return '必填'
  if (msg === `missing required field: ${field}`) return 'Required'
  return msg
}
