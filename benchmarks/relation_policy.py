"""Who decides a pair, the rules or the pair model? Every policy on every suite, in one run.

Run:  python benchmarks/relation_policy.py [--model DIR ...] [--suite NAME ...] [--json out.json]

Policies (``ModelScorer`` settings; ``p`` is the calibrated probability a model call needs):

- ``rules``: the rules and the cosine alone (``relation_model=None``);
- ``behind@p``: the rules judge first, the model decides only the pairs they leave unrelated;
- ``rule-conflicts@p``: a rule's conflict stands, the model decides everything else;
- ``model@p``: the model decides every pair, the rules only explain.

``--p`` takes ``c`` (one probability for both calls), ``c:a`` (conflict, agreement) or
``c:a:o`` (``o``: the conflict probability that overrides a rule's agreement, ``behind`` only).
``--veto`` adds each policy again with model agreements stopped where the facts differ
(``agree_vetoes``): ``facts`` (a figure, date or name), ``all`` (any difference a rule names).
``--dismiss`` adds each policy again with rule agreements undone where the model puts
"unrelated" at that probability (``dismiss_probability``, ``behind`` only).
``--aligned`` adds each policy again with the figure test at ``p`` or ``p:s``
(``aligned_probability``, ``aligned_support``; ``none``: off): a pair whose figures differ is
a conflict where the model reads the two as one statement once the figures are aligned.
``--only`` keeps the named policy kinds (``behind``, ``rule-conflicts``, ``model``).

Each ``--model`` folder (default: the shipped one) is scored under every model policy.
Parses and embeddings are cached across policies and the model's probabilities are
remembered per pair, so each extra policy costs the rules and the labelling only. Prints one
row per policy and suite (the suite's headline metric) and writes every gated metric with
``--json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from tune_pair_model import Memo  # noqa: E402

from factcheck import Verifier  # noqa: E402
from factcheck.bench import run_suite  # noqa: E402
from factcheck.bench.gate import compare, gated_metrics  # noqa: E402
from factcheck.bench.suites import Skip  # noqa: E402
from factcheck.relations import ModelScorer, RuleJudge  # noqa: E402
from factcheck.relations.pair_model import MODEL_DIR, PairModel  # noqa: E402
from factcheck.relations.rules import CONFLICT_KINDS  # noqa: E402
from factcheck.relations.scorer import PairScorer  # noqa: E402
from factcheck.verifier import DEFAULTS  # noqa: E402

NEWS = ["seeds", "corpus", "phenomena", "ecbplus"]
PAIRS = ["sick", "cad_snli", "fnc1", "emergent", "nli", "negation_nli", "climate_fever", "covidfact", "mrpc", "sts",
         "claimdiff", "summac", "wice"]  # fmt: skip
#: reported beside the gated metrics
EXTRA = ("distractor_false_match_rate",)
VETOES = {
    "none": frozenset[str](),
    "facts": frozenset({"number", "percentage", "year", "date", "time", "weekday", "actor"}),
    "all": CONFLICT_KINDS,
    "figures": frozenset({"number", "percentage"}),
}
#: the policy kinds, in the order rows are printed
KINDS = ("behind", "rule-conflicts", "model")


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
        return f"{m.get('agreeing.f1', 0):.3f}(fm {m.get('distractor_false_match_rate', 0):.3f})"
    return f"{m['accuracy']:.3f}"


def policies(
    models: list[Path], probs: list[str], vetoes: list[str], only: list[str],
    explained: Sequence[str] = ("none",), confirmed: Sequence[str] = ("none",), dismiss: Sequence[str] = ("none",),
    aligned: Sequence[str] = ("none",),
) -> list[tuple[str, PairScorer | None]]:
    rules = RuleJudge(match_threshold=DEFAULTS["match_threshold"], related_threshold=DEFAULTS["related_threshold"],
                      min_overlap=DEFAULTS["min_overlap"])  # fmt: skip
    out: list[tuple[str, PairScorer | None]] = [("rules", None)]
    for path in models:
        memo = Memo(PairModel.load(path))
        tag = "" if path == MODEL_DIR else f"[{path.name}]"
        for spec in probs:
            c, _, rest = spec.partition(":")
            a, _, o = rest.partition(":")
            for veto, ex, conf, dis, al in itertools.product(vetoes, explained, confirmed, dismiss, aligned):
                e_p, _, e_kinds = ex.partition(":")
                al_p, _, al_s = al.partition(":")
                kw: dict[str, object] = {
                    "conflict_probability": float(c), "agree_probability": float(a or c), "agree_vetoes": VETOES[veto],
                    "explained_probability": None if e_p == "none" else float(e_p),
                    "confirmed_probability": None if conf == "none" else float(conf),
                    "aligned_probability": None if al_p == "none" else float(al_p),
                }  # fmt: skip
                if e_kinds:
                    kw["explained_kinds"] = VETOES[e_kinds]
                if al_s:
                    kw["aligned_support"] = float(al_s)
                over: dict[str, object] = {"override_probability": float(o)} if o else {}
                if dis != "none":
                    over["dismiss_probability"] = float(dis)
                v = "".join(
                    f"+{name}:{x}" for name, x in (("veto", veto), ("explained", ex), ("confirmed", conf), ("dismiss", dis), ("aligned", al))
                    if x != "none"
                )
                options = {
                    "behind": {"rules_first": True, **over},
                    "rule-conflicts": {"rule_kinds": CONFLICT_KINDS},
                    "model": {},
                }
                out += [
                    (f"{k}@{spec}{v}{tag}", ModelScorer(memo, rules, **kw, **extra))  # type: ignore[arg-type]
                    for k, extra in options.items()
                    if k in only
                ]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--model", type=Path, nargs="+", default=[MODEL_DIR])
    ap.add_argument("--p", nargs="+", default=["0.5", "0.9"], help="decision probabilities: c, c:a or c:a:o")
    ap.add_argument("--veto", nargs="+", choices=sorted(VETOES), default=["none"])
    ap.add_argument("--explained", nargs="+", default=["none"],
                    help=f"explained_probability[:kinds] (kinds: {', '.join(sorted(VETOES))}), or none")  # fmt: skip
    ap.add_argument("--confirmed", nargs="+", default=["none"],
                    help="confirmed_probability (a model agreement on a shared figure), or none")  # fmt: skip
    ap.add_argument("--dismiss", nargs="+", default=["none"],
                    help="dismiss_probability (the model's 'unrelated' undoing a rule agreement; behind only), or none")  # fmt: skip
    ap.add_argument("--aligned", nargs="+", default=["none"],
                    help="aligned_probability[:aligned_support] (the figure test), or none")  # fmt: skip
    ap.add_argument("--candidates", nargs="+", default=["default"],
                    help="top_k:candidate_floor of the verifier, or default")  # fmt: skip
    ap.add_argument("--only", nargs="+", choices=KINDS, default=list(KINDS))
    ap.add_argument("--no-rules", action="store_true", help="skip the rules-only row")
    ap.add_argument("--baseline", type=Path, default=ROOT / "benchmarks" / "baseline.json",
                    help="count each policy's gated metrics that fall below it (tolerance 0.01)")  # fmt: skip
    ap.add_argument("--suite", nargs="+", default=NEWS + PAIRS)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="factcheck-policy-")) / "cache.sqlite"
    rows: dict[str, dict[str, dict[str, float]]] = {}
    base = json.loads(args.baseline.read_text(encoding="utf-8"))["suites"] if args.baseline.is_file() else {}
    print("policy".ljust(40), *(s[:14].ljust(16) for s in args.suite), flush=True)
    for (name, scorer), cand in itertools.product(
        policies(args.model, args.p, args.veto, args.only, args.explained, args.confirmed, args.dismiss, args.aligned),
        args.candidates,
    ):
        if args.no_rules and scorer is None:
            continue
        k, _, floor = cand.partition(":")
        if cand != "default":
            name += f"+k{k}:{floor}"
        opts = {} if cand == "default" else {"top_k": int(k), "candidate_floor": float(floor)}
        v = Verifier(relation_model=scorer, cache=cache, **opts)  # type: ignore[arg-type]
        t = time.perf_counter()
        row: dict[str, dict[str, float]] = {}
        for s in args.suite:
            try:
                m = run_suite(s, v, data=args.data).metrics
                row[s] = gated_metrics(m) | {k: m[k] for k in EXTRA if k in m}
            except Skip:
                continue
        rows[name] = row
        cells = [headline(s, row[s]).ljust(16) if s in row else "-".ljust(16) for s in args.suite]
        fails = compare(row, base, tolerance=0.01) if base else []
        print(name.ljust(40), *cells, f"{time.perf_counter() - t:.0f}s", f"{len(fails)} below baseline", flush=True)
        for f in fails:
            print("   ", f, flush=True)
    if args.json:
        args.json.write_text(json.dumps({"suites": args.suite, "rows": rows}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
