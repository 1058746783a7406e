// Strings of the account pages (merged under `auth`).
export default {
  zh: {
    account: {
      title: '我的账号',
      sessions: '登录会话',
      sessionsHint: '以下是您账号当前有效的登录。修改密码会结束全部会话和 API 令牌。',
      address: '地址',
      agent: '浏览器 / 客户端',
      created: '登录时间',
      expires: '到期时间',
      current: '当前会话',
      end: '结束',
      ended: '会话已结束',
      revokeAll: '退出其他所有登录',
      revokeAllConfirm: '将结束除当前会话以外的所有登录，并撤销全部 API 令牌。继续吗？',
      revokedAll: '已结束 {sessions} 个会话，撤销 {tokens} 个 API 令牌',
      none: '没有其他会话',
    },
  },
  en: {
    account: {
      title: 'My account',
      sessions: 'Sessions',
      sessionsHint: 'These are the open logins of your account. Changing the password ends all of them and every API token.',
      address: 'Address',
      agent: 'Browser / client',
      created: 'Logged in',
      expires: 'Expires',
      current: 'This session',
      end: 'End',
      ended: 'Session ended',
      revokeAll: 'Log out everywhere else',
      revokeAllConfirm: 'This ends every login but this one and revokes every API token. Continue?',
      revokedAll: 'Ended {sessions} sessions, revoked {tokens} API tokens',
      none: 'No other sessions',
    },
  },
}
