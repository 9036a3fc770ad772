"""Choose the pair model's candidate rank (top_k), cosine floor and decision probabilities on dev
(the floor and probabilities go into its ``model.json``'s ``"policy"``).

Run:  python benchmarks/tune_pair_model.py [--data ../shared/data] [--json benchmarks/results/tune_pair_model.json]

Scores every combination on the dev parts of the pair suites (``factcheck bench`` suites
that the model never trained on: SICK trial, MRPC val, the dev fifth of FNC-1, Emergent,
the NLI samples, STS, CAD-SNLI dev, negation NLI, Climate-FEVER, COVID-Fact). The gate
suites (our corpus, the seeds, the phenomenon pairs, ECB+) are not looked at: they stay a
test. Parses, embeddings and model probabilities are cached across combinations, so a grid
costs little more than one run. The objective is the mean macro-F1 over the suites.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from factcheck import Verifier
from factcheck.bench import run_suite
from factcheck.relations import ModelPolicy, ModelScorer, RuleJudge
from factcheck.relations.pair_model import PairModel
from factcheck.verifier import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]

SUITES = ["sick", "mrpc", "fnc1", "emergent", "nli", "sts", "cad_snli", "negation_nli", "climate_fever", "covidfact"]


class Memo:
    """Remembers the model's probabilities per pair, so combinations share one forward pass."""

    def __init__(self, model: PairModel) -> None:
        self.model = model
        self.name = model.name
        self.seen: dict[tuple[str, str], np.ndarray] = {}

    def predict_proba(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        keys = list(zip(a, b, strict=True))
        todo = sorted({k for k in keys if k not in self.seen})
        if todo:
            probs = self.model.predict_proba([k[0] for k in todo], [k[1] for k in todo])
            self.seen.update(zip(todo, probs, strict=True))
        return np.array([self.seen[k] for k in keys], np.float32).reshape(len(keys), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--top-k", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--floor", type=float, nargs="+", default=[0.2, 0.35, 0.5])
    ap.add_argument("--conflict", type=float, nargs="+", default=[0.5, 0.6, 0.7])
    ap.add_argument("--agree", type=float, nargs="+", default=[0.5])
    args = ap.parse_args()
    memo = Memo(PairModel.load())
    rules = RuleJudge(match_threshold=DEFAULTS["match_threshold"], related_threshold=DEFAULTS["related_threshold"])
    cache = Path(tempfile.mkdtemp(prefix="factcheck-tune-")) / "cache.sqlite"
    rows = []
    for k, floor, pc, pa in itertools.product(args.top_k, args.floor, args.conflict, args.agree):
        policy = ModelPolicy(conflict_probability=pc, agree_probability=pa, min_similarity=floor)
        v = Verifier(relation_model=ModelScorer(memo, rules, policy=policy), top_k=k, cache=cache)
        t = time.perf_counter()
        scores = {s: run_suite(s, v, data=args.data).metrics for s in SUITES}
        row = {"top_k": k, "floor": floor, "conflict_probability": pc, "agree_probability": pa,
               "mean_macro_f1": round(float(np.mean([m.get("macro_f1", m["accuracy"]) for m in scores.values()])), 4),
               "mean_accuracy": round(float(np.mean([m["accuracy"] for m in scores.values()])), 4),
               "macro_f1": {s: m.get("macro_f1", m["accuracy"]) for s, m in scores.items()}, "seconds": round(time.perf_counter() - t, 1)}  # fmt: skip
        rows.append(row)
        print(json.dumps({x: row[x] for x in ("top_k", "floor", "conflict_probability", "agree_probability",
                                              "mean_macro_f1", "mean_accuracy", "seconds")}), flush=True)  # fmt: skip
    best = max(rows, key=lambda r: float(r["mean_macro_f1"]))  # type: ignore[arg-type]
    print("best:", json.dumps(best))
    if args.json:
        args.json.write_text(json.dumps({"suites": SUITES, "best": best, "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
