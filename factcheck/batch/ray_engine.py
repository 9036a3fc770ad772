"""The batch job on Ray: for corpora that outgrow one machine (``factcheck batch --engine ray``).

The same pipeline as :func:`factcheck.batch.run_batch`, as a Ray Data job:

    JSON Lines file -> rows (line number, line) -> verifier actors -> records, in input order

Each actor builds one :class:`~factcheck.verifier.Verifier` (the models load once per actor)
and verifies a batch of lines at a time, so claims of many sets share an encode call. The
driver reads the records back in input order and writes them; it also applies what needs
the whole file (ids used twice, ``--resume``), so the output is byte-identical to the local
engine's. Install with ``pip install 'factcheck[ray]'``; docs/batch.md shows a cluster run.

Example:
    >>> import io
    >>> out = io.StringIO()
    >>> run_batch_ray("sets.jsonl", out, options={"embedder": "hashing", "relation_model": None})  # doctest: +SKIP
    BatchSummary(total=3, ok=2, failed=1, claims=41)
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

from ..articles import ArticleSet, duplicate_error, parse_line
from ..check import result_from_dict
from ..errors import ModelError, check_param
from ..options import Options
from ..types import SetError
from . import BatchSummary, Interrupted, Result, holding_signals, item_id, record_line, results, write_record

if TYPE_CHECKING:
    import pyarrow

__all__ = ["run_batch_ray"]

#: Lines per block read from the input file.
_BLOCK_LINES = 256


def run_batch_ray(
    path: str | os.PathLike[str],
    out: IO[str],
    *,
    options: Options | Mapping[str, Any] | None = None,
    workers: int | None = None,
    cpus_per_worker: float = 1.0,
    sets_per_call: int = 32,
    address: str | None = None,
    on_result: Callable[[Result], None] | None = None,
    skip: set[str] | None = None,
) -> BatchSummary:
    """Verify every set of a JSON Lines file on Ray; write one line per set to ``out``, in order.

    Args:
        path: the JSON Lines input: a local file (read on the driver's node), or a URI that
            Ray's file readers take (``s3://...``, ``gs://...``) for a cluster to read.
        options: each actor's :class:`~factcheck.verifier.Verifier` options: an
            :class:`~factcheck.options.Options`, or its keyword values (checked here, before
            Ray starts).
        workers: verifier actors (default: the cluster's CPUs less one, / ``cpus_per_worker``).
        cpus_per_worker: CPUs reserved per actor (its torch threads).
        sets_per_call: sets an actor verifies per call (they share one encode call).
        address: the Ray cluster to join (``"auto"``, ``"ray://host:10001"``); default: the
            running instance, or a new local one.
        on_result, skip: as in :func:`factcheck.batch.run_batch`. There is no ``timeout``:
            Ray runs the actors' work in threads, where the alarm that stops a slow set cannot
            fire.

    Raises:
        ModelError: Ray is not installed (E303).
        ConfigError: a bad ``workers``, ``cpus_per_worker`` or ``sets_per_call``, or a bad
            verifier option (E001, E002).
    """
    owner = "run_batch_ray"
    ok = workers is None or (isinstance(workers, int) and workers >= 1)
    check_param(owner, "workers", workers, ok, "None or an int >= 1")
    check_param(owner, "cpus_per_worker", cpus_per_worker, cpus_per_worker > 0, "a number > 0")
    check_param(owner, "sets_per_call", sets_per_call, sets_per_call >= 1, "an int >= 1")
    opts = options if isinstance(options, Options) else Options.from_kwargs(options or {})
    opts.validate()
    ray = _import_ray()
    started = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    if not ray.is_initialized():
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "error")
        ray.init(address=address, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
        started = True
    ctx = ray.data.DataContext.get_current()
    saved = ctx.execution_options.preserve_order, ctx.enable_progress_bars
    try:
        ctx.execution_options.preserve_order = True  # records come back in input order
        ctx.enable_progress_bars = False  # the CLI shows its own
        if workers is None:  # leave a CPU to the driver, which reads and writes
            workers = max(1, int((ray.cluster_resources().get("CPU", 2) - 1) // cpus_per_worker))
        # Reading is light; with no CPU reserved it can never wait behind the actors.
        ds = ray.data.read_datasource(_jsonl_lines_source(ray)(_ray_path(path)), num_cpus=0)
        ds = ds.map_batches(
            _VerifyActor,
            fn_constructor_kwargs={
                "options": opts,
                "path": str(path),
                "skip": set(skip or ()),
            },
            batch_size=sets_per_call,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=cpus_per_worker,
        )
        return _write_in_order(ds.iter_rows(), out, on_result=on_result, skip=skip or set())
    finally:
        ctx.execution_options.preserve_order, ctx.enable_progress_bars = saved
        if started:
            ray.shutdown()


def _write_in_order(
    rows: Iterator[dict[str, Any]],
    out: IO[str],
    *,
    on_result: Callable[[Result], None] | None,
    skip: set[str],
) -> BatchSummary:
    """Write the actors' records; decide ids used twice, as the local reader does."""
    total = ok = failed = claims = 0
    seen: set[str | None] = set()
    try:
        for row in rows:
            sid = row["id"]
            repeated = row["parsed"] and sid in seen
            if row["parsed"]:
                seen.add(sid)
            if (row["duplicate_id"] if repeated else sid) in skip:
                continue
            record = row["duplicate"] if repeated else row["record"]
            with holding_signals():
                write_record(out, record)
                total += 1
                if not repeated and row["ok"]:
                    ok += 1
                    claims += row["claims"]
                else:
                    failed += 1
                if on_result is not None:
                    on_result(_from_record(record))
    except Interrupted as exc:
        return BatchSummary(total=total, ok=ok, failed=failed, claims=claims, interrupted=exc.signum)
    return BatchSummary(total=total, ok=ok, failed=failed, claims=claims)


def _from_record(record: str) -> Result:
    import json

    return result_from_dict(json.loads(record))


class _VerifyActor:
    """One Ray actor: a verifier, loaded once, that turns batches of lines into records."""

    def __init__(self, *, options: Options, path: str, skip: set[str]) -> None:
        from ..verifier import Verifier

        self.verifier = Verifier(options=options)
        self.path = path
        self.skip = skip

    def __call__(self, batch: pyarrow.Table) -> pyarrow.Table:
        import pyarrow as pa

        linenos: list[int] = batch.column("lineno").to_pylist()
        lines: list[str] = batch.column("line").to_pylist()
        items = [parse_line(line, lineno=n, path=self.path) for n, line in zip(linenos, lines, strict=True)]
        todo = [x for x in items if item_id(x) not in self.skip]
        done = iter(results(self.verifier, todo, None))
        names = ("id", "parsed", "record", "ok", "claims", "duplicate", "duplicate_id")
        cols: dict[str, list[Any]] = {k: [] for k in names}
        for n, line, item in zip(linenos, lines, items, strict=True):
            sid = item_id(item)
            result = None if sid in self.skip else next(done)
            cols["id"].append(sid)
            cols["parsed"].append(isinstance(item, ArticleSet))
            cols["record"].append(None if result is None else record_line(result))
            good = result is not None and not isinstance(result, SetError)
            cols["ok"].append(good)
            cols["claims"].append(0 if result is None or isinstance(result, SetError) else len(result.claims))
            # what the driver writes instead if an earlier line used this id
            dup = SetError.from_error(duplicate_error(line, lineno=n, set_id=sid))
            cols["duplicate"].append(record_line(dup))
            cols["duplicate_id"].append(dup.id)
        types = {
            "id": pa.string(),
            "parsed": pa.bool_(),
            "record": pa.string(),
            "ok": pa.bool_(),
            "claims": pa.int64(),
            "duplicate": pa.string(),
            "duplicate_id": pa.string(),
        }
        return pa.table({k: pa.array(cols[k], types[k]) for k in names})


def _jsonl_lines_source(ray: Any) -> type:
    """A Ray datasource of (line number, line) rows, read lazily as Python's text mode reads."""
    from ray.data.datasource import FileBasedDatasource

    class JsonlLines(FileBasedDatasource):
        def _read_stream(self, f: Any, path: str) -> Iterator[pyarrow.Table]:
            import pyarrow as pa

            text = io.TextIOWrapper(f, encoding="utf-8", errors="replace")
            linenos: list[int] = []
            lines: list[str] = []
            for n, line in enumerate(text, start=1):
                if not line.strip():
                    continue  # blank lines are skipped, but still counted
                linenos.append(n)
                lines.append(line)
                if len(lines) >= _BLOCK_LINES:
                    yield pa.table({"lineno": linenos, "line": lines})
                    linenos, lines = [], []
            if lines:
                yield pa.table({"lineno": linenos, "line": lines})

    return JsonlLines


def _ray_path(path: str | os.PathLike[str]) -> str:
    """A local file is read on the driver's node (``local://``); URIs go to Ray as they are."""
    p = os.fspath(path)
    return p if "://" in p else "local://" + os.path.abspath(p)


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ModelError.coded(
            "E303", feature="The Ray engine", package="ray", hint="'factcheck[ray]'"
        ) from exc
    return ray
