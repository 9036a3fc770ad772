"""factcheck: cross-check news articles claim by claim.

Several reports of one event go in; every claim of every article comes out labelled
**agreeing** (another source supports it), **unique** (no other source says it) or
**conflicting** (another source contradicts it), with the evidence and the reason.

Example:
    >>> import factcheck
    >>> report = factcheck.verify(["seeds/000_e13862f1c11c3b5e.txt", "seeds/003_86d08fd821a156d2.txt"])  # doctest: +SKIP
    >>> report.by_label("unique")[0].text                                                                # doctest: +SKIP

Importing this package is cheap: torch, sentence-transformers and spaCy load on first use.
"""

from __future__ import annotations

from .articles import ArticleSet, read_article
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

__all__ = [
    "REPORT_SCHEMA",
    "Article",
    "ArticleSet",
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
    "Verifier",
    "__version__",
    "read_article",
    "verify",
]
