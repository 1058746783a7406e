#!/bin/sh
# bench/formats.sh — the file formats and the import's merge cost: the
# figures the unit tests used to assert with a clock (a timed test fails
# on a loaded machine; here the figures are printed, each next to a
# reference measured in the same run on the same input).
#
#  1. CSV: csv_reader over BENCH_CSV_ROWS rows of test_csv's shape (target
#     >= 1,000,000 rows/s), next to `wc -l` and Python's csv module reading
#     the same file;
#  2. XLSX: tab_reader over BENCH_XLSX_ROWS rows written by tab_writer
#     (target >= 60,000 rows/s: the importer's 50,000 plus a margin), next
#     to Python's zipfile + xml.etree.iterparse counting the same rows;
#  3. the import's merge cost: CPU per merged row when every row of a
#     re-import merges, at BENCH_MERGE_SMALL and BENCH_MERGE_LARGE rows,
#     and the growth between them (target < 4x from 2,000 to 16,000 rows:
#     linear stays near 1x, the old quadratic SAVEPOINT gave about 8x).
#
# The program is build/rel/bench/formats (bench/formats.c, built by
# `make bench`). Figures are printed; the script fails only when something
# gives a wrong result (a row missing, a merge not counted).
set -eu
cd "$(dirname "$0")/.."
PROG=${BENCH_FORMATS_BIN:-build/rel/bench/formats}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
CSV_ROWS=${BENCH_CSV_ROWS:-1000000}
XLSX_ROWS=${BENCH_XLSX_ROWS:-100000}
SMALL=${BENCH_MERGE_SMALL:-2000}
LARGE=${BENCH_MERGE_LARGE:-16000}
[ -x "$PROG" ] || { echo "formats: $PROG missing (make WUSHE_STAGE=build $PROG)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
say() { echo "formats: $*"; }
now() { date +%s.%N; }
field() { awk -v k="$1" -v f="$2" '$1 == k {print $f}' "$tmp/out"; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN{printf "%.0f", (s>0)?n/s:0}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", (b>0)?a/b:0}'; }
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN{ok=(dir=="min")?(v>=t):(v<=t); printf "%s", ok?"meets target":"MISSES target"}'; }
load() { cut -d' ' -f1 /proc/loadavg; }

# 1. CSV
"$PROG" csv "$CSV_ROWS" "$tmp/rows.csv" >"$tmp/out"
s=$(field csv 3); r=$(rate "$CSV_ROWS" "$s")
say "csv: $CSV_ROWS rows ($(du -m "$tmp/rows.csv" | cut -f1) MB) parsed in $s s = $r rows/s (target >= 1000000: $(verdict "$r" 1000000 min)) (load average $(load))"
t0=$(now)
lines=$(wc -l <"$tmp/rows.csv")
wcs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.6f", b-a}')
[ "$lines" -eq "$CSV_ROWS" ] || { say "wc -l counted $lines lines, expected $CSV_ROWS"; exit 1; }
pys=$("$PY" - "$tmp/rows.csv" "$CSV_ROWS" <<'PY'
import csv, sys, time
t0 = time.perf_counter()
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    n = sum(1 for _ in csv.reader(f))
dt = time.perf_counter() - t0
assert n == int(sys.argv[2]), n
print(f"{dt:.6f}")
PY
)
say "  reference, wc -l (the whole process, lines only): $(rate "$CSV_ROWS" "$wcs") rows/s; ratio csv_reader / wc -l: $(ratio "$r" "$(rate "$CSV_ROWS" "$wcs")")"
say "  reference, Python csv.reader (file read and parsed in-process): $(rate "$CSV_ROWS" "$pys") rows/s; ratio csv_reader / Python: $(ratio "$r" "$(rate "$CSV_ROWS" "$pys")")"

# 2. XLSX
"$PROG" xlsx "$XLSX_ROWS" "$tmp/rows.xlsx" >"$tmp/out"
s=$(field xlsx-read 3); r=$(rate "$XLSX_ROWS" "$s")
say "xlsx: $XLSX_ROWS rows ($(du -k "$tmp/rows.xlsx" | cut -f1) KB) read in $s s = $r rows/s (target >= 60000: $(verdict "$r" 60000 min)); written by tab_writer in $(field xlsx-write 3) s (load average $(load))"
pys=$("$PY" - "$tmp/rows.xlsx" "$XLSX_ROWS" <<'PY'
import sys, time, zipfile
import xml.etree.ElementTree as ET
NS = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
t0 = time.perf_counter()
n = 0
with zipfile.ZipFile(sys.argv[1]) as z:
    if 'xl/sharedStrings.xml' in z.namelist():  # tab_reader reads them too
        strings = sum(1 for _, el in ET.iterparse(z.open('xl/sharedStrings.xml')) if el.tag == NS + 'si')
    for _, el in ET.iterparse(z.open('xl/worksheets/sheet1.xml')):
        if el.tag == NS + 'row':
            n += 1
            el.clear()
dt = time.perf_counter() - t0
assert n == int(sys.argv[2]), n
print(f"{dt:.6f}")
PY
)
say "  reference, Python zipfile + xml.etree.iterparse counting the same rows: $(rate "$XLSX_ROWS" "$pys") rows/s; ratio tab_reader / Python: $(ratio "$r" "$(rate "$XLSX_ROWS" "$pys")")"

# 3. merge cost per row
"$PROG" merge "$tmp" "$SMALL" "$LARGE" >"$tmp/out"
small=$(awk -v n="$SMALL" '$1 == "merge" && $2 == n {printf "%.2f", $3 / n * 1e6}' "$tmp/out")
large=$(awk -v n="$LARGE" '$1 == "merge" && $2 == n {printf "%.2f", $3 / n * 1e6}' "$tmp/out")
g=$(ratio "$large" "$small")
say "import merge: CPU per merged row $small µs at $SMALL rows, $large µs at $LARGE rows: growth ${g}x (target < 4x: $(verdict "$g" 3.999 max); linear ~1x, quadratic ~$((LARGE / SMALL))x) (load average $(load))"
