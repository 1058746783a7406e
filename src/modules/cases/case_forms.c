/*
 * case_forms.c — the structured assessment form of each case type and the
 * screening scales (PHQ-9, GAD-7, UCLA-3, Barthel ADL), declared once here
 * and served to the UI (GET /case-forms). Scores and bands are computed
 * here, never taken from the client; answers are checked item by item.
 * Pure functions: no store.
 */
#include <jansson.h>
#include <string.h>

#include "core/jw.h"
#include "modules/cases/case_internal.h"

const char *const case_scale_ids[] = {"phq9", "gad7", "ucla3", "barthel", NULL};
const char *const case_goal_statuses[] = {"open", "achieved", "partly", "dropped", NULL};
const char *const case_review_decisions[] = {"continue", "revise_plan", "close", NULL};
const char *const case_record_statuses[] = {"draft", "submitted", "approved", "rejected", NULL};
const char *const case_genders[] = {"male", "female", NULL};

bool case_in_list(const char *const *list, const char *v)
{
	for (int i = 0; v && list[i]; i++)
		if (strcmp(list[i], v) == 0)
			return true;
	return false;
}

/* ---------- forms ---------- */

struct form_field {
	const char *key, *zh, *en;
	const char *const *choices; /* NULL: free text up to max characters */
	int max;
};

static const char *const living_choices[] = {"alone", "with_spouse", "with_children", "other", NULL};
static const char *const level3_choices[] = {"good", "fair", "poor", NULL};
static const char *const adl_choices[] = {"independent", "partly_dependent", "dependent", NULL};
static const char *const guardian_choices[] = {"parents_away", "one_parent_away", "grandparents", "relative",
					       "none", NULL};
static const char *const school_choices[] = {"attending", "irregular", "dropped_out", "not_school_age", NULL};
static const char *const safety_choices[] = {"safe", "some_concern", "at_risk", NULL};
static const char *const grade_choices[] = {"1", "2", "3", "4", NULL};
static const char *const dis_type_choices[] = {"physical", "visual", "hearing", "speech", "intellectual",
					       "mental", "multiple", NULL};
static const char *const housing_choices[] = {"own", "rented", "relatives", "unstable", NULL};

static const struct form_field elderly_form[] = {
	{"living_situation", "居住情况", "Living situation", living_choices, 0},
	{"adl", "日常生活能力", "Daily living (ADL)", adl_choices, 0},
	{"health", "健康状况", "Health", level3_choices, 0},
	{"income", "经济来源", "Income", NULL, 500},
	{"social_contact", "社会交往", "Social contact", level3_choices, 0},
	{"notes", "其他情况", "Other", NULL, 2000},
	{NULL, NULL, NULL, NULL, 0},
};
static const struct form_field child_form[] = {
	{"guardian_situation", "监护情况", "Guardianship", guardian_choices, 0},
	{"school", "就学情况", "School", school_choices, 0},
	{"safety", "安全状况", "Safety", safety_choices, 0},
	{"health", "健康状况", "Health", level3_choices, 0},
	{"notes", "其他情况", "Other", NULL, 2000},
	{NULL, NULL, NULL, NULL, 0},
};
static const struct form_field disabled_form[] = {
	{"disability_type", "残疾类别", "Disability type", dis_type_choices, 0},
	{"disability_grade", "残疾等级", "Disability grade", grade_choices, 0},
	{"care", "照护安排", "Care arrangement", NULL, 500},
	{"income", "经济来源", "Income", NULL, 500},
	{"notes", "其他情况", "Other", NULL, 2000},
	{NULL, NULL, NULL, NULL, 0},
};
static const struct form_field psych_form[] = {
	{"presenting_issue", "主要困扰", "Presenting issue", NULL, 1000},
	{"support_network", "支持网络", "Support network", level3_choices, 0},
	{"health", "身体状况", "Physical health", level3_choices, 0},
	{"notes", "其他情况", "Other", NULL, 2000},
	{NULL, NULL, NULL, NULL, 0},
};
static const struct form_field family_form[] = {
	{"income", "家庭收入", "Household income", NULL, 500},
	{"housing", "住房情况", "Housing", housing_choices, 0},
	{"debts", "债务情况", "Debts", NULL, 500},
	{"members", "家庭成员", "Household members", NULL, 500},
	{"notes", "其他情况", "Other", NULL, 2000},
	{NULL, NULL, NULL, NULL, 0},
};

static const struct {
	const char *type;
	const struct form_field *fields;
} forms[] = {
	{"elderly_alone", elderly_form},     {"left_behind_child", child_form}, {"child_in_difficulty", child_form},
	{"disabled", disabled_form},         {"psych_screening", psych_form},   {"family_hardship", family_form},
};

static const struct form_field *form_of(const char *type)
{
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if (type && strcmp(forms[i].type, type) == 0)
			return forms[i].fields;
	return NULL;
}

int case_form_check(const char *type, const char *form_json, struct err *e)
{
	const struct form_field *f = form_of(type);
	if (!f)
		return err_set(e, ERR_INVALID, "type", "个案类型不在列表中", "unknown case type");
	json_error_t je;
	json_t *o = json_loads(form_json ? form_json : "{}", JSON_REJECT_DUPLICATES, &je);
	if (!o || !json_is_object(o)) {
		json_decref(o);
		return err_set(e, ERR_INVALID, "form", "评估表应为对象", "form must be an object");
	}
	const char *k;
	json_t *v;
	int rc = 0;
	json_object_foreach(o, k, v)
	{
		const struct form_field *x = NULL;
		for (int i = 0; f[i].key; i++)
			if (strcmp(f[i].key, k) == 0)
				x = &f[i];
		if (!x) {
			rc = err_setf(e, ERR_INVALID, "form", "评估表没有“%s”这一项", "the form has no item \"%s\"", k);
			break;
		}
		char field[80];
		snprintf(field, sizeof field, "form.%s", x->key);
		if (!json_is_string(v)) {
			rc = err_set(e, ERR_INVALID, field, "应为文字", "must be text");
			break;
		}
		const char *s = json_string_value(v);
		if (x->choices && *s && !case_in_list(x->choices, s)) {
			rc = err_set(e, ERR_INVALID, field, "不在可选项中", "not one of the choices");
			break;
		}
		if (!x->choices && (int)strlen(s) > x->max * 3) {
			rc = err_setf(e, ERR_INVALID, field, "最多 %d 字", "at most %d characters", x->max);
			break;
		}
	}
	json_decref(o);
	return rc;
}

/* ---------- scales ---------- */

struct band {
	const char *id, *zh, *en;
	int lo, hi, severity;
};
struct scale {
	const char *id, *zh, *en;
	int items, min, max;         /* per item (Barthel: allowed below) */
	const int *allowed[10];      /* Barthel: each item's allowed values, ended by -1 */
	const struct band *bands;
};

static const struct band phq9_bands[] = {
	{"minimal", "无或极轻", "minimal", 0, 4, 0},       {"mild", "轻度", "mild", 5, 9, 1},
	{"moderate", "中度", "moderate", 10, 14, 2},       {"moderately_severe", "中重度", "moderately severe", 15, 19, 3},
	{"severe", "重度", "severe", 20, 27, 3},            {NULL, NULL, NULL, 0, 0, 0},
};
static const struct band gad7_bands[] = {
	{"minimal", "无或极轻", "minimal", 0, 4, 0}, {"mild", "轻度", "mild", 5, 9, 1},
	{"moderate", "中度", "moderate", 10, 14, 2}, {"severe", "重度", "severe", 15, 21, 3},
	{NULL, NULL, NULL, 0, 0, 0},
};
static const struct band ucla3_bands[] = {
	{"not_lonely", "无明显孤独感", "not lonely", 3, 5, 0}, {"lonely", "孤独", "lonely", 6, 9, 2},
	{NULL, NULL, NULL, 0, 0, 0},
};
static const struct band barthel_bands[] = {
	{"severe_dependence", "重度依赖", "severe dependence", 0, 40, 3},
	{"moderate_dependence", "中度依赖", "moderate dependence", 41, 60, 2},
	{"mild_dependence", "轻度依赖", "mild dependence", 61, 99, 1},
	{"independent", "自理", "independent", 100, 100, 0},
	{NULL, NULL, NULL, 0, 0, 0},
};
static const int b0_10[] = {0, 5, 10, -1}, b0_5[] = {0, 5, -1}, b0_15[] = {0, 5, 10, 15, -1};

static const struct scale scales[] = {
	{"phq9", "PHQ-9 抑郁筛查", "PHQ-9 depression", 9, 0, 3, {NULL}, phq9_bands},
	{"gad7", "GAD-7 焦虑筛查", "GAD-7 anxiety", 7, 0, 3, {NULL}, gad7_bands},
	{"ucla3", "UCLA-3 孤独感", "UCLA-3 loneliness", 3, 1, 3, {NULL}, ucla3_bands},
	/* feeding, bathing, grooming, dressing, bowels, bladder, toilet, transfers, mobility, stairs */
	{"barthel", "Barthel 日常生活能力", "Barthel ADL", 10, 0, 15,
	 {b0_10, b0_5, b0_5, b0_10, b0_10, b0_10, b0_10, b0_15, b0_15, b0_10}, barthel_bands},
};

static const struct scale *scale_of(const char *id)
{
	for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
		if (id && strcmp(scales[i].id, id) == 0)
			return &scales[i];
	return NULL;
}

int case_scale_score(const char *id, const int64_t *answers, int n, struct case_scale_result *out, struct err *e)
{
	const struct scale *s = scale_of(id);
	if (!s)
		return err_set(e, ERR_INVALID, "scale", "量表应为 phq9、gad7、ucla3 或 barthel",
			       "scale must be phq9, gad7, ucla3 or barthel");
	if (n != s->items)
		return err_setf(e, ERR_INVALID, "answers", "%s 应有 %d 项回答", "%s takes %d answers", s->id, s->items);
	int score = 0;
	for (int i = 0; i < n; i++) {
		bool ok;
		if (s->allowed[0]) {
			ok = false;
			for (const int *a = s->allowed[i]; *a >= 0; a++)
				ok = ok || *a == answers[i];
		} else {
			ok = answers[i] >= s->min && answers[i] <= s->max;
		}
		if (!ok)
			return err_setf(e, ERR_INVALID, "answers", "第 %d 项的回答不在允许的取值中",
					"answer %d is not one of the item's values", i + 1);
		score += (int)answers[i];
	}
	memset(out, 0, sizeof *out);
	out->score = score;
	for (const struct band *b = s->bands; b->id; b++)
		if (score >= b->lo && score <= b->hi) {
			out->band = b->id;
			out->severity = b->severity;
		}
	out->self_harm = strcmp(s->id, "phq9") == 0 && answers[8] > 0;
	return 0;
}

/* ---------- served to the UI ---------- */

static void write_choices(struct jw *w, const char *const *ch)
{
	jw_key(w, "choices");
	if (!ch) {
		jw_null(w);
		return;
	}
	jw_arr(w);
	for (int i = 0; ch[i]; i++)
		jw_str(w, ch[i]);
	jw_arr_end(w);
}

void case_forms_write(struct jw *w)
{
	jw_obj(w);
	jw_key(w, "forms");
	jw_obj(w);
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		jw_key(w, forms[i].type);
		jw_arr(w);
		for (const struct form_field *f = forms[i].fields; f->key; f++) {
			jw_obj(w);
			jw_kstr(w, "key", f->key);
			jw_kstr(w, "zh", f->zh);
			jw_kstr(w, "en", f->en);
			write_choices(w, f->choices);
			jw_kint(w, "max", f->max);
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	jw_obj_end(w);
	jw_key(w, "scales");
	jw_arr(w);
	for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
		const struct scale *s = &scales[i];
		jw_obj(w);
		jw_kstr(w, "id", s->id);
		jw_kstr(w, "zh", s->zh);
		jw_kstr(w, "en", s->en);
		jw_kint(w, "items", s->items);
		jw_key(w, "values");
		jw_arr(w);
		for (int k = 0; k < s->items; k++) {
			jw_arr(w);
			if (s->allowed[0])
				for (const int *a = s->allowed[k]; *a >= 0; a++)
					jw_int(w, *a);
			else
				for (int v = s->min; v <= s->max; v++)
					jw_int(w, v);
			jw_arr_end(w);
		}
		jw_arr_end(w);
		jw_key(w, "bands");
		jw_arr(w);
		for (const struct band *b = s->bands; b->id; b++) {
			jw_obj(w);
			jw_kstr(w, "id", b->id);
			jw_kstr(w, "zh", b->zh);
			jw_kstr(w, "en", b->en);
			jw_kint(w, "lo", b->lo);
			jw_kint(w, "hi", b->hi);
			jw_kint(w, "severity", b->severity);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}
