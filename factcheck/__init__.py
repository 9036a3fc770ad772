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

from .articles import ArticleSet, read_article
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
from .verifier import Verifier, check, verify

__version__ = "0.1.0"

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
