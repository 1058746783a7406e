// What EnumSelect and EnumRadios share: the list of codes and how each is
// labelled — label(code) when given, else t(prefix + code).
import { useI18n } from 'vue-i18n'

export const enumProps = {
  options: { type: Array, required: true },
  prefix: { type: String, default: '' },
  label: { type: Function, default: null },
}

export function useEnumText(props) {
  const { t } = useI18n()
  return (o) => (props.label ? props.label(o) : t(props.prefix + o))
}
