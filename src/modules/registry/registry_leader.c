/*
 * registry_leader.c — building-leader (楼长) selection, after the 升平珠江小区
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
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xmem.h"
#include "modules/registry/registry_gov.h"
#include "modules/registry/registry_gov_internal.h"
#include "store/list.h"
#include "store/store.h"

const char *const registry_criteria[REGISTRY_CRIT_N + 1] = {"attitude", "credibility", "appeal",
						  "expression", "participation", NULL};
const char *const registry_round_statuses[] = {"draft", "published", NULL};

int registry_weights_check(const int64_t w[REGISTRY_CRIT_N], struct err *e)
{
	int64_t sum = 0;
	for (int i = 0; i < REGISTRY_CRIT_N; i++) {
		if (w[i] < 0 || w[i] > 100)
			return err_setf(e, ERR_INVALID, "weights", "权重 %s 应在 0 到 100 之间",
					"weight %s must be from 0 to 100", registry_criteria[i]);
		sum += w[i];
	}
	if (sum != 100)
		return err_setf(e, ERR_RULE, "weights", "五项权重之和应为 100（现为 %lld）",
				"the five weights must sum to 100 (they sum to %lld)", (long long)sum);
	return 0;
}

int64_t registry_leader_score(const int64_t s[REGISTRY_CRIT_N], const int64_t w[REGISTRY_CRIT_N])
{
	int64_t t = 0;
	for (int i = 0; i < REGISTRY_CRIT_N; i++) {
		if (s[i] < 0)
			return -1;
		t += s[i] * w[i];
	}
	return t;
}

int64_t registry_leaders_needed(int64_t households)
{
	return households <= 0 ? 0 : (households + 199) / 200;
}

static int cmp_ranked(const void *a, const void *b)
{
	const struct registry_ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	int c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

void registry_leader_rank(struct registry_ranked *c, size_t n)
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

struct round_info {
	struct record rec;
	struct registry_gov_region compound;
	int64_t community_id;
	bool published;
};

static int round_load(struct ctx *c, unsigned mask, int64_t id, struct round_info *ri)
{
	const char *status;
	int rc;
	if ((rc = registry_record_load(c, &registry_round_kind, id, mask, &ri->rec, &ri->compound)) ||
	    (rc = registry_text(c, "SELECT status FROM reg_leader_rounds WHERE id=?", id, &status)) ||
	    (rc = db_int(c->db, c->e, &ri->community_id,
			 "SELECT community_id FROM reg_leader_rounds WHERE id=?", "i", id)) < 0)
		return rc;
	ri->published = strcmp(status, "published") == 0;
	return 0;
}

static int round_draft(const struct round_info *ri, struct err *e)
{
	if (ri->published)
		return err_set(e, ERR_RULE, "status", "名单已公示，遴选不能再修改",
			       "the list has been published; the round can no longer change");
	return 0;
}

/* A change to a draft round's candidates: the round, loaded for editing,
 * must be a draft, and the candidate one of its own. */
static int cand_edit(struct ctx *c, int64_t round_id, int64_t cand_id, struct round_info *ri,
		     struct record *cand)
{
	int64_t n = 0;
	int rc;
	if ((rc = round_load(c, REGISTRY_EDIT, round_id, ri)) || (rc = round_draft(ri, c->e)) ||
	    (rc = db_int(c->db, c->e, &n,
			 "SELECT count(*) FROM reg_leader_candidates WHERE id=? AND round_id=?", "ii",
			 cand_id, round_id)) < 0)
		return rc;
	if (!n)
		return err_set(c->e, ERR_NOT_FOUND, "candidate_id", "本轮没有该候选人",
			       "no such candidate in this round");
	if ((rc = record_head(c, &registry_candidate_kind, cand_id, cand)))
		return rc;
	return record_begin(c, cand, -1);
}

/* Every change to a candidate is a change to its round. */
static int bump(struct ctx *c, int64_t round_id)
{
	return db_exec(c->db, c->e, "UPDATE reg_leader_rounds SET version=version+1, updated_at=? WHERE id=?",
		       "ii", c->now, round_id);
}

/* The community above compound x, which must have no round in draft. */
static int round_home(struct ctx *c, const struct registry_gov_region *x, int64_t *community)
{
	int64_t drafts = 0;
	int rc = db_int(c->db, c->e, community,
			"SELECT id FROM regions WHERE level='community' AND path = substr(?,1,length(path))",
			"s", x->path);
	if (rc < 0)
		return rc;
	if (!*community)
		return err_set(c->e, ERR_RULE, "compound_id", "该小区不在任何村（社区）之下",
			       "the compound is not under a community");
	return registry_refuse(c,
			       db_int(c->db, c->e, &drafts,
				      "SELECT count(*) FROM reg_leader_rounds WHERE compound_id=? AND status='draft'",
				      "i", x->id),
			       &drafts, ERR_CONFLICT, "compound_id", "该小区已有一轮未公示的遴选",
			       "the compound already has a round that is not published");
}

int registry_round_create(struct ctx *c, const void *vin, int64_t *id_out)
{
	const struct registry_round_in *in = vin;
	struct registry_gov_region x;
	int rc = registry_scope(c, REGISTRY_EDIT, in->compound_id, "compound_id", &x);
	if (rc)
		return rc;
	if (strcmp(x.level, "grid") != 0 && strcmp(x.level, "building") != 0)
		return err_set(c->e, ERR_RULE, "compound_id", "楼长遴选针对小区（网格或楼栋）",
			       "a selection round is for a compound (a grid or building)");
	if (!in->title || !*in->title)
		return err_set(c->e, ERR_INVALID, "title", "缺少遴选名称", "title is required");
	int64_t w[REGISTRY_CRIT_N] = {20, 20, 20, 20, 20};
	if (in->has_weights) {
		if ((rc = registry_weights_check(in->weights, c->e)))
			return rc;
		memcpy(w, in->weights, sizeof w);
	}
	int64_t community = 0, id = 0;
	if ((rc = round_home(c, &x, &community)))
		return rc;
	rc = db_int(c->db, c->e, &id,
		    "INSERT INTO reg_leader_rounds(community_id, compound_id, title, w_attitude,"
		    " w_credibility, w_appeal, w_expression, w_participation, created_at, updated_at)"
		    " VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id",
		    "iisiiiiiii", community, x.id, in->title, w[0], w[1], w[2], w[3], w[4], c->now, c->now);
	return rc < 0 ? rc : registry_created(c, &registry_round_kind, id, x.id, id_out);
}

int registry_round_update(struct ctx *c, int64_t id, const void *vin)
{
	const struct registry_round_in *in = vin;
	struct round_info ri;
	int rc;
	if ((rc = round_load(c, REGISTRY_EDIT, id, &ri)) || (rc = record_begin(c, &ri.rec, in->version)) ||
	    (rc = round_draft(&ri, c->e)) || (in->has_weights && (rc = registry_weights_check(in->weights, c->e))))
		return rc;
	/* Weights come all five together: `has` 0 keeps the stored ones. */
	int64_t has = in->has_weights;
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE reg_leader_rounds SET title=coalesce(?,title),"
			  " w_attitude=CASE WHEN ?=1 THEN ? ELSE w_attitude END,"
			  " w_credibility=CASE WHEN ?=1 THEN ? ELSE w_credibility END,"
			  " w_appeal=CASE WHEN ?=1 THEN ? ELSE w_appeal END,"
			  " w_expression=CASE WHEN ?=1 THEN ? ELSE w_expression END,"
			  " w_participation=CASE WHEN ?=1 THEN ? ELSE w_participation END,"
			  " version=version+1, updated_at=? WHERE id=?",
			  "siiiiiiiiiiii", in->title, has, in->weights[0], has, in->weights[1], has,
			  in->weights[2], has, in->weights[3], has, in->weights[4], c->now, id)))
		return rc;
	return record_commit(c, &ri.rec, "update");
}

int registry_round_add_candidate(struct ctx *c, int64_t round_id, int64_t person_id, const char *note,
			    int64_t *id_out)
{
	struct round_info ri;
	int rc;
	if ((rc = round_load(c, REGISTRY_EDIT, round_id, &ri)) || (rc = round_draft(&ri, c->e)) ||
	    (rc = registry_person_inside(c, person_id, &ri.compound, "候选人应住在%s",
				    "the candidate must live in %s")))
		return rc;
	int64_t dup = 0, id = 0;
	if ((rc = registry_refuse(c,
				  db_int(c->db, c->e, &dup,
					 "SELECT count(*) FROM reg_leader_candidates WHERE round_id=? AND person_id=?",
					 "ii", round_id, person_id),
				  &dup, ERR_CONFLICT, "person_id", "该人员已是本轮候选人",
				  "the person is already a candidate in this round")) ||
	    (rc = db_int(c->db, c->e, &id,
			 "INSERT INTO reg_leader_candidates(round_id, person_id, note, created_at, updated_at)"
			 " VALUES(?,?,?,?,?) RETURNING id",
			 "iisii", round_id, person_id, note, c->now, c->now)) < 0 ||
	    (rc = bump(c, round_id)))
		return rc;
	return registry_created(c, &registry_candidate_kind, id, ri.compound.id, id_out);
}

int registry_round_remove_candidate(struct ctx *c, int64_t round_id, int64_t cand_id)
{
	struct round_info ri;
	struct record cand;
	int rc;
	if ((rc = cand_edit(c, round_id, cand_id, &ri, &cand)) ||
	    (rc = db_exec(c->db, c->e, "DELETE FROM reg_leader_candidates WHERE id=?", "i", cand_id)) ||
	    (rc = bump(c, round_id)))
		return rc;
	return record_commit(c, &cand, "delete");
}

int registry_round_score(struct ctx *c, int64_t round_id, int64_t cand_id, const int64_t s[REGISTRY_CRIT_N])
{
	struct round_info ri;
	struct record cand;
	int rc = cand_edit(c, round_id, cand_id, &ri, &cand);
	for (int i = 0; !rc && i < REGISTRY_CRIT_N; i++)
		if (s[i] < -1 || s[i] > 100)
			rc = err_setf(c->e, ERR_INVALID, registry_criteria[i], "评分 %s 应在 0 到 100 之间",
				      "score %s must be from 0 to 100", registry_criteria[i]);
	if (rc ||
	    (rc = db_exec(c->db, c->e,
			  "UPDATE reg_leader_candidates SET s_attitude=NULLIF(?,-1),"
			  " s_credibility=NULLIF(?,-1), s_appeal=NULLIF(?,-1), s_expression=NULLIF(?,-1),"
			  " s_participation=NULLIF(?,-1),"
			  " chosen = CASE WHEN ? < 0 OR ? < 0 OR ? < 0 OR ? < 0 OR ? < 0 THEN 0 ELSE chosen END,"
			  " updated_at=? WHERE id=?",
			  "iiiiiiiiiiii", s[0], s[1], s[2], s[3], s[4], s[0], s[1], s[2], s[3], s[4],
			  c->now, cand_id)) ||
	    (rc = bump(c, round_id)))
		return rc;
	return record_commit(c, &cand, "score");
}

int registry_round_choose(struct ctx *c, int64_t round_id, int64_t cand_id, bool chosen)
{
	struct round_info ri;
	struct record cand;
	int64_t unscored = 0;
	int rc;
	if ((rc = cand_edit(c, round_id, cand_id, &ri, &cand)))
		return rc;
	if (chosen && (rc = registry_refuse(c,
					    db_int(c->db, c->e, &unscored,
						   "SELECT count(*) FROM reg_leader_candidates WHERE id=? AND"
						   " (s_attitude IS NULL OR s_credibility IS NULL OR s_appeal IS NULL"
						   " OR s_expression IS NULL OR s_participation IS NULL)",
						   "i", cand_id),
					    &unscored, ERR_RULE, "chosen", "候选人五项评分齐全后才能选定",
					    "a candidate can be chosen only when all five criteria are scored")))
		return rc;
	if ((rc = db_exec(c->db, c->e, "UPDATE reg_leader_candidates SET chosen=?, updated_at=? WHERE id=?",
			  "iii", (int64_t)chosen, c->now, cand_id)) ||
	    (rc = bump(c, round_id)))
		return rc;
	return record_commit(c, &cand, chosen ? "choose" : "unchoose");
}

/* People (id, region) read before they are written. */
struct people {
	struct {
		int64_t id, region_id;
	} *v;
	size_t n;
};

static int person_read(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	struct people *ps = arg;
	ps->v[ps->n].id = col_int(st, 0);
	ps->v[ps->n++].region_id = col_int(st, 1);
	return 0;
}

int registry_round_publish(struct ctx *c, int64_t round_id, const void *vin)
{
	const struct registry_version_in *in = vin;
	struct round_info ri;
	int64_t chosen = 0;
	int rc;
	if ((rc = round_load(c, REGISTRY_EDIT, round_id, &ri)) || (rc = record_begin(c, &ri.rec, in->version)) ||
	    (rc = round_draft(&ri, c->e)) ||
	    (rc = db_int(c->db, c->e, &chosen,
			 "SELECT count(*) FROM reg_leader_candidates WHERE round_id=? AND chosen=1", "i",
			 round_id)) < 0)
		return rc;
	if (!chosen)
		return err_set(c->e, ERR_RULE, "chosen", "尚未选定楼长，不能公示",
			       "no leader has been chosen; nothing to publish");
	if ((rc = db_exec(c->db, c->e,
			  "UPDATE reg_leader_rounds SET status='published', published_at=?,"
			  " published_by=NULLIF(?,0), version=version+1, updated_at=? WHERE id=?",
			  "iiii", c->now, c->who ? c->who->user_id : 0, c->now, round_id)) ||
	    (rc = record_commit(c, &ri.rec, "publish")))
		return rc;
	/* Mark the chosen people (read first, then written); each change is its own audit entry. */
	struct people ps = {arena_alloc(c->a, (size_t)chosen * sizeof *ps.v), 0};
	rc = registry_each(c,
			   db_q(c->db, c->e,
				"SELECT p.id, p.region_id FROM reg_leader_candidates k JOIN people p ON"
				" p.id=k.person_id WHERE k.round_id=? AND k.chosen=1 AND p.is_building_leader=0"
				" ORDER BY p.id",
				"i", round_id),
			   (int)chosen, person_read, &ps);
	rc = rc < 0 ? rc : 0;
	const char *after = arena_printf(c->a, "{\"is_building_leader\":1,\"round_id\":%lld}", (long long)round_id);
	for (size_t i = 0; !rc && i < ps.n; i++)
		if (!(rc = db_exec(c->db, c->e,
				   "UPDATE people SET is_building_leader=1, version=version+1, updated_at=?"
				   " WHERE id=?",
				   "ii", c->now, ps.v[i].id)))
			rc = audit_record(c, "building_leader", "person", ps.v[i].id, ps.v[i].region_id,
					  "{\"is_building_leader\":0}", after);
	return rc;
}

/* ---------- reads ---------- */

struct cand {
	int64_t id, person_id, s[REGISTRY_CRIT_N];
	const char *name, *gender, *note, *region;
	bool chosen, party;
};

struct cands {
	struct cand *v;
	size_t n;
};

static const char *text_or_null(struct ctx *c, struct stmt *st, int i)
{
	return col_null(st, i) ? NULL : arena_strdup(c->a, col_text(st, i));
}

static int cand_read(struct ctx *c, struct stmt *st, void *arg)
{
	struct cands *cs = arg;
	struct cand *k = &cs->v[cs->n++];
	k->id = col_int(st, 0);
	k->person_id = col_int(st, 1);
	k->name = text_or_null(c, st, 2);
	k->gender = text_or_null(c, st, 3);
	k->note = text_or_null(c, st, 4);
	k->region = text_or_null(c, st, 5);
	k->party = col_int(st, 6) != 0;
	k->chosen = col_int(st, 7) != 0;
	for (int i = 0; i < REGISTRY_CRIT_N; i++)
		k->s[i] = col_null(st, 8 + i) ? -1 : col_int(st, 8 + i);
	return 0;
}

/* The round's candidates in id order, from the arena. */
static int load_cands(struct ctx *c, int64_t round_id, struct cands *out)
{
	int64_t count = 0;
	int rc = db_int(c->db, c->e, &count, "SELECT count(*) FROM reg_leader_candidates WHERE round_id=?",
			"i", round_id);
	if (rc < 0)
		return rc;
	out->v = arena_alloc(c->a, (size_t)(count ? count : 1) * sizeof *out->v);
	out->n = 0;
	rc = registry_each(c,
			   db_q(c->db, c->e,
				"SELECT k.id, k.person_id, p.name, p.gender, k.note, r.name, p.is_party_member,"
				" k.chosen, k.s_attitude, k.s_credibility, k.s_appeal, k.s_expression,"
				" k.s_participation FROM reg_leader_candidates k JOIN people p ON"
				" p.id=k.person_id JOIN regions r ON r.id=p.region_id WHERE k.round_id=?"
				" ORDER BY k.id",
				"i", round_id),
			   (int)count, cand_read, out);
	return rc < 0 ? rc : 0;
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
static int compound_have(struct ctx *c, int64_t compound_id, int64_t *have, int64_t *round)
{
	*round = 0;
	*have = 0;
	int rc = db_int(c->db, c->e, round,
			"SELECT id FROM reg_leader_rounds WHERE compound_id=? AND status='published'"
			" ORDER BY published_at DESC, id DESC LIMIT 1",
			"i", compound_id);
	if (rc < 0)
		return rc;
	rc = db_int(c->db, c->e, have,
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

static const struct col round_show_cols[] = {
	{"id", "编号", COL_INT},         {"title", "名称", COL_TEXT},          {"status", "状态", COL_TEXT},
	{"published_at", "公示时间", COL_TIME}, {"version", "版本", COL_INT},  {"candidates", "候选人数", COL_INT},
	{"chosen_count", "选定人数", COL_INT},
};
static const struct registry_nested round_refs[] = {{"compound", true}, {"community", false}};
static const struct registry_rows round_rows = {round_show_cols, 7, round_refs, 2};

static const struct registry_list_def round_def =
	GOV_LIST("reg_leader_rounds k JOIN regions x ON x.id=k.compound_id", "k.id", "k.compound_id",
		 "k.id, k.title, k.status, k.published_at, k.version,"
		 " (SELECT count(*) FROM reg_leader_candidates d WHERE d.round_id=k.id),"
		 " (SELECT count(*) FROM reg_leader_candidates d WHERE d.round_id=k.id AND d.chosen=1),"
		 " x.id, x.name, x.level, c.id, c.name",
		 "reg_leader_rounds k JOIN regions x ON x.id=k.compound_id JOIN regions c ON c.id=k.community_id",
		 "k.id", &round_rows, NULL, "-id", GOV_SORT_ID("k.id"), GOV_SORT_TEXT("compound", "x.path"));

int registry_round_list(struct ctx *c, struct jw *w, const struct registry_list_q *q,
		   struct list_result *res)
{
	const struct registry_filter f = {"k.status", "status", q->status, registry_round_statuses};
	return registry_list(c, w, q, res, &round_def, &f, 1);
}

/* The round's own members and its weights (into wt). */
struct round_head {
	struct jw *w;
	int64_t *wt;
};

static int round_head_row(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	static const struct col cols[] = {
		{"id", "编号", COL_INT},           {"title", "名称", COL_TEXT},       {"status", "状态", COL_TEXT},
		{"published_at", "公示时间", COL_TIME}, {"published_by", "公示人", COL_TEXT}, {"version", "版本", COL_INT},
		{"created_at", "创建时间", COL_TIME},
	};
	const struct round_head *h = arg;
	row_json(h->w, cols, 7, st);
	registry_write_ref(h->w, "community", col_int(st, 7), col_text(st, 8));
	jw_key(h->w, "weights");
	jw_obj(h->w);
	for (int i = 0; i < REGISTRY_CRIT_N; i++) {
		h->wt[i] = col_int(st, 9 + i);
		jw_kint(h->w, registry_criteria[i], h->wt[i]);
	}
	jw_obj_end(h->w);
	return 0;
}

static void write_cand(struct jw *w, const struct cand *k, const struct registry_ranked *rk)
{
	jw_obj(w);
	jw_kint(w, "id", k->id);
	registry_ref_open(w, "person", k->person_id, k->name);
	jw_kstr(w, "gender", k->gender);
	jw_kbool(w, "is_party_member", k->party);
	jw_kstr(w, "region", k->region);
	jw_obj_end(w);
	jw_key(w, "scores");
	jw_obj(w);
	for (int i = 0; i < REGISTRY_CRIT_N; i++) {
		jw_key(w, registry_criteria[i]);
		if (k->s[i] < 0)
			jw_null(w);
		else
			jw_int(w, k->s[i]);
	}
	jw_obj_end(w);
	write_score(w, "score", rk->score);
	jw_key(w, "rank");
	if (rk->rank)
		jw_int(w, rk->rank);
	else
		jw_null(w);
	jw_kbool(w, "chosen", k->chosen);
	jw_kstr(w, "note", k->note);
	jw_obj_end(w);
}

int registry_round_write(struct ctx *c, struct jw *w, int64_t id)
{
	struct round_info ri;
	int rc = round_load(c, 0, id, &ri);
	if (rc)
		return rc;
	int64_t wt[REGISTRY_CRIT_N];
	jw_obj(w);
	if ((rc = registry_each(c,
				db_q(c->db, c->e,
				     "SELECT k.id, k.title, k.status, k.published_at, u.username, k.version, k.created_at,"
				     " c.id, c.name, k.w_attitude, k.w_credibility, k.w_appeal, k.w_expression,"
				     " k.w_participation FROM reg_leader_rounds k JOIN regions c"
				     " ON c.id=k.community_id LEFT JOIN users u ON u.id=k.published_by WHERE k.id=?",
				     "i", id),
				1, round_head_row, &(struct round_head){w, wt})) <= 0)
		return rc;
	registry_ref_open(w, "compound", ri.compound.id, ri.compound.name);
	jw_kstr(w, "level", ri.compound.level);
	jw_kint(w, "households", ri.compound.households);
	jw_obj_end(w);
	struct cands cs;
	if ((rc = load_cands(c, id, &cs)))
		return rc;
	size_t n = cs.n;
	struct registry_ranked *rk = arena_alloc(c->a, (n ? n : 1) * sizeof *rk);
	int64_t chosen = 0;
	for (size_t i = 0; i < n; i++) {
		rk[i].id = (int64_t)i; /* index into cs; ties by name then index (= candidate id order) */
		rk[i].score = registry_leader_score(cs.v[i].s, wt);
		rk[i].name = cs.v[i].name;
		chosen += cs.v[i].chosen;
	}
	registry_leader_rank(rk, n);
	int64_t needed = registry_leaders_needed(ri.compound.households), have = 0, latest = 0;
	if ((rc = compound_have(c, ri.compound.id, &have, &latest)))
		return rc;
	jw_kint(w, "needed", needed);
	jw_kint(w, "chosen_count", chosen);
	jw_kint(w, "shortfall", chosen < needed ? needed - chosen : 0);
	jw_kint(w, "published_leaders", have);
	jw_key(w, "candidates");
	jw_arr(w);
	for (size_t j = 0; j < n; j++)
		write_cand(w, &cs.v[rk[j].id], &rk[j]);
	jw_arr_end(w);
	jw_obj_end(w);
	return 0;
}

int registry_round_eligible(struct ctx *c, struct jw *w, int64_t round_id)
{
	struct round_info ri;
	int rc = round_load(c, 0, round_id, &ri);
	if (rc)
		return rc;
	static const struct col cols[] = {
		{"id", "编号", COL_INT},       {"name", "姓名", COL_TEXT},           {"gender", "性别", COL_TEXT},
		{"region", "区域", COL_TEXT}, {"is_party_member", "党员", COL_BOOL}, {"is_building_leader", "楼长", COL_BOOL},
	};
	static const struct registry_rows rows = {cols, 6, NULL, 0};
	struct db_arg args[] = {{.type = 's', .s = ri.compound.path}, {.type = 's', .s = ri.compound.hi},
				{.type = 'i', .i = round_id}};
	return registry_write_items(c, w, &rows,
			       "SELECT p.id, p.name, p.gender, r.name, p.is_party_member, p.is_building_leader"
			       " FROM people p JOIN regions r ON r.id=p.region_id"
			       " WHERE r.path >= ? AND r.path < ? AND p.status='active'"
			       " AND NOT EXISTS (SELECT 1 FROM reg_leader_candidates k WHERE k.round_id=?"
			       " AND k.person_id=p.id) ORDER BY p.name, p.id LIMIT 500",
			       args, 3);
}

struct compound {
	int64_t id;
	const char *path;
	bool nested; /* inside another compound of the list: not counted twice in roll-ups */
};

struct compounds {
	struct compound *v;
	size_t n;
};

static int compound_read(struct ctx *c, struct stmt *st, void *arg)
{
	struct compounds *cs = arg;
	struct compound *k = &cs->v[cs->n];
	k->id = col_int(st, 0);
	k->path = arena_strdup(c->a, col_text(st, 1));
	k->nested = false;
	for (size_t j = 0; j < cs->n; j++)
		if (strncmp(cs->v[j].path, k->path, strlen(cs->v[j].path)) == 0)
			k->nested = true;
	cs->n++;
	return 0;
}

/* Compounds with a round in [path, hi), in path order (a parent before its
 * children); the array and paths are the arena's. */
static int compound_ids(struct ctx *c, const char *path, const char *hi, struct compound **out,
			size_t *n)
{
	int64_t count = 0;
	int rc = db_int(c->db, c->e, &count,
			"SELECT count(DISTINCT k.compound_id) FROM reg_leader_rounds k JOIN regions x"
			" ON x.id=k.compound_id WHERE x.path >= ? AND x.path < ?",
			"ss", path, hi);
	if (rc < 0)
		return rc;
	struct compounds cs = {arena_alloc(c->a, (size_t)(count ? count : 1) * sizeof *cs.v), 0};
	rc = registry_each(c,
			   db_q(c->db, c->e,
				"SELECT DISTINCT k.compound_id, x.path FROM reg_leader_rounds k JOIN regions x"
				" ON x.id=k.compound_id WHERE x.path >= ? AND x.path < ? ORDER BY x.path",
				"ss", path, hi),
			   (int)count, compound_read, &cs);
	*out = cs.v;
	*n = cs.n;
	return rc < 0 ? rc : 0;
}

int registry_leader_community_stats(struct ctx *c, int64_t community_id, int64_t *needed,
			       int64_t *have, int64_t *shortfall, int64_t *compounds, int64_t *uncovered)
{
	struct registry_gov_region cm;
	struct compound *ids = NULL;
	size_t n = 0;
	int rc;
	if ((rc = registry_gov_region_load(c, community_id, "community_id", &cm)) ||
	    (rc = compound_ids(c, cm.path, cm.hi, &ids, &n)))
		return rc;
	*needed = *have = *shortfall = *compounds = 0;
	int64_t in_rounds = 0; /* households of the compounds with a round */
	for (size_t i = 0; i < n; i++) {
		struct registry_gov_region x;
		int64_t h = 0, round = 0;
		if (ids[i].nested)
			continue;
		(*compounds)++;
		if ((rc = registry_gov_region_load(c, ids[i].id, "compound_id", &x)) ||
		    (rc = compound_have(c, ids[i].id, &h, &round)))
			return rc;
		int64_t need = registry_leaders_needed(x.households);
		in_rounds += x.households;
		*needed += need;
		*have += h;
		*shortfall += h < need ? need - h : 0;
	}
	/* the households in no compound with a round need leaders too */
	int64_t out = cm.households > in_rounds ? cm.households - in_rounds : 0;
	int64_t rest = registry_leaders_needed(out);
	*needed += rest;
	*shortfall += rest;
	if (uncovered)
		*uncovered = out;
	return 0;
}

static int community_id_read(struct ctx *c, struct stmt *st, void *arg)
{
	(void)c;
	struct { int64_t *v; size_t n; } *ids = arg;
	ids->v[ids->n++] = col_int(st, 0);
	return 0;
}

/* The households of root's communities in no compound with a round, and
 * the leaders they need (1 per 200, per community, as 目标与短板 counts). */
static int uncovered_sums(struct ctx *c, const struct registry_gov_region *root, int64_t *households,
			  int64_t *needed)
{
	*households = *needed = 0;
	int64_t count = 0;
	int rc = db_int(c->db, c->e, &count,
			"SELECT count(*) FROM regions WHERE level='community' AND path >= ? AND path < ?", "ss",
			root->path, root->hi);
	if (rc < 0)
		return rc;
	struct { int64_t *v; size_t n; } ids = {arena_alloc(c->a, (size_t)(count ? count : 1) * sizeof(int64_t)), 0};
	rc = registry_each(c,
			   db_q(c->db, c->e,
				"SELECT id FROM regions WHERE level='community' AND path >= ? AND path < ? ORDER BY path",
				"ss", root->path, root->hi),
			   (int)count, community_id_read, &ids);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < ids.n; i++) {
		int64_t need = 0, have = 0, sf = 0, comp = 0, out = 0;
		if ((rc = registry_leader_community_stats(c, ids.v[i], &need, &have, &sf, &comp, &out)))
			return rc;
		*households += out;
		*needed += registry_leaders_needed(out);
	}
	return 0;
}

static void write_id_or_null(struct jw *w, const char *key, int64_t id)
{
	jw_key(w, key);
	if (id)
		jw_int(w, id);
	else
		jw_null(w);
}

int registry_leader_shortfalls(struct ctx *c, struct jw *w, int64_t region_id)
{
	struct registry_gov_region root;
	struct compound *ids = NULL;
	size_t n = 0;
	int rc;
	if ((rc = registry_report_begin(c, w, region_id, NULL, &root)) ||
	    (rc = compound_ids(c, root.path, root.hi, &ids, &n)))
		return rc;
	jw_key(w, "compounds");
	jw_arr(w);
	/* Nested compounds (a building inside a grid that has its own round) are
	 * shown but counted once, through the outer compound. */
	static const char *const total_keys[] = {"compounds", "needed", "have", "shortfall"};
	int64_t total[4] = {0};
	for (size_t i = 0; i < n; i++) {
		struct registry_gov_region x, cm;
		int64_t h = 0, round = 0, community = 0, draft = 0;
		if ((rc = registry_gov_region_load(c, ids[i].id, "compound_id", &x)) ||
		    (rc = compound_have(c, ids[i].id, &h, &round)) ||
		    (rc = db_int(c->db, c->e, &community,
				 "SELECT community_id FROM reg_leader_rounds WHERE compound_id=? LIMIT 1", "i",
				 ids[i].id)) < 0 ||
		    (rc = db_int(c->db, c->e, &draft,
				 "SELECT id FROM reg_leader_rounds WHERE compound_id=? AND status='draft'",
				 "i", ids[i].id)) < 0 ||
		    (rc = registry_gov_region_load(c, community, "community_id", &cm)))
			return rc;
		int64_t need = registry_leaders_needed(x.households), sf = h < need ? need - h : 0;
		if (!ids[i].nested) {
			total[0]++;
			total[1] += need;
			total[2] += h;
			total[3] += sf;
		}
		registry_ref_open(w, NULL, x.id, x.name);
		jw_kstr(w, "level", x.level);
		registry_write_ref(w, "community", cm.id, cm.name);
		jw_kint(w, "households", x.households);
		jw_kint(w, "needed", need);
		jw_kint(w, "have", h);
		jw_kint(w, "shortfall", sf);
		jw_kbool(w, "nested", ids[i].nested);
		write_id_or_null(w, "published_round_id", round);
		write_id_or_null(w, "draft_round_id", draft);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	/* The total counts every household of the region, as 目标与短板 does:
	 * those in no compound with a round need leaders too (uncovered). */
	int64_t un_households = 0, un_needed = 0;
	if ((rc = uncovered_sums(c, &root, &un_households, &un_needed)))
		return rc;
	total[1] += un_needed;
	total[3] += un_needed;
	jw_key(w, "uncovered");
	jw_obj(w);
	jw_kint(w, "households", un_households);
	jw_kint(w, "needed", un_needed);
	jw_obj_end(w);
	jw_key(w, "total");
	jw_obj(w);
	for (int i = 0; i < 4; i++)
		jw_kint(w, total_keys[i], total[i]);
	jw_obj_end(w);
	return registry_obj_end(w, 0);
}

static const struct col public_leader_cols[] = {{"name", "姓名", COL_TEXT}, {"building", "楼栋", COL_TEXT}};
static const struct registry_rows public_leader_rows = {public_leader_cols, 2, NULL, 0};

/* A published round with its leaders: names only, no scores, contacts or numbers (最小展示). */
static int public_round_row(struct ctx *c, struct stmt *st, void *arg)
{
	struct jw *w = arg;
	int64_t rid = col_int(st, 0);
	jw_obj(w);
	jw_kint(w, "id", rid);
	jw_kstr(w, "title", col_text(st, 1));
	jw_ktime(w, "published_at", col_int(st, 2));
	registry_write_ref(w, "compound", col_int(st, 3), col_text(st, 4));
	return registry_obj_end(w, registry_write_array(c, w, "leaders", &public_leader_rows,
							"SELECT p.name, r.name FROM reg_leader_candidates k JOIN people p ON"
							" p.id=k.person_id JOIN regions r ON r.id=p.region_id"
							" WHERE k.round_id=? AND k.chosen=1 ORDER BY p.name, k.id",
							&(struct db_arg){.type = 'i', .i = rid}, 1));
}

int registry_leaders_public(struct ctx *c, struct jw *w, int64_t community_id)
{
	struct registry_gov_region cm;
	int rc = registry_gov_region_load(c, community_id, "community_id", &cm);
	if (rc)
		return rc;
	if (strcmp(cm.level, "community") != 0)
		return err_set(c->e, ERR_NOT_FOUND, "community_id", "村（社区）不存在", "no such community");
	jw_obj(w);
	registry_write_ref(w, "community", cm.id, cm.name);
	return registry_obj_end(w, registry_array(c, w, "rounds",
						  db_q(c->db, c->e,
						       "SELECT k.id, k.title, k.published_at, x.id, x.name FROM reg_leader_rounds k"
						       " JOIN regions x ON x.id=k.compound_id WHERE k.community_id=?"
						       " AND k.status='published' ORDER BY k.published_at DESC, k.id DESC",
						       "i", cm.id),
						  public_round_row, w));
}
