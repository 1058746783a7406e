-- SQLite's part of 041: the postings newest first (docs/lists.md,
-- docs/search.md "Newest first"). The keyword lists sorted by creation
-- time (`/demands?q=…&sort=-created_at`, services alike) and `/search`
-- with `sort=-created_at` walk one token's postings in the answer's order
-- — creation time, ties by id, the direction either way — check each
-- posting's region (and, for the lists, its weight) from the entry, and
-- stop once the page is full, instead of reading every posting of the
-- token in the subtree and sorting them.
-- xchg_postings_walk (kind, token, created_at, region_id, weight) gave the
-- time order but not the id tie-break; this index serves everything it
-- did (same leading columns), so it replaces it.
DROP INDEX xchg_postings_walk;
CREATE INDEX xchg_postings_recent ON xchg_postings(kind, token, created_at, doc_id, region_id, weight);
