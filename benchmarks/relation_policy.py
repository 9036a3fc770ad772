"""Who decides a pair, the rules or the pair model? Every policy on every suite, in one run.

Run:  python benchmarks/relation_policy.py [--model DIR ...] [--suite NAME ...] [--json out.json]

Policies (``ModelScorer`` settings; ``p`` is the calibrated probability a model call needs):

- ``rules``: the rules and the cosine alone (``relation_model=None``);
- ``behind@p``: the rules judge first, the model decides only the pairs they leave unrelated;
- ``rule-conflicts@p``: a rule's conflict stands, the model decides everything else;
- ``model@p``: the model decides every pair, the rules only explain.

Each ``--model`` folder (default: the shipped one) is scored under every model policy.
Parses and embeddings are cached across policies and the model's probabilities are
remembered per pair, so each extra policy costs the rules and the labelling only. Prints one
row per policy and suite (the suite's headline metric) and writes every gated metric with
``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from tune_pair_model import Memo  # noqa: E402

from factcheck import Verifier  # noqa: E402
from factcheck.bench import run_suite  # noqa: E402
from factcheck.bench.gate import gated_metrics  # noqa: E402
from factcheck.bench.suites import Skip  # noqa: E402
from factcheck.relations import ModelScorer, RuleJudge  # noqa: E402
from factcheck.relations.pair_model import MODEL_DIR, PairModel  # noqa: E402
from factcheck.relations.scorer import PairScorer  # noqa: E402
from factcheck.verifier import DEFAULTS  # noqa: E402

NEWS = ["seeds", "corpus", "phenomena", "ecbplus"]
PAIRS = ["sick", "cad_snli", "fnc1", "emergent", "nli", "negation_nli", "climate_fever", "covidfact", "mrpc", "sts"]
#: every conflict kind a rule names
RULE_KINDS = frozenset({"number", "percentage", "year", "date", "time", "weekday", "negation", "antonym", "actor"})


def headline(suite: str, m: dict[str, float]) -> str:
    if suite == "corpus":
        return f"{m['macro_f1']:.3f}/{m.get('conflicting.f1', 0):.3f}"
    if suite == "phenomena":
        kinds = [v for k, v in m.items() if k.startswith("groups.")]
        return f"{m['accuracy']:.3f}(min {min(kinds):.2f})" if kinds else f"{m['accuracy']:.3f}"
    if suite in ("emergent", "climate_fever", "covidfact"):
        return f"{m.get('macro_f1', m['accuracy']):.3f}"
    if suite == "fnc1":
        return f"{m['accuracy']:.3f}(dis {m.get('groups.fnc1-disagree.accuracy', 0):.2f})"
    if suite == "ecbplus":
        return f"{m.get('agreeing.f1', 0):.3f}"
    return f"{m['accuracy']:.3f}"


def policies(models: list[Path], probs: list[float]) -> list[tuple[str, PairScorer | None]]:
    rules = RuleJudge(match_threshold=DEFAULTS["match_threshold"], related_threshold=DEFAULTS["related_threshold"],
                      min_overlap=DEFAULTS["min_overlap"])  # fmt: skip
    out: list[tuple[str, PairScorer | None]] = [("rules", None)]
    for path in models:
        memo = Memo(PairModel.load(path))
        tag = "" if path == MODEL_DIR else f"[{path.name}]"
        for p in probs:
            kw = {"conflict_probability": p, "agree_probability": p}
            out += [
                (f"behind@{p}{tag}", ModelScorer(memo, rules, rules_first=True, **kw)),
                (f"rule-conflicts@{p}{tag}", ModelScorer(memo, rules, rule_kinds=RULE_KINDS, **kw)),
                (f"model@{p}{tag}", ModelScorer(memo, rules, **kw)),
            ]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--model", type=Path, nargs="+", default=[MODEL_DIR])
    ap.add_argument("--p", type=float, nargs="+", default=[0.5, 0.9], help="decision probabilities")
    ap.add_argument("--suite", nargs="+", default=NEWS + PAIRS)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="factcheck-policy-")) / "cache.sqlite"
    rows: dict[str, dict[str, dict[str, float]]] = {}
    print("policy".ljust(30), *(s[:14].ljust(16) for s in args.suite), flush=True)
    for name, scorer in policies(args.model, args.p):
        v = Verifier(relation_model=scorer, cache=cache)
        t = time.perf_counter()
        row: dict[str, dict[str, float]] = {}
        for s in args.suite:
            try:
                row[s] = gated_metrics(run_suite(s, v, data=args.data).metrics)
            except Skip:
                continue
        rows[name] = row
        cells = [headline(s, row[s]).ljust(16) if s in row else "-".ljust(16) for s in args.suite]
        print(name.ljust(30), *cells, f"{time.perf_counter() - t:.0f}s", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"suites": args.suite, "rows": rows}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
