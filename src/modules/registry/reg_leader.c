/*
 * reg_leader.c — building-leader (楼长) selection, after the 升平珠江小区
 * 楼长培育计划 of the journal: a round per compound (a grid or building
 * region), candidates who live there, a scoring sheet on five criteria
 * (居民态度 attitude, 公信力 credibility, 号召力 appeal, 语言表达 expression,
 * 参与频率 participation), each 0–100, weighted by the round's weights (each
 * 0–100, summing to 100; equal by default, changed by the community while
 * the round is a draft). The weighted score is kept in hundredths of a point
 * so that ranking is exact integer arithmetic; equal scores share a rank
 * (1, 2, 2, 4) and are listed by name.
 *
 * The rule "楼长队伍成员数量与小区户数比例不能低于1:200": a compound needs
 * ceil(households / 200) leaders. What a compound has is the chosen list
 * of its latest published round. Publication (公示) freezes the round —
 * nothing in it changes afterwards — and sets people.is_building_leader on
 * the chosen, each change audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sb.h"
#include "modules/registry/reg_gov.h"
#include "modules/registry/reg_gov_internal.h"
#include "store/store.h"

const char *const reg_criteria[REG_CRIT_N + 1] = {"attitude", "credibility", "appeal",
						  "expression", "participation", NULL};

int reg_weights_check(const int64_t w[REG_CRIT_N], struct err *e)
{
	int64_t sum = 0;
	for (int i = 0; i < REG_CRIT_N; i++) {
		if (w[i] < 0 || w[i] > 100)
			return err_setf(e, ERR_INVALID, "weights", "权重 %s 应在 0 到 100 之间",
					"weight %s must be from 0 to 100", reg_criteria[i]);
		sum += w[i];
	}
	if (sum != 100)
		return err_setf(e, ERR_RULE, "weights", "五项权重之和应为 100（现为 %lld）",
				"the five weights must sum to 100 (they sum to %lld)", (long long)sum);
	return 0;
}

int64_t reg_leader_score(const int64_t s[REG_CRIT_N], const int64_t w[REG_CRIT_N])
{
	int64_t t = 0;
	for (int i = 0; i < REG_CRIT_N; i++) {
		if (s[i] < 0)
			return -1;
		t += s[i] * w[i];
	}
	return t;
}

int64_t reg_leaders_needed(int64_t households)
{
	return households <= 0 ? 0 : (households + 199) / 200;
}

static int cmp_ranked(const void *a, const void *b)
{
	const struct reg_ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	int c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

void reg_leader_rank(struct reg_ranked *c, size_t n)
{
	if (n > 1)
		qsort(c, n, sizeof *c, cmp_ranked);
	for (size_t i = 0; i < n; i++) {
		if (c[i].score < 0)
			c[i].rank = 0;
		else if (i > 0 && c[i - 1].score == c[i].score)
			c[i].rank = c[i - 1].rank;
		else
			c[i].rank = (int)i + 1;
	}
}

/* ---------- rounds ---------- */

#define ROUND_SNAP                                                                          \
	"SELECT id, community_id, compound_id, title, w_attitude, w_credibility, w_appeal,"   \
	" w_expression, w_participation, status, published_at, version FROM reg_leader_rounds" \
	" WHERE id=?"
#define CAND_SNAP                                                                           \
	"SELECT id, round_id, person_id, s_attitude, s_credibility, s_appeal, s_expression,"  \
	" s_participation, chosen, note FROM reg_leader_candidates WHERE id=?"

struct round_info {
	int64_t id, community_id, compound_id, version;
	bool published;
	struct rgov_region compound;
};

static int round_load(struct db *db, const struct principal *p, unsigned mask, int64_t id,
		      struct round_info *ri, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT community_id, compound_id, status, version FROM reg_leader_rounds"
			       " WHERE id=?",
			       "i", id);
	if (!st)
		return e->code;
	int rc = stmt_step(st, e);
	if (rc == 1) {
		ri->id = id;
		ri->community_id = col_int(st, 0);
		ri->compound_id = col_int(st, 1);
		ri->published = strcmp(col_text(st, 2), "published") == 0;
		ri->version = col_int(st, 3);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "id", "楼长遴选不存在", "no such selection round");
	return reg_scope(db, p, mask, ri->compound_id, "id", &ri->compound, e);
}

static int round_draft(const struct round_info *ri, struct err *e)
{
	if (ri->published)
		return err_set(e, ERR_RULE, "status", "名单已公示，遴选不能再修改",
			       "the list has been published; the round can no longer change");
	return 0;
}

int reg_round_create(struct db *db, const struct principal *p, const struct reg_round_in *in,
		     int64_t now, int64_t *id_out, struct err *e)
{
	struct rgov_region c;
	int rc = reg_scope(db, p, REG_EDIT, in->compound_id, "compound_id", &c, e);
	if (rc)
		return rc;
	if (strcmp(c.level, "grid") != 0 && strcmp(c.level, "building") != 0)
		return err_set(e, ERR_RULE, "compound_id", "楼长遴选针对小区（网格或楼栋）",
			       "a selection round is for a compound (a grid or building)");
	if (!in->title || !*in->title)
		return err_set(e, ERR_INVALID, "title", "缺少遴选名称", "title is required");
	int64_t w[REG_CRIT_N] = {20, 20, 20, 20, 20};
	if (in->has_weights) {
		if ((rc = reg_weights_check(in->weights, e)))
			return rc;
		memcpy(w, in->weights, sizeof w);
	}
	int64_t community = 0, drafts = 0;
	if ((rc = db_int(db, e, &community,
			 "SELECT id FROM regions WHERE level='community' AND path = substr(?,1,length(path))",
			 "s", c.path)) < 0)
		return rc;
	if (!community)
		return err_set(e, ERR_RULE, "compound_id", "该小区不在任何村（社区）之下",
			       "the compound is not under a community");
	if ((rc = db_int(db, e, &drafts,
			 "SELECT count(*) FROM reg_leader_rounds WHERE compound_id=? AND status='draft'",
			 "i", c.id)) < 0)
		return rc;
	if (drafts)
		return err_set(e, ERR_CONFLICT, "compound_id", "该小区已有一轮未公示的遴选",
			       "the compound already has a round that is not published");
	int64_t id = 0;
	if ((rc = db_int(db, e, &id,
			 "INSERT INTO reg_leader_rounds(community_id, compound_id, title, w_attitude,"
			 " w_credibility, w_appeal, w_expression, w_participation, created_at, updated_at)"
			 " VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id",
			 "iisiiiiiii", community, c.id, in->title, w[0], w[1], w[2], w[3], w[4], now,
			 now)) < 0)
		return rc;
	char *after = NULL;
	if (!(rc = rgov_snapshot(db, ROUND_SNAP, id, &after, e)))
		rc = rgov_audit(db, p, now, "create", "leader_round", id, c.id, NULL, after, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

int reg_round_update(struct db *db, const struct principal *p, int64_t id,
		     const struct reg_round_in *in, int64_t now, struct err *e)
{
	struct round_info ri;
	int rc = round_load(db, p, REG_EDIT, id, &ri, e);
	if (rc)
		return rc;
	if (in->version != ri.version)
		return rgov_stale(e, ri.version);
	if ((rc = round_draft(&ri, e)))
		return rc;
	if (in->has_weights && (rc = reg_weights_check(in->weights, e)))
		return rc;
	char *before = NULL, *after = NULL;
	if (!(rc = rgov_snapshot(db, ROUND_SNAP, id, &before, e)))
		rc = db_exec(db, e,
			     "UPDATE reg_leader_rounds SET title=coalesce(?,title),"
			     " w_attitude=CASE WHEN ?=1 THEN ? ELSE w_attitude END,"
			     " w_credibility=CASE WHEN ?=1 THEN ? ELSE w_credibility END,"
			     " w_appeal=CASE WHEN ?=1 THEN ? ELSE w_appeal END,"
			     " w_expression=CASE WHEN ?=1 THEN ? ELSE w_expression END,"
			     " w_participation=CASE WHEN ?=1 THEN ? ELSE w_participation END,"
			     " version=version+1, updated_at=? WHERE id=?",
			     "sbibibibibiii", in->title, (int)in->has_weights, in->weights[0],
			     (int)in->has_weights, in->weights[1], (int)in->has_weights, in->weights[2],
			     (int)in->has_weights, in->weights[3], (int)in->has_weights, in->weights[4],
			     now, id);
	if (!rc)
		rc = rgov_snapshot(db, ROUND_SNAP, id, &after, e);
	if (!rc)
		rc = rgov_audit(db, p, now, "update", "leader_round", id, ri.compound_id, before, after, e);
	free(before);
	free(after);
	return rc;
}

static int bump(struct db *db, int64_t round_id, int64_t now, struct err *e)
{
	return db_exec(db, e, "UPDATE reg_leader_rounds SET version=version+1, updated_at=? WHERE id=?",
		       "ii", now, round_id);
}

int reg_round_add_candidate(struct db *db, const struct principal *p, int64_t round_id,
			    int64_t person_id, const char *note, int64_t now, int64_t *id_out,
			    struct err *e)
{
	struct round_info ri;
	int rc = round_load(db, p, REG_EDIT, round_id, &ri, e);
	if (rc || (rc = round_draft(&ri, e)))
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT r.path, p.status FROM people p JOIN regions r ON r.id=p.region_id"
			       " WHERE p.id=?",
			       "i", person_id);
	if (!st)
		return e->code;
	rc = stmt_step(st, e);
	bool inside = rc == 1 && reg_in_subtree(&ri.compound, col_text(st, 0));
	bool active = rc == 1 && strcmp(col_text(st, 1), "active") == 0;
	stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_set(e, ERR_NOT_FOUND, "person_id", "人员不存在", "no such person");
	if (!inside)
		return err_setf(e, ERR_RULE, "person_id", "候选人应住在%s", "the candidate must live in %s", ri.compound.name);
	if (!active)
		return err_set(e, ERR_RULE, "person_id", "该人员已迁出或已故", "the person has moved out or died");
	int64_t dup = 0;
	if ((rc = db_int(db, e, &dup,
			 "SELECT count(*) FROM reg_leader_candidates WHERE round_id=? AND person_id=?",
			 "ii", round_id, person_id)) < 0)
		return rc;
	if (dup)
		return err_set(e, ERR_CONFLICT, "person_id", "该人员已是本轮候选人",
			       "the person is already a candidate in this round");
	int64_t id = 0;
	if ((rc = db_int(db, e, &id,
			 "INSERT INTO reg_leader_candidates(round_id, person_id, note, created_at, updated_at)"
			 " VALUES(?,?,?,?,?) RETURNING id",
			 "iisii", round_id, person_id, note, now, now)) < 0)
		return rc;
	char *after = NULL;
	if (!(rc = bump(db, round_id, now, e)) && !(rc = rgov_snapshot(db, CAND_SNAP, id, &after, e)))
		rc = rgov_audit(db, p, now, "create", "leader_candidate", id, ri.compound_id, NULL, after, e);
	free(after);
	if (!rc && id_out)
		*id_out = id;
	return rc;
}

static int cand_in_round(struct db *db, int64_t round_id, int64_t cand_id, struct err *e)
{
	int64_t n = 0;
	int rc = db_int(db, e, &n, "SELECT count(*) FROM reg_leader_candidates WHERE id=? AND round_id=?",
			"ii", cand_id, round_id);
	if (rc < 0)
		return rc;
	if (!n)
		return err_set(e, ERR_NOT_FOUND, "candidate_id", "本轮没有该候选人",
			       "no such candidate in this round");
	return 0;
}

int reg_round_remove_candidate(struct db *db, const struct principal *p, int64_t round_id,
			       int64_t cand_id, int64_t now, struct err *e)
{
	struct round_info ri;
	int rc = round_load(db, p, REG_EDIT, round_id, &ri, e);
	if (rc || (rc = round_draft(&ri, e)) || (rc = cand_in_round(db, round_id, cand_id, e)))
		return rc;
	char *before = NULL;
	if (!(rc = rgov_snapshot(db, CAND_SNAP, cand_id, &before, e)))
		rc = rgov_audit(db, p, now, "delete", "leader_candidate", cand_id, ri.compound_id, before,
			       NULL, e);
	if (!rc)
		rc = db_exec(db, e, "DELETE FROM reg_leader_candidates WHERE id=?", "i", cand_id);
	if (!rc)
		rc = bump(db, round_id, now, e);
	free(before);
	return rc;
}

int reg_round_score(struct db *db, const struct principal *p, int64_t round_id, int64_t cand_id,
		    const int64_t s[REG_CRIT_N], int64_t now, struct err *e)
{
	struct round_info ri;
	int rc = round_load(db, p, REG_EDIT, round_id, &ri, e);
	if (rc || (rc = round_draft(&ri, e)) || (rc = cand_in_round(db, round_id, cand_id, e)))
		return rc;
	for (int i = 0; i < REG_CRIT_N; i++)
		if (s[i] < -1 || s[i] > 100)
			return err_setf(e, ERR_INVALID, reg_criteria[i], "评分 %s 应在 0 到 100 之间",
					"score %s must be from 0 to 100", reg_criteria[i]);
	char *before = NULL, *after = NULL;
	if (!(rc = rgov_snapshot(db, CAND_SNAP, cand_id, &before, e)))
		rc = db_exec(db, e,
			     "UPDATE reg_leader_candidates SET s_attitude=NULLIF(?,-1),"
			     " s_credibility=NULLIF(?,-1), s_appeal=NULLIF(?,-1), s_expression=NULLIF(?,-1),"
			     " s_participation=NULLIF(?,-1),"
			     " chosen = CASE WHEN ? < 0 OR ? < 0 OR ? < 0 OR ? < 0 OR ? < 0 THEN 0 ELSE chosen END,"
			     " updated_at=? WHERE id=?",
			     "iiiiiiiiiiii", s[0], s[1], s[2], s[3], s[4], s[0], s[1], s[2], s[3], s[4],
			     now, cand_id);
	if (!rc)
		rc = bump(db, round_id, now, e);
	if (!rc)
		rc = rgov_snapshot(db, CAND_SNAP, cand_id, &after, e);
	if (!rc)
		rc = rgov_audit(db, p, now, "score", "leader_candidate", cand_id, ri.compound_id, before,
			       after, e);
	free(before);
	free(after);
	return rc;
}

int reg_round_choose(struct db *db, const struct principal *p, int64_t round_id, int64_t cand_id,
		     bool chosen, int64_t now, struct err *e)
{
	struct round_info ri;
	int rc = round_load(db, p, REG_EDIT, round_id, &ri, e);
	if (rc || (rc = round_draft(&ri, e)) || (rc = cand_in_round(db, round_id, cand_id, e)))
		return rc;
	if (chosen) {
		int64_t unscored = 0;
		if ((rc = db_int(db, e, &unscored,
				 "SELECT count(*) FROM reg_leader_candidates WHERE id=? AND (s_attitude IS NULL"
				 " OR s_credibility IS NULL OR s_appeal IS NULL OR s_expression IS NULL"
				 " OR s_participation IS NULL)",
				 "i", cand_id)) < 0)
			return rc;
		if (unscored)
			return err_set(e, ERR_RULE, "chosen", "候选人五项评分齐全后才能选定",
				       "a candidate can be chosen only when all five criteria are scored");
	}
	char *before = NULL, *after = NULL;
	if (!(rc = rgov_snapshot(db, CAND_SNAP, cand_id, &before, e)))
		rc = db_exec(db, e, "UPDATE reg_leader_candidates SET chosen=?, updated_at=? WHERE id=?",
			     "iii", (int64_t)chosen, now, cand_id);
	if (!rc)
		rc = bump(db, round_id, now, e);
	if (!rc)
		rc = rgov_snapshot(db, CAND_SNAP, cand_id, &after, e);
	if (!rc)
		rc = rgov_audit(db, p, now, chosen ? "choose" : "unchoose", "leader_candidate", cand_id,
			       ri.compound_id, before, after, e);
	free(before);
	free(after);
	return rc;
}

int reg_round_publish(struct db *db, const struct principal *p, int64_t round_id,
		      int64_t version, int64_t now, struct err *e)
{
	struct round_info ri;
	int rc = round_load(db, p, REG_EDIT, round_id, &ri, e);
	if (rc)
		return rc;
	if (version != ri.version)
		return rgov_stale(e, ri.version);
	if ((rc = round_draft(&ri, e)))
		return rc;
	int64_t chosen = 0;
	if ((rc = db_int(db, e, &chosen,
			 "SELECT count(*) FROM reg_leader_candidates WHERE round_id=? AND chosen=1", "i",
			 round_id)) < 0)
		return rc;
	if (!chosen)
		return err_set(e, ERR_RULE, "chosen", "尚未选定楼长，不能公示",
			       "no leader has been chosen; nothing to publish");
	char *before = NULL, *after = NULL;
	if (!(rc = rgov_snapshot(db, ROUND_SNAP, round_id, &before, e)))
		rc = db_exec(db, e,
			     "UPDATE reg_leader_rounds SET status='published', published_at=?,"
			     " published_by=NULLIF(?,0), version=version+1, updated_at=? WHERE id=?",
			     "iiii", now, p ? p->user_id : 0, now, round_id);
	if (!rc)
		rc = rgov_snapshot(db, ROUND_SNAP, round_id, &after, e);
	if (!rc)
		rc = rgov_audit(db, p, now, "publish", "leader_round", round_id, ri.compound_id, before,
			       after, e);
	free(before);
	free(after);
	if (rc)
		return rc;
	/* Mark the chosen people; each change is its own audit entry. */
	int64_t *ids = NULL, *regions = NULL;
	size_t n = 0;
	struct stmt *st = db_q(db, e,
			       "SELECT p.id, p.region_id FROM reg_leader_candidates k JOIN people p ON"
			       " p.id=k.person_id WHERE k.round_id=? AND k.chosen=1 AND p.is_building_leader=0"
			       " ORDER BY p.id",
			       "i", round_id);
	if (!st)
		return e->code;
	ids = calloc((size_t)chosen, sizeof *ids);
	regions = calloc((size_t)chosen, sizeof *regions);
	if (!ids || !regions)
		abort();
	while ((rc = stmt_step(st, e)) == 1 && n < (size_t)chosen) {
		ids[n] = col_int(st, 0);
		regions[n++] = col_int(st, 1);
	}
	stmt_done(st);
	rc = rc < 0 ? rc : 0;
	for (size_t i = 0; !rc && i < n; i++) {
		rc = db_exec(db, e,
			     "UPDATE people SET is_building_leader=1, version=version+1, updated_at=?"
			     " WHERE id=?",
			     "ii", now, ids[i]);
		if (!rc) {
			char b[96];
			snprintf(b, sizeof b, "{\"is_building_leader\":1,\"round_id\":%lld}",
				 (long long)round_id);
			rc = rgov_audit(db, p, now, "building_leader", "person", ids[i], regions[i],
				       "{\"is_building_leader\":0}", b, e);
		}
	}
	free(ids);
	free(regions);
	return rc;
}

/* ---------- reads ---------- */

struct cand {
	int64_t id, person_id, s[REG_CRIT_N];
	char *name, *gender, *note, *region;
	bool chosen, party;
};

static void free_cands(struct cand *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].name);
		free(c[i].gender);
		free(c[i].note);
		free(c[i].region);
	}
	free(c);
}

static char *dup_or_null(const char *s)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

static int load_cands(struct db *db, int64_t round_id, struct cand **out, size_t *nout,
		      struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT k.id, k.person_id, p.name, p.gender, k.note, r.name, p.is_party_member,"
			       " k.chosen, k.s_attitude, k.s_credibility, k.s_appeal, k.s_expression,"
			       " k.s_participation FROM reg_leader_candidates k JOIN people p ON"
			       " p.id=k.person_id JOIN regions r ON r.id=p.region_id WHERE k.round_id=?"
			       " ORDER BY k.id",
			       "i", round_id);
	if (!st)
		return e->code;
	struct cand *c = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = stmt_step(st, e)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			struct cand *nc = realloc(c, cap * sizeof *c);
			if (!nc)
				abort();
			c = nc;
		}
		struct cand *k = &c[n++];
		k->id = col_int(st, 0);
		k->person_id = col_int(st, 1);
		k->name = dup_or_null(col_text(st, 2));
		k->gender = dup_or_null(col_text(st, 3));
		k->note = dup_or_null(col_text(st, 4));
		k->region = dup_or_null(col_text(st, 5));
		k->party = col_int(st, 6) != 0;
		k->chosen = col_int(st, 7) != 0;
		for (int i = 0; i < REG_CRIT_N; i++)
			k->s[i] = col_null(st, 8 + i) ? -1 : col_int(st, 8 + i);
	}
	stmt_done(st);
	if (rc < 0) {
		free_cands(c, n);
		return rc;
	}
	*out = c;
	*nout = n;
	return 0;
}

static void write_score(struct jw *w, const char *key, int64_t x100)
{
	jw_key(w, key);
	if (x100 < 0)
		jw_null(w);
	else
		jw_double(w, (double)x100 / 100.0);
}

/* Leaders a compound has: the distinct people chosen in the latest published
 * round of the compound and of every compound inside it (a building's own round
 * counts for its grid too); *round is the compound's own latest published round. */
static int compound_have(struct db *db, int64_t compound_id, int64_t *have, int64_t *round,
			 struct err *e)
{
	*round = 0;
	*have = 0;
	int rc = db_int(db, e, round,
			"SELECT id FROM reg_leader_rounds WHERE compound_id=? AND status='published'"
			" ORDER BY published_at DESC, id DESC LIMIT 1",
			"i", compound_id);
	if (rc < 0)
		return rc;
	rc = db_int(db, e, have,
		    "SELECT count(DISTINCT k.person_id) FROM reg_leader_candidates k"
		    " JOIN reg_leader_rounds z ON z.id=k.round_id JOIN regions x ON x.id=z.compound_id"
		    " JOIN regions c ON c.id=?"
		    " WHERE k.chosen=1 AND z.status='published' AND x.path >= c.path"
		    " AND x.path < substr(c.path,1,length(c.path)-1) || '0'"
		    " AND z.id = (SELECT z2.id FROM reg_leader_rounds z2 WHERE z2.compound_id=z.compound_id"
		    "   AND z2.status='published' ORDER BY z2.published_at DESC, z2.id DESC LIMIT 1)",
		    "i", compound_id);
	return rc < 0 ? rc : 0;
}

int reg_round_write(struct db *db, const struct principal *p, struct jw *w, int64_t id,
		    struct err *e)
{
	struct round_info ri;
	int rc = round_load(db, p, REG_READ, id, &ri, e);
	if (rc)
		return rc;
	int64_t wt[REG_CRIT_N];
	struct stmt *st = db_q(db, e,
			       "SELECT k.id, k.title, k.status, k.published_at, k.version, k.created_at,"
			       " c.id, c.name, k.w_attitude, k.w_credibility, k.w_appeal, k.w_expression,"
			       " k.w_participation, u.username FROM reg_leader_rounds k JOIN regions c"
			       " ON c.id=k.community_id LEFT JOIN users u ON u.id=k.published_by WHERE k.id=?",
			       "i", id);
	if (!st)
		return e->code;
	if ((rc = stmt_step(st, e)) != 1) {
		stmt_done(st);
		return rc < 0 ? rc : err_set(e, ERR_NOT_FOUND, "id", "楼长遴选不存在", "no such selection round");
	}
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 0));
	jw_kstr(w, "title", col_text(st, 1));
	jw_kstr(w, "status", col_text(st, 2));
	jw_ktime(w, "published_at", col_null(st, 3) ? 0 : col_int(st, 3));
	jw_kstr(w, "published_by", col_text(st, 13));
	jw_kint(w, "version", col_int(st, 4));
	jw_ktime(w, "created_at", col_int(st, 5));
	jw_key(w, "community");
	jw_obj(w);
	jw_kint(w, "id", col_int(st, 6));
	jw_kstr(w, "name", col_text(st, 7));
	jw_obj_end(w);
	jw_key(w, "weights");
	jw_obj(w);
	for (int i = 0; i < REG_CRIT_N; i++) {
		wt[i] = col_int(st, 8 + i);
		jw_kint(w, reg_criteria[i], wt[i]);
	}
	jw_obj_end(w);
	stmt_done(st);
	jw_key(w, "compound");
	jw_obj(w);
	jw_kint(w, "id", ri.compound.id);
	jw_kstr(w, "name", ri.compound.name);
	jw_kstr(w, "level", ri.compound.level);
	jw_kint(w, "households", ri.compound.households);
	jw_obj_end(w);
	struct cand *c = NULL;
	size_t n = 0;
	if ((rc = load_cands(db, id, &c, &n, e)))
		return rc;
	struct reg_ranked *rk = calloc(n ? n : 1, sizeof *rk);
	if (!rk)
		abort();
	int64_t chosen = 0;
	for (size_t i = 0; i < n; i++) {
		rk[i].id = (int64_t)i; /* index into c; ties by name then index (= candidate id order) */
		rk[i].score = reg_leader_score(c[i].s, wt);
		rk[i].name = c[i].name;
		chosen += c[i].chosen;
	}
	reg_leader_rank(rk, n);
	int64_t needed = reg_leaders_needed(ri.compound.households), have = 0, latest = 0;
	if ((rc = compound_have(db, ri.compound_id, &have, &latest, e))) {
		free(rk);
		free_cands(c, n);
		return rc;
	}
	jw_kint(w, "needed", needed);
	jw_kint(w, "chosen_count", chosen);
	jw_kint(w, "shortfall", chosen < needed ? needed - chosen : 0);
	jw_kint(w, "published_leaders", have);
	jw_key(w, "candidates");
	jw_arr(w);
	for (size_t j = 0; j < n; j++) {
		const struct cand *k = &c[rk[j].id];
		jw_obj(w);
		jw_kint(w, "id", k->id);
		jw_key(w, "person");
		jw_obj(w);
		jw_kint(w, "id", k->person_id);
		jw_kstr(w, "name", k->name);
		jw_kstr(w, "gender", k->gender);
		jw_kbool(w, "is_party_member", k->party);
		jw_kstr(w, "region", k->region);
		jw_obj_end(w);
		jw_key(w, "scores");
		jw_obj(w);
		for (int i = 0; i < REG_CRIT_N; i++) {
			jw_key(w, reg_criteria[i]);
			if (k->s[i] < 0)
				jw_null(w);
			else
				jw_int(w, k->s[i]);
		}
		jw_obj_end(w);
		write_score(w, "score", rk[j].score);
		jw_key(w, "rank");
		if (rk[j].rank)
			jw_int(w, rk[j].rank);
		else
			jw_null(w);
		jw_kbool(w, "chosen", k->chosen);
		jw_kstr(w, "note", k->note);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	free(rk);
	free_cands(c, n);
	return 0;
}

int reg_round_list(struct db *db, const struct principal *p, struct jw *w,
		   const struct reg_list_q *q, int64_t *total, struct err *e)
{
	struct rgov_region root;
	int rc = reg_scope_root(db, p, REG_READ, q->region_id, &root, e);
	if (rc)
		return rc;
	const char *status = q->status && *q->status ? q->status : NULL;
	if (status && strcmp(status, "draft") != 0 && strcmp(status, "published") != 0)
		return err_set(e, ERR_INVALID, "status", "状态应为 draft 或 published",
			       "status must be draft or published");
	const char *order = "k.id DESC";
	if (q->sort && *q->sort) {
		if (strcmp(q->sort, "id") == 0)
			order = "k.id";
		else if (strcmp(q->sort, "compound") == 0)
			order = "x.path, k.id";
		else if (strcmp(q->sort, "-id") != 0)
			return err_set(e, ERR_INVALID, "sort", "排序字段应为 id 或 compound（id 可加 - 前缀）",
				       "sort must be id, -id or compound");
	}
	static const char *from = " FROM reg_leader_rounds k JOIN regions x ON x.id=k.compound_id"
				  " JOIN regions c ON c.id=k.community_id"
				  " WHERE x.path >= ? AND x.path < ? AND (? IS NULL OR k.status=?)";
	struct sb b = SB_INIT;
	sb_addf(&b, "SELECT count(*)%s", from);
	if ((rc = db_int(db, e, total, sb_str(&b), "ssss", root.path, root.hi, status, status)) < 0)
		goto done;
	sb_reset(&b);
	sb_addf(&b,
		"SELECT k.id, k.title, k.status, k.published_at, k.version, x.id, x.name, x.level,"
		" c.id, c.name,"
		" (SELECT count(*) FROM reg_leader_candidates d WHERE d.round_id=k.id),"
		" (SELECT count(*) FROM reg_leader_candidates d WHERE d.round_id=k.id AND d.chosen=1)"
		"%s ORDER BY %s LIMIT ? OFFSET ?",
		from, order);
	struct stmt *st = db_q(db, e, sb_str(&b), "ssssii", root.path, root.hi, status, status,
			       q->per_page, q->offset);
	if (!st) {
		rc = e->code;
		goto done;
	}
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "title", col_text(st, 1));
		jw_kstr(w, "status", col_text(st, 2));
		jw_ktime(w, "published_at", col_null(st, 3) ? 0 : col_int(st, 3));
		jw_kint(w, "version", col_int(st, 4));
		jw_key(w, "compound");
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 5));
		jw_kstr(w, "name", col_text(st, 6));
		jw_kstr(w, "level", col_text(st, 7));
		jw_obj_end(w);
		jw_key(w, "community");
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 8));
		jw_kstr(w, "name", col_text(st, 9));
		jw_obj_end(w);
		jw_kint(w, "candidates", col_int(st, 10));
		jw_kint(w, "chosen_count", col_int(st, 11));
		jw_obj_end(w);
	}
	stmt_done(st);
done:
	sb_free(&b);
	return rc < 0 ? rc : 0;
}

int reg_round_eligible(struct db *db, const struct principal *p, struct jw *w, int64_t round_id,
		       struct err *e)
{
	struct round_info ri;
	int rc = round_load(db, p, REG_READ, round_id, &ri, e);
	if (rc)
		return rc;
	struct stmt *st = db_q(db, e,
			       "SELECT p.id, p.name, p.gender, r.name, p.is_party_member, p.is_building_leader"
			       " FROM people p JOIN regions r ON r.id=p.region_id"
			       " WHERE r.path >= ? AND r.path < ? AND p.status='active'"
			       " AND NOT EXISTS (SELECT 1 FROM reg_leader_candidates k WHERE k.round_id=?"
			       " AND k.person_id=p.id) ORDER BY p.name, p.id LIMIT 500",
			       "ssi", ri.compound.path, ri.compound.hi, round_id);
	if (!st)
		return e->code;
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 0));
		jw_kstr(w, "name", col_text(st, 1));
		jw_kstr(w, "gender", col_text(st, 2));
		jw_kstr(w, "region", col_text(st, 3));
		jw_kbool(w, "is_party_member", col_int(st, 4) != 0);
		jw_kbool(w, "is_building_leader", col_int(st, 5) != 0);
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

struct compound {
	int64_t id;
	char *path;
	bool nested; /* inside another compound of the list: not counted twice in roll-ups */
};

static void free_compounds(struct compound *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].path);
	free(c);
}

/* Compounds with a round in [path, hi), in path order (a parent before its children). */
static int compound_ids(struct db *db, const char *path, const char *hi, struct compound **out,
			size_t *n, struct err *e)
{
	struct stmt *st = db_q(db, e,
			       "SELECT DISTINCT k.compound_id, x.path FROM reg_leader_rounds k JOIN regions x"
			       " ON x.id=k.compound_id WHERE x.path >= ? AND x.path < ? ORDER BY x.path",
			       "ss", path, hi);
	if (!st)
		return e->code;
	size_t cap = 0;
	int rc;
	struct compound *c = NULL;
	*n = 0;
	while ((rc = stmt_step(st, e)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct compound *nc = realloc(c, cap * sizeof *c);
			if (!nc)
				abort();
			c = nc;
		}
		c[*n].id = col_int(st, 0);
		c[*n].path = strdup(col_text(st, 1));
		if (!c[*n].path)
			abort();
		c[*n].nested = false;
		for (size_t j = 0; j < *n; j++)
			if (strncmp(c[j].path, c[*n].path, strlen(c[j].path)) == 0)
				c[*n].nested = true;
		(*n)++;
	}
	stmt_done(st);
	if (rc < 0) {
		free_compounds(c, *n);
		*n = 0;
		return rc;
	}
	*out = c;
	return 0;
}

int reg_leader_community_stats(struct db *db, int64_t community_id, int64_t *needed,
			       int64_t *have, int64_t *shortfall, int64_t *compounds,
			       struct err *e)
{
	struct rgov_region c;
	int rc = rgov_region_load(db, community_id, "community_id", &c, e);
	if (rc)
		return rc;
	struct compound *ids = NULL;
	size_t n = 0;
	if ((rc = compound_ids(db, c.path, c.hi, &ids, &n, e)))
		return rc;
	*needed = *have = *shortfall = *compounds = 0;
	for (size_t i = 0; i < n; i++) {
		struct rgov_region x;
		int64_t h = 0, round = 0;
		if (ids[i].nested)
			continue;
		(*compounds)++;
		if ((rc = rgov_region_load(db, ids[i].id, "compound_id", &x, e)) ||
		    (rc = compound_have(db, ids[i].id, &h, &round, e)))
			break;
		int64_t need = reg_leaders_needed(x.households);
		*needed += need;
		*have += h;
		*shortfall += h < need ? need - h : 0;
	}
	free_compounds(ids, n);
	return rc;
}

int reg_leader_shortfalls(struct db *db, const struct principal *p, struct jw *w,
			  int64_t region_id, struct err *e)
{
	struct rgov_region root;
	int rc = reg_scope_root(db, p, REG_READ, region_id, &root, e);
	if (rc)
		return rc;
	struct compound *ids = NULL;
	size_t n = 0;
	if ((rc = compound_ids(db, root.path, root.hi, &ids, &n, e)))
		return rc;
	jw_obj(w);
	jw_key(w, "region");
	jw_obj(w);
	jw_kint(w, "id", root.id);
	jw_kstr(w, "name", root.name);
	jw_kstr(w, "level", root.level);
	jw_obj_end(w);
	jw_key(w, "compounds");
	jw_arr(w);
	int64_t tn = 0, th = 0, ts = 0, outer = 0;
	for (size_t i = 0; i < n; i++) {
		struct rgov_region x;
		int64_t h = 0, round = 0, community = 0, draft = 0;
		if ((rc = rgov_region_load(db, ids[i].id, "compound_id", &x, e)) ||
		    (rc = compound_have(db, ids[i].id, &h, &round, e)))
			break;
		if ((rc = db_int(db, e, &community,
				 "SELECT community_id FROM reg_leader_rounds WHERE compound_id=? LIMIT 1", "i",
				 ids[i].id)) < 0 ||
		    (rc = db_int(db, e, &draft,
				 "SELECT id FROM reg_leader_rounds WHERE compound_id=? AND status='draft'",
				 "i", ids[i].id)) < 0)
			break;
		rc = 0;
		struct rgov_region c;
		if ((rc = rgov_region_load(db, community, "community_id", &c, e)))
			break;
		int64_t need = reg_leaders_needed(x.households), sf = h < need ? need - h : 0;
		if (!ids[i].nested) {
			outer++;
			tn += need;
			th += h;
			ts += sf;
		}
		jw_obj(w);
		jw_kint(w, "id", x.id);
		jw_kstr(w, "name", x.name);
		jw_kstr(w, "level", x.level);
		jw_key(w, "community");
		jw_obj(w);
		jw_kint(w, "id", c.id);
		jw_kstr(w, "name", c.name);
		jw_obj_end(w);
		jw_kint(w, "households", x.households);
		jw_kint(w, "needed", need);
		jw_kint(w, "have", h);
		jw_kint(w, "shortfall", sf);
		jw_kbool(w, "nested", ids[i].nested);
		jw_key(w, "published_round_id");
		if (round)
			jw_int(w, round);
		else
			jw_null(w);
		jw_key(w, "draft_round_id");
		if (draft)
			jw_int(w, draft);
		else
			jw_null(w);
		jw_obj_end(w);
	}
	free_compounds(ids, n);
	if (rc)
		return rc;
	jw_arr_end(w);
	/* Nested compounds (a building inside a grid that has its own round) are
	 * shown but counted once, through the outer compound. */
	jw_key(w, "total");
	jw_obj(w);
	jw_kint(w, "compounds", outer);
	jw_kint(w, "needed", tn);
	jw_kint(w, "have", th);
	jw_kint(w, "shortfall", ts);
	jw_obj_end(w);
	jw_obj_end(w);
	return 0;
}

int reg_leaders_public(struct db *db, struct jw *w, int64_t community_id, struct err *e)
{
	struct rgov_region c;
	int rc = rgov_region_load(db, community_id, "community_id", &c, e);
	if (rc)
		return rc;
	if (strcmp(c.level, "community") != 0)
		return err_set(e, ERR_NOT_FOUND, "community_id", "村（社区）不存在", "no such community");
	struct stmt *st = db_q(db, e,
			       "SELECT k.id, k.title, k.published_at, x.id, x.name FROM reg_leader_rounds k"
			       " JOIN regions x ON x.id=k.compound_id WHERE k.community_id=?"
			       " AND k.status='published' ORDER BY k.published_at DESC, k.id DESC",
			       "i", c.id);
	if (!st)
		return e->code;
	jw_obj(w);
	jw_key(w, "community");
	jw_obj(w);
	jw_kint(w, "id", c.id);
	jw_kstr(w, "name", c.name);
	jw_obj_end(w);
	jw_key(w, "rounds");
	jw_arr(w);
	while ((rc = stmt_step(st, e)) == 1) {
		int64_t rid = col_int(st, 0);
		jw_obj(w);
		jw_kint(w, "id", rid);
		jw_kstr(w, "title", col_text(st, 1));
		jw_ktime(w, "published_at", col_int(st, 2));
		jw_key(w, "compound");
		jw_obj(w);
		jw_kint(w, "id", col_int(st, 3));
		jw_kstr(w, "name", col_text(st, 4));
		jw_obj_end(w);
		/* Published names only: no scores, contacts or numbers (最小展示). */
		struct stmt *ls = db_q(db, e,
				       "SELECT p.name, r.name FROM reg_leader_candidates k JOIN people p ON"
				       " p.id=k.person_id JOIN regions r ON r.id=p.region_id"
				       " WHERE k.round_id=? AND k.chosen=1 ORDER BY p.name, k.id",
				       "i", rid);
		if (!ls) {
			rc = e->code;
			break;
		}
		jw_key(w, "leaders");
		jw_arr(w);
		int lrc;
		while ((lrc = stmt_step(ls, e)) == 1) {
			jw_obj(w);
			jw_kstr(w, "name", col_text(ls, 0));
			jw_kstr(w, "building", col_text(ls, 1));
			jw_obj_end(w);
		}
		stmt_done(ls);
		if (lrc < 0) {
			rc = lrc;
			break;
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	stmt_done(st);
	if (rc < 0)
		return rc;
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}
