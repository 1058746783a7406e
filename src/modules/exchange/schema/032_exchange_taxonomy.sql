-- The service taxonomy as seeded: eleven domains the seeds' communities
-- work in (一老一小, disability, legal aid 一村居一法律顾问, psychological
-- support, environment, culture, mediation, employment, new-resident
-- integration, hardship relief), each with its common services. The
-- district admin edits it afterwards (PATCH /api/v1/terms/{id}).
-- Codes are stable: other modules (HSDS export, search) refer to them.
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'elderly', '为老服务', 'Elderly care', 10, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'elderly.visit', '探访关怀', 'Home visits', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='elderly';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'elderly.meal', '助餐配餐', 'Meal help', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='elderly';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'elderly.care', '居家照护', 'Home care', 3, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='elderly';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'elderly.escort', '陪同就医', 'Escort to hospital', 4, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='elderly';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'children', '儿童青少年', 'Children and youth', 20, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'children.homework', '课业辅导', 'Homework help', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='children';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'children.care', '四点半课堂', 'After-school care', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='children';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'children.protect', '儿童保护', 'Child protection', 3, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='children';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'disability', '助残服务', 'Disability', 30, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'disability.rehab', '康复支持', 'Rehabilitation', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='disability';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'disability.access', '无障碍出行', 'Accessible transport', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='disability';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'legal', '法律援助', 'Legal aid', 40, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'legal.consult', '法律咨询', 'Legal advice', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='legal';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'legal.document', '文书代写', 'Document drafting', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='legal';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'psych', '心理支持', 'Psychological support', 50, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'psych.counsel', '心理疏导', 'Counselling', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='psych';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'psych.screen', '心理筛查', 'Screening', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='psych';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'environment', '环境美化', 'Environment', 60, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'environment.clean', '环境清洁', 'Clean-up', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='environment';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'environment.garden', '社区微花园', 'Community garden', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='environment';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'culture', '文化活动', 'Culture', 70, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'culture.event', '文体活动', 'Cultural events', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='culture';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'culture.reading', '阅读推广', 'Reading', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='culture';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'mediation', '矛盾调解', 'Mediation', 80, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'mediation.neighbour', '邻里纠纷调解', 'Neighbour disputes', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='mediation';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'mediation.family', '家庭关系调适', 'Family relations', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='mediation';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'employment', '就业创业', 'Employment', 90, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'employment.skills', '技能培训', 'Skills training', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='employment';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'employment.jobs', '就业对接', 'Job matching', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='employment';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'new_resident', '新市民融入', 'New-resident integration', 100, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'new_resident.guide', '办事指引', 'Services guide', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='new_resident';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'new_resident.social', '融入活动', 'Integration activities', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='new_resident';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) VALUES (NULL, 'hardship', '困难帮扶', 'Hardship relief', 110, 1795570200000000, 1795570200000000);
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'hardship.goods', '物资帮扶', 'Goods and supplies', 1, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='hardship';
INSERT INTO xchg_terms (parent_id, code, name, name_en, sort_order, created_at, updated_at) SELECT id, 'hardship.repair', '家居维修', 'Home repairs', 2, 1795570200000000, 1795570200000000 FROM xchg_terms WHERE code='hardship';
