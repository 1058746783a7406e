// Strings of the account pages (merged under `auth`).
import { bilingual } from '@/core/bilingual.js'

export default bilingual({
  login: {
    haveCode: ['我有管理员给的解锁码', 'I have an unlock code from an administrator'],
    unlockCode: ['一次性解锁码', 'One-time unlock code'],
  },
  users: {
    unlockCode: ['解锁码', 'Unlock code'],
    unlockShown: ['请将一次性解锁码 {code} 告知 {name} 本人（24 小时内有效，仅显示这一次）。', 'Give the one-time unlock code {code} to {name} in person (valid 24 hours, shown only now).'],
  },
  account: {
    title: ['我的账号', 'My account'], sessions: ['登录会话', 'Sessions'],
    sessionsHint: ['以下是您账号当前有效的登录。修改密码会结束全部会话和 API 令牌。', 'These are the open logins of your account. Changing the password ends all of them and every API token.'],
    address: ['地址', 'Address'], agent: ['浏览器 / 客户端', 'Browser / client'], created: ['登录时间', 'Logged in'],
    expires: ['到期时间', 'Expires'], current: ['当前会话', 'This session'], end: ['结束', 'End'], ended: ['会话已结束', 'Session ended'],
    revokeAll: ['退出其他所有登录', 'Log out everywhere else'],
    revokeAllConfirm: ['将结束除当前会话以外的所有登录，并撤销全部 API 令牌。继续吗？', 'This ends every login but this one and revokes every API token. Continue?'],
    revokedAll: ['已结束 {sessions} 个会话，撤销 {tokens} 个 API 令牌', 'Ended {sessions} sessions, revoked {tokens} API tokens'],
    none: ['没有其他会话', 'No other sessions'],
  },
})
