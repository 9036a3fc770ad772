"""Every :class:`~factcheck.verifier.Verifier` option in one place: :class:`Options`.

Each option is one field of a frozen, keyword-only dataclass: its name, type and default, and
in the field's metadata what is allowed (``allowed``: the words of the error message) and the
test of a value (``check``). The rest is derived from the fields: ``Verifier(**kwargs)``
(:meth:`Options.from_kwargs`: an unknown name is ConfigError E002 at once, with the closest
name as a hint), the checks on first use (:meth:`Options.validate`: E001),
``Verifier.get_params()`` and ``Report.options`` (:meth:`Options.to_dict`), the command
line's defaults and :data:`DEFAULTS`.

Example:
    >>> opts = Options(top_k=5)
    >>> opts.top_k, opts.match_threshold
    (5, 0.72)
    >>> Options(top_k=0).validate()
    Traceback (most recent call last):
    ...
    factcheck.errors.ConfigError: [E001] The 'top_k' parameter of Verifier must be an int >= 1. Got 0 instead.
    >>> Options.from_kwargs({"top_kk": 5})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    factcheck.errors.ConfigError: [E002] Unknown option 'top_kk' for Verifier. Valid options: 'top_k' (did you mean it?), embedder, ...
"""

from __future__ import annotations

import difflib
import os
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any

from .embed import Embedder
from .errors import ConfigError, check_param
from .relations import PairScorer

__all__ = ["DEFAULTS", "OPTION_NAMES", "Options", "check_names", "help_of", "options_table"]


def _meta(
    allowed: str, check: Callable[[Any], bool], *, doc: str, param: bool = True, by_name: bool = False
) -> dict[str, Any]:
    """An option field's metadata: what is allowed (in words), the test of a value, and what
    the option does (``doc``: one paragraph, reStructuredText as in docstrings).

    ``param=False``: left out of :meth:`Options.to_dict` (``get_params()``, ``Report.options``);
    ``by_name=True``: an object value is shown there by its ``name`` (else its class name).
    """
    return {"allowed": allowed, "check": check, "param": param, "by_name": by_name, "doc": doc}


# -- the checks: one per kind of value -------------------------------------------------------

_NLI_LABELS = ("contradiction", "entailment", "neutral")
_UNIT = "a float in [0, 1]"


def _is_unit(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0.0 <= v <= 1.0


def _is_unit_or_none(v: Any) -> bool:
    return v is None or _is_unit(v)


def _is_int_from(low: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= low


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _is_name(v: Any) -> bool:
    return v is None or isinstance(v, str)


def _is_embedder(v: Any) -> bool:
    return v is None or isinstance(v, (str, Embedder))


def _is_scorer(v: Any) -> bool:
    return v is None or isinstance(v, (str, PairScorer))


def _is_nli_labels(v: Any) -> bool:
    return (
        isinstance(v, (tuple, list))
        and all(isinstance(x, str) for x in v)
        and sorted(v) == sorted(_NLI_LABELS)
    )


def _is_cache(v: Any) -> bool:
    return isinstance(v, (bool, str, os.PathLike))


@dataclass(frozen=True, kw_only=True)
class Options:
    """The options of a :class:`~factcheck.verifier.Verifier` (defaults: docs/calibration.md).

    Building one checks nothing; :meth:`validate` does (the verifier calls it on first use).
    Each field's description is in its metadata (``doc``); the list below, the table in
    ``docs/concepts.md`` (:func:`options_table`) and the command line's help are made from it.
    """

    embedder: str | Embedder | None = field(
        default=None,
        metadata=_meta(
            "None, a model name or path, or an Embedder",
            _is_embedder,
            by_name=True,
            doc="``None`` for the packaged all-MiniLM-L6-v2, a sentence-transformers name or path, "
            '``"hashing"`` for the tiny test embedder, or any :class:`~factcheck.embed.Embedder`.',
        ),
    )
    spacy_model: str | None = field(
        default=None,
        metadata=_meta(
            "None or a spaCy pipeline name or path",
            _is_name,
            doc="A spaCy pipeline name (default: ``en_core_web_sm``, else its PyPI build).",
        ),
    )
    relation_model: str | PairScorer | None = field(
        default="default",
        metadata=_meta(
            '"default", None, a pair-model folder, or a PairScorer',
            _is_scorer,
            by_name=True,
            doc='How a candidate pair is judged. ``"default"``: the rules, with the shipped pair model '
            "(docs/model-card.md) deciding the pairs they leave open, at the thresholds in its "
            "``model.json``; ``None``: rules, cosine and word overlap only; a path to another "
            "pair-model folder of that format; or any :class:`~factcheck.relations.PairScorer`.",
        ),
    )
    nli_model: str | None = field(
        default=None,
        metadata=_meta(
            "None or a CrossEncoder name or path",
            _is_name,
            doc="A sentence-transformers ``CrossEncoder`` (name or local path) with 3-way NLI output, "
            "in the pair model's place.",
        ),
    )
    nli_labels: tuple[str, str, str] = field(
        default=_NLI_LABELS,
        metadata=_meta(
            f"a permutation of {_NLI_LABELS}", _is_nli_labels, param=False, doc="That model's output label order."
        ),
    )
    match_threshold: float = field(
        default=0.72,
        metadata=_meta(
            _UNIT,
            _is_unit,
            doc="Cosine at or above which the rules take two claims to state the same fact "
            "(MRPC train accuracy-optimal).",
        ),
    )
    related_threshold: float = field(
        default=0.62,
        metadata=_meta(
            _UNIT,
            _is_unit,
            doc="Cosine at or above which the rules compare two claims at all (the 5th percentile of "
            "STS-headline pairs scored >= 3); at most ``match_threshold``.",
        ),
    )
    top_k: int = field(
        default=3,
        metadata=_meta("an int >= 1", _is_int_from(1), doc="Candidate claims kept per claim and other source."),
    )
    max_evidence: int = field(
        default=5, metadata=_meta("an int >= 1", _is_int_from(1), doc="Evidence items kept per claim.")
    )
    batch_size: int = field(
        default=64, metadata=_meta("an int >= 1", _is_int_from(1), doc="Texts per encode batch.")
    )
    max_chars: int = field(
        default=2_000_000,
        metadata=_meta(
            "an int >= 1",
            _is_int_from(1),
            doc="The longest article accepted, in characters; a longer one is an InputError (E109).",
        ),
    )
    max_articles: int = field(
        default=100,
        metadata=_meta(
            "an int >= 1",
            _is_int_from(1),
            param=False,
            doc="The most articles a set may have; a set with more is an InputError (E113). Time grows "
            "with its square (every claim is searched in every other source): 100 articles of 5 "
            "claims took 45 s here (384 MB).",
        ),
    )
    match_margin: float | None = field(
        default=None,
        metadata=_meta(
            f"None or {_UNIT}",
            _is_unit_or_none,
            doc="When set, related claims that are each other's best match in their sources by this "
            "margin over the runner-up agree (off: at 0.1, chosen on ECB+, seed accuracy fell "
            "from 0.820 to 0.787).",
        ),
    )
    workers: int = field(
        default=0,
        metadata=_meta(
            "an int >= 0",
            _is_int_from(0),
            param=False,
            doc="Processes that parse articles beside the encoder in ``verify_many`` (0: parse in this "
            "process). One worker pays off on two or more cores; call ``Verifier.close()`` (or use "
            "``with Verifier(...) as v:``) to stop them.",
        ),
    )
    match_items: bool = field(
        default=True,
        metadata=_meta(
            "True or False",
            _is_bool,
            doc="Also match each item of a claim that lists three or more things "
            "(:attr:`~factcheck.types.Claim.items`), so a source naming one of them can agree with "
            "the list; one extra embedding per item.",
        ),
    )
    merge_copies: bool = field(
        default=True,
        metadata=_meta(
            "True or False",
            _is_bool,
            doc="Count an article that is a near copy of another of the set (the same text, or "
            "republished wire copy: :mod:`factcheck.copies`) as one source with it, so that a claim "
            "only the two state is unique, not agreeing; warned as W104. ``False`` counts every "
            "article as its own source.",
        ),
    )
    cache: str | os.PathLike[str] | bool = field(
        default=False,
        metadata=_meta(
            "True, False or a path to the cache file",
            _is_cache,
            param=False,
            doc="``True`` or a path: keep split claims, claim embeddings and the pair model's "
            "probabilities in a persistent SQLite cache (default path: "
            "``~/.cache/factcheck/embeddings.sqlite``), so re-verifying overlapping sets skips the "
            "parser, the encoder and the pair model's reading of pairs it has read.",
        ),
    )

    @classmethod
    def from_kwargs(
        cls, kwargs: Mapping[str, Any], *, owner: str = "Verifier", base: Options | None = None
    ) -> Options:
        """Options from keyword values, the others from ``base`` (default: the defaults).

        Raises:
            ConfigError: E002 for a name that is not an option (values are not checked here:
                see :meth:`validate`).
        """
        check_names(kwargs, owner)
        return replace(base, **kwargs) if base is not None else cls(**kwargs)

    def validate(self, owner: str = "Verifier") -> None:
        """Check every value, then that ``related_threshold <= match_threshold``.

        Raises:
            ConfigError: E001 for the first option whose value is not allowed, naming the
                value and what is allowed.
        """
        for f in fields(self):
            value = getattr(self, f.name)
            check_param(owner, f.name, value, f.metadata["check"](value), f.metadata["allowed"])
        if self.related_threshold > self.match_threshold:
            raise ConfigError.coded(
                "E001",
                param="related_threshold",
                owner=owner,
                allowed=f"<= match_threshold ({self.match_threshold})",
                value=self.related_threshold,
            )

    def to_dict(self) -> dict[str, Any]:
        """The options that shape a report, JSON-friendly, in field order: what
        ``Verifier.get_params()`` returns. An embedder or relation scorer object shows as its
        ``name`` (else its class name); ``nli_labels``, ``max_articles``, ``workers`` and ``cache``
        are left out."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if not f.metadata["param"]:
                continue
            value = getattr(self, f.name)
            if f.metadata["by_name"] and not (value is None or isinstance(value, str)):
                value = getattr(value, "name", type(value).__name__)
            out[f.name] = value
        return out


def help_of(name: str, *, short: bool = False) -> str:
    """An option's description as plain text; ``short``: its first clause, for the command
    line's ``--help``.

    Example:
        >>> help_of("max_chars", short=True)
        'The longest article accepted, in characters.'
    """
    doc = re.sub(r":\w+:`~?[\w.]*?(\w+)`", r"\1", _FIELDS[name].metadata["doc"]).replace("``", "")
    return re.split(r"(?<=[^.])[.;] ", doc, maxsplit=1)[0].rstrip(".") + "." if short else doc


def options_table() -> str:
    """The Markdown table of every option (name, default, allowed values, what it does) that
    ``docs/concepts.md`` holds between its ``options-table`` markers; a test keeps the two equal,
    and ``python -m factcheck.options`` prints it."""
    rows = ["| option | default | allowed | what it does |", "|---|---|---|---|"]
    for f in fields(Options):
        default = f'"{f.default}"' if isinstance(f.default, str) else repr(f.default)
        cell = help_of(f.name).replace("|", "\\|")
        rows.append(f"| `{f.name}` | `{default}` | {f.metadata['allowed']} | {cell} |")
    return "\n".join(rows) + "\n"


def _docstring() -> str:
    """:class:`Options`' docstring with an ``Args`` entry per field, from the fields' ``doc``."""
    args = []
    for f in fields(Options):
        lines = textwrap.wrap(f"{f.name}: {f.metadata['doc']}", width=92)
        args.append("\n".join(["        " + lines[0], *("            " + x for x in lines[1:])]))
    return (Options.__doc__ or "").rstrip() + "\n\n    Args:\n" + "\n".join(args) + "\n    "


_FIELDS = {f.name: f for f in fields(Options)}
Options.__doc__ = _docstring()

#: Every option's name, in field order (the order error messages list them in).
OPTION_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Options))

#: Every option's default (read-only; derived from :class:`Options`).
DEFAULTS: Mapping[str, Any] = MappingProxyType({f.name: f.default for f in fields(Options)})


def check_names(names: Iterable[str], owner: str) -> None:
    """Raise ConfigError E002 for the first name that is not an option, with the closest
    option as a hint (``Verifier(...)`` and ``factcheck.verify(...)`` both call this)."""
    for name in names:
        if name not in OPTION_NAMES:
            close = difflib.get_close_matches(name, OPTION_NAMES, n=1)
            hint = f"{close[0]!r} (did you mean it?), " if close else ""
            raise ConfigError.coded("E002", name=name, owner=owner, valid=hint + ", ".join(OPTION_NAMES))


if __name__ == "__main__":  # python -m factcheck.options: the table for docs/concepts.md
    print(options_table(), end="")
