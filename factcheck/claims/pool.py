"""Claim splitting in worker processes: :class:`SplitterPool`.

The functions the pool sends to its workers (``_init_worker``, ``_split_in_worker``) are
module-level here, so they pickle as ``factcheck.claims.pool.*``.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from ..types import Article, Claim
from .clauses import ClaimSplitter

_WORKER_SPLITTER: ClaimSplitter | None = None


def _init_worker(nlp: str | None) -> None:
    global _WORKER_SPLITTER
    # A Ctrl-C in a terminal reaches every process of the group; the parent decides what it
    # means (``batch`` finishes its line first) and stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_SPLITTER = ClaimSplitter(nlp=nlp)
    _WORKER_SPLITTER.language  # noqa: B018  (load spaCy now, not inside the first job)


def _split_in_worker(articles: list[Article], batch_size: int) -> list[list[Claim]]:
    assert _WORKER_SPLITTER is not None
    return list(_WORKER_SPLITTER.split_many(articles, batch_size=batch_size))


class SplitterPool:
    """Claim splitting in worker processes, so that parsing runs beside the encoder.

    Each worker loads spaCy once. :meth:`submit` returns at once with a function that waits
    for the claims; the claims are exactly those :class:`ClaimSplitter` gives in-process.

    Example:
        >>> pool = SplitterPool(1)                                  # doctest: +SKIP
        >>> wait = pool.submit([Article(id="a", text="Rain fell. Roads shut.")])  # doctest: +SKIP
        >>> [c.text for c in wait()[0]]                             # doctest: +SKIP
        ['Rain fell.', 'Roads shut.']
    """

    def __init__(self, workers: int, *, nlp: str | None = None, batch_size: int = 64) -> None:
        self.workers = workers
        self.batch_size = batch_size
        # "spawn": forking a process that already runs torch threads can deadlock.
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(nlp,),
        )

    def submit(self, articles: Sequence[Article]) -> Callable[[], list[list[Claim]]]:
        """Start splitting ``articles`` (shared out by text length); call the result to wait."""
        parts = _balanced_parts(list(articles), self.workers)
        futures: list[Future[list[list[Claim]]]] = [
            self._pool.submit(_split_in_worker, part, self.batch_size) for part in parts
        ]

        def wait() -> list[list[Claim]]:
            return [claims for f in futures for claims in f.result()]

        return wait

    def close(self) -> None:
        """Stop the workers."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _balanced_parts(articles: list[Article], n: int) -> list[list[Article]]:
    """Cut ``articles`` into at most ``n`` runs in order, of about equal total length."""
    total = sum(len(a.text) for a in articles)
    parts: list[list[Article]] = [[]]
    done = 0
    for a in articles:
        if parts[-1] and len(parts) < n and done >= total * len(parts) / n:
            parts.append([])
        parts[-1].append(a)
        done += len(a.text)
    return [p for p in parts if p]
