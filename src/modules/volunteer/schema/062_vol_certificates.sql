-- 062_vol_certificates.sql — certificates of volunteer service (志愿服务证明,
-- Order No. 67 arts. 15–19; docs/volunteer-certificates.md): the signing key
-- of each issuing organisation, the per-organisation numbering, and the
-- certificates themselves.
--
-- Signing keys. Each organisation that issues certificates gets one Ed25519
-- key pair (libsodium crypto_sign), made in the transaction of its first
-- certificate. The public key is what anyone verifies with. The SECRET KEY
-- IS STORED IN THIS TABLE (hex): whoever can read the database (a backup, an
-- operator with `wushe sql`) can sign a certificate in the organisation's
-- name. That is the honest state of this first version. To move a key out:
-- write secret_key to a file readable only by the server's account, set
-- secret_key to NULL and key_file to that path; the issuing code reads the
-- file when secret_key is NULL (cert.c, cert_key_secret). Old certificates
-- keep verifying, since they name their key (key_id) and the public key
-- stays here. Retiring a key (retired_at) makes the next certificate create
-- a new one; the retired key still verifies what it signed.
CREATE TABLE vol_cert_keys (
	id ID_PK,
	organisation_id INTEGER NOT NULL REFERENCES organisations(id),
	algorithm TEXT NOT NULL DEFAULT 'ed25519' CHECK (algorithm = 'ed25519'),
	public_key TEXT NOT NULL,              -- 32 bytes, hex
	secret_key TEXT,                       -- 64 bytes (libsodium), hex; NULL when in key_file
	key_file TEXT,                         -- where the secret key lives when not here
	created_at INTEGER NOT NULL,
	retired_at INTEGER,
	CHECK (secret_key IS NOT NULL OR key_file IS NOT NULL)
);
CREATE UNIQUE INDEX vol_cert_keys_current ON vol_cert_keys(organisation_id) WHERE retired_at IS NULL;

-- The last number an organisation gave in a year: the issuing transaction
-- increments it (INSERT … ON CONFLICT DO UPDATE … RETURNING) under the
-- write lock, so numbers run without gaps or duplicates; a voided
-- certificate keeps its number.
CREATE TABLE vol_cert_counters (
	organisation_id INTEGER NOT NULL REFERENCES organisations(id),
	year INTEGER NOT NULL,
	last INTEGER NOT NULL CHECK (last > 0),
	PRIMARY KEY (organisation_id, year)
);

-- A certificate: what it states is copied at issue time (names change, the
-- certificate does not) and signed. payload is the canonical JSON of the
-- statements (keys sorted, no spaces, UTF-8), signature the Ed25519
-- signature of its bytes (hex), code the verification code printed on it
-- (base32 of the signature's first 10 bytes, grouped XXXX-XXXX-XXXX-XXXX).
-- The columns beside payload serve lists and the PDF; the verification
-- answers from the payload, so a changed column cannot change what is
-- verified, and a changed payload fails the signature.
CREATE TABLE vol_certificates (
	id ID_PK,
	number TEXT NOT NULL UNIQUE,           -- SDV-<organisation id>-<year>-000123
	organisation_id INTEGER NOT NULL REFERENCES organisations(id),
	year INTEGER NOT NULL,
	seq INTEGER NOT NULL CHECK (seq > 0),
	key_id INTEGER NOT NULL REFERENCES vol_cert_keys(id),
	region_id INTEGER NOT NULL REFERENCES regions(id),     -- the volunteer's community (scope)
	org_region_id INTEGER NOT NULL REFERENCES regions(id), -- the organisation's (its admins' scope)
	volunteer_id INTEGER NOT NULL REFERENCES vol_volunteers(id),
	volunteer_number TEXT NOT NULL,
	volunteer_name TEXT NOT NULL,          -- as printed; never the ID number
	period_from TEXT NOT NULL,             -- YYYY-MM-DD (Asia/Shanghai), inclusive
	period_to TEXT NOT NULL,               -- YYYY-MM-DD, inclusive
	minutes INTEGER NOT NULL CHECK (minutes > 0), -- counted service time
	record_count INTEGER NOT NULL CHECK (record_count > 0),
	content TEXT NOT NULL,                 -- summary of the activities
	organisation_name TEXT NOT NULL,
	person_in_charge TEXT NOT NULL,
	contact TEXT NOT NULL,
	issued_at INTEGER NOT NULL,
	issued_by INTEGER REFERENCES users(id),
	issuer_name TEXT NOT NULL,
	requested_by_volunteer INTEGER NOT NULL DEFAULT 0 CHECK (requested_by_volunteer IN (0,1)),
	payload TEXT NOT NULL,
	signature TEXT NOT NULL,
	code TEXT NOT NULL UNIQUE,
	prints INTEGER NOT NULL DEFAULT 0 CHECK (prints >= 0), -- the first print is the original
	void_at INTEGER,
	void_reason TEXT,
	voided_by INTEGER REFERENCES users(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (organisation_id, year, seq),
	CHECK (period_to >= period_from),
	CHECK ((void_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX vol_certificates_region ON vol_certificates(region_id, issued_at, id);
CREATE INDEX vol_certificates_org ON vol_certificates(org_region_id, issued_at, id);
CREATE INDEX vol_certificates_volunteer ON vol_certificates(volunteer_id, issued_at, id);
