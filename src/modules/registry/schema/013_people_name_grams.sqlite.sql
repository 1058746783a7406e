-- SQLite's part of 013: triggers that keep people_name_grams in step with
-- people (every writer: the registry, the importer and its undo, demos).
CREATE TRIGGER people_name_grams_ai AFTER INSERT ON people BEGIN
	INSERT INTO people_name_grams(gram, person_id, region_id)
		SELECT lower(substr(new.name, c.n, 1)), new.id, new.region_id
		FROM reg_name_positions c WHERE c.n <= length(new.name)
		UNION
		SELECT lower(substr(new.name, c.n, 2)), new.id, new.region_id
		FROM reg_name_positions c WHERE c.n < length(new.name);
END;
CREATE TRIGGER people_name_grams_au AFTER UPDATE OF name, region_id ON people BEGIN
	DELETE FROM people_name_grams WHERE person_id = old.id;
	INSERT INTO people_name_grams(gram, person_id, region_id)
		SELECT lower(substr(new.name, c.n, 1)), new.id, new.region_id
		FROM reg_name_positions c WHERE c.n <= length(new.name)
		UNION
		SELECT lower(substr(new.name, c.n, 2)), new.id, new.region_id
		FROM reg_name_positions c WHERE c.n < length(new.name);
END;
CREATE TRIGGER people_name_grams_ad AFTER DELETE ON people BEGIN
	DELETE FROM people_name_grams WHERE person_id = old.id;
END;
