"""The ``factcheck`` console script: nothing is imported before the Ctrl-C guard is in place.

A Ctrl-C while the command line loads its modules (about half a second) exits 130 with one
line instead of a traceback; once a command runs, it stops cleanly on its own (``batch``
between two lines).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run the Typer app (:mod:`factcheck.cli`)."""
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("stopped by SIGINT while starting: nothing was done\n")
        sys.exit(130)
    run()
