"""Is a claim's confidence the probability that its label is right? Measured, and a map tried.

Run:  python benchmarks/calibrate_confidence.py [--data ../shared/data] [--kind model|rules]
          [--records FILE] [--fit-on SUITE ...] [--json out.json]

A claim's confidence is its strongest evidence's probability (a rule's score, or the pair
model's probability, calibrated on its dev pairs) or, for a unique claim, the smallest
probability that one of its candidates is unrelated. This script measures how well that
holds per claim, end to end, and whether a map fitted on other data would fix it
(docs/calibration.md, "A claim's confidence, end to end"):

1. Collect, with the shipped defaults (``--kind model``) or rules only (``--kind rules``), one
   record per claim whose gold label is known, from the benchmark suites' dev parts: the pair
   suites (a pair is a set of two one-sentence articles; only pairs whose first text is one
   claim, so that the pair's label is that claim's) and ECB+ (gold claims of real article
   sets). ClaimDiff is left out (its labels say how a claim changed, not whether it holds).
   ``--records FILE`` reuses a collection (written next to ``--json`` as ``*.records.json``).
2. Fit, per predicted label, an isotonic regression of "the label is right" on the raw
   confidence (scikit-learn), on the records of ``--fit-on`` (default: every suite).
3. Report the expected calibration error (10 equal bins) before and after: on the fit data
   (5-fold cross-fitted, so no claim is scored by a map fitted on it), and on the benchmark
   corpus and the seeds, which are never fitted on.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression

from factcheck import Verifier
from factcheck.articles import ArticleSet
from factcheck.bench.external import PAIR_LOADERS, ecbplus_sets, load_pairs
from factcheck.bench.gold import GoldSet, load_corpus
from factcheck.bench.metrics import matched
from factcheck.bench.suites import pair_sets
from factcheck.types import Report

ROOT = Path(__file__).resolve().parents[1]

LABELS = ("agreeing", "conflicting", "unique")


@dataclass(frozen=True)
class Record:
    """One claim: where it came from, its gold and predicted label, its raw confidence."""

    suite: str
    gold: str
    pred: str
    raw: float


def gold_records(suite: str, sets: Sequence[GoldSet], verifier: Verifier) -> list[Record]:
    """One record per gold claim that a predicted claim overlaps."""
    reports = verifier.verify_many(ArticleSet(id=s.id, articles=s.articles) for s in sets)
    return [Record(suite, gc.label, c.label.value, c.confidence) for s, r in zip(sets, reports, strict=True)
            for gc, c in zip(s.claims, matched(s, r), strict=True) if c is not None]  # fmt: skip


def collect(verifier: Verifier, data: Path) -> list[Record]:
    """Records from the suites' dev parts (the fit data)."""
    out: list[Record] = []
    warnings.simplefilter("ignore", UserWarning)  # the datasets are English; long bodies trip the check
    for name in sorted(PAIR_LOADERS):
        if name == "claimdiff":
            continue
        pairs = load_pairs(name, data)
        results = verifier.verify_many(pair_sets(name, pairs), on_error="return")
        for (_g, _a, _b, expected), r in zip(pairs, results, strict=True):
            claims = r.for_source("a") if isinstance(r, Report) else ()
            if len(claims) == 1:
                out.append(Record(name, expected, claims[0].label.value, claims[0].confidence))
        print(f"{name}: {len(out)} records so far", file=sys.stderr, flush=True)
    out += gold_records("ecbplus", [s for s, _ in ecbplus_sets(data)], verifier)
    return out


Map = dict[str, IsotonicRegression]


def fit(records: Sequence[Record]) -> Map:
    """Per predicted label, the isotonic map of "the label is right" on the raw confidence."""
    maps = {}
    for lab in LABELS:
        rs = [r for r in records if r.pred == lab]
        if len(rs) >= 20:
            iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
            maps[lab] = iso.fit([r.raw for r in rs], [float(r.gold == r.pred) for r in rs])
    return maps


def _apply(m: Map, records: Sequence[Record]) -> list[float]:
    return [float(m[r.pred].predict([r.raw])[0]) if r.pred in m else r.raw for r in records]


def ece(conf: Sequence[float], right: Sequence[bool], bins: int = 10) -> float:
    """Expected calibration error: the gap between confidence and accuracy, weighted per bin."""
    c, ok = np.asarray(conf, float), np.asarray(right, float)
    k = np.minimum((c * bins).astype(int), bins - 1)
    return float(sum(abs(ok[k == b].mean() - c[k == b].mean()) * (k == b).sum() for b in range(bins) if (k == b).any()) / len(c))


def summary(records: Sequence[Record], calibrated: Sequence[float]) -> dict[str, object]:
    right = [r.gold == r.pred for r in records]
    out: dict[str, object] = {
        "claims": len(records),
        "accuracy": round(float(np.mean(right)), 4),
        "ece_raw": round(ece([r.raw for r in records], right), 4),
        "ece_calibrated": round(ece(calibrated, right), 4),
    }
    for lab in LABELS:
        idx = [k for k, r in enumerate(records) if r.pred == lab]
        if idx:
            sub_right = [right[k] for k in idx]
            out[lab] = {
                "claims": len(idx),
                "accuracy": round(float(np.mean(sub_right)), 4),
                "ece_raw": round(ece([records[k].raw for k in idx], sub_right), 4),
                "ece_calibrated": round(ece([calibrated[k] for k in idx], sub_right), 4),
                "mean_raw": round(float(np.mean([records[k].raw for k in idx])), 4),
                "mean_calibrated": round(float(np.mean([calibrated[k] for k in idx])), 4),
            }
    return out


def cross_fitted(records: Sequence[Record], folds: int = 5) -> list[float]:
    """Each record's calibrated confidence from a map fitted on the other folds."""
    out = [0.0] * len(records)
    for f in range(folds):
        m = fit([r for k, r in enumerate(records) if k % folds != f])
        held = [k for k in range(len(records)) if k % folds == f]
        for k, c in zip(held, _apply(m, [records[k] for k in held]), strict=True):
            out[k] = c
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--kind", choices=("model", "rules"), default="model")
    ap.add_argument("--records", type=Path, default=None, help="reuse a collection instead of collecting")
    ap.add_argument("--fit-on", nargs="+", default=None, metavar="SUITE", help="fit on these suites' records only")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    opts = {"relation_model": None} if args.kind == "rules" else {}
    raw = Verifier(**opts)
    if args.records:
        records = [Record(**d) for d in json.loads(args.records.read_text(encoding="utf-8"))]
    else:
        records = collect(raw, args.data)
        if args.json:
            args.json.with_suffix(".records.json").write_text(json.dumps([asdict(r) for r in records]) + "\n")
    if args.fit_on:
        records = [r for r in records if r.suite in args.fit_on]
    m = fit(records)
    result: dict[str, object] = {"kind": args.kind, "fit (5-fold cross-fitted)": summary(records, cross_fitted(records))}
    for name, sets in (("corpus", load_corpus(ROOT / "benchmarks" / "corpus")), ("seeds", load_corpus(ROOT / "seeds"))):
        rs = gold_records(name, sets, raw)
        result[name] = summary(rs, _apply(m, rs))
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
