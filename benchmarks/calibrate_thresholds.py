"""Calibrate the matching thresholds on real news pairs (MRPC, STS headlines).

Run:  python benchmarks/calibrate_thresholds.py [--data ../shared/data] [--json out.json]

* ``match_threshold``: the cosine above which two claims state the same fact. Chosen to
  maximise accuracy of "paraphrase" vs "not" on MRPC train (news sentence pairs whose
  negatives are mostly same-event, different-content: exactly what must not match), then
  checked on MRPC val and on STS headlines (>= 4 same, <= 1 unrelated).
* ``related_threshold``: the cosine above which two claims are about the same thing (the
  candidates the relation stage checks for conflicts). Chosen on STS headlines as the value
  that keeps 95% of the pairs scored >= 3 (same event, details may differ) above it.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np

from factcheck.embed import SentenceTransformerEmbedder


def read_mrpc(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    a, b, y = [], [], []
    with path.open(encoding="utf-8-sig") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 5 or row[0] not in ("0", "1"):
                continue
            y.append(int(row[0]))
            a.append(row[3])
            b.append(row[4])
    return a, b, np.array(y)


def read_sts(folder: Path) -> tuple[list[str], list[str], np.ndarray]:
    a, b, y = [], [], []
    for f in sorted(folder.glob("*.tsv")):
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 3 or not parts[0].strip():
                    continue
                try:
                    score = float(parts[0])
                except ValueError:
                    continue
                y.append(score)
                a.append(parts[1])
                b.append(parts[2])
    return a, b, np.array(y)


def cosines(emb: SentenceTransformerEmbedder, a: list[str], b: list[str]) -> np.ndarray:
    va, vb = emb.encode(a), emb.encode(b)
    return np.sum(va * vb, axis=1)


def best_threshold(sim: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    grid = np.round(np.arange(0.40, 0.96, 0.01), 2)
    accs = [float(np.mean((sim >= t) == (y == 1))) for t in grid]
    i = int(np.argmax(accs))
    return float(grid[i]), accs[i]


def f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    fp = float(np.sum(pred & (y == 0)))
    fn = float(np.sum(~pred & (y == 1)))
    return 2 * tp / max(1.0, 2 * tp + fp + fn)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    data = Path(args.data)
    emb = SentenceTransformerEmbedder()
    out: dict[str, object] = {"model": emb.name}

    a, b, y = read_mrpc(data / "mrpc" / "msr-para-train.tsv")
    sim = cosines(emb, a, b)
    thr, acc = best_threshold(sim, y)
    out["mrpc_train"] = {
        "pairs": len(y),
        "match_threshold": thr,
        "accuracy": round(acc, 4),
        "f1": round(f1(sim >= thr, y), 4),
        "majority": round(float(max(y.mean(), 1 - y.mean())), 4),
    }
    a, b, yv = read_mrpc(data / "mrpc" / "msr-para-val.tsv")
    simv = cosines(emb, a, b)
    out["mrpc_val"] = {
        "pairs": len(yv),
        "accuracy": round(float(np.mean((simv >= thr) == (yv == 1))), 4),
        "f1": round(f1(simv >= thr, yv), 4),
    }

    a, b, s = read_sts(data / "sts_headlines")
    sims = cosines(emb, a, b)
    same, unrel, related = sims[s >= 4], sims[s <= 1], sims[s >= 3]
    related_thr = float(np.floor(np.quantile(related, 0.05) * 100) / 100)
    out["sts_headlines"] = {
        "pairs": len(s),
        "same_(>=4)_above_match_threshold": round(float(np.mean(same >= thr)), 4),
        "unrelated_(<=1)_above_match_threshold": round(float(np.mean(unrel >= thr)), 4),
        "related_threshold": related_thr,
        "unrelated_(<=1)_above_related_threshold": round(float(np.mean(unrel >= related_thr)), 4),
        "median_cosine": {
            "same": round(float(np.median(same)), 3),
            "related": round(float(np.median(related)), 3),
            "unrelated": round(float(np.median(unrel)), 3),
        },
    }
    print(json.dumps(out, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
