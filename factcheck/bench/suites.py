"""Benchmark suites: our own gold corpus, the seeds, the phenomenon pairs, and external data.

Each suite runs the real pipeline end to end and returns :class:`SuiteResult`. Pair datasets
are checked as two one-sentence articles: a claim labelled ``agreeing`` means the pair agrees,
``conflicting`` that it conflicts, ``unique`` that it is unrelated.
"""

from __future__ import annotations

import csv
import json
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..articles import ArticleSet
from ..types import Article, Report
from ..verifier import Verifier
from .external import PAIR_LOADERS, ecbplus_sets, load_pairs
from .gold import load_corpus
from .metrics import align, score

__all__ = ["NEEDS_DATA", "SUITES", "Skip", "SuiteResult", "Tick", "pair_sets", "run_suite"]

ROOT = Path(__file__).resolve().parents[2]
_REL_TO_LABEL = {"agrees": "agreeing", "conflicts": "conflicting", "unrelated": "unique"}


class Skip(Exception):
    """A suite that cannot run here (its data is absent)."""


@dataclass
class SuiteResult:
    name: str
    metrics: dict[str, Any]
    claims: int
    seconds: float
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def claims_per_s(self) -> float:
        return self.claims / self.seconds if self.seconds else 0.0


#: ``tick(done, total)``: called as a suite's items are verified (progress bars).
Tick = Callable[[int, int], None]
#: A suite: ``(verifier, data, corpus, tick) -> SuiteResult``; raises :class:`Skip`.
SuiteFn = Callable[[Verifier, Path | None, Path | None, Tick | None], SuiteResult]


def _collect(results: Iterable[Any], total: int, tick: Tick | None) -> list[Any]:
    """The results as a list, calling ``tick`` before the first and after each one."""
    out: list[Any] = []
    if tick is not None:
        tick(0, total)
    for r in results:
        out.append(r)
        if tick is not None:
            tick(len(out), total)
    return out


def _gold_suite(name: str, root: Path, verifier: Verifier, tick: Tick | None = None) -> SuiteResult:
    if not root.is_dir():
        raise Skip(f"no gold corpus at {root}")
    sets = load_corpus(root)
    if not sets:
        raise Skip(f"no gold.json under {root}")
    t = time.perf_counter()
    reports = _collect(
        verifier.verify_many(ArticleSet(id=s.id, articles=s.articles) for s in sets), len(sets), tick
    )
    secs = time.perf_counter() - t
    gold: list[str] = []
    pred: list[str] = []
    extras = 0
    per_set = {}
    for s, r in zip(sets, reports, strict=True):
        g, p, x = align(s, r)
        gold += g
        pred += p
        extras += x
        per_set[s.id] = score(g, p)["accuracy"]
    m = score(gold, pred)
    m["missed"] = pred.count("missed")
    m["extra"] = extras
    return SuiteResult(
        name, m, sum(len(r.claims) for r in reports), secs, {"sets": len(sets), "per_set_accuracy": per_set}
    )


def _sentence(text: str) -> str:
    """Datasets give bare sentences and headlines; as article text they need an end, or the
    splitter reads them as headings."""
    text = text.strip()
    return text if not text or text[-1] in ".!?\"'”’" else text + "."


def pair_sets(name: str, pairs: Sequence[tuple[str, str, str, str]]) -> Iterator[ArticleSet]:
    """Each ``(group, a, b, expected)`` pair as a set of two one-sentence articles, ``a`` and ``b``."""
    for k, (_g, a, b, _e) in enumerate(pairs):
        yield ArticleSet(
            id=f"{name}-{k}",
            articles=(Article(id="a", text=_sentence(a)), Article(id="b", text=_sentence(b))),
        )


def _pairs_suite(
    name: str, pairs: list[tuple[str, str, str, str]], verifier: Verifier, tick: Tick | None = None
) -> SuiteResult:
    """``pairs``: (group, a, b, expected label of a's claim)."""
    t = time.perf_counter()
    sets = pair_sets(name, pairs)
    preds: list[str] = []
    n_claims = 0
    with warnings.catch_warnings():  # the datasets are English; long bodies can trip the language check
        warnings.simplefilter("ignore", UserWarning)
        results = _collect(verifier.verify_many(sets, on_error="return", chunk_size=128), len(pairs), tick)
    for r in results:
        if not isinstance(r, Report) or not r.claims:
            preds.append("missed")
            continue
        n_claims += len(r.claims)
        labels = {c.label.value for c in r.for_source("a")} or {"unique"}  # the claim being checked
        preds.append(
            "conflicting" if "conflicting" in labels else "agreeing" if "agreeing" in labels else "unique"
        )
    secs = time.perf_counter() - t
    gold = [e for *_x, e in pairs]
    m = score(gold, preds)
    groups: dict[str, Any] = {}
    for grp in sorted({g for g, *_x in pairs}):
        idx = [k for k, p in enumerate(pairs) if p[0] == grp]
        groups[grp] = {
            "accuracy": round(sum(gold[k] == preds[k] for k in idx) / len(idx), 4),
            "n": len(idx),
            "false_conflicts": sum(1 for k in idx if preds[k] == "conflicting" and gold[k] != "conflicting"),
        }
    m["groups"] = groups
    return SuiteResult(name, m, n_claims, secs, {"pred": preds})


def corpus_suite(
    verifier: Verifier, data: Path | None, corpus: Path | None = None, tick: Tick | None = None
) -> SuiteResult:
    return _gold_suite("corpus", corpus or ROOT / "benchmarks" / "corpus", verifier, tick)


def seeds_suite(
    verifier: Verifier, data: Path | None, corpus: Path | None = None, tick: Tick | None = None
) -> SuiteResult:
    return _gold_suite("seeds", ROOT / "seeds", verifier, tick)


def phenomena_suite(
    verifier: Verifier, data: Path | None, corpus: Path | None = None, tick: Tick | None = None
) -> SuiteResult:
    root = ROOT / "benchmarks" / "phenomena"
    if not root.is_dir():
        raise Skip(f"no phenomenon suite at {root}")
    pairs = []
    for f in sorted(root.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                pairs.append((d["phenomenon"], d["a"], d["b"], _REL_TO_LABEL[d["expected"]]))
    return _pairs_suite("phenomena", pairs, verifier, tick)


def _mrpc_pairs(path: Path) -> Iterator[tuple[str, str, str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 5 and row[0] in ("0", "1"):
                yield ("mrpc", row[3], row[4], "agreeing" if row[0] == "1" else "unique")


def mrpc_suite(
    verifier: Verifier, data: Path | None, corpus: Path | None = None, tick: Tick | None = None
) -> SuiteResult:
    path = (data or Path()) / "mrpc" / "msr-para-val.tsv"
    if data is None or not path.is_file():
        raise Skip(
            f"MRPC not found (looked for {path}); pass --data PATH"
            if data
            else "no data path: pass --data PATH"
        )
    pairs = list(_mrpc_pairs(path))
    r = _pairs_suite("mrpc", pairs, verifier, tick)
    # MRPC is binary: paraphrase ("agreeing") or not; a predicted conflict counts as "not".
    gold = ["agreeing" if p[3] == "agreeing" else "other" for p in pairs]
    pred = ["agreeing" if x == "agreeing" else "other" for x in r.extra.pop("pred")]
    binary = score(gold, pred, labels=("agreeing",))
    r.metrics = {"accuracy": binary["accuracy"], "agreeing": binary["agreeing"], "n": binary["n"]}
    return r


def _external(name: str) -> SuiteFn:
    def run(
        verifier: Verifier, data: Path | None, corpus: Path | None = None, tick: Tick | None = None
    ) -> SuiteResult:
        if data is None or not data.is_dir():
            raise Skip("no data path: pass --data PATH")
        try:
            pairs = load_pairs(name, data)
        except FileNotFoundError as exc:
            raise Skip(f"{name} not found under {data}: {exc.filename}") from exc
        return _pairs_suite(name, pairs, verifier, tick)

    run.__doc__ = f"The {name} pairs from the shared data (see factcheck.bench.external)."
    return run


def ecbplus_suite(
    verifier: Verifier, data: Path | None, corpus: Path | None = None, tick: Tick | None = None
) -> SuiteResult:
    """ECB+ cross-document matching: real article sets, one sister-event distractor each."""
    if data is None or not (data / "ecbplus").is_dir():
        raise Skip("no ECB+ under the data path: pass --data PATH")
    sets = ecbplus_sets(data)
    t = time.perf_counter()
    reports = _collect(
        verifier.verify_many(ArticleSet(id=s.id, articles=s.articles) for s, _ in sets), len(sets), tick
    )
    secs = time.perf_counter() - t
    gold: list[str] = []
    pred: list[str] = []
    distractor_claims = distractor_matched = 0
    for (s, sister), r in zip(sets, reports, strict=True):
        g, p, _x = align(s, r)
        for gc, gl, pl in zip(s.claims, g, p, strict=True):
            if gc.source in sister:
                distractor_claims += 1
                distractor_matched += pl in ("agreeing", "conflicting")
            else:
                gold.append(gl)
                pred.append(pl)
    m = score(gold, pred, labels=("agreeing", "unique"))
    m["distractor_false_match_rate"] = (
        round(distractor_matched / distractor_claims, 4) if distractor_claims else 0.0
    )
    m["distractor_claims"] = distractor_claims
    return SuiteResult("ecbplus", m, sum(len(r.claims) for r in reports), secs, {"sets": len(sets)})


SUITES: dict[str, SuiteFn] = {
    "seeds": seeds_suite,
    "corpus": corpus_suite,
    "phenomena": phenomena_suite,
    "mrpc": mrpc_suite,
    **{name: _external(name) for name in PAIR_LOADERS},
    "ecbplus": ecbplus_suite,
}


#: The suites that read the external datasets (``--data``, default ``../shared/data``); they
#: skip where it is absent. The others (seeds, corpus, phenomena) ship with the repository.
NEEDS_DATA = frozenset(("mrpc", "ecbplus", *PAIR_LOADERS))


def run_suite(
    name: str,
    verifier: Verifier,
    *,
    data: Path | None,
    corpus: Path | None = None,
    tick: Tick | None = None,
) -> SuiteResult:
    """Run one suite (raises :class:`Skip` when it cannot run here); ``tick`` sees its progress."""
    result = SUITES[name](verifier, data, corpus, tick)
    result.extra.pop("pred", None)
    return result
