// Labels of the review's coded values, written once: enums.js gives them to
// the server's enum lists (GET /api/v1/enums: review_*). Plain data with
// relative imports only (check-enums.mjs loads enums.js under node).
export const RESULT = { pass: ['通过', 'Pass'], fail: ['不通过', 'Fail'] }
export const RECOMMENDATION = {
  yes: ['建议资助', 'Fund it'], no: ['不建议资助（不可行）', 'Do not fund (unfeasible)'],
  unsure: ['不确定', 'Unsure'], discuss: ['提请讨论', 'Discuss'],
}
export const TIE = {
  employee: ['任职', 'Employee'], board: ['理事/监事', 'Board member'], former_employee: ['曾任职', 'Former employee'],
  family: ['亲属关系', 'Family tie'], consultant: ['顾问/督导', 'Consultant'], other: ['其他', 'Other'],
}
export const BATCH = { draft: ['拟定中', 'Draft'], approved: ['委员会已审定', 'Approved'], published: ['公示中', 'In publication'], closed: ['公示结束', 'Closed'] }
export const REASON = {
  no_score: ['无评分', 'No score'], below_min_score: ['低于最低分', 'Below the minimum score'],
  below_threshold: ['未达分数线', 'Below the threshold'], not_recommended: ['多数专家不建议', 'Not recommended'],
  insufficient_funds: ['资金不足', 'Insufficient funds'], committee_override: ['评审委员会调整', "Committee's override"],
}
