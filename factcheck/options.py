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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any

from .embed import Embedder
from .errors import ConfigError, check_param
from .relations import PairScorer

__all__ = ["DEFAULTS", "OPTION_NAMES", "Options", "check_names"]


def _meta(
    allowed: str, check: Callable[[Any], bool], *, param: bool = True, by_name: bool = False
) -> dict[str, Any]:
    """An option field's metadata: what is allowed (in words) and the test of a value.

    ``param=False``: left out of :meth:`Options.to_dict` (``get_params()``, ``Report.options``);
    ``by_name=True``: an object value is shown there by its ``name`` (else its class name).
    """
    return {"allowed": allowed, "check": check, "param": param, "by_name": by_name}


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

    Args:
        embedder: ``None`` for the packaged all-MiniLM-L6-v2, a sentence-transformers name or
            path, ``"hashing"`` for the tiny test embedder, or any :class:`~factcheck.embed.Embedder`.
        spacy_model: a spaCy pipeline name (default: ``en_core_web_sm``, else its PyPI build).
        relation_model: how a candidate pair is judged. ``"default"``: the shipped pair model
            (a cross-encoder that reads both claims, docs/model-card.md) decides and the rules
            explain; ``None``: rules, cosine and word overlap only; a path to another pair-model
            folder of that format; or any :class:`~factcheck.relations.PairScorer`.
        nli_model: a sentence-transformers ``CrossEncoder`` (name or local path) with 3-way NLI
            output, scored on candidate pairs only; takes the place of the pair model.
        nli_labels: that model's output label order.
        match_threshold: cosine at or above which two claims state the same fact (rules);
            MRPC train accuracy-optimal.
        related_threshold: cosine at or above which the rules compare two claims at all (the
            5th percentile of STS-headline pairs scored >= 3); at most ``match_threshold``.
        top_k: candidate claims kept per claim and other source, by rank.
        candidate_floor: the lowest cosine a candidate may have when a pair model judges
            (the model decides, so the floor is low); rules alone use ``related_threshold``.
        min_overlap: content-word overlap two claims need before a rule may call a conflict.
        max_evidence: evidence items kept per claim.
        batch_size: texts per encode batch.
        conflict_probability: the pair model's conflict probability needed to call a conflict
            the rules did not see.
        agree_probability: the pair model's agreement probability needed to call an agreement
            the rules did not see.
        confirmed_agree_probability: a lower agreement probability that is enough when the
            two claims share a figure or date, the facts name no difference and the model puts
            agreement above conflict (``None``: ``agree_probability`` always).
        aligned_conflict_probability: where two claims' figures, dates or weekdays differ and
            nothing else called a conflict, the pair model reads the one told with the other's
            figures; an agreement at this probability (above the original pair's, with at
            least 0.3 conflict on the original) makes the pair a conflict on those figures
            (``None``: off).
        max_chars: the longest article accepted (characters); longer ones are an InputError.
        max_articles: the most articles a set may have in ``verify_many`` and batches; a set
            with more is an InputError (E113). Time grows with the square of it (every claim is
            searched in every other source): 100 articles of 5 claims took 45 s here (384 MB).
        match_margin: when set, related claims that are each other's best match in their
            sources by this margin over the runner-up agree.
        workers: processes that parse articles beside the encoder in ``verify_many``
            (0: parse in this process). One worker pays off on two or more cores; call
            ``Verifier.close()`` (or use ``with Verifier(...) as v:``) to stop them.
        match_items: also match each item of a claim that lists three or more things
            (:attr:`~factcheck.types.Claim.items`), so a source naming one of them can agree
            with the list. Costs one extra embedding per item.
        merge_copies: count an article that is a near copy of another of the set (the same
            text, or republished wire copy: :mod:`factcheck.copies`) as one source with it, so
            that a claim only the two state is unique, not agreeing; warned as W102. ``False``
            counts every article as its own source.
        cache: ``True`` or a path to keep split claims, claim embeddings and the pair model's
            probabilities in a persistent SQLite cache (default path:
            ``~/.cache/factcheck/embeddings.sqlite``), so re-verifying overlapping sets skips
            the parser, the encoder and the pair model's reading of pairs it has read.
    """

    embedder: str | Embedder | None = field(
        default=None, metadata=_meta("None, a model name or path, or an Embedder", _is_embedder, by_name=True)
    )
    spacy_model: str | None = field(
        default=None, metadata=_meta("None or a spaCy pipeline name or path", _is_name)
    )
    relation_model: str | PairScorer | None = field(
        default="default",
        metadata=_meta('"default", None, a pair-model folder, or a PairScorer', _is_scorer, by_name=True),
    )
    nli_model: str | None = field(
        default=None, metadata=_meta("None or a CrossEncoder name or path", _is_name)
    )
    nli_labels: tuple[str, str, str] = field(
        default=_NLI_LABELS, metadata=_meta(f"a permutation of {_NLI_LABELS}", _is_nli_labels, param=False)
    )
    match_threshold: float = field(default=0.72, metadata=_meta(_UNIT, _is_unit))
    related_threshold: float = field(default=0.62, metadata=_meta(_UNIT, _is_unit))
    top_k: int = field(default=3, metadata=_meta("an int >= 1", _is_int_from(1)))
    candidate_floor: float = field(default=0.35, metadata=_meta(_UNIT, _is_unit))
    min_overlap: float = field(default=0.5, metadata=_meta(_UNIT, _is_unit))
    max_evidence: int = field(default=5, metadata=_meta("an int >= 1", _is_int_from(1)))
    batch_size: int = field(default=64, metadata=_meta("an int >= 1", _is_int_from(1)))
    conflict_probability: float = field(default=0.7, metadata=_meta(_UNIT, _is_unit))
    agree_probability: float = field(default=0.8, metadata=_meta(_UNIT, _is_unit))
    confirmed_agree_probability: float | None = field(
        default=0.2, metadata=_meta(f"None or {_UNIT}", _is_unit_or_none)
    )
    aligned_conflict_probability: float | None = field(
        default=0.5, metadata=_meta(f"None or {_UNIT}", _is_unit_or_none)
    )
    max_chars: int = field(default=2_000_000, metadata=_meta("an int >= 1", _is_int_from(1)))
    max_articles: int = field(default=100, metadata=_meta("an int >= 1", _is_int_from(1), param=False))
    match_margin: float | None = field(default=None, metadata=_meta(f"None or {_UNIT}", _is_unit_or_none))
    workers: int = field(default=0, metadata=_meta("an int >= 0", _is_int_from(0), param=False))
    match_items: bool = field(default=True, metadata=_meta("True or False", _is_bool))
    merge_copies: bool = field(default=True, metadata=_meta("True or False", _is_bool))
    cache: str | os.PathLike[str] | bool = field(
        default=False, metadata=_meta("True, False or a path to the cache file", _is_cache, param=False)
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
        ``name`` (else its class name); ``nli_labels``, ``workers`` and ``cache`` are left out."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if not f.metadata["param"]:
                continue
            value = getattr(self, f.name)
            if f.metadata["by_name"] and not (value is None or isinstance(value, str)):
                value = getattr(value, "name", type(value).__name__)
            out[f.name] = value
        return out


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
