"""The ``factcheck`` command line: thin Typer commands over importable functions.

Exit codes: 0 ok; 1 some sets failed (batch) or input could not be verified; 2 usage error.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer

from .errors import FactcheckError

app = typer.Typer(
    name="factcheck",
    help="Cross-check news articles claim by claim: agreeing, unique or conflicting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FORMATS = ("text", "json", "md")


def _fail(msg: str, code: int = 1) -> None:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(code)


@app.command("verify")
def verify_cmd(
    files: Annotated[list[Path], typer.Argument(help="Two or more article files (.txt, .md, .json).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or md.")] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="sentence-transformers model name or path.")] = None,
    match_threshold: Annotated[float | None, typer.Option(help="Cosine for 'same fact'.")] = None,
) -> None:
    """Cross-check articles about one event and print the labelled claims."""
    from .report import render
    from .verifier import Verifier

    if fmt not in FORMATS:
        _fail(f"Unknown format {fmt!r}. Choose one of: {', '.join(FORMATS)}.", 2)
    opts: dict[str, object] = {"embedder": model}
    if match_threshold is not None:
        opts["match_threshold"] = match_threshold
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from .articles import read_article

            articles = [read_article(f) for f in files]
        for w in caught:
            typer.echo(f"warning: {w.message}", err=True)
        report = Verifier(**opts).verify(articles)  # type: ignore[arg-type]
        text = render(report, fmt, color=output is None and fmt == "text" and sys.stdout.isatty())
    except FactcheckError as exc:
        _fail(str(exc), 1)
        return
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


@app.command("batch")
def batch_cmd(
    input: Annotated[Path, typer.Argument(help="JSON Lines: one {id, articles: [...]} per line.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="JSON Lines out: one report or error per set.")
    ],
    model: Annotated[str | None, typer.Option(help="sentence-transformers model name or path.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Verify many article sets; bad sets give error lines and the batch goes on."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .batch import run_batch
    from .verifier import Verifier

    try:
        src = input.open("r", encoding="utf-8", errors="replace")
    except OSError as exc:
        _fail(f"Cannot read {str(input)!r}: {exc.strerror}.", 2)
        return
    total = sum(1 for line in src if line.strip())
    src.seek(0)
    bar = Progress(
        TextColumn("verifying"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
        disable=not progress,
        console=__import__("rich.console").console.Console(stderr=True),
    )
    with src, output.open("w", encoding="utf-8") as out, bar:
        task = bar.add_task("sets", total=total)
        summary = run_batch(
            src,
            out,
            verifier=Verifier(embedder=model),
            path=str(input),
            on_result=lambda _: bar.advance(task),
        )
    typer.echo(
        f"{summary.total} sets: {summary.ok} ok, {summary.failed} failed; {summary.claims} claims -> {output}",
        err=True,
    )
    if summary.failed:
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
