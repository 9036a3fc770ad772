"""The ``factcheck`` command line: thin Typer commands over importable functions.

``verify`` cross-checks articles, ``check`` checks one text against its sources, ``batch``
runs many sets or checks, ``bench`` measures and gates. Exit codes: 0 ok; 1 some sets failed
(batch), the input could not be verified, or a gate (``--fail-on``, ``--max-unsupported``)
failed; 2 usage error; 3 batch output could not be written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from ._signals import work_begins
from .errors import FactcheckError, OutputError
from .options import DEFAULTS, Options, help_of
from .types import Label

app = typer.Typer(
    name="factcheck",
    help="Cross-check news articles claim by claim: agreeing, unique or conflicting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


#: Commands that take over SIGINT themselves, inside their work (see :func:`_app_options`).
_OWN_SIGNALS = frozenset({"batch"})


@app.callback()
def _app_options(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    # The console script (factcheck._signals guard) exits at once on a Ctrl-C until here. ``batch``
    # keeps that guard until StopOnSignals takes SIGINT over, so that no moment is left where a
    # Ctrl-C would end it with a traceback.
    if ctx.invoked_subcommand not in _OWN_SIGNALS:
        work_begins()


FORMATS = ("text", "json", "md", "html")

#: Flags that are verifier options: their help is the option's own description (Options).
MatchThresholdOption = Annotated[float | None, typer.Option(help=help_of("match_threshold", short=True))]
MaxCharsOption = Annotated[int, typer.Option(help=help_of("max_chars", short=True))]
MaxArticlesOption = Annotated[int, typer.Option(help=help_of("max_articles", short=True), min=1)]

#: ``--relation-model``, the same on every command that verifies (see :func:`_judge_options`).
RelationModelOption = Annotated[
    str,
    typer.Option(help="Pair judge: 'default' (the rules, with the shipped pair model behind them), 'none' (rules only), or a model folder."),
]


def _options(
    *, model: str | None, relation_model: str, match_threshold: float | None = None, **flags: Any
) -> Options:
    """The verifier options of a command's flags (a flag left unset keeps the option's default).

    ``--relation-model none`` turns the pair model off (rules only); ``--match-threshold``
    takes the rules' related floor down with it (it may not exceed it).
    """
    given = {k: v for k, v in flags.items() if v is not None}
    if model is not None:
        given["embedder"] = model
    opts = Options(relation_model=None if relation_model.lower() == "none" else relation_model, **given)
    if match_threshold is not None:
        related = min(opts.related_threshold, match_threshold)
        opts = replace(opts, match_threshold=match_threshold, related_threshold=related)
    return opts


def _fail(msg: str, code: int = 1) -> None:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(code)


def _labels(value: str | None, allowed: tuple[str, ...], flag: str) -> tuple[str, ...]:
    """``"conflicting,unique"`` as a tuple of labels; a usage error (exit 2) names a bad one."""
    if not value:
        return ()
    got = tuple(x.strip().lower() for x in value.split(",") if x.strip())
    bad = [x for x in got if x not in allowed]
    if bad:
        _fail(f"{flag} got {', '.join(map(repr, bad))}; choose from: {', '.join(allowed)}.", 2)
    return got


def _check_output(output: Path | None) -> None:
    """Make ``-o``'s folder before the run (so a long run never ends in an unwritable path)."""
    if output is None:
        return
    if output.is_dir():
        _fail(f"-o {output} is a folder: give a file name.", 2)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot create the folder of -o {output}: {exc.strerror or exc}.", 2)


def _text_width(output: Path | None) -> int:
    """The text report's width: the terminal's (``COLUMNS`` first, as rich reads it); 100 for
    a pipe or a file, unless ``COLUMNS`` is set."""
    columns = os.environ.get("COLUMNS", "").strip()
    if (columns.isdigit() and int(columns) > 0) or (output is None and sys.stdout.isatty()):
        return shutil.get_terminal_size((100, 24)).columns
    return 100


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


def _echo_warnings(caught: Iterable[warnings.WarningMessage]) -> None:
    for w in caught:
        if issubclass(w.category, UserWarning):
            typer.echo(f"warning: {w.message}", err=True)


_LABELS = tuple(lab.value for lab in Label)


@contextlib.contextmanager
def _parse_bar(show: bool) -> Iterator[Any]:
    """A transient stderr bar over the characters parsed (a long article takes minutes); yields
    the ``progress(done, total)`` callback to give :meth:`Verifier.verify`, or ``None``."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("parsing"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=Console(stderr=True),
    )
    task = bar.add_task("parse", total=None)

    def moved(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield moved


@app.command("verify")
def verify_cmd(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="Two or more article files (.txt, .md, .json, .html), or folders of them."),
    ] = None,
    stdin: Annotated[
        bool,
        typer.Option(
            "--stdin", help="Read articles from stdin: a JSON list of article objects, or JSON Lines."
        ),
    ] = False,
    ids: Annotated[
        list[str] | None, typer.Option("--id", help="Name the articles, in order (once per article).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, md or html.")] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout (folders are made).")
    ] = None,
    only: Annotated[
        str | None, typer.Option(help="Show only these labels, e.g. 'conflicting,unique'.")
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(help="Exit 1 when a claim has one of these labels, e.g. 'conflicting' (for scripts)."),
    ] = None,
    model: Annotated[str | None, typer.Option(help="Embedding model: a Sentence Transformers name or folder.")] = None,
    match_threshold: MatchThresholdOption = None,
    max_chars: MaxCharsOption = DEFAULTS["max_chars"],
    relation_model: RelationModelOption = DEFAULTS["relation_model"],
    no_merge_copies: Annotated[
        bool, typer.Option("--no-merge-copies", help="Count a near copy of another article as a source of its own.")
    ] = not DEFAULTS["merge_copies"],
    progress: Annotated[
        bool, typer.Option(help="Show the parsing progress on stderr (it goes away when done).")
    ] = True,
) -> None:
    """Cross-check articles about one event and print the labelled claims.

    Exit codes: 0 done; 1 the input could not be verified, or --fail-on matched; 2 usage error.
    """
    from .report import render
    from .verifier import Verifier

    if fmt not in FORMATS:
        _fail(f"Unknown format {fmt!r}. Choose one of: {', '.join(FORMATS)}.", 2)
    if not files and not stdin:
        _fail("give two or more article files (or --stdin); see factcheck verify --help.", 2)
    shown, failing = _labels(only, _LABELS, "--only"), _labels(fail_on, _LABELS, "--fail-on")
    _check_output(output)
    opts = _options(
        model=model,
        relation_model=relation_model,
        match_threshold=match_threshold,
        max_chars=max_chars,
        merge_copies=not no_merge_copies,
    )
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from .articles import read_articles, stdin_articles

            articles = read_articles(files or [], ids=ids or ())
            if stdin:
                articles += stdin_articles(sys.stdin.read())
            with _parse_bar(progress) as moved:
                report = Verifier(options=opts).verify(articles, progress=moved)
        _echo_warnings(caught)
        text = render(
            report.only(shown) if shown else report,
            fmt,
            width=_text_width(output),
            color=output is None and fmt == "text" and sys.stdout.isatty(),
            texts={a.id: a.text for a in articles},
        )
    except FactcheckError as exc:
        _fail(str(exc), 1)
        return
    _emit(text, output)
    hits = [c for c in report.claims if c.label.value in failing]
    if hits:
        typer.echo(f"--fail-on: {len(hits)} claim(s) labelled {', '.join(failing)}.", err=True)
        raise typer.Exit(1)


_VERDICTS = ("supported", "contradicted", "unsupported")


@app.command("check")
def check_cmd(
    text: Annotated[
        str,
        typer.Argument(
            help="The text to check (.txt, .md, .json or .html file; '-' reads it from stdin).", show_default=False
        ),
    ],
    against: Annotated[
        list[str],
        typer.Option("--against", "-a", help="A source to check it against (a file or a folder); repeat for more."),
    ],
    check_id: Annotated[str | None, typer.Option("--id", help="The check's id (shown in the report).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, md or html.")] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout (folders are made).")
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(help="Exit 1 when a claim has one of these verdicts, e.g. 'contradicted'."),
    ] = None,
    max_unsupported: Annotated[
        float | None,
        typer.Option(help="Exit 1 when more than this share of the claims is unsupported, e.g. 0.2.", min=0.0, max=1.0),
    ] = None,
    model: Annotated[str | None, typer.Option(help="Embedding model: a Sentence Transformers name or folder.")] = None,
    match_threshold: MatchThresholdOption = None,
    max_chars: MaxCharsOption = DEFAULTS["max_chars"],
    relation_model: RelationModelOption = DEFAULTS["relation_model"],
) -> None:
    """Check one text (a draft, an AI-written article) against its sources, claim by claim.

    Each claim of the text is supported, contradicted or unsupported.

    Exit codes: 0 done (and the gates passed); 1 the input could not be checked, or --fail-on
    or --max-unsupported failed (a text with no claim fails them too); 2 usage error.
    """
    from .articles import as_check, read_articles
    from .report import render
    from .verifier import Verifier

    if fmt not in FORMATS:
        _fail(f"Unknown format {fmt!r}. Choose one of: {', '.join(FORMATS)}.", 2)
    failing = _labels(fail_on, _VERDICTS, "--fail-on")
    _check_output(output)
    opts = _options(
        model=model, relation_model=relation_model, match_threshold=match_threshold, max_chars=max_chars
    )
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if text == "-":
                checked: Any = {"id": "stdin", "text": sys.stdin.read()}
                sources = read_articles(against)
            else:  # read together, so a text and a source of one file name get their folders' names
                checked, *sources = read_articles([text, *against])
            aset = as_check(checked, sources, check_id)
            report = Verifier(options=opts).check(aset.articles[0], aset.articles[1:], id=check_id)
        _echo_warnings(caught)
        out = render(
            report,
            fmt,
            width=_text_width(output),
            color=output is None and fmt == "text" and sys.stdout.isatty(),
            texts={a.id: a.text for a in aset.articles},
        )
    except FactcheckError as exc:
        _fail(str(exc), 1)
        return
    _emit(out, output)
    if output is not None or fmt != "text":  # the text report opens with it
        typer.echo(report.summary(), err=True)
    reasons = report.failures(fail_on=failing, max_unsupported=max_unsupported)
    if reasons:
        typer.echo(f"check failed: {'; '.join(reasons)}.", err=True)
        raise typer.Exit(1)


@app.command("batch")
def batch_cmd(
    input: Annotated[
        str,
        typer.Argument(
            help="JSON Lines (one {id, articles: [...]} per line, or a check: {id, text, sources: [...]}), "
            "or a folder with one subfolder per set. "
            "With --engine ray, also a URI Ray reads (s3://..., gs://...).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="JSON Lines out: one report or error per set.")
    ],
    model: Annotated[str | None, typer.Option(help="Embedding model: a Sentence Transformers name or folder.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip set ids already in the output; append the rest.")
    ] = False,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed",
            help="--resume, and verify again the sets that ended in an error (the output is cut "
            "at the first of them and the rest redone, so it stays in input order).",
        ),
    ] = False,
    cache: Annotated[
        Path | None,
        typer.Option(
            help="Cache file for claims, embeddings and pair probabilities (default: see above).",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not cache claims, embeddings or pair probabilities.")] = False,
    timeout: Annotated[
        float | None, typer.Option(help="Seconds allowed per set (a slower set gets an error).")
    ] = None,
    max_chars: MaxCharsOption = DEFAULTS["max_chars"],
    max_articles: MaxArticlesOption = DEFAULTS["max_articles"],
    relation_model: RelationModelOption = DEFAULTS["relation_model"],
    html_dir: Annotated[
        Path | None, typer.Option(help="Also write one HTML report per set, plus index.html, here.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Local engine: processes parsing beside the encoder (default 0). "
            "Ray engine: verifier actors (default: the cluster's CPUs less one).",
            min=0,
        ),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="local, or ray (pip install the extra factcheck\\[ray]; JSON Lines input).")
    ] = "local",
    ray_address: Annotated[
        str | None, typer.Option(help="Ray cluster to join, e.g. auto or ray://head:10001 (default: local).")
    ] = None,
) -> None:
    """Verify many article sets; bad sets give error lines and the batch goes on.

    Ctrl-C (SIGINT) or SIGTERM stops between two lines (exit 130 or 143); --resume finishes.

    The cache is ~/.cache/factcheck/embeddings.sqlite ($XDG_CACHE_HOME/factcheck/embeddings.sqlite
    where XDG_CACHE_HOME is set); --cache PATH moves it, --no-cache turns it off.
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from .batch import StopOnSignals, item_id, open_input, resume_output, run_batch
    from .report.pages import HtmlPages
    from .verifier import Verifier

    if engine not in ("local", "ray"):
        _fail(f"Unknown engine {engine!r}. Choose one of: local, ray.", 2)
    in_path = Path(input)
    remote = engine == "ray" and "://" in input
    if engine == "ray" and in_path.is_dir():
        _fail("--engine ray reads JSON Lines; give a .jsonl file, not a folder.", 2)
    if engine == "ray" and timeout:
        _fail("--timeout works with the local engine only (Ray runs verifiers in threads).", 2)
    if html_dir:
        try:  # a folder that cannot be made is a usage error before any work
            html_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            why = "a file has that name" if isinstance(exc, FileExistsError) else exc.strerror
            _fail(f"Cannot make the folder {str(html_dir)!r} for --html-dir: {why}.", 2)
    _check_output(output)  # the folder of -o is made, as verify and check make it
    resume = resume or retry_failed
    resumed = resume_output(output, retry_failed=retry_failed) if resume else None
    skip = set(resumed.done) if resumed else set()
    try:
        inp = open_input(input, skip=skip, remote=remote)
    except OSError as exc:
        _fail(f"Cannot read {input!r}: {exc.strerror}.", 2)
        return
    src, total, items = inp.source, inp.total, inp.items
    bar = Progress(
        TextColumn("verifying"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        transient=False,
        disable=not progress,
        console=Console(stderr=True),
    )
    pages = HtmlPages(html_dir) if html_dir else None
    if pages is not None and skip:  # the index lists the sets of the earlier run too
        _readd_pages(pages, output)
    if pages is not None:  # their texts, for the pages (the sets done before are left out first)
        items = pages.track(x for x in items if item_id(x) not in skip)
    try:
        out = output.open("a" if resume else "w", encoding="utf-8")
    except OSError as exc:
        _fail(f"Cannot write {str(output)!r}: {exc.strerror}.", 2)
        return
    opts = _options(
        model=model,
        relation_model=relation_model,
        cache=False if no_cache else (cache or True),
        max_chars=max_chars,
        max_articles=max_articles,
    )
    try:
        with src, _batch_warnings(bar.console), _closing_output(out, output), bar, StopOnSignals():
            work_begins()  # SIGINT is StopOnSignals' now, and KeyboardInterrupt's after the block
            task = bar.add_task("sets", total=None if total is None else max(total, 0), rate="")
            start = time.perf_counter()
            n_claims = 0

            def advance(result: object) -> None:
                if pages is not None:
                    pages.add(result)
                nonlocal n_claims
                n_claims += len(getattr(result, "claims", ()))
                secs = max(time.perf_counter() - start, 1e-9)
                done = bar.tasks[0].completed + 1
                bar.update(task, advance=1, rate=f"{done / secs:.1f} sets/s, {n_claims / secs:.0f} claims/s")

            try:
                if engine == "ray":
                    from .batch.ray_engine import run_batch_ray

                    summary = run_batch_ray(
                        input,
                        out,
                        options=opts,  # --workers: the number of Ray actors
                        workers=workers,
                        address=ray_address,
                        on_result=advance,
                        skip=skip,
                    )
                else:
                    local = opts if workers is None else replace(opts, workers=workers)
                    with Verifier(options=local) as verifier:
                        summary = run_batch(
                            items, out, verifier=verifier, on_result=advance, timeout=timeout, skip=skip
                        )
            except OutputError:
                raise
            except FactcheckError as exc:
                _fail(str(exc), 2)
                return
    except OutputError as exc:  # after the file is closed: nothing more can reach it
        _output_failed(output, str(exc), pages)
        return
    if pages is not None:
        pages.write_index()
        typer.echo(f"HTML reports: {pages.folder / 'index.html'}", err=True)
    if resumed is not None and (resumed.done or resumed.retried):
        typer.echo(_resumed_line(resumed, output), err=True)
    typer.echo(
        f"{summary.total} sets: {summary.ok} ok, {summary.failed} failed; {summary.claims} claims -> {output}",
        err=True,
    )
    if summary.interrupted is not None:
        name = signal.Signals(summary.interrupted).name
        typer.echo(f"stopped by {name}: rerun with --resume to verify the rest", err=True)
        raise typer.Exit(128 + summary.interrupted)
    if summary.failed:
        raise typer.Exit(1)


def _resumed_line(resumed: Any, output: Path) -> str:
    """What ``--resume`` kept and what it verifies again (:class:`~factcheck.batch.Resumed`)."""
    line = f"resumed: {len(resumed.done)} sets were already in {output}"
    if resumed.errors:
        line += f" ({resumed.errors} of them errors, kept; --retry-failed verifies them again)"
    if resumed.retried:
        line += f"; retried {resumed.retried} that had failed"
        if resumed.redone:
            line += f" and redid the {resumed.redone} after the first of them, to keep input order"
    return line


#: ``factcheck batch`` exits with this when its output cannot be written (a full disk).
EXIT_OUTPUT = 3


def _readd_pages(pages: Any, output: Path) -> None:
    """Give ``pages`` the records already in ``output`` (``--resume``), so the index lists all."""
    import json

    from .check import result_from_dict

    with output.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                pages.relist(result_from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError):
                continue


@contextlib.contextmanager
def _batch_warnings(console: Any) -> Iterator[None]:
    """Show warnings (a cache that cannot be used, non-English text) as one plain line each."""
    from rich.markup import escape

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        console.print(f"warning: {escape(str(message))}", highlight=False, soft_wrap=True)

    from .cache import CacheWarning

    with warnings.catch_warnings():
        warnings.showwarning = show
        warnings.simplefilter("default", CacheWarning)  # a cache never stops a batch
        yield


@contextlib.contextmanager
def _closing_output(out: IO[str], output: Path) -> Iterator[IO[str]]:
    """Close ``out``; a failed last flush (a full disk) is E504, not a traceback."""
    try:
        yield out
    except BaseException:
        with contextlib.suppress(OSError):  # the error on the way out says it already
            out.close()
        raise
    try:
        out.close()
    except OSError as exc:
        raise OutputError.coded("E504", path=str(output), reason=exc.strerror or str(exc)) from exc


def _output_failed(output: Path, message: str, pages: Any) -> None:
    """After a failed write: cut the half-written last line off ``output`` (the file is closed,
    so nothing can follow it), say what is kept, and exit :data:`EXIT_OUTPUT`."""
    from .batch import done_ids

    kept = None
    with contextlib.suppress(OSError):
        kept = len(done_ids(output)) if output.is_file() else None
    if pages is not None:
        with contextlib.suppress(OSError):
            pages.write_index()
    if kept is not None:
        typer.echo(f"{kept} sets are complete in {output}", err=True)
    _fail(message, EXIT_OUTPUT)


@app.command("bench")
def bench_cmd(
    suite: Annotated[
        list[str] | None, typer.Option("--suite", "-s", help="Suite(s) to run (default: all).")
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="External datasets folder (default ../shared/data).")
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option(help="Your own gold corpus folder (format: factcheck.gold/1, see docs).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write full results here.")] = None,
    baseline: Annotated[Path | None, typer.Option(help="Baseline JSON to gate against.")] = None,
    update_baseline: Annotated[bool, typer.Option("--update-baseline", help="Write the current metrics as the baseline.")] = False,
    tolerance: Annotated[float, typer.Option(help="Allowed drop below baseline.")] = 0.01,
    model: Annotated[str | None, typer.Option(help="Embedding model: a Sentence Transformers name or folder.")] = None,
    match_threshold: MatchThresholdOption = None,
    relation_model: RelationModelOption = DEFAULTS["relation_model"],
    allow_skip: Annotated[
        bool,
        typer.Option(
            "--allow-skip",
            help="Let suites whose external data is absent skip (a --suite asked for, or a baseline "
            "suite in the gate); without it they fail. Seeds, corpus and phenomena must always run.",
        ),
    ] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar per suite on stderr.")] = True,
) -> None:
    """Score the pipeline on gold suites; exit 1 when a metric falls below the baseline or a suite did not run."""
    import json

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    from .bench import (
        NEEDS_DATA,
        SUITES,
        gate,
        gated_metrics,
        load_baseline,
        results_json,
        run_bench,
        write_baseline,
    )
    from .errors import InputError
    from .verifier import Verifier

    for name in suite or []:
        if name not in SUITES:
            _fail(f"Unknown suite {name!r}. Choose from: {', '.join(sorted(SUITES))}.", 2)
    opts = _options(model=model, relation_model=relation_model, match_threshold=match_threshold)
    verifier = Verifier(options=opts)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not progress,
    )
    tasks: dict[str, TaskID] = {}

    def tick(name: str, done: int, total: int) -> None:
        if name not in tasks:
            tasks[name] = bar.add_task(name, total=total)
        bar.update(tasks[name], completed=done, total=total)

    try:
        with bar:
            results, skipped = run_bench(
                list(suite) if suite else None, verifier=verifier, data=data, corpus=corpus, tick=tick
            )
    except FactcheckError as exc:
        _fail(str(exc), 1)
        return
    _print_bench(results, skipped)
    doc = results_json(results, skipped, verifier.get_params())
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    # A suite asked for by name that could not run is an error, unless --allow-skip.
    not_run = [n for n in dict.fromkeys(suite or []) if n in skipped]
    if not_run and not allow_skip:
        for n in not_run:
            typer.echo(f"error: {InputError.coded('E401', suite=n, reason=skipped[n])}", err=True)
        raise typer.Exit(1)
    now = {n: gated_metrics(r.metrics) for n, r in results.items()}
    if update_baseline:
        target = baseline or Path("benchmarks/baseline.json")
        write_baseline(target, now)
        typer.echo(f"baseline updated: {target}", err=True)
        return
    if baseline:
        try:  # within tolerance, and the baseline suites it was asked for ran
            outcome = gate(
                now,
                load_baseline(baseline),
                skipped,
                tolerance=tolerance,
                known=SUITES,
                allow_skip=allow_skip,
                waivable=NEEDS_DATA,
                path=str(baseline),
            )
        except FactcheckError as exc:
            _fail(str(exc), 1)
            return
        for f in outcome.regressions:
            typer.echo(f"REGRESSION {f}", err=True)
        if not outcome.passed:
            raise typer.Exit(1)
        if outcome.waived:
            typer.echo(
                f"gate: {len(outcome.waived)} baseline suite(s) skipped (--allow-skip): {', '.join(outcome.waived)}",
                err=True,
            )
        typer.echo(
            f"gate passed against {baseline} (tolerance {tolerance}): "
            f"{outcome.checked} of {outcome.total} baseline suites checked",
            err=True,
        )


def _print_bench(results: dict[str, Any], skipped: dict[str, str]) -> None:
    """The table on stdout; groups too. Skipped suites and an empty run are told on stderr."""
    from rich.console import Console
    from rich.table import Table

    if not results:
        typer.echo("no suite ran", err=True)
    else:
        table = Table(title="factcheck bench")
        for col in (
            "suite",
            "n",
            "accuracy",
            "macro-F1",
            "agreeing F1",
            "unique F1",
            "conflicting F1",
            "claims/s",
        ):
            table.add_column(col, justify="right" if col != "suite" else "left")

        def num(x: Any) -> str:  # "-": not measured (a label without gold), never 0.000
            return f"{x:.3f}" if isinstance(x, (int, float)) else "-"

        def f1(m: dict[str, Any], lab: str) -> str:
            return num(m[lab].get("f1")) if isinstance(m.get(lab), dict) else "-"

        for name, r in results.items():
            m = r.metrics
            table.add_row(
                name,
                str(m.get("n", "")),
                num(m.get("accuracy")),
                num(m.get("macro_f1")),
                f1(m, "agreeing"),
                f1(m, "unique"),
                f1(m, "conflicting"),
                f"{r.claims_per_s:.0f}",
            )
        console = Console()
        if not console.is_terminal:  # a log or a pipe: wide enough that no header is cut short
            console = Console(width=120)
        console.print(table)
        for name, r in results.items():
            for grp, g in (r.metrics.get("groups") or {}).items():
                if len(r.metrics["groups"]) > 1:
                    console.print(
                        f"  {name}/{grp}: accuracy {g['accuracy']:.3f} (n={g['n']}, false conflicts {g['false_conflicts']})",
                        markup=False,
                    )
    for name, why in skipped.items():
        typer.echo(f"skipped {name}: {why}", err=True)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
