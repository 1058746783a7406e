#!/usr/bin/python3
"""bench/assign_gen.py — a seeded random cost matrix for bench/assign.sh.

Writes CSV to stdout in the format `wushe assign` reads: no header, one row
per demand, integer costs in [0, --max), an empty cell for an infeasible
pair. With --infeasible F, each cell is infeasible with probability F,
except the cells of one random permutation, which stay feasible so that a
perfect matching always exists (scipy's linear_sum_assignment refuses a
matrix without one). Same arguments, same file, on any machine with numpy.
"""
import argparse
import sys

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--cols", type=int, default=2000)
    ap.add_argument("--max", type=int, default=1000000, help="costs are in [0, MAX)")
    ap.add_argument("--infeasible", type=float, default=0.0, help="fraction of empty cells")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    rng = np.random.default_rng(a.seed)
    cost = rng.integers(0, a.max, size=(a.rows, a.cols), dtype=np.int64)
    empty = rng.random((a.rows, a.cols)) < a.infeasible
    if a.infeasible > 0:
        n = min(a.rows, a.cols)
        rows = rng.permutation(a.rows)[:n]
        cols = rng.permutation(a.cols)[:n]
        empty[rows, cols] = False

    out = sys.stdout
    for i in range(a.rows):
        cells = cost[i].astype(str).astype(object)
        cells[empty[i]] = ""
        out.write(",".join(cells))
        out.write("\n")


if __name__ == "__main__":
    main()
