-- SQLite's part of 044: every posting carries its document's status
-- (docs/lists.md, "Keyword lists with a status"). A keyword list with a
-- status (`/demands?q=老&status=open`) used to check the status on each
-- record its token's postings named: for a word with a few thousand
-- postings in the district that was thousands of records read to count
-- the few hundred open ones. Now the status is read from the index entry:
--
-- * xchg_postings_status (kind, token, status, created_at, doc_id,
--   region_id, weight): one token's postings of one status, in creation
--   order — the walk of a keyword list with a status, and its total, read
--   no record that has another status;
-- * xchg_postings_region gains the status after the region: a subtree's
--   postings of one status are counted from the index alone.
--
-- The column is kept in step by triggers, whatever writes the documents:
-- a new posting takes its document's status when it is written (one
-- trigger on the postings, so that 039/040's posting triggers stay as
-- they are), and a document's change of status is copied to its postings.
ALTER TABLE xchg_postings ADD COLUMN status TEXT;
UPDATE xchg_postings SET status = (SELECT d.status FROM xchg_demands d WHERE d.id = doc_id) WHERE kind IN (1, 3);
UPDATE xchg_postings SET status = (SELECT s.status FROM xchg_services s WHERE s.id = doc_id) WHERE kind IN (2, 4);
CREATE TRIGGER xchg_postings_status_ai AFTER INSERT ON xchg_postings WHEN new.status IS NULL BEGIN
	UPDATE xchg_postings SET status = CASE WHEN new.kind IN (1, 3)
		THEN (SELECT d.status FROM xchg_demands d WHERE d.id = new.doc_id)
		ELSE (SELECT s.status FROM xchg_services s WHERE s.id = new.doc_id) END
		WHERE kind = new.kind AND doc_id = new.doc_id AND token = new.token;
END;
CREATE TRIGGER xchg_demands_post_status AFTER UPDATE OF status ON xchg_demands BEGIN
	UPDATE xchg_postings SET status = new.status WHERE kind IN (1, 3) AND doc_id = new.id;
END;
CREATE TRIGGER xchg_services_post_status AFTER UPDATE OF status ON xchg_services BEGIN
	UPDATE xchg_postings SET status = new.status WHERE kind IN (2, 4) AND doc_id = new.id;
END;
DROP INDEX xchg_postings_region;
CREATE INDEX xchg_postings_region ON xchg_postings(kind, token, region_id, status, created_at, weight);
CREATE INDEX xchg_postings_status ON xchg_postings(kind, token, status, created_at, doc_id, region_id, weight);
