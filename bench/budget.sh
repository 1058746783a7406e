#!/bin/sh
# bench/budget.sh — a participatory budget of 200 projects and 100,000
# ballots (five projects each, 500,000 choices), counted by its rule
# (issue 12 item 11: ≤ 1 s). Not a timed test: it prints the time.
#
#   sh bench/budget.sh [BALLOTS] [PROJECTS]     (WUSHE_BIN, default build/wushe)
#
# A fresh database (wushe migrate) gets one community, BALLOTS verified
# residents and their ballots, written by `wushe sql --script` in one
# transaction; the budget is then in its results phase and `wushe budget
# tally` counts it (pb_budget_tally: the votes by project from the index
# (budget_id, project_id), the ranking and the greedy walk, the results
# written) and prints the milliseconds, best of three.
set -eu
BIN=${WUSHE_BIN:-build/wushe}
N=${1:-100000}
P=${2:-200}
TMP=$(mktemp -d)
DB="$TMP/budget.db"
trap 'rm -rf "$TMP"' EXIT
"$BIN" migrate --db "$DB" >/dev/null
t0=$(date +%s%N)
"$BIN" sql --db "$DB" --script "
INSERT INTO regions (id, level, name, path, created_at, updated_at) VALUES (1, 'district', '顺德区', '/1/', 0, 0);
INSERT INTO regions (id, parent_id, level, name, path, created_at, updated_at) VALUES (2, 1, 'town', '龙江镇', '/1/2/', 0, 0), (3, 2, 'community', '文华社区', '/1/2/3/', 0, 0);
INSERT INTO pb_budgets (id, region_id, title, total_fen, rule, part_fund, phase, created_at, updated_at)
  VALUES (1, 3, '基准测试预算', 1000000000, 'knapsack', 1, 'results', 0, 0);
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $P)
INSERT INTO pb_projects (id, budget_id, region_id, title, cost_fen, status, created_at, updated_at)
  SELECT i, 1, 3, '项目 ' || i, 1000000 + (i * 7919) % 40000000, 'feasible', 0, 0 FROM k;
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $N)
INSERT INTO people (id, region_id, name, verified_at, created_at, updated_at) SELECT i, 3, '居民' || i, 1, 0, 0 FROM k;
INSERT INTO pb_ballots (id, budget_id, person_id, projects, cost_fen, created_at, updated_at) SELECT id, 1, id, 5, 0, 0, 0 FROM people;
WITH c(k) AS (VALUES (0), (1), (2), (3), (4))
INSERT INTO pb_ballot_items (ballot_id, project_id, budget_id)
  SELECT b.id, 1 + ((b.id * 31 + c.k * (17 + b.id % 11) + (b.id % 97) * (b.id % 89)) % $P), 1 FROM pb_ballots b, c
  WHERE true ON CONFLICT DO NOTHING;
" >/dev/null
t1=$(date +%s%N)
items=$("$BIN" sql --db "$DB" "SELECT count(*) FROM pb_ballot_items" | tr -d '[]')
echo "generated $N ballots over $P projects ($items choices) in $(( (t1 - t0) / 1000000 )) ms"
best=""
for run in 1 2 3; do
	out=$("$BIN" budget tally 1 --db "$DB")
	echo "run $run: $out"
	ms=$(echo "$out" | sed 's/.*"with_commit_ms":\([0-9.]*\).*/\1/')
	if [ -z "$best" ] || [ "$(echo "$ms < $best" | bc)" = 1 ]; then best=$ms; fi
done
echo "tally of $N ballots, $P projects: best $best ms (target ≤ 1000 ms)"
