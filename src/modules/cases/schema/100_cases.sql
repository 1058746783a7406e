-- 100_cases.sql — social workers' case work (issue 17, DOMAIN.md §4.8,
-- docs/cases.md): the core every part of the case work reads. cases.h is
-- its contract; the access rule (who may reach a case) is written once,
-- in cases/case_access.c. Assessments, plans, reviews and attachments
-- (migrations 101–109, area `cases`) and visits, consents and referrals
-- (110–119, area `casework`) come in migrations of their own.
--
-- Case data never enters the audit log in clear: the case records'
-- audit snapshots are references (audit/record.h ref_only).
-- Times are µs UTC.

-- Who does case work: a social worker of a station (社工站: a social-work
-- organisation serving a town), with the supervisor (督导) who approves
-- their assessments, plans and closings. Kept by the station's org admin
-- or an administrator over the station's region — who may set people up
-- but never read a case.
CREATE TABLE case_staff (
	id ID_PK,
	user_id INTEGER NOT NULL UNIQUE REFERENCES users(id),
	org_id INTEGER NOT NULL REFERENCES organisations(id),   -- the station's organisation
	region_id INTEGER NOT NULL REFERENCES regions(id),      -- the area it serves (a town)
	supervisor_id INTEGER REFERENCES users(id),             -- NULL: none (a supervisor at the top)
	is_supervisor INTEGER NOT NULL DEFAULT 0 CHECK (is_supervisor IN (0,1)),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (supervisor_id IS NULL OR supervisor_id <> user_id)
);
CREATE INDEX case_staff_org ON case_staff(org_id, active);
CREATE INDEX case_staff_supervisor ON case_staff(supervisor_id);

CREATE TABLE cases (
	id ID_PK,
	code TEXT NOT NULL UNIQUE,                               -- "GA2026-000123"
	type TEXT NOT NULL CHECK (type IN ('elderly_alone','left_behind_child','child_in_difficulty',
		'disabled','psych_screening','family_hardship')),
	source TEXT NOT NULL CHECK (source IN ('referral','grid_finding','screening','walk_in')),
	source_note TEXT NOT NULL DEFAULT '',
	region_id INTEGER NOT NULL REFERENCES regions(id),      -- the subject's community
	org_id INTEGER NOT NULL REFERENCES organisations(id),   -- the station
	worker_id INTEGER NOT NULL REFERENCES users(id),        -- the assigned social worker
	supervisor_id INTEGER REFERENCES users(id),             -- the worker's supervisor for this case
	-- the person (never shown outside the case: lists mask them)
	subject_name TEXT NOT NULL CHECK (length(subject_name) BETWEEN 1 AND 50),
	subject_gender TEXT CHECK (subject_gender IS NULL OR subject_gender IN ('male','female')),
	subject_birth_date TEXT,                                -- YYYY-MM-DD
	subject_id_number TEXT,                                 -- normalised, NULL: not given
	subject_phone TEXT,
	subject_address TEXT,
	guardian_name TEXT,                                     -- children, or a carer
	guardian_phone TEXT,
	person_id INTEGER REFERENCES people(id),                -- the registry's record, if linked
	status TEXT NOT NULL CHECK (status IN ('intake','assessing','planning','active','closing','closed')),
	risk_level TEXT NOT NULL DEFAULT 'none' CHECK (risk_level IN ('none','low','medium','high')),
	visit_interval_days INTEGER NOT NULL DEFAULT 10 CHECK (visit_interval_days BETWEEN 1 AND 90), -- working days
	last_visit_at INTEGER,
	next_visit_at INTEGER,                                  -- when the next visit is due
	closed_reason TEXT CHECK (closed_reason IS NULL OR closed_reason IN ('goals_met','moved_away',
		'deceased','declined','transferred','no_longer_eligible','other')),
	closed_note TEXT,
	closed_at INTEGER,
	opened_at INTEGER NOT NULL,
	created_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX cases_worker ON cases(worker_id, status, id);
CREATE INDEX cases_supervisor ON cases(supervisor_id, status, id);
CREATE INDEX cases_org ON cases(org_id, status, id);
CREATE INDEX cases_region_type ON cases(region_id, type, status);
CREATE INDEX cases_worker_due ON cases(worker_id, next_visit_at);
CREATE INDEX cases_person ON cases(person_id);

-- A worker shares a case with someone for a stated purpose and period
-- (a colleague covering leave, a psychologist): read access while
-- starts_at <= now < ends_at and not revoked.
CREATE TABLE case_shares (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	purpose TEXT NOT NULL CHECK (length(purpose) BETWEEN 2 AND 200),
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL,
	created_by INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	revoked_at INTEGER,
	revoked_by INTEGER REFERENCES users(id),
	CHECK (ends_at > starts_at)
);
CREATE INDEX case_shares_case ON case_shares(case_id, id);
CREATE INDEX case_shares_user ON case_shares(user_id, ends_at);

-- Every read and export of a case: who, when, what, why (the basis of
-- access and, for shares and exports, the stated purpose). Append-only.
CREATE TABLE case_access_log (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	user_id INTEGER REFERENCES users(id),                   -- NULL: the system
	at INTEGER NOT NULL,
	action TEXT NOT NULL CHECK (action IN ('read','export','print','download')),
	section TEXT NOT NULL,                                  -- "case", "visits", "assessment", "attachment:12" …
	basis TEXT NOT NULL CHECK (basis IN ('worker','supervisor','share','referral','system')),
	basis_id INTEGER,                                       -- the share or referral
	purpose TEXT
);
CREATE INDEX case_access_log_case ON case_access_log(case_id, id);
CREATE INDEX case_access_log_user ON case_access_log(user_id, id);

-- Risk flags: raised by a screening scale's score, a visit's note or by
-- hand; a case's risk_level is the highest open flag's level.
CREATE TABLE case_flags (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	kind TEXT NOT NULL CHECK (kind IN ('screening_score','self_harm','abuse_suspected','health',
		'living_conditions','missed_visits','other')),
	level TEXT NOT NULL CHECK (level IN ('low','medium','high')),
	source TEXT NOT NULL CHECK (source IN ('scale','visit','manual','system')),  -- system: the missed-visits job
	source_id INTEGER,
	note TEXT NOT NULL DEFAULT '',
	raised_by INTEGER REFERENCES users(id),
	raised_at INTEGER NOT NULL,
	resolved_at INTEGER,
	resolved_by INTEGER REFERENCES users(id),
	resolution TEXT
);
CREATE INDEX case_flags_case ON case_flags(case_id, resolved_at);

-- Approvals: an assessment, a plan or a closing goes to the supervisor,
-- who approves or rejects it with a comment. Every request and decision
-- is a row (the history).
CREATE TABLE case_approvals (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	subject TEXT NOT NULL CHECK (subject IN ('assessment','plan','closing')),
	subject_id INTEGER,                                     -- the assessment or plan; NULL for closing
	state TEXT NOT NULL CHECK (state IN ('pending','approved','rejected','withdrawn')),
	approver_id INTEGER NOT NULL REFERENCES users(id),
	requested_by INTEGER NOT NULL REFERENCES users(id),
	requested_at INTEGER NOT NULL,
	note TEXT NOT NULL DEFAULT '',                          -- the worker's note with the request
	decided_by INTEGER REFERENCES users(id),
	decided_at INTEGER,
	comment TEXT
);
CREATE INDEX case_approvals_case ON case_approvals(case_id, id);
CREATE INDEX case_approvals_pending ON case_approvals(approver_id, state, id);

-- Consent, per purpose and per recipient, with withdrawal. `fields` is
-- what may go to the recipient: a comma list of case_consent_fields
-- (cases.h), e.g. "name,age,phone,needs".
CREATE TABLE case_consents (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	purpose TEXT NOT NULL CHECK (purpose IN ('service_referral','info_sharing')),
	recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('service','organisation')),
	recipient_org_id INTEGER REFERENCES organisations(id),  -- organisation
	recipient_service_id INTEGER,                           -- service: the exchange's service (xchg_services), or NULL: any provider the exchange matches
	recipient_label TEXT NOT NULL CHECK (length(recipient_label) BETWEEN 1 AND 200),
	fields TEXT NOT NULL,
	given_by TEXT NOT NULL CHECK (given_by IN ('subject','guardian')),
	method TEXT NOT NULL CHECK (method IN ('written','verbal','electronic')),
	given_at INTEGER NOT NULL,
	expires_at INTEGER,                                     -- NULL: until withdrawn
	recorded_by INTEGER NOT NULL REFERENCES users(id),
	withdrawn_at INTEGER,
	withdrawn_reason TEXT,
	version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX case_consents_case ON case_consents(case_id, id);

-- A referral to a service (an exchange demand carrying only the consented
-- fields) or to another organisation's account (which gains access to
-- the consented fields of the case while the referral is sent or
-- accepted, and loses it on rejection, revocation, completion or failure,
-- or when the consent is withdrawn).
CREATE TABLE case_referrals (
	id ID_PK,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	consent_id INTEGER NOT NULL REFERENCES case_consents(id),
	target TEXT NOT NULL CHECK (target IN ('service','organisation')),
	demand_id INTEGER REFERENCES xchg_demands(id),          -- service: the demand it made
	recipient_org_id INTEGER REFERENCES organisations(id),
	recipient_user_id INTEGER REFERENCES users(id),         -- organisation: the account that receives it
	reason TEXT NOT NULL CHECK (length(reason) BETWEEN 2 AND 1000),
	status TEXT NOT NULL CHECK (status IN ('sent','accepted','rejected','completed','failed','revoked')),
	outcome TEXT,                                           -- completed: required
	fail_reason TEXT CHECK (fail_reason IS NULL OR fail_reason IN ('unreachable','declined_by_subject',
		'not_eligible','no_capacity','moved_away','other')),
	reject_reason TEXT,
	sent_by INTEGER NOT NULL REFERENCES users(id),
	sent_at INTEGER NOT NULL,
	responded_at INTEGER,
	ended_at INTEGER,
	version INTEGER NOT NULL DEFAULT 1,
	CHECK (status <> 'completed' OR outcome IS NOT NULL),
	CHECK (status <> 'failed' OR fail_reason IS NOT NULL)
);
CREATE INDEX case_referrals_case ON case_referrals(case_id, id);
CREATE INDEX case_referrals_recipient ON case_referrals(recipient_user_id, status);
CREATE INDEX case_referrals_demand ON case_referrals(demand_id);
