"""Where the rules and the pair model disagree on dev, who is right? And is the model calibrated?

Run:  python training/rule_vs_model.py [--model factcheck/data/pair_model] [--json out.json] [--svg docs/reliability.svg]

On the dev pairs (``training/cache/dev.jsonl``, never trained on): each pair's cosine from the
packaged embedder, the rules' judgement at that cosine, and the model's calibrated
probabilities. Prints, for each conflict kind a rule calls, how often the rule and the model
are right on those pairs (the rule stands over the model only for kinds where it is right more
often: ``RULE_KINDS_OVER_MODEL``), dev metrics for a few conflict thresholds, and the expected
calibration error with a reliability diagram (SVG).
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from factcheck.embed import resolve_embedder
from factcheck.relations import RuleJudge
from factcheck.relations.pair_model import CLASSES, MODEL_DIR, PairModel
from factcheck.verifier import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]


def reliability_svg(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> str:
    """A reliability diagram: accuracy against confidence per bin, bar width by count."""
    w, h, pad = 360, 360, 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w + 2 * pad}" height="{h + 2 * pad}" font-family="sans-serif" font-size="11">',
             f'<rect x="{pad}" y="{pad}" width="{w}" height="{h}" fill="none" stroke="#888"/>',
             f'<line x1="{pad}" y1="{pad + h}" x2="{pad + w}" y2="{pad}" stroke="#bbb" stroke-dasharray="4"/>']  # fmt: skip
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in itertools.pairwise(edges):
        m = (conf > lo) & (conf <= hi)
        if not m.any():
            continue
        acc = float(correct[m].mean())
        x, bw = pad + lo * w, (hi - lo) * w
        parts.append(f'<rect x="{x + 1:.1f}" y="{pad + h * (1 - acc):.1f}" width="{bw - 2:.1f}" '
                     f'height="{h * acc:.1f}" fill="#4a7fb5" opacity="0.8"/>')  # fmt: skip
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{pad + h - 4:.1f}" text-anchor="middle" fill="#fff">{int(m.sum())}</text>')
    for k in range(6):
        v = k / 5
        parts.append(f'<text x="{pad + v * w:.1f}" y="{pad + h + 15}" text-anchor="middle">{v:.1f}</text>')
        parts.append(f'<text x="{pad - 6}" y="{pad + h * (1 - v) + 4:.1f}" text-anchor="end">{v:.1f}</text>')
    parts.append(f'<text x="{pad + w / 2}" y="{pad + h + 32}" text-anchor="middle">confidence (calibrated max probability)</text>')
    parts.append(f'<text x="12" y="{pad + h / 2}" transform="rotate(-90 12 {pad + h / 2})" text-anchor="middle">accuracy</text>')
    parts.append(f'<text x="{pad + w / 2}" y="{pad - 12}" text-anchor="middle">pair model on dev: reliability (numbers: pairs per bin)</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def ece(conf: np.ndarray, correct: np.ndarray, bins: int = 15) -> float:
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += float(m.mean()) * abs(float(correct[m].mean()) - float(conf[m].mean()))
    return round(total, 4)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / "cache")
    ap.add_argument("--model", type=Path, default=MODEL_DIR)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--svg", type=Path, default=None)
    args = ap.parse_args()
    dev = [json.loads(x) for x in (args.cache / "dev.jsonl").read_text(encoding="utf-8").splitlines() if x]
    gold = np.array([CLASSES.index(p["label"]) for p in dev])
    a, b = [p["a"] for p in dev], [p["b"] for p in dev]
    emb = resolve_embedder(None)
    u, v = emb.encode(a), emb.encode(b)
    cos = np.round(np.sum(u * v, axis=1), 4)
    probs = PairModel.load(args.model).predict_proba(a, b)
    pred = probs.argmax(1)
    rules = RuleJudge(match_threshold=DEFAULTS["match_threshold"], related_threshold=DEFAULTS["related_threshold"])
    by_kind: dict[str, list[int]] = defaultdict(list)
    rule_pred = np.zeros(len(dev), int)
    for k in range(len(dev)):
        j = rules.judge(a[k], b[k], similarity=float(cos[k]))
        rule_pred[k] = CLASSES.index(j.relation.value)
        if j.relation.value == "conflicts":
            by_kind[str(j.kind)].append(k)
    kinds = {}
    for kind, idx in sorted(by_kind.items()):
        ix = np.array(idx)
        kinds[kind] = {
            "n": len(idx),
            "rule_right": round(float((gold[ix] == 1).mean()), 4),
            "model_right": round(float((pred[ix] == gold[ix]).mean()), 4),
            "model_says_conflict": round(float((pred[ix] == 1).mean()), 4),
        }
    thresholds = {}
    for t in (0.4, 0.5, 0.6, 0.7, 0.8):
        p2 = pred.copy()
        p2[(p2 == 1) & (probs[:, 1] < t)] = 2
        f1 = []
        for c in range(3):
            tp = int(((p2 == c) & (gold == c)).sum())
            prec, rec = tp / max(1, int((p2 == c).sum())), tp / max(1, int((gold == c).sum()))
            f1.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
        thresholds[str(t)] = {"accuracy": round(float((p2 == gold).mean()), 4), "macro_f1": round(float(np.mean(f1)), 4),
                              "conflict_f1": round(f1[1], 4)}  # fmt: skip
    conf = probs.max(1)
    correct = (pred == gold).astype(float)
    out = {
        "pairs": len(dev),
        "rules_accuracy": round(float((rule_pred == gold).mean()), 4),
        "model_accuracy": round(float(correct.mean()), 4),
        "rule_conflict_kinds": kinds,
        "conflict_thresholds": thresholds,
        "ece": ece(conf, correct),
    }
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    if args.svg:
        args.svg.write_text(reliability_svg(conf, correct), encoding="utf-8")


if __name__ == "__main__":
    main()
