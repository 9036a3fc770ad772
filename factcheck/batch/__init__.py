"""Batch verification: JSON Lines of article sets in, one JSON line per set out.

Bad lines and sets that cannot be verified give an error record
(``{"id": ..., "error": {"type": ..., "message": ...}}``) and the batch goes on. This module is
the local engine; :mod:`factcheck.batch.ray_engine` runs the same job on a Ray cluster and
writes the same bytes.

Example:
    >>> import io, json
    >>> from factcheck import Verifier
    >>> from factcheck.articles import iter_sets
    >>> src = io.StringIO('{"id": "s1", "articles": [{"id": "a", "text": "Rain fell."}]}\\n')
    >>> out = io.StringIO()
    >>> summary = run_batch(iter_sets(src), out, verifier=Verifier(embedder="hashing", relation_model=None))
    >>> json.loads(out.getvalue())["error"]["type"], summary.failed
    ('InputError', 1)
"""

from __future__ import annotations

import contextlib
import json
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..articles import ArticleSet
from ..errors import InputError
from ..types import Report, SetError
from ..verifier import Verifier

__all__ = ["BatchSummary", "done_ids", "record_line", "run_batch"]


@dataclass(frozen=True)
class BatchSummary:
    """How a batch went: every input set is counted once, as ok or failed."""

    total: int
    ok: int
    failed: int
    claims: int


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_Timeout` in this (main) thread after ``seconds`` (SIGALRM; Unix)."""
    if not seconds:
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise _Timeout

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def done_ids(path: Path) -> set[str]:
    """Set ids already written to an output file, for ``--resume``.

    A last line cut off by a killed run is removed from the file so the run can append cleanly.
    """
    if not path.exists():
        return set()
    data = path.read_bytes()
    cut = data.rfind(b"\n") + 1
    if cut < len(data):
        with path.open("r+b") as fh:
            fh.truncate(cut)
    ids = set()
    for line in data[:cut].decode("utf-8", errors="replace").splitlines():
        try:
            ids.add(str(json.loads(line)["id"]))
        except (ValueError, KeyError, TypeError):
            continue
    return ids


def run_batch(
    items: Iterable[ArticleSet | InputError],
    out: IO[str],
    *,
    verifier: Verifier,
    on_result: Callable[[Report | SetError], None] | None = None,
    timeout: float | None = None,
    skip: set[str] | None = None,
) -> BatchSummary:
    """Verify every set of ``items`` and write one JSON line per set to ``out``, in input order.

    ``items`` come from :func:`~factcheck.articles.iter_sets` (JSON Lines) or
    :func:`~factcheck.articles.iter_dir_sets` (a folder of sets); bad input arrives as
    :class:`~factcheck.errors.InputError` and is written as an error record.

    Args:
        timeout: seconds allowed per set; a slower set gets a ``Timeout`` error record
            (sets then run one at a time; Unix, main thread only).
        skip: set ids to leave out (already in the output: ``--resume``).
    """
    total = ok = failed = claims = 0
    if skip:
        items = (x for x in items if item_id(x) not in skip)
    for result in results(verifier, items, timeout):
        total += 1
        if isinstance(result, Report):
            ok += 1
            claims += len(result.claims)
        else:
            failed += 1
        out.write(record_line(result))
        out.flush()
        if on_result is not None:
            on_result(result)
    return BatchSummary(total=total, ok=ok, failed=failed, claims=claims)


def record_line(result: Report | SetError) -> str:
    """The output line for one set: its report or error record as JSON, with a newline."""
    return json.dumps(result.to_dict(), ensure_ascii=False) + "\n"


def item_id(item: ArticleSet | InputError) -> str | None:
    """The set id of a parsed set or of an input error (``set_id``)."""
    return item.id if isinstance(item, ArticleSet) else getattr(item, "set_id", None)


def results(
    verifier: Verifier, items: Iterable[ArticleSet | InputError], timeout: float | None
) -> Iterator[Report | SetError]:
    """Verify ``items`` in order; with ``timeout``, one at a time under a deadline each."""
    if not timeout:
        yield from verifier.verify_many(items, on_error="return")
        return
    for item in items:
        try:
            with _deadline(timeout):
                (result,) = verifier.verify_many([item], on_error="return")
        except _Timeout:
            err = InputError.coded("E111", set_id=item_id(item), timeout=timeout)
            result = SetError(id=item_id(item), type="Timeout", message=str(err))
        yield result
