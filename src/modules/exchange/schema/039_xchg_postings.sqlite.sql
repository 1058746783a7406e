-- SQLite's part of 039: the postings that answer keyword search and the
-- term filter at district scale (docs/search.md, docs/lists.md). Only the
-- store (src/store/search.c) reads this table; PostgreSQL's equivalent comes
-- with its backend (039_xchg_postings.pg.sql).
--
-- One row per (kind, document, token):
--   kind 1 a demand's text, 2 a service's text: token = each character and
--          each pair of adjacent characters of the title/name, description
--          and skills, ASCII lower-cased (SQLite's lower(), as LIKE folds);
--          weight = the best column holding it (title 10, skills 5,
--          description 2, as search ranks);
--   kind 3 a demand's term, 4 a service's term: token = the term id as text.
-- Every posting carries its document's region and creation time, so a
-- query walks one token's postings of a region subtree (xchg_postings_region)
-- or of the district newest first (xchg_postings_walk) without reading the
-- documents. A word of one or two characters is one token (exact); a
-- longer one is its bigrams, and the caller checks the substring on the
-- few candidates. Text beyond 8192 characters (xchg_fts_pos) is not posted.
-- Triggers keep it in step with whatever writes the rows (the API, the
-- importer, the demo, the bench generator, raw SQL).
CREATE TABLE xchg_postings (
	kind INTEGER NOT NULL,
	token TEXT NOT NULL,
	doc_id INTEGER NOT NULL,
	region_id INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	weight INTEGER NOT NULL,
	PRIMARY KEY (kind, doc_id, token)
) WITHOUT ROWID;

CREATE TRIGGER xchg_demands_post_ai AFTER INSERT ON xchg_demands BEGIN
	INSERT OR IGNORE INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
		SELECT 1, tok, new.id, new.region_id, new.created_at, max(w) FROM (
			SELECT lower(substr(new.title, n, 1)) AS tok, 10 AS w FROM xchg_fts_pos WHERE n <= length(new.title)
			UNION ALL SELECT lower(substr(new.title, n, 2)), 10 FROM xchg_fts_pos WHERE n < length(new.title)
			UNION ALL SELECT lower(substr(new.description, n, 1)) AS tok, 2 AS w FROM xchg_fts_pos WHERE n <= length(new.description)
			UNION ALL SELECT lower(substr(new.description, n, 2)), 2 FROM xchg_fts_pos WHERE n < length(new.description)
			UNION ALL SELECT lower(substr(new.skills, n, 1)) AS tok, 5 AS w FROM xchg_fts_pos WHERE n <= length(new.skills)
			UNION ALL SELECT lower(substr(new.skills, n, 2)), 5 FROM xchg_fts_pos WHERE n < length(new.skills))
		WHERE tok <> '' GROUP BY tok;
END;
CREATE TRIGGER xchg_demands_post_au AFTER UPDATE OF title, description, skills ON xchg_demands BEGIN
	DELETE FROM xchg_postings WHERE kind = 1 AND doc_id = old.id;
	INSERT OR IGNORE INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
		SELECT 1, tok, new.id, new.region_id, new.created_at, max(w) FROM (
			SELECT lower(substr(new.title, n, 1)) AS tok, 10 AS w FROM xchg_fts_pos WHERE n <= length(new.title)
			UNION ALL SELECT lower(substr(new.title, n, 2)), 10 FROM xchg_fts_pos WHERE n < length(new.title)
			UNION ALL SELECT lower(substr(new.description, n, 1)) AS tok, 2 AS w FROM xchg_fts_pos WHERE n <= length(new.description)
			UNION ALL SELECT lower(substr(new.description, n, 2)), 2 FROM xchg_fts_pos WHERE n < length(new.description)
			UNION ALL SELECT lower(substr(new.skills, n, 1)) AS tok, 5 AS w FROM xchg_fts_pos WHERE n <= length(new.skills)
			UNION ALL SELECT lower(substr(new.skills, n, 2)), 5 FROM xchg_fts_pos WHERE n < length(new.skills))
		WHERE tok <> '' GROUP BY tok;
END;
CREATE TRIGGER xchg_demands_post_move AFTER UPDATE OF region_id, created_at ON xchg_demands BEGIN
	UPDATE xchg_postings SET region_id = new.region_id, created_at = new.created_at
		WHERE kind IN (1, 3) AND doc_id = new.id;
END;
CREATE TRIGGER xchg_demands_post_ad AFTER DELETE ON xchg_demands BEGIN
	DELETE FROM xchg_postings WHERE kind IN (1, 3) AND doc_id = old.id;
END;
CREATE TRIGGER xchg_demand_terms_post_ai AFTER INSERT ON xchg_demand_terms BEGIN
	INSERT OR IGNORE INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
		SELECT 3, CAST(new.term_id AS TEXT), x.id, x.region_id, x.created_at, 0 FROM xchg_demands x WHERE x.id = new.demand_id;
END;
CREATE TRIGGER xchg_demand_terms_post_ad AFTER DELETE ON xchg_demand_terms BEGIN
	DELETE FROM xchg_postings WHERE kind = 3 AND doc_id = old.demand_id AND token = CAST(old.term_id AS TEXT);
END;
INSERT INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
	SELECT 1, tok, id, region_id, created_at, max(w) FROM (
		SELECT t.id, t.region_id, t.created_at, lower(substr(t.title, p.n, 1)) AS tok, 10 AS w FROM xchg_demands t JOIN xchg_fts_pos p ON p.n <= length(t.title)
		UNION ALL SELECT t.id, t.region_id, t.created_at, lower(substr(t.title, p.n, 2)), 10 FROM xchg_demands t JOIN xchg_fts_pos p ON p.n < length(t.title)
		UNION ALL SELECT t.id, t.region_id, t.created_at, lower(substr(t.description, p.n, 1)) AS tok, 2 AS w FROM xchg_demands t JOIN xchg_fts_pos p ON p.n <= length(t.description)
		UNION ALL SELECT t.id, t.region_id, t.created_at, lower(substr(t.description, p.n, 2)), 2 FROM xchg_demands t JOIN xchg_fts_pos p ON p.n < length(t.description)
		UNION ALL SELECT t.id, t.region_id, t.created_at, lower(substr(t.skills, p.n, 1)) AS tok, 5 AS w FROM xchg_demands t JOIN xchg_fts_pos p ON p.n <= length(t.skills)
		UNION ALL SELECT t.id, t.region_id, t.created_at, lower(substr(t.skills, p.n, 2)), 5 FROM xchg_demands t JOIN xchg_fts_pos p ON p.n < length(t.skills))
	WHERE tok <> '' GROUP BY id, tok;
INSERT INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
	SELECT 3, CAST(x.term_id AS TEXT), t.id, t.region_id, t.created_at, 0 FROM xchg_demand_terms x JOIN xchg_demands t ON t.id = x.demand_id;
CREATE TRIGGER xchg_services_post_ai AFTER INSERT ON xchg_services BEGIN
	INSERT OR IGNORE INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
		SELECT 2, tok, new.id, new.region_id, new.created_at, max(w) FROM (
			SELECT lower(substr(new.name, n, 1)) AS tok, 10 AS w FROM xchg_fts_pos WHERE n <= length(new.name)
			UNION ALL SELECT lower(substr(new.name, n, 2)), 10 FROM xchg_fts_pos WHERE n < length(new.name)
			UNION ALL SELECT lower(substr(new.description, n, 1)) AS tok, 2 AS w FROM xchg_fts_pos WHERE n <= length(new.description)
			UNION ALL SELECT lower(substr(new.description, n, 2)), 2 FROM xchg_fts_pos WHERE n < length(new.description)
			UNION ALL SELECT lower(substr(new.skills, n, 1)) AS tok, 5 AS w FROM xchg_fts_pos WHERE n <= length(new.skills)
			UNION ALL SELECT lower(substr(new.skills, n, 2)), 5 FROM xchg_fts_pos WHERE n < length(new.skills))
		WHERE tok <> '' GROUP BY tok;
END;
CREATE TRIGGER xchg_services_post_au AFTER UPDATE OF name, description, skills ON xchg_services BEGIN
	DELETE FROM xchg_postings WHERE kind = 2 AND doc_id = old.id;
	INSERT OR IGNORE INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
		SELECT 2, tok, new.id, new.region_id, new.created_at, max(w) FROM (
			SELECT lower(substr(new.name, n, 1)) AS tok, 10 AS w FROM xchg_fts_pos WHERE n <= length(new.name)
			UNION ALL SELECT lower(substr(new.name, n, 2)), 10 FROM xchg_fts_pos WHERE n < length(new.name)
			UNION ALL SELECT lower(substr(new.description, n, 1)) AS tok, 2 AS w FROM xchg_fts_pos WHERE n <= length(new.description)
			UNION ALL SELECT lower(substr(new.description, n, 2)), 2 FROM xchg_fts_pos WHERE n < length(new.description)
			UNION ALL SELECT lower(substr(new.skills, n, 1)) AS tok, 5 AS w FROM xchg_fts_pos WHERE n <= length(new.skills)
			UNION ALL SELECT lower(substr(new.skills, n, 2)), 5 FROM xchg_fts_pos WHERE n < length(new.skills))
		WHERE tok <> '' GROUP BY tok;
END;
CREATE TRIGGER xchg_services_post_move AFTER UPDATE OF region_id, created_at ON xchg_services BEGIN
	UPDATE xchg_postings SET region_id = new.region_id, created_at = new.created_at
		WHERE kind IN (2, 4) AND doc_id = new.id;
END;
CREATE TRIGGER xchg_services_post_ad AFTER DELETE ON xchg_services BEGIN
	DELETE FROM xchg_postings WHERE kind IN (2, 4) AND doc_id = old.id;
END;
CREATE TRIGGER xchg_service_terms_post_ai AFTER INSERT ON xchg_service_terms BEGIN
	INSERT OR IGNORE INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
		SELECT 4, CAST(new.term_id AS TEXT), x.id, x.region_id, x.created_at, 0 FROM xchg_services x WHERE x.id = new.service_id;
END;
CREATE TRIGGER xchg_service_terms_post_ad AFTER DELETE ON xchg_service_terms BEGIN
	DELETE FROM xchg_postings WHERE kind = 4 AND doc_id = old.service_id AND token = CAST(old.term_id AS TEXT);
END;
INSERT INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
	SELECT 2, tok, id, region_id, created_at, max(w) FROM (
		SELECT t.id, t.region_id, t.created_at, lower(substr(t.name, p.n, 1)) AS tok, 10 AS w FROM xchg_services t JOIN xchg_fts_pos p ON p.n <= length(t.name)
		UNION ALL SELECT t.id, t.region_id, t.created_at, lower(substr(t.name, p.n, 2)), 10 FROM xchg_services t JOIN xchg_fts_pos p ON p.n < length(t.name)
		UNION ALL SELECT t.id, t.region_id, t.created_at, lower(substr(t.description, p.n, 1)) AS tok, 2 AS w FROM xchg_services t JOIN xchg_fts_pos p ON p.n <= length(t.description)
		UNION ALL SELECT t.id, t.region_id, t.created_at, lower(substr(t.description, p.n, 2)), 2 FROM xchg_services t JOIN xchg_fts_pos p ON p.n < length(t.description)
		UNION ALL SELECT t.id, t.region_id, t.created_at, lower(substr(t.skills, p.n, 1)) AS tok, 5 AS w FROM xchg_services t JOIN xchg_fts_pos p ON p.n <= length(t.skills)
		UNION ALL SELECT t.id, t.region_id, t.created_at, lower(substr(t.skills, p.n, 2)), 5 FROM xchg_services t JOIN xchg_fts_pos p ON p.n < length(t.skills))
	WHERE tok <> '' GROUP BY id, tok;
INSERT INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
	SELECT 4, CAST(x.term_id AS TEXT), t.id, t.region_id, t.created_at, 0 FROM xchg_service_terms x JOIN xchg_services t ON t.id = x.service_id;
-- newest first within a token (the district, a large town); the region is
-- read from the entry
CREATE INDEX xchg_postings_walk ON xchg_postings(kind, token, created_at, region_id, weight);
-- one token within a region subtree (a community, a small town)
CREATE INDEX xchg_postings_region ON xchg_postings(kind, token, region_id, created_at, weight);

