-- Provider accounts: which organisation, volunteer team or professional
-- person a user (org_admin, volunteer or social_worker) acts for in the
-- exchange. A user may act for several providers (北区社区助老服务队 and
-- 北区社区长者关爱协会 under one login); a provider may have several users.
-- Services are managed and proposals answered through these links.
CREATE TABLE xchg_provider_accounts (
	id ID_PK,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	organisation_id INTEGER REFERENCES organisations(id),
	team_id INTEGER REFERENCES teams(id),
	person_id INTEGER REFERENCES people(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),  -- the provider's region (scope of the link)
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK ((organisation_id IS NOT NULL) + (team_id IS NOT NULL) + (person_id IS NOT NULL) = 1)
);
CREATE INDEX xchg_provider_accounts_user ON xchg_provider_accounts(user_id);
CREATE UNIQUE INDEX xchg_provider_accounts_uniq ON xchg_provider_accounts(user_id,
	coalesce(organisation_id,0), coalesce(team_id,0), coalesce(person_id,0));
