"""Score pair-model folders on the dev pairs: accuracy, macro-F1 and accuracy per source.

Run:  python training/eval_pair_model.py [DIR ...] [--cache training/cache] [--source PREFIX]

Each DIR is a folder ``PairModel.load`` reads (default: the shipped model). Use it to compare
a new stage with the shipped one on the same ``dev.jsonl`` (rebuild it with
``training/pairs.py`` first); ``--source para-`` keeps the sources starting with a prefix.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from train_pair_model import CLASSES, ece, load, metrics  # this folder's script (on sys.path when run)

from factcheck.relations.pair_model import MODEL_DIR, PairModel

ROOT = Path(__file__).resolve().parents[1]


def evaluate(folder: Path, pairs: list[dict[str, str]]) -> dict[str, object]:
    """The dev metrics of the model in ``folder`` on ``pairs`` (calibrated probabilities)."""
    model = PairModel.load(folder)
    probs = model.predict_proba([p["a"] for p in pairs], [p["b"] for p in pairs])
    gold = np.array([CLASSES.index(p["label"]) for p in pairs])
    return {**metrics(np.log(probs + 1e-12), gold, [p["source"] for p in pairs]), "ece": ece(probs, gold)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=[MODEL_DIR])
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / "cache")
    ap.add_argument("--source", default="", help="keep only the sources starting with this")
    args = ap.parse_args()
    pairs = [p for p in load(args.cache / "dev.jsonl") if p["source"].startswith(args.source)]
    print(f"{len(pairs)} dev pairs", file=sys.stderr)
    print(json.dumps({str(d): evaluate(d, pairs) for d in args.dirs}, indent=1))


if __name__ == "__main__":
    main()
