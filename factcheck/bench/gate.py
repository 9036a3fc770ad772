"""The regression gate: compare benchmark metrics with a committed baseline.

A metric fails when it falls below its baseline by more than ``tolerance``. Speed is reported
but never gated (it depends on the machine).

Example:
    >>> compare({"corpus": {"macro_f1": 0.80}}, {"corpus": {"macro_f1": 0.85}}, tolerance=0.01)
    ['corpus: macro_f1 fell from 0.8500 (baseline) to 0.8000 (now), beyond the tolerance 0.01']
"""

from __future__ import annotations

from typing import Any

__all__ = ["GATED", "compare", "gated_metrics"]

GATED = ("macro_f1", "accuracy", "agreeing.f1", "unique.f1", "conflicting.f1")


def gated_metrics(metrics: dict[str, Any]) -> dict[str, float]:
    """The metrics the gate watches, flattened (``"agreeing.f1"``), those present only."""
    out: dict[str, float] = {}
    for key in GATED:
        node: Any = metrics
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, (int, float)):
            out[key] = float(node)
    for grp, g in (metrics.get("groups") or {}).items():
        out[f"groups.{grp}.accuracy"] = float(g["accuracy"])
    return out


def compare(
    now: dict[str, dict[str, float]], baseline: dict[str, dict[str, float]], *, tolerance: float
) -> list[str]:
    """Messages for every gated metric that fell beyond ``tolerance`` (empty list: pass)."""
    fails = []
    for suite, base in sorted(baseline.items()):
        if suite not in now:
            continue
        for metric, b in sorted(base.items()):
            n = now[suite].get(metric)
            if n is not None and n < b - tolerance:
                fails.append(
                    f"{suite}: {metric} fell from {b:.4f} (baseline) to {n:.4f} (now), beyond the tolerance {tolerance}"
                )
    return fails
