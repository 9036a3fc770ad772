"""``python -m factcheck``: the same command line as the ``factcheck`` script."""

from ._entry import main

main()
