"""The regression gate: compare benchmark metrics with a committed baseline.

A metric fails when it falls below its baseline by more than ``tolerance``. Speed is reported
but never gated (it depends on the machine). A gate must also have run what it gates:
:func:`check_coverage` fails when a baseline suite that was asked for did not run.

Example:
    >>> compare({"corpus": {"macro_f1": 0.80}}, {"corpus": {"macro_f1": 0.85}}, tolerance=0.01)
    ['corpus: macro_f1 fell from 0.8500 (baseline) to 0.8000 (now), beyond the tolerance 0.01']
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from ..errors import InputError

__all__ = ["GATED", "check_coverage", "compare", "gated_metrics"]

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
