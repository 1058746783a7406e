-- The working-day calendar (src/modules/calendar): the days that differ
-- from "Monday to Friday work, Saturday and Sunday rest" in Asia/Shanghai —
-- public holidays (放假) and the weekend days worked in exchange (调休上班).
-- Deadlines counted in working days (the exchange's answer and confirmation
-- windows; later cases and deliberation) read it. The district admin keeps
-- it: the State Council publishes each year's schedule in November.
CREATE TABLE calendar_days (
	day TEXT PRIMARY KEY CHECK (length(day) = 10),   -- YYYY-MM-DD, local date
	kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name TEXT NOT NULL,                               -- 国庆节, 国庆节调休上班 …
	updated_by INTEGER REFERENCES users(id),
	updated_at INTEGER NOT NULL
);

-- 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, 新华社).
INSERT INTO calendar_days (day, kind, name, updated_at) VALUES
	('2026-01-01', 'holiday', '元旦', 1762214400000000),
	('2026-01-02', 'holiday', '元旦', 1762214400000000),
	('2026-01-03', 'holiday', '元旦', 1762214400000000),
	('2026-01-04', 'workday', '元旦调休上班', 1762214400000000),
	('2026-02-14', 'workday', '春节调休上班', 1762214400000000),
	('2026-02-15', 'holiday', '春节', 1762214400000000),
	('2026-02-16', 'holiday', '春节', 1762214400000000),
	('2026-02-17', 'holiday', '春节', 1762214400000000),
	('2026-02-18', 'holiday', '春节', 1762214400000000),
	('2026-02-19', 'holiday', '春节', 1762214400000000),
	('2026-02-20', 'holiday', '春节', 1762214400000000),
	('2026-02-21', 'holiday', '春节', 1762214400000000),
	('2026-02-22', 'holiday', '春节', 1762214400000000),
	('2026-02-23', 'holiday', '春节', 1762214400000000),
	('2026-02-28', 'workday', '春节调休上班', 1762214400000000),
	('2026-04-04', 'holiday', '清明节', 1762214400000000),
	('2026-04-05', 'holiday', '清明节', 1762214400000000),
	('2026-04-06', 'holiday', '清明节', 1762214400000000),
	('2026-05-01', 'holiday', '劳动节', 1762214400000000),
	('2026-05-02', 'holiday', '劳动节', 1762214400000000),
	('2026-05-03', 'holiday', '劳动节', 1762214400000000),
	('2026-05-04', 'holiday', '劳动节', 1762214400000000),
	('2026-05-05', 'holiday', '劳动节', 1762214400000000),
	('2026-05-09', 'workday', '劳动节调休上班', 1762214400000000),
	('2026-06-19', 'holiday', '端午节', 1762214400000000),
	('2026-06-20', 'holiday', '端午节', 1762214400000000),
	('2026-06-21', 'holiday', '端午节', 1762214400000000),
	('2026-09-20', 'workday', '国庆节调休上班', 1762214400000000),
	('2026-09-25', 'holiday', '中秋节', 1762214400000000),
	('2026-09-26', 'holiday', '中秋节', 1762214400000000),
	('2026-09-27', 'holiday', '中秋节', 1762214400000000),
	('2026-10-01', 'holiday', '国庆节', 1762214400000000),
	('2026-10-02', 'holiday', '国庆节', 1762214400000000),
	('2026-10-03', 'holiday', '国庆节', 1762214400000000),
	('2026-10-04', 'holiday', '国庆节', 1762214400000000),
	('2026-10-05', 'holiday', '国庆节', 1762214400000000),
	('2026-10-06', 'holiday', '国庆节', 1762214400000000),
	('2026-10-07', 'holiday', '国庆节', 1762214400000000),
	('2026-10-10', 'workday', '国庆节调休上班', 1762214400000000);
