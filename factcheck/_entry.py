"""The ``factcheck`` console script (and ``python -m factcheck``): the start guard of
:mod:`factcheck._signals` first, then the Typer app of :mod:`factcheck.cli`."""

from __future__ import annotations

from ._signals import guard_start


def main() -> None:
    """Run the Typer app (:mod:`factcheck.cli`) with the start guard in place."""
    guard_start()
    from .cli import main as run

    run()
