"""Batch verification: JSON Lines of article sets in, one JSON line per set out.

Bad lines and sets that cannot be verified give an error record
(``{"id": ..., "error": {"type": ..., "message": ...}}``) and the batch goes on. This module is
the local engine; :mod:`factcheck.batch.ray_engine` runs the same job on a Ray cluster and
writes the same bytes.

Faults: each line is written whole and flushed before the next set's result is taken, so a
killed run leaves complete lines (and at worst one cut-off last line, which :func:`done_ids`
drops). Inside :class:`StopOnSignals` (what ``factcheck batch`` runs in), SIGINT and SIGTERM
stop the batch after its next line (a second signal stops it at once), the summary says which
signal stopped it (:attr:`BatchSummary.interrupted`), and ``--resume`` finishes the file. An
output that cannot be written (a full disk) is an :class:`~factcheck.errors.OutputError`
(E504) naming the file.

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
import io
import json
import os
import signal
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeAlias

from ..articles import ArticleSet, iter_dir_sets, iter_sets, to_articles
from ..check import CheckReport
from ..errors import FactcheckError, InputError, OutputError
from ..types import Report, SetError
from ..verifier import Verifier

__all__ = [
    "BatchInput",
    "BatchSummary",
    "Interrupted",
    "Result",
    "Resumed",
    "StopOnSignals",
    "done_ids",
    "holding_signals",
    "open_input",
    "record_line",
    "resume_output",
    "run_batch",
    "write_record",
]

#: What a batch gives per input line: a report (a set), a check report (a check), or an error.
Result: TypeAlias = Report | CheckReport | SetError


@dataclass(frozen=True)
class BatchSummary:
    """How a batch went: every input set is counted once, as ok or failed."""

    total: int
    ok: int
    failed: int
    claims: int
    #: The signal that stopped the batch early (:class:`StopOnSignals`), else None.
    interrupted: int | None = None


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived inside :class:`StopOnSignals` (a BaseException, as
    KeyboardInterrupt is, so that no ``except Exception`` on the way swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class StopOnSignals:
    """While active, SIGINT and SIGTERM stop a batch cleanly instead of killing it.

    The first signal is only noted (with one line on stderr): the next line is still written
    (the set being verified is finished), then :meth:`hold` raises :class:`Interrupted`, which
    :func:`run_batch` and the Ray engine catch to return the summary so far. A second signal
    before that exits at once (``128 + signum``); the lines written so far are complete, and
    ``--resume`` finishes the file. The handler never raises: an exception raised from a
    signal handler can land inside a ``__del__`` or a weakref callback, where Python swallows
    it, or inside a native library calling back into Python, which aborts the process (seen
    with torch while the models load). Main thread only (Python's rule for signal handlers);
    the old handlers come back on exit.

    Example:
        >>> import io, os, signal
        >>> with StopOnSignals(notice=False) as stop:
        ...     try:
        ...         with stop.hold():
        ...             os.kill(os.getpid(), signal.SIGTERM)
        ...             print("the line is written first")
        ...     except Interrupted as exc:
        ...         print(signal.Signals(exc.signum).name)
        the line is written first
        SIGTERM
    """

    def __init__(
        self, signals: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM), *, notice: bool = True
    ) -> None:
        self.signals = signals
        self.notice = notice
        #: The first signal received.
        self.signum: int | None = None
        self._holding = 0
        self._old: dict[int, Any] = {}

    def __enter__(self) -> StopOnSignals:
        global _ACTIVE
        for sig in self.signals:
            self._old[sig] = signal.signal(sig, self._handle)
        _ACTIVE = self
        return self

    def __exit__(self, *exc: object) -> None:
        global _ACTIVE
        _ACTIVE = None
        for sig, old in self._old.items():
            signal.signal(sig, old)
        self._old.clear()

    def _handle(self, signum: int, frame: Any) -> None:
        name = signal.Signals(signum).name
        if self.signum is None:
            self.signum = signum
            if self.notice:  # os.write: a handler may run in the middle of a print to stderr
                os.write(2, f"{name}: stopping after the next line; again to stop at once\n".encode())
        elif not self._holding:
            os.write(2, f"stopped by a second {name}: the lines written are complete; --resume finishes\n".encode())
            os._exit(128 + signum)

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Finish this block (writing one line) whatever arrives, then raise a signal received."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not self._holding and self.signum is not None:
            raise Interrupted(self.signum)


_ACTIVE: StopOnSignals | None = None


def holding_signals() -> contextlib.AbstractContextManager[None]:
    """While the block runs (one set's line is written), a stopping signal waits for it
    (:meth:`StopOnSignals.hold`); a no-op when no :class:`StopOnSignals` is active."""
    return _ACTIVE.hold() if _ACTIVE is not None else contextlib.nullcontext()


def write_record(out: IO[str], line: str) -> None:
    """Write one output line and flush it; a write that fails is E504 naming the file."""
    try:
        out.write(line)
        out.flush()
    except OSError as exc:
        name = getattr(out, "name", "<output>")
        raise OutputError.coded("E504", path=str(name), reason=exc.strerror or str(exc)) from exc


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

    A last line cut off by a killed run (or a full disk) is removed from the file so the run
    can append cleanly. The file is read a line at a time; anything but a regular file (a
    pipe, ``/dev/full``) has no ids.
    """
    return set(resume_output(path).done)


@dataclass(frozen=True)
class Resumed:
    """What :func:`resume_output` kept of an earlier run's output.

    ``done``: the set ids kept (skip them); ``errors``: how many of the kept lines are error
    records; ``retried``: error records removed to verify their sets again
    (``retry_failed``); ``redone``: reports removed with them because they came after the first
    of those errors (the file stays in input order, so they are verified again; the cache makes
    that a lookup).
    """

    done: frozenset[str]
    errors: int = 0
    retried: int = 0
    redone: int = 0


def resume_output(path: Path, *, retry_failed: bool = False) -> Resumed:
    """Prepare ``path`` for ``--resume``: drop a last line cut off by a kill and say which sets
    are done. With ``retry_failed``, the file is also cut before its first error record, so
    that set and every set after it are verified again and appended in input order: a resumed
    file is still byte-identical to one written in a single run.

    The file is read a line at a time; anything but a regular file (a pipe, ``/dev/full``) has
    no ids.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl"
        >>> _ = p.write_text('{"id": "s1", "claims": []}\\n{"id": "s2", "error": {}}\\n{"id": "s3", "claims": []}\\n{"id": "s4"', encoding="utf-8")
        >>> r = resume_output(p)
        >>> sorted(r.done), r.errors
        (['s1', 's2', 's3'], 1)
        >>> resume_output(p, retry_failed=True)
        Resumed(done=frozenset({'s1'}), errors=0, retried=1, redone=1)
        >>> p.read_text(encoding="utf-8")
        '{"id": "s1", "claims": []}\\n'
    """
    if not path.is_file():
        return Resumed(done=frozenset())
    lines: list[tuple[int, str | None, bool]] = []  # (offset, set id, an error record) per complete line
    good = 0
    with path.open("rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            try:
                rec = json.loads(line)
                sid, failed = str(rec["id"]), "error" in rec
            except (ValueError, KeyError, TypeError):
                sid, failed = None, False
            lines.append((good, sid, failed))
            good += len(line)
    first = next((k for k, (_, _, failed) in enumerate(lines) if failed), None) if retry_failed else None
    if first is not None:
        os.truncate(path, lines[first][0])
        errors = sum(failed for *_, failed in lines[first:])
        return Resumed(
            done=frozenset(sid for _, sid, _ in lines[:first] if sid is not None),
            retried=errors,
            redone=len(lines) - first - errors,
        )
    if good < path.stat().st_size:
        os.truncate(path, good)
    return Resumed(
        done=frozenset(sid for _, sid, _ in lines if sid is not None),
        errors=sum(failed for *_, failed in lines),
    )


def run_batch(
    items: Iterable[ArticleSet | InputError],
    out: IO[str],
    *,
    verifier: Verifier,
    on_result: Callable[[Result], None] | None = None,
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

    Raises:
        OutputError: ``out`` cannot be written (E504); the lines before are complete.
    """
    total = ok = failed = claims = 0
    if skip:
        items = (x for x in items if item_id(x) not in skip)
    try:
        for result in results(verifier, items, timeout):
            with holding_signals():
                write_record(out, record_line(result))
                total += 1
                if not isinstance(result, SetError):
                    ok += 1
                    claims += len(result.claims)
                else:
                    failed += 1
                if on_result is not None:
                    on_result(result)
    except Interrupted as exc:
        return BatchSummary(total=total, ok=ok, failed=failed, claims=claims, interrupted=exc.signum)
    return BatchSummary(total=total, ok=ok, failed=failed, claims=claims)


def record_line(result: Result) -> str:
    """The output line for one set: its report or error record as JSON, with a newline."""
    return json.dumps(result.to_dict(), ensure_ascii=False) + "\n"


def item_id(item: ArticleSet | InputError) -> str | None:
    """The set id of a parsed set or of an input error (``set_id``)."""
    return item.id if isinstance(item, ArticleSet) else getattr(item, "set_id", None)


def results(
    verifier: Verifier, items: Iterable[ArticleSet | InputError], timeout: float | None
) -> Iterator[Result]:
    """Verify ``items`` in order; with ``timeout``, one at a time under a deadline each."""
    if not timeout:
        yield from verifier.verify_many(items, on_error="return")
        return
    _warm_up(verifier)
    for item in items:
        try:
            with _deadline(timeout):
                (result,) = verifier.verify_many([item], on_error="return")
        except _Timeout:
            err = InputError.coded("E111", set_id=item_id(item), timeout=timeout)
            result = SetError(id=item_id(item), type="Timeout", message=str(err))
        yield result


#: What :func:`_warm_up` verifies: two short reports that share a claim and differ on a number.
_WARM_UP = (
    "The council approved the budget of $3 million on Monday. The mayor opened a new bridge.",
    "The council approved the budget of $4 million on Tuesday. Heavy rain flooded the square.",
)


def _warm_up(verifier: Verifier) -> None:
    """Load everything a set needs (imports, spaCy, the models, the cache) before the first
    deadline: load time is not charged to the first set, and a timeout never fires inside an
    import (which leaves modules half made; with torch, a crash)."""
    with contextlib.suppress(FactcheckError):  # a model that cannot load fails the first set, as without
        for _ in verifier.verify_many([ArticleSet(id="warm-up", articles=to_articles(_WARM_UP))], on_error="return"):
            pass


@dataclass(frozen=True)
class BatchInput:
    """What :func:`open_input` found: the sets to verify (``items``, read lazily), how many
    are left to do (``total``; ``None`` for an input another engine reads) and the file to
    close after the run (``source``)."""

    items: Iterable[Any]
    total: int | None
    source: IO[str]


def open_input(spec: str, *, skip: Collection[str] = (), remote: bool = False) -> BatchInput:
    """Open a batch's input: a folder (one subfolder per set) or a JSON Lines file; ``remote``:
    a URI the Ray engine reads itself (nothing is opened here). ``skip``: set ids already done
    (``--resume``), left out of ``total``.

    Raises:
        OSError: the file cannot be opened.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "day.jsonl"
        >>> line = '{"id": "s1", "articles": [{"id": "a", "text": "Rain fell."}, {"id": "b", "text": "It rained."}]}'
        >>> _ = p.write_text(line + "\\n\\n", encoding="utf-8")
        >>> inp = open_input(str(p))
        >>> inp.total, [item.id for item in inp.items]
        (1, ['s1'])
        >>> inp.source.close()
    """
    path = Path(spec)
    if path.is_dir():
        return BatchInput(iter_dir_sets(path), sum(1 for p in path.iterdir() if p.is_dir()) - len(skip), io.StringIO())
    if remote:
        return BatchInput((), None, io.StringIO())
    src = path.open("r", encoding="utf-8", errors="replace")
    total = sum(1 for line in src if line.strip()) - len(skip)
    src.seek(0)
    return BatchInput(iter_sets(src, path=spec), total, src)
