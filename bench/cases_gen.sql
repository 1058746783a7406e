-- bench/cases_gen.sql — @N@ cases and @V@ visits for bench/cases.sh, on
-- the demo (the 容桂 station of the cases demo, sw1/sw2/swsup) plus
-- `bworker` (200 open cases of its own) and 999 generated workers of the
-- same station (each ~200 cases, supervisor swsup). Subjects in 容桂's
-- communities; visits spread over the past year.
INSERT INTO users (id, username, display_name, password_hash, created_at, updated_at)
  WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 999)
  SELECT 800000 + i, 'bsw' || i, '基准社工' || i, 'x', 0, 0 FROM k;
INSERT INTO case_staff (user_id, org_id, region_id, supervisor_id, is_supervisor, created_at, updated_at)
  SELECT u.id, s.org_id, s.region_id, s.user_id, 0, 0, 0 FROM users u,
    (SELECT org_id, region_id, user_id FROM case_staff WHERE user_id=(SELECT id FROM users WHERE username='swsup')) s
  WHERE u.id > 800000 AND u.id < 801000 OR u.username='bworker';
INSERT INTO cases (id, code, type, source, region_id, org_id, worker_id, supervisor_id, subject_name, subject_gender,
    subject_birth_date, subject_phone, status, risk_level, visit_interval_days, last_visit_at, next_visit_at,
    opened_at, created_at, updated_at)
  WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < @N@),
    g AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM regions WHERE path LIKE '/1/25/%' AND level='community'),
    st AS (SELECT org_id, user_id AS sup FROM case_staff WHERE user_id=(SELECT id FROM users WHERE username='swsup')),
    bw AS (SELECT id FROM users WHERE username='bworker')
  SELECT 3000000 + k.i, 'GB2026-' || (3000000 + k.i),
    CASE k.i % 6 WHEN 0 THEN 'elderly_alone' WHEN 1 THEN 'left_behind_child' WHEN 2 THEN 'child_in_difficulty'
      WHEN 3 THEN 'disabled' WHEN 4 THEN 'psych_screening' ELSE 'family_hardship' END,
    'walk_in', g.id, st.org_id,
    CASE WHEN k.i <= 200 THEN bw.id ELSE 800001 + k.i % 999 END, st.sup,
    '基准对象' || k.i, CASE k.i % 2 WHEN 0 THEN 'male' ELSE 'female' END, '1950-01-01', '139' || (10000000 + k.i),
    CASE WHEN k.i <= 200 THEN 'active' ELSE CASE k.i % 10 WHEN 0 THEN 'closed' WHEN 1 THEN 'intake' WHEN 2 THEN 'assessing'
      WHEN 3 THEN 'planning' ELSE 'active' END END,
    CASE k.i % 7 WHEN 0 THEN 'high' WHEN 1 THEN 'medium' ELSE 'none' END, 10,
    1796000000000000 - (k.i % 60) * 86400000000, 1796000000000000 + ((k.i % 40) - 20) * 86400000000,
    1780000000000000, 0, 0
  FROM k JOIN g ON g.n = k.i % (SELECT count(*) FROM g), st, bw;
INSERT INTO case_visits (case_id, kind, visited_at, duration_min, notes, recorded_by, created_at)
  WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < @V@)
  SELECT 3000001 + k.i % @N@, CASE k.i % 5 WHEN 0 THEN 'home_visit' WHEN 1 THEN 'phone' WHEN 2 THEN 'office'
      WHEN 3 THEN 'outreach' ELSE 'school' END,
    1796000000000000 - (k.i % 365) * 86400000000, 30, '基准探访记录', c.worker_id, 0
  FROM k JOIN cases c ON c.id = 3000001 + k.i % @N@;
INSERT INTO case_flags (case_id, kind, level, source, raised_at)
  SELECT id, 'health', risk_level, 'manual', 0 FROM cases WHERE id > 3000000 AND risk_level IN ('high','medium');
