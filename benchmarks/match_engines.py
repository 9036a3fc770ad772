"""Candidate search: blocked numpy vs faiss (exact) on one large set, to place FAISS_MIN_CLAIMS.

Run:  python benchmarks/match_engines.py [--json out.json]

Random unit vectors of MiniLM's size (384), 50 sources, top-3 per other source.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from factcheck.match import find_matches


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    rows = []
    rng = np.random.default_rng(0)
    for n in (500, 1000, 2000, 4000, 8000):
        v = rng.normal(size=(n, 384)).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        src = list(rng.integers(0, 50, size=n))
        row: dict[str, float] = {"claims": n}
        for engine in ("numpy", "faiss"):
            t = time.perf_counter()
            find_matches(v, src, top_k=3, min_similarity=0.62, engine=engine)
            row[engine + "_s"] = round(time.perf_counter() - t, 3)
        rows.append(row)
        print(row, flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
