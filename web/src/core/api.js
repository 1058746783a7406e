// The one way the UI talks to the server.
//
// Every call goes through request(): same-origin fetch with the session
// cookie, JSON in and out, the CSRF token (from the login or /me answer) as
// X-CSRF-Token on every unsafe method. A failed call throws ApiError; unless
// the caller asks for silence the error is shown with ElMessage in the current
// language, and when the caller passes a reactive `fieldErrors` object the
// field named by the server's error gets the message (bind it to
// <el-form-item :error="fieldErrors.name">). A 401 outside the login call
// sends the user to /login.
import { ElMessage } from 'element-plus'
import { t, isEnglish } from './i18n.js'
import { shortMessage } from './submit.js'

const BASE = '/api/v1'
const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

let csrfToken = ''
let onUnauthorized = null

export function setCsrfToken(token) {
  csrfToken = token || ''
}

/** Called with no argument on a 401 from any call that did not opt out. */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {}
    super(e.message || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = e.code || (status === 0 ? 'network' : 'http_' + status)
    this.messageZh = e.message || ''
    this.messageEn = e.message_en || ''
    this.field = e.field || ''
    const ra = e.retry_after ?? (body && body.retry_after)
    this.retryAfter = Number.isFinite(Number(ra)) && ra !== null && ra !== '' ? Number(ra) : null
  }

  /** The message in the interface language, with a fallback by status. */
  get localMessage() {
    let msg = isEnglish() ? this.messageEn || this.messageZh : this.messageZh || this.messageEn
    if (!msg) {
      if (this.status === 0) msg = t('errors.network')
      else if (this.status === 401) msg = t('errors.unauthorized')
      else if (this.status === 403) msg = t('errors.forbidden')
      else if (this.status === 404) msg = t('errors.notFound')
      else msg = t('errors.unknown', { status: this.status })
      // the server's own messages already say how long to wait
      if (this.retryAfter !== null && this.retryAfter > 0) msg += t('errors.retryAfter', { n: this.retryAfter })
    }
    return msg
  }
}

function buildUrl(path, query) {
  let url = BASE + path
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      qs.append(k, String(v))
    }
    const s = qs.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  return url
}

/**
 * request(method, path, { query, body, fieldErrors, silent, noRedirect, headers })
 * resolves to the parsed JSON body ({} for an empty one).
 */
export async function request(method, path, opts = {}) {
  const { query, body, fieldErrors, silent = false, noRedirect = false, headers: extra } = opts
  if (fieldErrors) for (const k of Object.keys(fieldErrors)) delete fieldErrors[k]

  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  if (extra) Object.assign(headers, extra) // e.g. an Idempotency-Key

  let res
  try {
    res = await fetch(buildUrl(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    const err = new ApiError(0, null)
    if (!silent) ElMessage.error(err.localMessage)
    throw err
  }

  const text = await res.text()
  let data = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (res.ok) return data ?? {}

  const err = new ApiError(res.status, data)
  if (err.retryAfter === null) {
    const ra = Number(res.headers.get('Retry-After'))
    if (ra > 0) err.retryAfter = ra
  }
  if (fieldErrors && err.field) fieldErrors[err.field] = err.localMessage
  if (res.status === 401 && !noRedirect && onUnauthorized) {
    onUnauthorized()
    if (!silent) ElMessage.warning(err.localMessage)
    throw err
  }
  // A field's own message sits under the field; the pop-up then says what is
  // wrong without the API's key for it ("字段 title 不能为空" → 不能为空 …).
  let shown = err.localMessage
  if (fieldErrors && err.field) {
    const short = shortMessage(err.field, shown)
    if (short !== shown) shown = t('errors.fieldMarked', { msg: short })
  }
  if (!silent) ElMessage.error({ message: shown, customClass: 'api-error' })
  throw err
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body: body ?? {} }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body: body ?? {} }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body: body ?? {} }),
  del: (path, opts) => request('DELETE', path, opts),
}

/** Fetch every page of a list endpoint (per_page 100) and return the items. */
export async function getAll(path, query = {}, opts = {}) {
  const items = []
  for (let page = 1; page < 1000; page++) {
    const r = await api.get(path, { ...query, page, per_page: 100 }, opts)
    const got = r.items || []
    items.push(...got)
    if (got.length === 0 || items.length >= (r.total ?? items.length)) break
  }
  return items
}
