"""Batch verification: JSON Lines of article sets in, one JSON line per set out.

Bad lines and sets that cannot be verified give an error record
(``{"id": ..., "error": {"type": ..., "message": ...}}``) and the batch goes on.

Example:
    >>> import io, json
    >>> from factcheck import Verifier
    >>> src = io.StringIO('{"id": "s1", "articles": [{"id": "a", "text": "Rain fell."}]}\\n')
    >>> out = io.StringIO()
    >>> summary = run_batch(src, out, verifier=Verifier(embedder="hashing"))
    >>> json.loads(out.getvalue())["error"]["type"], summary.failed
    ('InputError', 1)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from .articles import iter_sets
from .types import Report, SetError
from .verifier import Verifier

__all__ = ["BatchSummary", "run_batch"]


@dataclass(frozen=True)
class BatchSummary:
    """How a batch went: every input set is counted once, as ok or failed."""

    total: int
    ok: int
    failed: int
    claims: int


def run_batch(
    source: IO[str],
    out: IO[str],
    *,
    verifier: Verifier,
    path: str = "<input>",
    on_result: Callable[[Report | SetError], None] | None = None,
) -> BatchSummary:
    """Verify every set of ``source`` and write one JSON line per set to ``out``, in input order."""
    total = ok = failed = claims = 0
    for result in verifier.verify_many(iter_sets(source, path=path), on_error="return"):
        total += 1
        if isinstance(result, Report):
            ok += 1
            claims += len(result.claims)
            line = json.dumps(result.to_dict(), ensure_ascii=False)
        else:
            failed += 1
            line = json.dumps(result.to_dict(), ensure_ascii=False)
        out.write(line + "\n")
        out.flush()
        if on_result is not None:
            on_result(result)
    return BatchSummary(total=total, ok=ok, failed=failed, claims=claims)
