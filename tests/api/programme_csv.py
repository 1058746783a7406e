#!/usr/bin/env python3
"""Writes the CSV files 50_programme.json imports into DIR: good.csv (four
historical applications whose statistics the case file checks exactly) and
bad.csv (three bad rows among good ones: nothing may be imported)."""
import os
import sys

HEAD = "code,title,applicant,applicant_type,domain,plate,region,kind,joint,requested_yuan,outcome,awarded_yuan\n"
GOOD = HEAD + """H-1,长者饭堂,甲社工中心,社会组织,社区营造,基层治理及乡村振兴板块,大良,服务类,联合申报,100000,扶持,80000.50
H-2,邻里守望,乙党支部,基层党组织,社区养老,,大良,服务类,单独申报,50000,未扶持,
H-3,"儿童""四点半""课堂",丙协会,社会组织,妇儿公益,,全区,服务类,单独申报,30000.5,扶持,30000.5
H-4,敬老院改造,丁镇民政办,镇街职能部门及其人民团体,社区养老,社会服务设施建设板块,容桂,硬件类,单独申报,200000,扶持,150000
"""
BAD = HEAD + """B-1,好的一行,甲,社会组织,社区营造,,大良,服务类,单独申报,100,,
B-2,类型不对,乙,居委会,社区营造,,大良,服务类,单独申报,100,,
B-3,区域带后缀,丙,社会组织,社区营造,,大良街道,服务类,单独申报,100,,
B-4,金额三位小数,丁,社会组织,社区营造,,容桂,服务类,单独申报,1.234,,
"""
d = sys.argv[1]
os.makedirs(d, exist_ok=True)
with open(os.path.join(d, "good.csv"), "w", encoding="utf-8") as f:
    f.write(GOOD)
with open(os.path.join(d, "bad.csv"), "w", encoding="utf-8") as f:
    f.write(BAD)
with open(os.path.join(d, "letter.pdf"), "wb") as f:
    f.write(b"%PDF-1.4\n% letter of commitment\n%%EOF\n")
with open(os.path.join(d, "not.txt"), "wb") as f:
    f.write(b"hello, not a scan")
