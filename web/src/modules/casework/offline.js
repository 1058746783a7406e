// Visits written without a network: kept in localStorage with the key the
// server uses to recognise a second send (client_key, unique per case) and
// an Idempotency-Key, sent when the browser is back online. A visit is
// removed from the queue only once the server has answered it (201, or 200
// for one it already had) or refused it for good (4xx other than 408/429).
import { api } from '@/core/api.js'

const KEY = 'wushe.casework.queue'

export function newKey() {
  const a = new Uint8Array(12)
  crypto.getRandomValues(a)
  return 'v-' + Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('')
}
export function queued() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || '[]')
  } catch {
    return []
  }
}
function save(list) {
  localStorage.setItem(KEY, JSON.stringify(list))
}
export function enqueue(caseId, body) {
  const list = queued()
  list.push({ caseId, body, queuedAt: new Date().toISOString() })
  save(list)
}
export function sendOne(caseId, body) {
  return api.post(`/cases/${caseId}/visits`, body, { silent: true, headers: { 'Idempotency-Key': body.client_key } })
}
// Send every queued visit; returns how many left the queue as sent.
export async function flush() {
  let sent = 0
  for (const item of queued()) {
    try {
      await sendOne(item.caseId, item.body)
      sent++
    } catch (e) {
      if (e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500) break // still offline: keep it
    }
    save(queued().filter((q) => q.body.client_key !== item.body.client_key))
  }
  return sent
}
