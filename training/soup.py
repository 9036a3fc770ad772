"""Average the weights of pair models fine-tuned from one another (a "model soup").

Run:  python training/soup.py OUT DIR DIR ... [--weights 0.5 0.5] [--cache training/cache]

Each DIR is a folder ``PairModel.load`` reads (``training/cache/stage5`` and ``stage6``: the
second is one more epoch from the first, so both lie in one basin and their mean is a model
too; Wortsman et al. 2022). The mean of the full weights is written as ``train_pair_model``
writes a stage (each trained encoder matrix as an int8 change from the packaged base, the
rest float16), with a temperature fitted again on ``dev.jsonl`` and the dev metrics in
``model.json``. Inference costs what one model costs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from transformers import BertForSequenceClassification

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))
from train_pair_model import CLASSES, dev_summary, export, fit_temperature, load  # noqa: E402

from factcheck.relations.pair_model import PairModel, base_path  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--weights", nargs="*", type=float, help="one per DIR (default: equal)")
    ap.add_argument("--version", default="3.1")
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / "cache")
    args = ap.parse_args()
    weights = args.weights or [1.0 / len(args.dirs)] * len(args.dirs)
    if len(weights) != len(args.dirs) or abs(sum(weights) - 1.0) > 1e-6:
        raise SystemExit(f"--weights must give one weight per folder, summing to 1; got {weights}")
    models = [PairModel.load(d) for d in args.dirs]
    soup = models[0]
    params = [dict(m.model.named_parameters()) for m in models]
    cards = [json.loads((d / "model.json").read_text(encoding="utf-8")) for d in args.dirs]
    trained = tuple(cards[0]["trained"])
    plain = BertForSequenceClassification.from_pretrained(str(base_path()), num_labels=3)
    base = {n: p.detach().clone() for n, p in plain.named_parameters()}
    with torch.no_grad():
        for name, p in params[0].items():
            p.requires_grad_(name.startswith(trained))
            if name.startswith(trained):
                p.copy_(sum(w * ps[name].detach().float() for w, ps in zip(weights, params, strict=True)))
    dev = load(args.cache / "dev.jsonl")
    gold = np.array([CLASSES.index(p["label"]) for p in dev])
    soup.temperature = 1.0
    logits = soup.logits([p["a"] for p in dev], [p["b"] for p in dev])
    temp = fit_temperature(logits, gold)
    record = {
        **{k: cards[0][k] for k in ("format", "classes", "base", "trained", "max_length")},
        "storage": "float16; each trained encoder matrix as an int8 change from the base weights with a float16 scale per row",
        "version": args.version,
        "temperature": round(temp, 4),
        "dev": dev_summary(logits, gold, [p["source"] for p in dev], temp),
        "training": {
            "soup_of": [str(d) for d in args.dirs],
            "weights": weights,
            "parts": [c.get("training") for c in cards],
        },
    }
    export(soup.model, args.out, record, base)
    print(json.dumps(record["dev"], indent=1))


if __name__ == "__main__":
    main()
