-- Name search without a scan (docs/registry.md, docs/lists.md): a posting
-- per distinct character and per distinct pair of adjacent characters of
-- a person's name, carrying the person's region, so `GET /people?q=王`
-- walks the postings of one character in id order (the district) or
-- within a subtree's regions (a community) instead of testing LIKE on
-- every person; a longer q walks the postings of its first two
-- characters. The list still tests the whole substring on the candidates
-- (q of three or more characters), so the answer is the same as the name
-- substring test it replaces. ASCII letters are stored
-- lower-case, as LIKE compares them. Triggers keep it in step with people
-- (SQLite's in 013_people_name_grams.sqlite.sql); reg_name_positions
-- numbers a name's characters (names are at most 64 characters; 128
-- leaves room).
CREATE TABLE reg_name_positions (n INTEGER PRIMARY KEY);
INSERT INTO reg_name_positions(n) VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15),(16),(17),(18),(19),(20),(21),(22),(23),(24),(25),(26),(27),(28),(29),(30),(31),(32),(33),(34),(35),(36),(37),(38),(39),(40),(41),(42),(43),(44),(45),(46),(47),(48),(49),(50),(51),(52),(53),(54),(55),(56),(57),(58),(59),(60),(61),(62),(63),(64),(65),(66),(67),(68),(69),(70),(71),(72),(73),(74),(75),(76),(77),(78),(79),(80),(81),(82),(83),(84),(85),(86),(87),(88),(89),(90),(91),(92),(93),(94),(95),(96),(97),(98),(99),(100),(101),(102),(103),(104),(105),(106),(107),(108),(109),(110),(111),(112),(113),(114),(115),(116),(117),(118),(119),(120),(121),(122),(123),(124),(125),(126),(127),(128);
CREATE TABLE people_name_grams (
	gram TEXT NOT NULL,
	person_id INTEGER NOT NULL,
	region_id INTEGER NOT NULL
);
INSERT INTO people_name_grams(gram, person_id, region_id)
	SELECT lower(substr(p.name, c.n, 1)), p.id, p.region_id
	FROM people p JOIN reg_name_positions c ON c.n <= length(p.name)
	UNION
	SELECT lower(substr(p.name, c.n, 2)), p.id, p.region_id
	FROM people p JOIN reg_name_positions c ON c.n < length(p.name);
CREATE INDEX people_name_grams_walk ON people_name_grams(gram, person_id, region_id);
CREATE INDEX people_name_grams_region ON people_name_grams(gram, region_id, person_id);
CREATE INDEX people_name_grams_person ON people_name_grams(person_id);
