// Shared by the privacy pages.

/** An ISO time from the server as "YYYY-MM-DD HH:MM" (Asia/Shanghai, as sent). */
export function fmt(iso) {
  return iso ? iso.replace('T', ' ').slice(0, 16) : ''
}

/** Element Plus tag type of a request status. */
export function statusType(status) {
  return { open: 'warning', done: 'success', rejected: 'danger', withdrawn: 'info' }[status] || 'info'
}
