"""The start guard of the console script: a Ctrl-C while it starts exits 130 at once, quietly.

Until a command begins its work (its modules load, Typer builds the command line and parses
the arguments: about half a second), SIGINT ends the process at once with one line and exit
130: nothing has been done, so nothing needs undoing. The handler exits rather than raising
KeyboardInterrupt because Python prints and then *swallows* an exception raised inside a
weakref callback or a ``__del__`` (importlib runs such callbacks while it loads modules), and
the run would go on. Once :func:`work_begins` is called (the command line does, before each
command), SIGINT raises KeyboardInterrupt as Python's default handler does; ``batch`` keeps
the guard until :class:`factcheck.batch.StopOnSignals` takes over, and then stops after its
next line.

Only Python's own start and the import of the ``factcheck`` package come before the guard
(about 0.08 s from launch on the development machine).
"""

from __future__ import annotations

import os
import signal

_working = False


def _on_sigint(signum: int, frame: object) -> None:
    if not _working:
        os.write(2, b"stopped by SIGINT while starting: nothing was done\n")
        os._exit(128 + signal.SIGINT)
    raise KeyboardInterrupt


def guard_start() -> None:
    """Until :func:`work_begins`, a SIGINT exits 130 at once with one line on stderr."""
    signal.signal(signal.SIGINT, _on_sigint)


def work_begins() -> None:
    """From now on a Ctrl-C raises KeyboardInterrupt (Python's default) instead of exiting."""
    global _working
    _working = True
