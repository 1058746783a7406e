#!/usr/bin/python3
"""bench/assign_check.py — time scipy on a cost matrix and check wushe's answer.

    assign_check.py --label L --wushe-ms MS[,MS...] MATRIX.csv WUSHE_OUTPUT

Loads MATRIX.csv (empty cell = infeasible, given to scipy as +inf, which
linear_sum_assignment treats as forbidden), times only
scipy.optimize.linear_sum_assignment (best of --repeat runs), then checks
WUSHE_OUTPUT (`wushe assign` stdout: total cost, then row,column lines):
every pair is feasible, no row or column is used twice, as many pairs as
scipy found, the listed costs add up to the printed total, and that total
equals scipy's. Prints one line:

    assign L: scipy X ms, wushe Y ms, ratio Y/X = R (target <= 1.0), optimal: yes

and exits 1 if wushe's answer is invalid or not optimal (2 on bad input).
"""
import argparse
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def load_matrix(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            rows.append([float(c) if c.strip() else np.inf for c in line.split(",")])
    return np.array(rows, dtype=np.float64)


def load_answer(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split()
    total = int(lines[0])
    pairs = [tuple(int(x) for x in ln.split(",")) for ln in lines[1:]]
    return total, pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--label", required=True)
    ap.add_argument("--wushe-ms", required=True, help="solve times, comma-separated")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("matrix")
    ap.add_argument("answer")
    a = ap.parse_args()

    c = load_matrix(a.matrix)
    best = None
    for _ in range(a.repeat):
        t = time.perf_counter()
        r, k = linear_sum_assignment(c)
        t = (time.perf_counter() - t) * 1000.0
        best = t if best is None else min(best, t)
    ref_total = int(round(c[r, k].sum()))
    ref_pairs = len(r)

    total, pairs = load_answer(a.answer)
    problems = []
    rows_seen, cols_seen, listed = set(), set(), 0
    for i, j in pairs:
        if not (0 <= i < c.shape[0] and 0 <= j < c.shape[1]) or not np.isfinite(c[i, j]):
            problems.append(f"pair {i},{j} is not a feasible cell")
            continue
        if i in rows_seen or j in cols_seen:
            problems.append(f"pair {i},{j} reuses a row or column")
        rows_seen.add(i)
        cols_seen.add(j)
        listed += int(c[i, j])
    if listed != total:
        problems.append(f"pairs add up to {listed}, printed total is {total}")
    if len(pairs) != ref_pairs:
        problems.append(f"{len(pairs)} pairs, scipy found {ref_pairs}")
    if total != ref_total:
        problems.append(f"total {total}, scipy's optimum is {ref_total}")

    wushe_ms = min(float(x) for x in a.wushe_ms.split(","))
    ok = not problems
    print(f"assign {a.label}: scipy {best:.1f} ms, wushe {wushe_ms:.1f} ms, "
          f"ratio Y/X = {wushe_ms / best:.2f} (target <= 1.0), optimal: {'yes' if ok else 'NO'}")
    for p in problems[:10]:
        print(f"  {p}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
