"""Could a cheap first pass skip most of the pair model's readings? (Measured: no.)

Run:  python benchmarks/screen_pairs.py [--data ../shared/data] [--news 150] [--pairs 2000] [--json benchmarks/results/screen_pairs.json]

Most pairs the pair model reads behind the rules come out unrelated, and each reading is a
cross-encoder pass, the largest share of the pipeline's time. A first pass that screens out
pairs the model would surely call unrelated would save that time, if it kept the model's
verdicts. Two first passes are measured:

- **features**: a logistic regression and a gradient-boosted classifier (scikit-learn) over
  what the rules compute anyway (cosine, shared content words, names, figures, negation and
  antonym cues), five folds by set;
- **int8**: the same pair model with its linear layers in dynamic int8 (PyTorch), whose
  "agrees" or "conflicts" probability decides what the float32 model reads again.

For each, the share of readings that must still go to the model to keep 99.5%, 99%, 97% or
95% of its verdicts (a reading is a *verdict* when the scorer calls the pair agreeing or
conflicting). Sets come from the training parts of ``../shared/data`` only: FNC-1 bodies of
one story (outside :func:`~factcheck.bench.external.in_dev`), two or three per set, cut
to ``--chars`` characters; and the train pairs of the pair datasets as two one-sentence
articles. The corpus, the seeds and the suites' dev parts are not read.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))
from factcheck import Article, Verifier  # noqa: E402
from factcheck.bench.external import PAIR_LOADERS, fnc1_bodies, in_dev  # noqa: E402
from factcheck.bench.suites import pair_sets  # noqa: E402
from factcheck.relations import CandidatePair  # noqa: E402
from factcheck.relations import scorer as scorer_mod  # noqa: E402
from factcheck.relations.actors import clash_of  # noqa: E402
from factcheck.relations.facts import as_facts  # noqa: E402
from factcheck.relations.polarity import clash_of as antonym_clash_of  # noqa: E402
from factcheck.relations.polarity import share  # noqa: E402
from factcheck.relations.quantities import compare  # noqa: E402
from factcheck.types import Relation  # noqa: E402

PAIR_SOURCES = ("sick", "cad_snli", "negation_nli", "climate_fever", "covidfact", "fnc1", "emergent", "sts")
RECALLS = (0.995, 0.99, 0.97, 0.95)


def features(pair: CandidatePair) -> list[float]:
    """What the rules know of a pair without the model (symmetric in its two claims)."""
    a, b = as_facts(pair.a.statement), as_facts(pair.b.statement)
    drop = a.quantity_words | b.quantity_words
    wa, wb = a.content(drop), b.content(drop)
    shared = set(a.names) & set(b.names)
    cmp = compare(a.quantities, b.quantities) if a.quantities and b.quantities else None
    sim = pair.similarity
    return [
        sim,
        max(0.0, sim - 0.5),
        max(0.0, sim - 0.65),
        max(sim, pair.item_similarity or 0.0),
        pair.margin,
        share(wa, wb),
        len(wa & wb) / len(wa | wb) if wa | wb else 0.0,
        math.log1p(min(len(wa), len(wb))),
        math.log1p(max(len(wa), len(wb))),
        min(len(shared), 3),
        min(len(set(a.names) ^ set(b.names)), 4),
        float(clash_of(a.text, a.names, b.text, b.names) is not None),
        min(len(cmp.agreements), 2) if cmp else 0.0,
        min(len(cmp.conflicts), 2) if cmp else 0.0,
        float(bool(a.quantities) and bool(b.quantities)),
        float(bool(a.negations) != bool(b.negations)),
        float(antonym_clash_of(a.predicates, b.predicates) is not None),
        float(pair.own is not None),
    ]


def _cut(text: str, chars: int) -> str:
    """The first ``chars`` characters of ``text``, ended at the last sentence end before them."""
    if len(text) <= chars:
        return text
    head = text[:chars]
    end = max(head.rfind(". "), head.rfind(".\n"))
    return head[: end + 1] if end > 0 else head


def news_sets(data: Path, n: int, chars: int, rng: random.Random) -> list[tuple[str, list[Article]]]:
    """FNC-1 train bodies grouped by story (``training/pairs.py``'s :func:`fnc1_stories`): sets
    of two or three reports of one story."""
    from pairs import fnc1_stories

    bodies = {k: text for k, text in fnc1_bodies(data).items() if not in_dev("fnc1", k)}
    stories = fnc1_stories(data, {k: [text] for k, text in bodies.items()})
    rng.shuffle(stories)
    return [
        (f"news-{k}", [Article(id=f"b{b}", text=_cut(bodies[b], chars)) for b in ids[:3]])
        for k, ids in enumerate(stories[:n])
    ]


def pair_like_sets(data: Path, n: int, rng: random.Random) -> list[tuple[str, list[Article]]]:
    """Train pairs of the pair datasets (outside their dev parts), as two one-sentence articles."""
    out = []
    for name in PAIR_SOURCES:
        pairs = [p for p, dev in PAIR_LOADERS[name][0](data) if not dev and len(p[2]) < 1500]
        rng.shuffle(pairs)
        out += [(f"{name}-{s.id}", list(s.articles)) for s in pair_sets(name, pairs[: n // len(PAIR_SOURCES)])]
    return out


def collect(sets: list[tuple[str, list[Article]]], verifier: Verifier) -> dict[str, list[object]]:
    """Verify ``sets`` with the shipped defaults; every pair the model reads behind the rules."""
    rec: dict[str, list[object]] = defaultdict(list)
    current = [""]
    judge = scorer_mod.ModelScorer._judge

    def recording(self, pairs, probs):  # type: ignore[no-untyped-def]
        out = judge(self, pairs, probs)
        for p, j in zip(pairs, out, strict=True):
            rec["x"].append(features(p))
            rec["hit"].append(j.relation is not Relation.UNRELATED)
            rec["group"].append(current[0])
            rec["a"].append(p.a.statement)
            rec["b"].append(p.b.statement)
        return out

    scorer_mod.ModelScorer._judge = recording  # type: ignore[method-assign]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            for gid, arts in sets:
                current[0] = gid
                verifier.verify(arts)
    finally:
        scorer_mod.ModelScorer._judge = judge  # type: ignore[method-assign]
    return rec


def read_share(score: np.ndarray, hit: np.ndarray, news: np.ndarray) -> dict[str, dict[str, float]]:
    """Per recall of the verdicts: the share of readings left to the model (all, news sets)."""
    out = {}
    for r in RECALLS:
        read = score >= np.quantile(score[hit], 1 - r)
        out[str(r)] = {"read": round(float(read.mean()), 4), "read_news": round(float(read[news].mean()), 4)}
    return out


def feature_screens(x: np.ndarray, hit: np.ndarray, groups: list[str], news: np.ndarray) -> dict[str, object]:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    z = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    names = sorted(set(groups))
    fold_of = {g: k % 5 for k, g in enumerate(random.Random(0).sample(names, len(names)))}
    folds = np.array([fold_of[g] for g in groups])
    out: dict[str, object] = {}
    makers = {
        "logistic_regression": lambda: LogisticRegression(max_iter=3000),
        "gradient_boosting": lambda: HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, random_state=0),
    }
    for name, make in makers.items():
        oof = np.zeros(len(hit))
        for f in range(5):
            m = make().fit(z[folds != f], hit[folds != f])
            oof[folds == f] = m.predict_proba(z[folds == f])[:, 1]
        out[name] = read_share(oof, hit, news)
    return out


def int8_screen(verifier: Verifier, a: list[str], b: list[str], hit: np.ndarray, news: np.ndarray) -> dict[str, object]:
    import torch

    pm = verifier.scorer_.model  # type: ignore[attr-defined]
    t = time.perf_counter()
    p32 = pm.predict_proba(a, b)
    s32 = time.perf_counter() - t
    fp32 = pm.model
    pm.model = torch.ao.quantization.quantize_dynamic(fp32, {torch.nn.Linear}, dtype=torch.qint8)
    try:
        t = time.perf_counter()
        p8 = pm.predict_proba(a, b)
        s8 = time.perf_counter() - t
    finally:
        pm.model = fp32
    shares = read_share(np.maximum(p8[:, 0], p8[:, 1]), hit, news)
    for v in shares.values():  # int8 for every pair, then float32 again for those it lets through
        v["cost_vs_float32"] = round(s8 / s32 + v["read"], 3)
    return {
        "float32_pairs_per_s": round(len(a) / s32, 1),
        "int8_pairs_per_s": round(len(a) / s8, 1),
        "unrelated_probability_mean_abs_diff": round(float(np.abs(p8[:, 2] - p32[:, 2]).mean()), 4),
        "by_recall": shares,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--news", type=int, default=150, help="FNC-1 story sets")
    ap.add_argument("--chars", type=int, default=1500, help="characters kept of each body")
    ap.add_argument("--pairs", type=int, default=2000, help="sentence-pair sets, across the pair datasets")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sets = news_sets(args.data, args.news, args.chars, rng) + pair_like_sets(args.data, args.pairs, rng)
    verifier = Verifier()
    t = time.perf_counter()
    rec = collect(sets, verifier)
    secs = time.perf_counter() - t
    hit = np.array(rec["hit"], bool)
    groups = [str(g) for g in rec["group"]]
    news = np.array([g.startswith("news") for g in groups])
    result = {
        "sets": len(sets),
        "seconds": round(secs, 1),
        "readings": len(hit),
        "verdicts": int(hit.sum()),
        "readings_news": int(news.sum()),
        "verdicts_news": int(hit[news].sum()),
        "features": feature_screens(np.array(rec["x"], np.float64), hit, groups, news),
        "int8": int8_screen(verifier, [str(x) for x in rec["a"]], [str(x) for x in rec["b"]], hit, news),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
