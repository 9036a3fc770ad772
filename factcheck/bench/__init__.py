"""Benchmarks and the regression gate: gold format, metrics, suites, baseline comparison.

Example:
    >>> from factcheck.bench import SUITES
    >>> sorted(SUITES)[:4]
    ['cad_snli', 'claimdiff', 'climate_fever', 'corpus']
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..verifier import Verifier
from .gate import GateOutcome, check_coverage, compare, gate, gated_metrics, write_baseline
from .gold import GoldClaim, GoldSet, load_corpus, load_gold_set
from .suites import NEEDS_DATA, SUITES, Skip, SuiteResult, run_suite

__all__ = [
    "NEEDS_DATA",
    "SUITES",
    "GateOutcome",
    "GoldClaim",
    "GoldSet",
    "Skip",
    "SuiteResult",
    "check_coverage",
    "compare",
    "default_data_path",
    "gate",
    "gated_metrics",
    "load_corpus",
    "load_gold_set",
    "run_bench",
    "run_suite",
    "write_baseline",
]

DEFAULT_SUITES = tuple(SUITES)


def default_data_path() -> Path | None:
    """``../shared/data`` beside the project, when it exists."""
    p = Path(__file__).resolve().parents[3] / "shared" / "data"
    return p if p.is_dir() else None


def run_bench(
    suites: list[str] | None = None,
    *,
    verifier: Verifier | None = None,
    data: Path | None = None,
    corpus: Path | None = None,
    tick: Callable[[str, int, int], None] | None = None,
) -> tuple[dict[str, SuiteResult], dict[str, str]]:
    """Run suites; returns results and the skipped suites with their reasons.

    ``tick(suite, done, total)`` is called as each suite's items are verified (progress).
    """
    verifier = verifier or Verifier()
    data = data if data is not None else default_data_path()
    names = suites or (["corpus"] if corpus else list(DEFAULT_SUITES))
    results: dict[str, SuiteResult] = {}
    skipped: dict[str, str] = {}
    for name in names:
        try:
            on = None if tick is None else (lambda done, total, n=name: tick(n, done, total))
            results[name] = run_suite(name, verifier, data=data, corpus=corpus, tick=on)
        except Skip as exc:
            skipped[name] = str(exc)
    return results, skipped


def results_json(
    results: dict[str, SuiteResult], skipped: dict[str, str], options: dict[str, Any]
) -> dict[str, Any]:
    return {
        "schema": "factcheck.bench/1",
        "options": options,
        "suites": {
            n: {
                "metrics": r.metrics,
                "claims": r.claims,
                "seconds": round(r.seconds, 2),
                "claims_per_s": round(r.claims_per_s, 1),
                **{k: v for k, v in r.extra.items()},
            }
            for n, r in results.items()
        },
        "skipped": skipped,
    }


def load_baseline(path: Path) -> dict[str, dict[str, float]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: {m: float(v) for m, v in d.items()} for k, d in data.get("suites", {}).items()}
