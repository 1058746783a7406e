// Who is logged in. The user object is the /me answer; its csrf_token is
// handed to the API client. Roles are cached from GET /roles for labels in
// either language.
import { reactive } from 'vue'
import { api, setCsrfToken } from './api.js'
import { loadEnums } from './enums.js'
import { isEnglish } from './i18n.js'
import { invalidateRegionTree } from './regionTree.js'

export const session = reactive({
  user: null, // /me answer without the token
  loaded: false, // /me has been asked once
  roles: [], // GET /roles items
})

function setUser(me, token) {
  if ((me && me.id) !== (session.user && session.user.id)) invalidateRegionTree()
  if (!me) {
    session.user = null
    setCsrfToken('')
    return
  }
  const { csrf_token: meToken, ...user } = me
  session.user = user
  setCsrfToken(token || meToken)
}

/** Ask the server who we are; a 401 just means nobody. */
export async function loadMe() {
  try {
    const me = await api.get('/me', null, { silent: true, noRedirect: true })
    setUser(me)
  } catch (e) {
    if (e.status !== 401) console.warn('GET /me failed', e)
    setUser(null)
  }
  session.loaded = true
  if (session.user) {
    loadRoles()
    loadEnums()
  }
  return session.user
}

export async function login(username, password, fieldErrors, unlockCode) {
  const body = unlockCode ? { username, password, unlock_code: unlockCode } : { username, password }
  const r = await api.post('/auth/login', body, { noRedirect: true, fieldErrors })
  setUser(r.user, r.csrf_token)
  if (!r.user || !r.user.roles) await loadMe() // the login answer is the /me shape; be tolerant
  session.loaded = true
  loadRoles()
  loadEnums()
  return session.user
}

export async function logout() {
  try {
    await api.post('/auth/logout', {}, { silent: true, noRedirect: true })
  } finally {
    setUser(null)
  }
}

/** Forget the user locally (after a 401). */
export function dropSession() {
  setUser(null)
}

let rolesPromise = null
export function loadRoles() {
  if (!rolesPromise) {
    rolesPromise = api
      .get('/roles', null, { silent: true })
      .then((r) => {
        session.roles = r.items || []
        return session.roles
      })
      .catch(() => {
        rolesPromise = null
        return []
      })
  }
  return rolesPromise
}

/** A role's name in the interface language; `grant` (a /me roles item) is the fallback. */
export function roleLabel(role, grant) {
  const r = session.roles.find((x) => x.role === role)
  if (r) return isEnglish() ? r.name_en || r.name : r.name
  if (grant && typeof grant === 'object') return (isEnglish() ? grant.role_name_en : grant.role_name) || grant.role_name || role
  return grant || role
}

export function hasRole(...names) {
  return !!session.user && (session.user.roles || []).some((r) => names.includes(r.role))
}

/** The grant to show in the header: the highest-ranked one. */
export function primaryGrant(user = session.user) {
  const grants = (user && user.roles) || []
  if (!grants.length) return null
  const rank = (g) => (session.roles.find((x) => x.role === g.role) || {}).rank ?? 0
  return [...grants].sort((a, b) => rank(b) - rank(a))[0]
}
