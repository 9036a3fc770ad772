"""Rewrite a pair-model folder's int8 changes at low rank, so the shipped file stays small.

Run:  python training/lowrank_adapter.py SRC OUT [--rank 96] [--check 1500]

Each trained encoder matrix stored as an int8 change from the base (``name.delta_int8``) is
cut to ``--rank`` by SVD and stored as two int8 factors (``pair_model.lowrank_delta``); every
other tensor is copied. ``model.json`` is copied with the storage, the rank and, where
``training/cache/dev.jsonl`` exists, the new file's dev metrics and how often its most
probable class is the source's on the first ``--check`` dev pairs. The last step of
``training/train.sh``: version 3 trained as int8 changes is 10.5 MiB, rank 96 about 4.4 MB.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--rank", type=int, default=96)
    ap.add_argument("--check", type=int, default=1500, help="dev pairs to compare the two files on (0: none)")
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / "cache")
    args = ap.parse_args()
    import torch
    from safetensors.torch import load_file, save_file

    from factcheck.relations.pair_model import (
        DELTA,
        FORMAT,
        LOW_U,
        LOW_U_SCALE,
        LOW_V,
        LOW_V_SCALE,
        SCALE,
        PairModel,
        lowrank_delta,
    )  # fmt: skip

    tensors = load_file(str(args.src / "adapter.safetensors"))
    out: dict[str, torch.Tensor] = {}
    for key, value in tensors.items():
        if key.endswith(DELTA):
            name = key.removesuffix(DELTA)
            delta = value.float() * tensors[name + SCALE].float()[:, None]
            u, us, v, vs = lowrank_delta(delta, torch.zeros(1), args.rank)
            out |= {name + LOW_U: u, name + LOW_U_SCALE: us, name + LOW_V: v, name + LOW_V_SCALE: vs}
        elif not key.endswith(SCALE):
            out[key] = value
    card = json.loads((args.src / "model.json").read_text(encoding="utf-8"))
    card["storage"] = (
        f"float16; each trained encoder matrix's change from the base weights cut to rank {args.rank} (SVD) "
        "as two int8 factors with a float16 scale per row"
    )
    card["delta_rank"] = args.rank
    args.out.mkdir(parents=True, exist_ok=True)
    save_file(out, str(args.out / "adapter.safetensors"), metadata={"format": FORMAT})
    (args.out / "model.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    size = (args.out / "adapter.safetensors").stat().st_size
    print(f"rank {args.rank}: {size:,} bytes (from {(args.src / 'adapter.safetensors').stat().st_size:,})")
    dev_file = args.cache / "dev.jsonl"
    if args.check and dev_file.is_file():
        from train_pair_model import CLASSES, ece, load, metrics

        pairs = load(dev_file)[: args.check]
        gold = np.array([CLASSES.index(p["label"]) for p in pairs])
        a, b = [p["a"] for p in pairs], [p["b"] for p in pairs]
        before = PairModel.load(args.src).predict_proba(a, b)
        after = PairModel.load(args.out).predict_proba(a, b)
        m = metrics(np.log(after + 1e-12), gold, [p["source"] for p in pairs])
        same = float((before.argmax(1) == after.argmax(1)).mean())
        card["lowrank_check"] = {
            "pairs": len(pairs),
            "same_class_as_full": round(same, 4),
            "accuracy_full": round(float((before.argmax(1) == gold).mean()), 4),
            "accuracy": m["accuracy"],
            "macro_f1": m["macro_f1"],
            "ece": ece(after, gold),
        }
        (args.out / "model.json").write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(card["lowrank_check"]))


if __name__ == "__main__":
    main()
