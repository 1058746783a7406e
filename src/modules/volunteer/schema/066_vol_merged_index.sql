-- 066_vol_merged_index.sql — a volunteer's records are those of the volunteer
-- and of the duplicates merged into it (VOL_SAME_PERSON: id = ? OR
-- merged_into = ?). Without an index on merged_into that OR read every
-- volunteer: with 1,000,000 volunteers each 我的志愿 page scanned the table
-- (bench/volunteers.sh). Only merged duplicates have merged_into, so the
-- index holds only them.
CREATE INDEX vol_volunteers_merged ON vol_volunteers(merged_into) WHERE merged_into IS NOT NULL;
