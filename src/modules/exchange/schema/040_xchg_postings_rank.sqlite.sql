-- SQLite's part of 040: the postings ranked (docs/search.md, "Postings
-- ranked"). Two changes to 039's xchg_postings, read only by the store:
--
-- 1. A text posting's weight becomes the SUM of the weights of the columns
--    holding the token (title/name 10, skills 5, description 2; sums are
--    distinct, so the weight names the set of columns: 17 15 12 10 7 5 2)
--    instead of the best one. A word of one or two characters is its own
--    token, so its relevance (the sum over the columns it is found in) is
--    the posting's weight; a longer word is found in no column its tokens
--    miss, so its relevance is at most the weight of any of its tokens.
--    The text triggers are made again with sum(DISTINCT w) and the
--    existing postings' weights recomputed (only the ones that change are
--    written; lower() as the triggers fold).
-- 2. xchg_postings_rank (kind, token, weight DESC, doc_id, region_id):
--    one token's postings best first, ties by id (the search's order), with
--    the region to check the scope from the entry. The search walks it
--    and stops once the page cannot be beaten (src/store/search.c).
DROP TRIGGER xchg_demands_post_ai;
CREATE TRIGGER xchg_demands_post_ai AFTER INSERT ON xchg_demands BEGIN
	INSERT OR IGNORE INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
		SELECT 1, tok, new.id, new.region_id, new.created_at, sum(DISTINCT w) FROM (
			SELECT lower(substr(new.title, n, 1)) AS tok, 10 AS w FROM xchg_fts_pos WHERE n <= length(new.title)
			UNION ALL SELECT lower(substr(new.title, n, 2)), 10 FROM xchg_fts_pos WHERE n < length(new.title)
			UNION ALL SELECT lower(substr(new.description, n, 1)) AS tok, 2 AS w FROM xchg_fts_pos WHERE n <= length(new.description)
			UNION ALL SELECT lower(substr(new.description, n, 2)), 2 FROM xchg_fts_pos WHERE n < length(new.description)
			UNION ALL SELECT lower(substr(new.skills, n, 1)) AS tok, 5 AS w FROM xchg_fts_pos WHERE n <= length(new.skills)
			UNION ALL SELECT lower(substr(new.skills, n, 2)), 5 FROM xchg_fts_pos WHERE n < length(new.skills))
		WHERE tok <> '' GROUP BY tok;
END;
DROP TRIGGER xchg_demands_post_au;
CREATE TRIGGER xchg_demands_post_au AFTER UPDATE OF title, description, skills ON xchg_demands BEGIN
	DELETE FROM xchg_postings WHERE kind = 1 AND doc_id = old.id;
	INSERT OR IGNORE INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
		SELECT 1, tok, new.id, new.region_id, new.created_at, sum(DISTINCT w) FROM (
			SELECT lower(substr(new.title, n, 1)) AS tok, 10 AS w FROM xchg_fts_pos WHERE n <= length(new.title)
			UNION ALL SELECT lower(substr(new.title, n, 2)), 10 FROM xchg_fts_pos WHERE n < length(new.title)
			UNION ALL SELECT lower(substr(new.description, n, 1)) AS tok, 2 AS w FROM xchg_fts_pos WHERE n <= length(new.description)
			UNION ALL SELECT lower(substr(new.description, n, 2)), 2 FROM xchg_fts_pos WHERE n < length(new.description)
			UNION ALL SELECT lower(substr(new.skills, n, 1)) AS tok, 5 AS w FROM xchg_fts_pos WHERE n <= length(new.skills)
			UNION ALL SELECT lower(substr(new.skills, n, 2)), 5 FROM xchg_fts_pos WHERE n < length(new.skills))
		WHERE tok <> '' GROUP BY tok;
END;
DROP TRIGGER xchg_services_post_ai;
CREATE TRIGGER xchg_services_post_ai AFTER INSERT ON xchg_services BEGIN
	INSERT OR IGNORE INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
		SELECT 2, tok, new.id, new.region_id, new.created_at, sum(DISTINCT w) FROM (
			SELECT lower(substr(new.name, n, 1)) AS tok, 10 AS w FROM xchg_fts_pos WHERE n <= length(new.name)
			UNION ALL SELECT lower(substr(new.name, n, 2)), 10 FROM xchg_fts_pos WHERE n < length(new.name)
			UNION ALL SELECT lower(substr(new.description, n, 1)) AS tok, 2 AS w FROM xchg_fts_pos WHERE n <= length(new.description)
			UNION ALL SELECT lower(substr(new.description, n, 2)), 2 FROM xchg_fts_pos WHERE n < length(new.description)
			UNION ALL SELECT lower(substr(new.skills, n, 1)) AS tok, 5 AS w FROM xchg_fts_pos WHERE n <= length(new.skills)
			UNION ALL SELECT lower(substr(new.skills, n, 2)), 5 FROM xchg_fts_pos WHERE n < length(new.skills))
		WHERE tok <> '' GROUP BY tok;
END;
DROP TRIGGER xchg_services_post_au;
CREATE TRIGGER xchg_services_post_au AFTER UPDATE OF name, description, skills ON xchg_services BEGIN
	DELETE FROM xchg_postings WHERE kind = 2 AND doc_id = old.id;
	INSERT OR IGNORE INTO xchg_postings(kind, token, doc_id, region_id, created_at, weight)
		SELECT 2, tok, new.id, new.region_id, new.created_at, sum(DISTINCT w) FROM (
			SELECT lower(substr(new.name, n, 1)) AS tok, 10 AS w FROM xchg_fts_pos WHERE n <= length(new.name)
			UNION ALL SELECT lower(substr(new.name, n, 2)), 10 FROM xchg_fts_pos WHERE n < length(new.name)
			UNION ALL SELECT lower(substr(new.description, n, 1)) AS tok, 2 AS w FROM xchg_fts_pos WHERE n <= length(new.description)
			UNION ALL SELECT lower(substr(new.description, n, 2)), 2 FROM xchg_fts_pos WHERE n < length(new.description)
			UNION ALL SELECT lower(substr(new.skills, n, 1)) AS tok, 5 AS w FROM xchg_fts_pos WHERE n <= length(new.skills)
			UNION ALL SELECT lower(substr(new.skills, n, 2)), 5 FROM xchg_fts_pos WHERE n < length(new.skills))
		WHERE tok <> '' GROUP BY tok;
END;
UPDATE xchg_postings SET weight = (SELECT (instr(lower(t.title), token) > 0) * 10 + (instr(lower(t.skills), token) > 0) * 5 + (instr(lower(t.description), token) > 0) * 2 FROM xchg_demands t WHERE t.id = doc_id)
	WHERE kind = 1 AND weight <> (SELECT (instr(lower(t.title), token) > 0) * 10 + (instr(lower(t.skills), token) > 0) * 5 + (instr(lower(t.description), token) > 0) * 2 FROM xchg_demands t WHERE t.id = doc_id);
UPDATE xchg_postings SET weight = (SELECT (instr(lower(t.name), token) > 0) * 10 + (instr(lower(t.skills), token) > 0) * 5 + (instr(lower(t.description), token) > 0) * 2 FROM xchg_services t WHERE t.id = doc_id)
	WHERE kind = 2 AND weight <> (SELECT (instr(lower(t.name), token) > 0) * 10 + (instr(lower(t.skills), token) > 0) * 5 + (instr(lower(t.description), token) > 0) * 2 FROM xchg_services t WHERE t.id = doc_id);
CREATE INDEX xchg_postings_rank ON xchg_postings(kind, token, weight DESC, doc_id, region_id);
