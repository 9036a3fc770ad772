"""The regression gate: compare benchmark metrics with a committed baseline.

A metric fails when it falls below its baseline by more than ``tolerance``. Speed is reported
but never gated (it depends on the machine). A gate must also have run what it gates:
:func:`check_coverage` fails when a baseline suite that was asked for did not run.

Example:
    >>> compare({"corpus": {"macro_f1": 0.80}}, {"corpus": {"macro_f1": 0.85}}, tolerance=0.01)
    ['corpus: macro_f1 fell from 0.8500 (baseline) to 0.8000 (now), beyond the tolerance 0.01']
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["GATED", "GateOutcome", "check_coverage", "compare", "gate", "gated_metrics", "write_baseline"]

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
    now: Mapping[str, Mapping[str, float]], baseline: Mapping[str, Mapping[str, float]], *, tolerance: float
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


def check_coverage(
    baseline: Mapping[str, object],
    ran: Collection[str],
    skipped: Mapping[str, str],
    *,
    known: Collection[str],
    allow_skip: bool = False,
    waivable: Collection[str] = (),
    path: str = "baseline",
) -> dict[str, str]:
    """Check that the gate ran the baseline suites it was asked for.

    A baseline suite that was tried and skipped (``skipped``: name -> why), or that is no
    longer a suite at all (not in ``known``), did not run. That fails the gate (an
    :class:`~factcheck.errors.InputError` ``E402``), unless ``allow_skip`` is set and the suite
    is ``waivable`` (one that needs external data). Baseline suites that were not asked for
    (``--suite``) are neither run nor gated. When no baseline suite ran at all, ``E403``.

    Returns the suites let off by ``allow_skip``, with why each did not run.

    Example:
        >>> check_coverage({"seeds": {}, "mrpc": {}}, ["seeds"], {"mrpc": "no data"},
        ...                known=["seeds", "mrpc"], allow_skip=True, waivable=["mrpc"])
        {'mrpc': 'no data'}
        >>> check_coverage({"seeds": {}, "mrpc": {}}, ["seeds"], {"mrpc": "no data"},
        ...                known=["seeds", "mrpc"], waivable=["mrpc"])
        Traceback (most recent call last):
        ...
        factcheck.errors.InputError: [E402] The gate cannot pass: 1 baseline suite(s) did not run: mrpc (no data). Give their data (--data PATH), or pass --allow-skip to gate only the suites that ran.
    """
    missing = {
        name: skipped.get(name, "not a suite any more")
        for name in sorted(baseline)
        if name not in ran and (name in skipped or name not in known)
    }
    waived = {n: why for n, why in missing.items() if allow_skip and n in waivable}
    blocking = {n: why for n, why in missing.items() if n not in waived}
    if blocking:
        fixed = sorted(n for n in blocking if n not in waivable)
        raise InputError.coded(
            "E402",
            count=len(blocking),
            suites="; ".join(f"{n} ({why})" for n, why in blocking.items()),
            waivable=f" ({', '.join(fixed)} must always run: --allow-skip does not cover them)" if fixed else "",
        )
    if baseline and not any(n in ran for n in baseline):
        raise InputError.coded("E403", path=path)
    return waived


@dataclass(frozen=True)
class GateOutcome:
    """What :func:`gate` found: ``regressions`` (messages; empty: passed), the baseline suites
    let off by ``allow_skip`` (``waived``: name -> why) and how many baseline suites ran."""

    regressions: tuple[str, ...]
    waived: Mapping[str, str]
    checked: int
    total: int

    @property
    def passed(self) -> bool:
        return not self.regressions


def gate(
    now: Mapping[str, dict[str, float]],
    baseline: Mapping[str, dict[str, float]],
    skipped: Mapping[str, str],
    *,
    tolerance: float,
    known: Collection[str],
    allow_skip: bool = False,
    waivable: Collection[str] = (),
    path: str = "baseline",
) -> GateOutcome:
    """The whole gate: every gated metric within ``tolerance`` (:func:`compare`) and every
    baseline suite that had to run, run (:func:`check_coverage`, which raises E402/E403).

    Example:
        >>> g = gate({"seeds": {"accuracy": 0.9}}, {"seeds": {"accuracy": 0.95}}, {}, tolerance=0.01, known=["seeds"])
        >>> g.passed, g.checked, g.total
        (False, 1, 1)
    """
    waived = check_coverage(
        baseline, now, skipped, known=known, allow_skip=allow_skip, waivable=waivable, path=path
    )
    fails = compare(now, baseline, tolerance=tolerance)
    return GateOutcome(tuple(fails), waived, sum(1 for n in baseline if n in now), len(baseline))


def write_baseline(target: Path, now: Mapping[str, dict[str, float]]) -> None:
    """Merge the metrics ``now`` into the baseline file ``target`` (made when missing); suites
    that did not run keep their old figures."""
    old = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {"suites": {}}
    old["schema"] = "factcheck.baseline/1"
    old.setdefault("suites", {}).update(now)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n", encoding="utf-8")
