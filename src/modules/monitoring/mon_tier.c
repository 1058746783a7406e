/*
 * mon_tier.c — the tier rule (docs/programme-monitoring.md, "The tier"),
 * a pure function of its inputs so the documentation, the unit test and
 * the project page read the same numbers.
 *
 * Risk points (what makes failure likelier):
 *   +2  the organisation has an earlier project evaluated 不合格 (fail)
 *   +1  the organisation is new to the programme (never funded before, no
 *       earlier evaluation)
 *   +1  the project is new (maturity "new" and run no year before)
 *   +2  a milestone is overdue; +1 more when two or more are
 *   +1  a quarterly report is late; +1 more when two or more are
 * Quality points (what makes success likelier):
 *   +1  an earlier project of the organisation was evaluated 优秀 or 良好
 *   +1  the organisation was funded at least twice before
 *   +1  the project is continued or extended, or ran two years or more
 * score = risk − quality. Tier: risk when score ≥ 3, or any milestone is
 * overdue while the organisation has a failed project; quality when
 * score ≤ 0 and nothing is overdue or late; observation otherwise.
 */
#include <string.h>

#include "modules/monitoring/monitoring.h"

const char *mon_tier_rule(struct mon_tier_inputs *in)
{
	int risk = 0, quality = 0;
	if (in->past_fail > 0)
		risk += 2;
	if (in->org_funded == 0 && in->past_good == 0 && in->past_fail == 0)
		risk += 1;
	bool new_project = (!in->maturity || !strcmp(in->maturity, "new")) && in->years_run < 1;
	if (new_project)
		risk += 1;
	if (in->overdue_milestones > 0)
		risk += in->overdue_milestones >= 2 ? 3 : 2;
	if (in->late_reports > 0)
		risk += in->late_reports >= 2 ? 2 : 1;
	if (in->past_good > 0)
		quality += 1;
	if (in->org_funded >= 2)
		quality += 1;
	if (!new_project && (in->years_run >= 2 || (in->maturity && strcmp(in->maturity, "new"))))
		quality += 1;
	in->risk_points = risk;
	in->quality_points = quality;
	in->score = risk - quality;
	if (in->score >= 3 || (in->overdue_milestones > 0 && in->past_fail > 0))
		return "risk";
	if (in->score <= 0 && in->overdue_milestones == 0 && in->late_reports == 0)
		return "quality";
	return "observation";
}
