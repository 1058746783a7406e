#!/usr/bin/env python3
"""check-dialect.py — SQLite-only SQL must live in src/store/ (issue 9: the
module kit). Scans the SQL that module, core, CLI and HTTP code hands to the
store — C string literals, adjacent ones joined — and every migration
(src/**/schema/*.sql, comments stripped) for constructs PostgreSQL does not
share: SQLite's catalogue and PRAGMAs, FTS5 and its functions, rowid, GLOB,
instr(), RAISE(), INSERT OR IGNORE/REPLACE, scalar two-argument min/max,
SQLite's date functions, `x IS ?` on non-null values, CREATE TRIGGER syntax,
and the like.

Exempt: src/store/ (the backends), and migrations named NNN_name.sqlite.sql
(a dialect's own file; NNN_name.pg.sql will be PostgreSQL's).

Known violations still to move are listed in scripts/dialect-baseline.txt
as `path count`; the check fails when a file has more than its baseline (a
new construct) and says when a file has fewer (lower the baseline). With
--list it prints every finding.
Exit 0 clean, 1 on a new violation.
"""
import os, re, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BASELINE = os.path.join(ROOT, "scripts", "dialect-baseline.txt")

RULES = [
    ("SQLite catalogue", r"\bsqlite_(master|schema|sequence|temp_master)\b"),
    ("PRAGMA", r"\bpragma\b|\bpragma_\w+\s*\("),
    ("instr()", r"\binstr\s*\("),
    ("GLOB", r"\bglob\b"),
    ("RAISE()", r"\braise\s*\("),
    ("INSERT OR …", r"\binsert\s+or\s+(ignore|replace|abort|fail|rollback)\b"),
    ("REPLACE INTO", r"^\s*replace\s+into\b|;\s*replace\s+into\b"),
    ("FTS5", r"\bfts5\b|\bbm25\s*\(|\bsnippet\s*\(|\bhighlight\s*\("),
    ("MATCH", r"\bmatch\s+\?|\bmatch\s+'"),
    ("rowid", r"\b(rowid|_rowid_|oid)\b"),
    ("AUTOINCREMENT", r"\bautoincrement\b"),
    ("WITHOUT ROWID", r"\bwithout\s+rowid\b"),
    ("SQLite date function", r"\b(strftime|julianday|datetime|unixepoch)\s*\("),
    ("ifnull()", r"\bifnull\s*\("),
    ("iif()", r"\biif\s*\("),
    ("group_concat()", r"\bgroup_concat\s*\("),
    ("printf() in SQL", r"\bprintf\s*\("),
    ("SQLite JSON function", r"\bjson_(extract|each|tree|group_array|group_object)\s*\("),
    ("last_insert_rowid()", r"\blast_insert_rowid\s*\("),
    ("changes()", r"\b(total_)?changes\s*\(\s*\)"),
    ("typeof()", r"\btypeof\s*\("),
    ("randomblob()", r"\b(random|zero)blob\s*\("),
    ("COLLATE NOCASE", r"\bcollate\s+nocase\b"),
    ("x IS ? (non-null IS)", r"\bis\s+(not\s+)?\?"),
    ("CREATE TRIGGER", r"\bcreate\s+(temp\s+|temporary\s+)?trigger\b"),
    ("LIMIT -1", r"\blimit\s+-1\b"),
]
RULES = [(n, re.compile(p, re.I | re.M)) for n, p in RULES]
SQLISH = re.compile(r"\bCASE WHEN\b|\bIS NULL\b| AND \(|=\?|\b(SELECT|INSERT|UPDATE|DELETE|CREATE|FROM|WHERE|JOIN|VALUES|ORDER BY|GROUP BY|PRAGMA|DROP|ALTER)\b")
MINMAX = re.compile(r"\b(min|max)\s*\(", re.I)


def two_arg_minmax(sql):
    """Scalar min(a, b)/max(a, b): a top-level comma inside the call."""
    out = []
    for m in MINMAX.finditer(sql):
        depth, i, comma = 1, m.end(), False
        while i < len(sql) and depth:
            c = sql[i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            elif c == "," and depth == 1:
                comma = True
            elif c == "'":
                j = sql.find("'", i + 1)
                i = j if j > 0 else len(sql)
            i += 1
        if comma:
            out.append(m.group(1) + "(…, …)")
    return out


def c_sql_strings(text):
    """Yield (line, sql) for runs of adjacent C string literals outside comments."""
    i, n, line = 0, len(text), 1
    run, run_line = [], 0
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
            continue
        if c == "'":  # char literal
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == '"':
            j, buf = i + 1, []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    buf.append(" " if text[j + 1] == "n" else text[j + 1])
                    j += 2
                else:
                    buf.append(text[j])
                    j += 1
            if not run:
                run_line = line
            run.append("".join(buf))
            i = j + 1
            # adjacent literal follows (only whitespace between)?
            k = i
            while k < n and (text[k] in " \t\r\n" or text.startswith("\\\n", k)):
                k += 2 if text[k] == "\\" else 1
            if k < n and text[k] == '"':
                line += text.count("\n", i, k)
                i = k
                continue
            yield run_line, "".join(run)
            run = []
            continue
        i += 1


def sql_file(text):
    out = []
    for ln, l in enumerate(text.split("\n"), 1):
        out.append(re.sub(r"--.*$", "", l))
    return [(1, "\n".join(out))]


def findings(path, text):
    res = []
    chunks = sql_file(text) if path.endswith(".sql") else [
        (ln, s) for ln, s in c_sql_strings(text) if SQLISH.search(s)]
    for ln, sql in chunks:
        for name, rx in RULES:
            for m in rx.finditer(sql):
                at = ln + (sql.count("\n", 0, m.start()) if path.endswith(".sql") else 0)
                res.append((at, name, m.group(0)))
        for what in two_arg_minmax(sql):
            res.append((ln, "scalar two-argument min/max", what))
    return res


def scanned_files():
    for base, dirs, files in os.walk(os.path.join(ROOT, "src")):
        rel = os.path.relpath(base, ROOT)
        if rel == os.path.join("src", "store") or rel.startswith(os.path.join("src", "store") + os.sep):
            continue
        for f in sorted(files):
            if f.endswith(".c") or (f.endswith(".sql") and not f.endswith(".sqlite.sql")
                                    and not f.endswith(".pg.sql")):
                yield os.path.join(rel, f)


SELF_TEST = [  # (file kind, text) — each must be flagged: the check can fail
    ("c", '"SELECT count(*) FROM sqlite_master WHERE name=?"'),
    ("c", '"SELECT name FROM pragma_table_info(?)"'),
    ("c", '"SELECT id FROM t WHERE instr(name, ?) > 0"'),
    ("c", '"SELECT id FROM t WHERE code GLOB ?"'),
    ("sql", "CREATE TRIGGER t BEFORE DELETE ON x BEGIN SELECT RAISE(ABORT, 'no'); END;"),
    ("c", '"INSERT OR IGNORE INTO t(a) VALUES(?)"'),
    ("sql", "CREATE VIRTUAL TABLE f USING fts5(body);"),
    ("c", '"SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f)"'),
    ("c", '"SELECT " "max(1, n)" " FROM t"'),
    ("c", '"SELECT strftime(\'%Y\', at) FROM t"'),
    ("c", '"SELECT group_concat(name) FROM t"'),
    ("c", '"SELECT id FROM t WHERE a IS ?"'),
    ("c", '"UPDATE t SET a=ifnull(?, a) WHERE id=?"'),
]
SELF_CLEAN = [
    ("c", '"SELECT max(id) FROM t WHERE a = ? AND path >= ? AND path < ?"'),
    ("c", 'err_set(e, ERR_INVALID, "q", "min(100, 100 × raw ÷ target)", "x")'),
    ("sql", "-- rowid and GLOB in a comment\nCREATE TABLE t (id ID_PK);"),
]


def self_test():
    passed = failed = 0
    for kind, text in SELF_TEST:
        ok = bool(findings("x." + kind, text))
        passed, failed = passed + ok, failed + (not ok)
        print(("ok" if ok else "not ok") + f" - flags: {text}")
    for kind, text in SELF_CLEAN:
        ok = not findings("x." + kind, text)
        passed, failed = passed + ok, failed + (not ok)
        print(("ok" if ok else "not ok") + f" - passes: {text}")
    return passed, failed


def main():
    if "--suite" in sys.argv:  # make test: the self-test, then the tree
        p, f = self_test()
        rc = run(False)
        p, f = p + (rc == 0), f + (rc != 0)
        print(("ok" if rc == 0 else "not ok") + " - no new SQLite-only SQL outside src/store")
        print(f"{p} passed, {f} failed")
        return 1 if f else 0
    return run("--list" in sys.argv)


def run(listing):
    baseline = {}
    if os.path.exists(BASELINE):
        for l in open(BASELINE, encoding="utf-8"):
            l = l.strip()
            if l and not l.startswith("#"):
                p, c = l.rsplit(" ", 1)
                baseline[p] = int(c)
    total, bad, lower = 0, [], []
    counts = {}
    for path in sorted(scanned_files()):
        text = open(os.path.join(ROOT, path), encoding="utf-8").read()
        fs = findings(path, text)
        if not fs:
            continue
        counts[path] = len(fs)
        total += len(fs)
        allowed = baseline.get(path, 0)
        if listing or len(fs) > allowed:
            for ln, name, what in fs:
                print(f"{path}:{ln}: {name}: {what}")
        if len(fs) > allowed:
            bad.append(f"{path}: {len(fs)} SQLite-only construct(s), baseline {allowed}")
        elif len(fs) < allowed:
            lower.append(f"{path}: {len(fs)} (baseline {allowed}: lower it)")
    for p in baseline:
        if p not in counts:
            lower.append(f"{p}: 0 (baseline {baseline[p]}: remove the line)")
    for l in lower:
        print("check-dialect: fewer than the baseline —", l)
    for b in bad:
        print("check-dialect: NEW —", b)
    print(f"check-dialect: {total} SQLite-only construct(s) outside src/store in {len(counts)} file(s); "
          f"{len(bad)} file(s) over their baseline")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
