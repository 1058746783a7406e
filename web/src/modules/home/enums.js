// Labels of the notices' enums (GET /api/v1/enums): merged into the shared
// `enums` group by core/i18n.js and checked by i18n/check-enums.mjs.
import { bilingual } from '../../core/bilingual.js'

export default bilingual({
  notice_mail: {
    off: ['不发邮件（只在消息中心查看）', 'No e-mail (read them in Messages)'],
    instant: ['每条消息即时发邮件', 'An e-mail for each notice, at once'],
    daily: ['每天一封汇总邮件', 'One digest e-mail a day'],
  },
})
