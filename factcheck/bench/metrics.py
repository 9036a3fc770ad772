"""Scores: per-label precision/recall/F1, macro-F1, accuracy and the confusion counts
(scikit-learn's, with the report's conventions for labels that have no gold), and span
alignment of predicted claims to gold claims.

Example:
    >>> s = score(["agreeing", "unique"], ["agreeing", "agreeing"])
    >>> s["accuracy"], s["agreeing"]["recall"], s["conflicting"]["f1"]
    (0.5, 1.0, None)
"""

from __future__ import annotations

import warnings
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
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    labs = list(labels)
    n_pred = {lab: sum(p == lab for p in pred) for lab in labs}
    if gold:
        prec, rec, f1, support = precision_recall_fscore_support(
            list(gold), list(pred), labels=labs, average=None, zero_division=0.0
        )
    else:
        prec = rec = f1 = support = [0] * len(labs)
    out: dict[str, Any] = {}
    f1s, gold_f1s = [], []
    for k, lab in enumerate(labs):
        has_gold, predicted = int(support[k]) > 0, n_pred[lab] > 0
        # Without gold of a label its recall and F1 are undefined (None, "-" in the table), and
        # so is its precision when nothing was predicted either: never a misleading 0.0.
        out[lab] = {
            "precision": round(float(prec[k]), 4) if has_gold or predicted else None,
            "recall": round(float(rec[k]), 4) if has_gold else None,
            "f1": round(float(f1[k]), 4) if has_gold else None,
            "support": int(support[k]),
        }
        if has_gold or predicted:  # labels absent from gold and predictions do not count toward macro-F1
            f1s.append(float(f1[k]))
        if has_gold:
            gold_f1s.append(float(f1[k]))
    out["macro_f1"] = round(sum(f1s) / len(f1s), 4) if f1s else None
    out["gold_macro_f1"] = round(sum(gold_f1s) / len(gold_f1s), 4) if gold_f1s else None
    out["accuracy"] = round(float(accuracy_score(list(gold), list(pred))), 4) if gold else None
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
    from sklearn.metrics import confusion_matrix

    cols = [*labels, *([MISSED] if MISSED in pred else [])]
    if not gold:
        return {}
    with warnings.catch_warnings():  # one label (a binary suite's "agreeing") is a 1x1 matrix, as meant
        warnings.filterwarnings("ignore", message="A single label was found", category=UserWarning)
        m = confusion_matrix(list(gold), list(pred), labels=cols)
    return {g: {p: int(m[r][c]) for c, p in enumerate(cols)} for r, g in enumerate(cols) if g in labels and g in gold}


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
