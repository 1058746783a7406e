// Labels of the participatory budgets' coded values, written once: enums.js
// gives them to the server's enum lists (GET /api/v1/enums, shown through
// enumLabel). Plain data with relative imports only (check-enums.mjs loads
// enums.js under node).
export const RULE = {
  approval: ['限定项目数的赞成投票', 'Approval of a set number'],
  knapsack: ['预算内自由组合', 'Within the budget'],
  min_share: ['至少使用一定比例的预算', 'A minimum share of the budget'],
  range: ['选定数量范围内的项目', 'Between a minimum and a maximum number'],
}
export const PHASE = {
  draft: ['筹备', 'Draft'], proposals: ['征集项目', 'Proposals'], review: ['评审', 'Review'], support: ['支持', 'Support'],
  voting: ['投票', 'Voting'], results: ['公布结果', 'Results'], execution: ['实施', 'Execution'], closed: ['已结束', 'Closed'],
}
export const PROJECT = { proposed: ['待评审', 'Awaiting review'], feasible: ['可行', 'Feasible'], unfeasible: ['不可行', 'Unfeasible'], withdrawn: ['已撤回', 'Withdrawn'] }
export const OUTCOME = {
  funded: ['获得资助', 'Funded'], part_funded: ['部分资助', 'Part-funded'], skipped: ['预算不足未入选', 'Did not fit'],
  no_votes: ['无人投票', 'No votes'], excluded: ['调整：不予资助', 'Override: excluded'], included: ['调整：予以资助', 'Override: included'],
}
export const OVERRIDE = { include: ['予以资助', 'Include'], exclude: ['不予资助', 'Exclude'], withdraw: ['撤销调整', 'Withdraw an override'] }
