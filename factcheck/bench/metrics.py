"""Scores: per-label precision/recall/F1, macro-F1, accuracy and the confusion counts, and
span alignment of predicted claims to gold claims.

Example:
    >>> s = score(["agreeing", "unique"], ["agreeing", "agreeing"])
    >>> s["accuracy"], s["agreeing"]["recall"], s["conflicting"]["f1"]
    (0.5, 1.0, None)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..types import LabelledClaim, Report
from .gold import LABELS, GoldSet

__all__ = ["align", "confusion", "matched", "score"]

MISSED = "missed"


def score(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS) -> dict[str, Any]:
    """Per-label P/R/F1 plus macro-F1 (over the ``labels`` that occur) and accuracy.

    A label with no gold has ``None`` for recall and F1 (its precision is still 0.0 when it was
    predicted: every such prediction is wrong); an empty ``gold`` has ``None`` accuracy.
    A label predicted without gold counts 0 toward macro-F1, as before; ``gold_macro_f1``
    averages only the labels that have gold (Emergent's for/against macro-F1, where no pair is
    gold ``unique``).

    Example:
        >>> s = score(["agreeing", "unique"], ["agreeing", "conflicting"])
        >>> s["conflicting"]["f1"], s["conflicting"]["precision"], s["unique"]["f1"]
        (None, 0.0, 0.0)
        >>> s["macro_f1"], s["gold_macro_f1"]
        (0.3333, 0.5)
    """
    out: dict[str, Any] = {}
    f1s = []
    gold_f1s = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        # Without gold of a label its recall and F1 are undefined (None, "-" in the table), and
        # so is its precision when nothing was predicted either: never a misleading 0.0.
        out[lab] = {
            "precision": round(prec, 4) if tp + fn or fp else None,
            "recall": round(rec, 4) if tp + fn else None,
            "f1": round(f1, 4) if tp + fn else None,
            "support": tp + fn,
        }
        if tp + fn or fp:  # labels absent from gold and predictions do not count toward macro-F1
            f1s.append(f1)
        if tp + fn:
            gold_f1s.append(f1)
    out["macro_f1"] = round(sum(f1s) / len(f1s), 4) if f1s else None
    out["gold_macro_f1"] = round(sum(gold_f1s) / len(gold_f1s), 4) if gold_f1s else None
    out["accuracy"] = (
        round(sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold), 4) if gold else None
    )
    out["n"] = len(gold)
    out["confusion"] = confusion(gold, pred, labels)
    return out


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS) -> dict[str, dict[str, int]]:
    """How each gold label was predicted: ``{gold: {predicted: count}}``, for the labels that
    have gold; ``"missed"`` is a column where some gold claim had no predicted claim.

    Example:
        >>> confusion(["agreeing", "conflicting", "conflicting"], ["agreeing", "unique", "missed"])["conflicting"]
        {'agreeing': 0, 'unique': 1, 'conflicting': 0, 'missed': 1}
    """
    cols = [*labels, *([MISSED] if MISSED in pred else [])]
    pairs = list(zip(gold, pred, strict=True))
    return {g: {p: pairs.count((g, p)) for p in cols} for g in labels if g in gold}


def matched(gold: GoldSet, report: Report) -> list[LabelledClaim | None]:
    """Each gold claim's predicted claim: the one of its source that overlaps it most (None: none)."""
    out: list[LabelledClaim | None] = []
    for gc in gold.claims:
        best, best_ov = None, 0
        for pc in report.for_source(gc.source):
            ov = min(gc.end, pc.end) - max(gc.start, pc.start)
            if ov > best_ov:
                best, best_ov = pc, ov
        out.append(best)
    return out


def align(gold: GoldSet, report: Report) -> tuple[list[str], list[str], int]:
    """Each gold claim's predicted label (``"missed"`` if no predicted claim overlaps it), and
    the number of predicted claims that overlap no gold claim (extras)."""
    g_labels, p_labels = [], []
    covered: set[str] = set()
    for gc, best in zip(gold.claims, matched(gold, report), strict=True):
        g_labels.append(gc.label)
        if best is None:
            p_labels.append(MISSED)
        else:
            p_labels.append(best.label.value)
            covered.add(best.id)
    extras = 0
    for pc in report.claims:
        if pc.id in covered:
            continue
        if not any(
            g.source == pc.source and min(g.end, pc.end) > max(g.start, pc.start) for g in gold.claims
        ):
            extras += 1
    return g_labels, p_labels, extras
