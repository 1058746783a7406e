-- SQLite's own migration 035 (FTS5; PostgreSQL's will be 035_xchg_search.pg.sql
-- with pg_trgm or its equivalent, issue 16). Search is a store-level
-- interface: only the store queries these tables.
-- Full-text search over the exchange (docs/search.md). Chinese has no
-- spaces between words, so two indexes per table, both kept in sync by
-- triggers (whatever code writes the rows, even raw SQL, the index follows):
--
--   *_fts   FTS5 trigram over the text itself (external content: the text
--           is read from the base table for snippets). Answers every word of
--           three or more characters as a substring, ranked by bm25.
--   *_fts2  FTS5 unicode61 over the text rewritten as space-separated
--           character bigrams ("社区养老" -> "社区 区养 养老 老"): the
--           last character of the text stands alone, so every character
--           starts some token. A 2-character word is one token ("养老"); a
--           1-character word is a prefix query ("老"*, served by the
--           prefix='1' index); a longer word is a phrase of its bigrams,
--           which is exact because bigram tokens sit at consecutive
--           positions. Contentless: it holds only the index.
--
-- The bigrams are made in plain SQL (triggers cannot use a recursive CTE):
-- substr() over a table of positions 1..8192. Text beyond 8192 characters
-- is still in the trigram index, only not in the bigram one.
--
-- Do not use LIKE/GLOB on the trigram tables: SQLite 3.40 answers
-- LIKE '%养老%' there with no rows (test_xchg_dir shows it).
CREATE TABLE xchg_fts_pos (n INTEGER PRIMARY KEY);
INSERT INTO xchg_fts_pos(n)
	WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 8192)
	SELECT n FROM c;

CREATE VIRTUAL TABLE xchg_demands_fts USING fts5(title, description, skills, content='xchg_demands', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE xchg_demands_fts2 USING fts5(title, description, skills, content='', tokenize='unicode61', prefix='1');
CREATE TRIGGER xchg_demands_fts_ai AFTER INSERT ON xchg_demands BEGIN
	INSERT INTO xchg_demands_fts(rowid, title, description, skills) VALUES (new.id, new.title, new.description, new.skills);
	INSERT INTO xchg_demands_fts2(rowid, title, description, skills) VALUES (new.id,
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.title, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.title) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.description) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.skills) ORDER BY n)));
END;
CREATE TRIGGER xchg_demands_fts_ad AFTER DELETE ON xchg_demands BEGIN
	INSERT INTO xchg_demands_fts(xchg_demands_fts, rowid, title, description, skills) VALUES ('delete', old.id, old.title, old.description, old.skills);
	INSERT INTO xchg_demands_fts2(xchg_demands_fts2, rowid, title, description, skills) VALUES ('delete', old.id,
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.title, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.title) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.description) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.skills) ORDER BY n)));
END;
CREATE TRIGGER xchg_demands_fts_au AFTER UPDATE OF title, description, skills ON xchg_demands BEGIN
	INSERT INTO xchg_demands_fts(xchg_demands_fts, rowid, title, description, skills) VALUES ('delete', old.id, old.title, old.description, old.skills);
	INSERT INTO xchg_demands_fts2(xchg_demands_fts2, rowid, title, description, skills) VALUES ('delete', old.id,
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.title, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.title) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.description) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.skills) ORDER BY n)));
	INSERT INTO xchg_demands_fts(rowid, title, description, skills) VALUES (new.id, new.title, new.description, new.skills);
	INSERT INTO xchg_demands_fts2(rowid, title, description, skills) VALUES (new.id,
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.title, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.title) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.description) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.skills) ORDER BY n)));
END;
INSERT INTO xchg_demands_fts(xchg_demands_fts) VALUES ('rebuild');
INSERT INTO xchg_demands_fts2(rowid, title, description, skills) SELECT t.id,
	(SELECT group_concat(g, ' ') FROM (SELECT substr(t.title, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(t.title) ORDER BY n)),
	(SELECT group_concat(g, ' ') FROM (SELECT substr(t.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(t.description) ORDER BY n)),
	(SELECT group_concat(g, ' ') FROM (SELECT substr(t.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(t.skills) ORDER BY n))
FROM xchg_demands t;

CREATE VIRTUAL TABLE xchg_services_fts USING fts5(name, description, skills, content='xchg_services', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE xchg_services_fts2 USING fts5(name, description, skills, content='', tokenize='unicode61', prefix='1');
CREATE TRIGGER xchg_services_fts_ai AFTER INSERT ON xchg_services BEGIN
	INSERT INTO xchg_services_fts(rowid, name, description, skills) VALUES (new.id, new.name, new.description, new.skills);
	INSERT INTO xchg_services_fts2(rowid, name, description, skills) VALUES (new.id,
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.name, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.name) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.description) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.skills) ORDER BY n)));
END;
CREATE TRIGGER xchg_services_fts_ad AFTER DELETE ON xchg_services BEGIN
	INSERT INTO xchg_services_fts(xchg_services_fts, rowid, name, description, skills) VALUES ('delete', old.id, old.name, old.description, old.skills);
	INSERT INTO xchg_services_fts2(xchg_services_fts2, rowid, name, description, skills) VALUES ('delete', old.id,
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.name, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.name) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.description) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.skills) ORDER BY n)));
END;
CREATE TRIGGER xchg_services_fts_au AFTER UPDATE OF name, description, skills ON xchg_services BEGIN
	INSERT INTO xchg_services_fts(xchg_services_fts, rowid, name, description, skills) VALUES ('delete', old.id, old.name, old.description, old.skills);
	INSERT INTO xchg_services_fts2(xchg_services_fts2, rowid, name, description, skills) VALUES ('delete', old.id,
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.name, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.name) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.description) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(old.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(old.skills) ORDER BY n)));
	INSERT INTO xchg_services_fts(rowid, name, description, skills) VALUES (new.id, new.name, new.description, new.skills);
	INSERT INTO xchg_services_fts2(rowid, name, description, skills) VALUES (new.id,
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.name, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.name) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.description) ORDER BY n)),
		(SELECT group_concat(g, ' ') FROM (SELECT substr(new.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(new.skills) ORDER BY n)));
END;
INSERT INTO xchg_services_fts(xchg_services_fts) VALUES ('rebuild');
INSERT INTO xchg_services_fts2(rowid, name, description, skills) SELECT t.id,
	(SELECT group_concat(g, ' ') FROM (SELECT substr(t.name, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(t.name) ORDER BY n)),
	(SELECT group_concat(g, ' ') FROM (SELECT substr(t.description, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(t.description) ORDER BY n)),
	(SELECT group_concat(g, ' ') FROM (SELECT substr(t.skills, n, 2) AS g FROM xchg_fts_pos WHERE n <= length(t.skills) ORDER BY n))
FROM xchg_services t;
