// Saving from a form or dialog. valid(formRef) runs the el-form's rules and
// says whether they pass. whileBusy(flag, send) raises the busy flag (a ref,
// or toRef(state, 'busy')) while send() runs, ignores a second click
// meanwhile, and returns whether send() went through: a refused call has
// already been shown by api.js (its message, the field at fault marked), so
// the caller just leaves the dialog open. needText(value, errors, field,
// message) checks a required text the form has no rules for: empty, it marks
// the field with message and says no.
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
