-- 088_grants_programme_source, PostgreSQL's way — grants gain the source
-- 'programme' (see 088_grants_programme_source.sqlite.sql, SQLite's
-- rebuild). PostgreSQL names a column's CHECK <table>_<column>_check and
-- alters it in place; the rows, their ids and the references stay.
ALTER TABLE grants DROP CONSTRAINT grants_source_check;
ALTER TABLE grants ADD CONSTRAINT grants_source_check
	CHECK (source IN ('application','committee','pb','decision','programme'));
