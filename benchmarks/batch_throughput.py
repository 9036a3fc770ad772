"""Batch throughput: end-to-end sets/s and claims/s against the raw encoder on the same claims.

Run:  python benchmarks/batch_throughput.py [--sets 100 1000 10000] [--workers 1] [--relation-model none] [--json out.json]

Each workload of N sets is built from the gold corpus (its 40 sets, cycled, ids made unique)
and verified in a fresh subprocess (so peak RSS is per workload), without the cache. In the
same subprocess, the raw ``SentenceTransformer.encode`` throughput is measured on the very
same claim statements with the same batch size: the floor no pipeline beats (beyond 1,000 sets,
on the first 1,000 sets: whole corpus cycles, so the same texts in the same proportions).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


#: Raw encode runs on the claims of the first 1,000 sets at most: 25 whole cycles of the corpus,
#: so exactly the texts of any larger workload in the same proportions (and minutes, not an hour).
RAW_SETS = 1000


def workload(n: int) -> list[tuple[str, list[object]]]:
    from factcheck.bench import load_corpus

    corpus = load_corpus(ROOT / "benchmarks" / "corpus")
    return [(f"{corpus[k % len(corpus)].id}-{k}", list(corpus[k % len(corpus)].articles)) for k in range(n)]


def measure(n: int, workers: int, relation_model: str | None = "default", top_k: int | None = None) -> dict[str, object]:
    from factcheck import Verifier

    sets = workload(n)
    verifier = Verifier(workers=workers, relation_model=relation_model, **({} if top_k is None else {"top_k": top_k}))
    verifier.verify(sets[0][1])  # load the models (and start the workers) outside the timing
    t = time.perf_counter()
    claims = 0
    statements: list[str] = []
    for k, report in enumerate(verifier.verify_many(sets, chunk_size=32)):
        claims += len(report.claims)
        if k < RAW_SETS:
            statements.extend(c.statement for c in report.claims)
    secs = time.perf_counter() - t
    model = verifier.embedder_.st_model  # type: ignore[attr-defined]
    t = time.perf_counter()
    model.encode(statements, batch_size=verifier.batch_size, show_progress_bar=False)
    raw = time.perf_counter() - t
    verifier.close()
    return {
        "sets": n,
        "workers": workers,
        "relation_model": verifier.scorer_.name,
        "top_k": verifier.top_k,
        "claims": claims,
        "seconds": round(secs, 2),
        "sets_per_s": round(n / secs, 2),
        "claims_per_s": round(claims / secs, 1),
        "ms_per_set": round(1000 * secs / n, 1),
        "raw_encode_claims": len(statements),
        "raw_encode_claims_per_s": round(len(statements) / raw, 1),
        "ratio_to_raw_encode": round((claims / secs) / (len(statements) / raw), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--workers", type=int, default=1, help="parsing processes (Verifier(workers=...))")
    ap.add_argument("--relation-model", default="default", help="'none' for rules only")
    ap.add_argument("--top-k", type=int, default=None, help="Verifier(top_k=...); default: the verifier's")
    ap.add_argument("--json", default=None)
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    rm = None if args.relation_model == "none" else args.relation_model
    if args.one is not None:
        print(json.dumps(measure(args.one, args.workers, rm, args.top_k)))
        return
    rows = []
    for n in args.sets:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--workers", str(args.workers),
             "--relation-model", args.relation_model, *(["--top-k", str(args.top_k)] if args.top_k else [])],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(
            f"{r['relation_model']}  {r['sets']:>6} sets  {r['workers']} workers  {r['claims']:>7} claims  {r['seconds']:>8.1f} s  {r['sets_per_s']:>6.2f} sets/s  "
            f"{r['claims_per_s']:>7.1f} claims/s  raw encode {r['raw_encode_claims_per_s']:>7.1f}/s  "
            f"ratio {r['ratio_to_raw_encode']:.2f}  {r['ms_per_set']:>7.1f} ms/set  peak RSS {r['peak_rss_mb']:.0f} MB (+ worker {r['worker_peak_rss_mb']:.0f} MB)",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
