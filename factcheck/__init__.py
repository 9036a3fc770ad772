"""factcheck: cross-check news articles claim by claim.

Several reports of one event go in; every claim of every article comes out labelled
**agreeing** (another source supports it), **unique** (no other source says it) or
**conflicting** (another source contradicts it), with the evidence and the reason.
:func:`check` checks one text (a draft, a generated article) against its sources instead:
each of its claims is **supported**, **contradicted** or **unsupported**.

Example:
    >>> import factcheck
    >>> report = factcheck.verify(["seeds/000_e13862f1c11c3b5e.txt", "seeds/003_86d08fd821a156d2.txt"])  # doctest: +SKIP
    >>> report.by_label("unique")[0].text                                                                # doctest: +SKIP

Importing this package is cheap: torch, sentence-transformers and spaCy load on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import check as _check_module  # noqa: F401  (loaded first: ``check`` below must win the name)

if TYPE_CHECKING:
    from .articles import ArticleLike, ArticleSet, read_article
    from .check import CHECK_SCHEMA, CheckedClaim, CheckReport, Verdict
    from .errors import ConfigError, FactcheckError, GoldError, InputError, ModelError
    from .options import Options
    from .types import (
        REPORT_SCHEMA,
        Article,
        Claim,
        Evidence,
        Label,
        LabelledClaim,
        Relation,
        Report,
        SetError,
        Source,
    )
    from .verifier import Verifier, verify

__version__ = "0.1.0"

#: Where each public name lives; imported on first use, so ``import factcheck`` costs
#: milliseconds and a Ctrl-C while the command line starts is caught (``factcheck._signals``).
_HOMES = {
    **dict.fromkeys(["ArticleSet", "read_article"], ".articles"),
    **dict.fromkeys(["CHECK_SCHEMA", "CheckedClaim", "CheckReport", "Verdict"], ".check"),
    **dict.fromkeys(["ConfigError", "FactcheckError", "GoldError", "InputError", "ModelError"], ".errors"),
    "Options": ".options",
    **dict.fromkeys(
        [
            "REPORT_SCHEMA",
            "Article",
            "Claim",
            "Evidence",
            "Label",
            "LabelledClaim",
            "Relation",
            "Report",
            "SetError",
            "Source",
        ],
        ".types",
    ),
    **dict.fromkeys(["Verifier", "verify"], ".verifier"),
}


def check(text: ArticleLike, sources: Iterable[ArticleLike], **options: Any) -> CheckReport:
    """Check one text against its sources (:func:`factcheck.verifier.check`).

    A function here, not a lazy name: the module :mod:`factcheck.check` has the same name,
    and importing it would otherwise put the module in this name's place.
    """
    from .verifier import check as run

    return run(text, sources, **options)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CHECK_SCHEMA",
    "REPORT_SCHEMA",
    "Article",
    "ArticleSet",
    "CheckReport",
    "CheckedClaim",
    "Claim",
    "ConfigError",
    "Evidence",
    "FactcheckError",
    "GoldError",
    "InputError",
    "Label",
    "LabelledClaim",
    "ModelError",
    "Options",
    "Relation",
    "Report",
    "SetError",
    "Source",
    "Verdict",
    "Verifier",
    "__version__",
    "check",
    "read_article",
    "verify",
]
