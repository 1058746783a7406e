// What the cases pages share: tag colours for statuses and risks.
export const STATUS_TAG = { intake: 'info', assessing: 'warning', planning: 'warning', active: 'success', closing: 'warning', closed: 'info' }
export const RISK_TAG = { none: 'info', low: 'success', medium: 'warning', high: 'danger' }
export const STATE_TAG = { pending: 'warning', approved: 'success', rejected: 'danger', withdrawn: 'info', draft: 'info', submitted: 'warning' }
