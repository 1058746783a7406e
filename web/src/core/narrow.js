// useNarrow(): a ref that is true while the window is phone-wide (narrower
// than 768 px, as the layout's own breakpoint), for pages that lay a table
// out differently on a phone. It follows resizes and stops with the component.
import { onBeforeUnmount, ref } from 'vue'

export function useNarrow() {
  const mq = window.matchMedia('(max-width: 767px)')
  const narrow = ref(mq.matches)
  const onWidth = (e) => (narrow.value = e.matches)
  mq.addEventListener('change', onWidth)
  onBeforeUnmount(() => mq.removeEventListener('change', onWidth))
  return narrow
}
