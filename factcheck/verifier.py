"""The :class:`Verifier`: the one entry point. It holds the options and the loaded models
(:class:`~factcheck.models.Models`) and runs the pipeline (:mod:`factcheck.pipeline`):

    articles -> prepare -> claims (spaCy) -> embeddings -> candidate pairs -> relations -> labels -> Report

:meth:`Verifier.verify` is a run of one set; :meth:`Verifier.verify_many`,
:meth:`Verifier.check` and :meth:`Verifier.check_many` stream many (chunks of sets share one
spaCy stream and one encode call; parsing may run in worker processes). Every route runs the
same stages, so one set gives the same report whichever route it takes. The options live in
:mod:`factcheck.options`.

Example:
    >>> from factcheck import Verifier
    >>> v = Verifier(embedder="hashing", relation_model=None)          # a tiny test embedder; the default is MiniLM
    >>> report = v.verify(["Trade rose 3% in May.", "Trade rose 3% in May, officials said."])
    >>> [c.label.value for c in report.claims]
    ['agreeing', 'agreeing']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal, overload

from . import pipeline
from .articles import ArticleLike, ArticleSet, as_check, as_set
from .check import CheckReport
from .claims import ClaimSplitter, SplitterPool
from .embed import Embedder
from .errors import FactcheckError, InputError, check_param
from .models import Models
from .options import DEFAULTS, OPTION_NAMES, Options, check_names
from .relations import PairScorer, RuleJudge
from .types import Report, SetError

__all__ = ["DEFAULTS", "Verifier", "check", "verify"]

ArticleSetLike = ArticleSet | Sequence[ArticleLike] | tuple[str | None, Sequence[ArticleLike]]


class Verifier:
    """Cross-checks sets of articles. Create once, reuse: models load on first use.

    Args:
        options: an :class:`~factcheck.options.Options` (default: the defaults).
        **kwargs: any :class:`~factcheck.options.Options` field (``embedder``,
            ``relation_model``, ``match_threshold``, ``workers``, ``cache``, ...; each one is
            described there), over ``options``. An unknown name is a ConfigError (E002) at
            once; values are checked on first use (E001).

    The options read through as read-only attributes (``verifier.top_k``); for other values,
    build another verifier: ``Verifier(options=dataclasses.replace(verifier.options, top_k=5))``.
    """

    def __init__(self, *, options: Options | None = None, **kwargs: Any) -> None:
        ok = options is None or isinstance(options, Options)
        check_param("Verifier", "options", options, ok, "None or an Options")
        self.options = Options.from_kwargs(kwargs, base=options)  # E002 now; values on first use
        #: The loaded parts (embedder, splitter, scorer, workers, cache), each on first use.
        self.models = Models(self.options)

    if TYPE_CHECKING:  # the options read through: properties made below, one per option

        def __getattr__(self, name: str) -> Any: ...

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"Verifier({opts})"

    def get_params(self) -> dict[str, Any]:
        """The options this verifier was built with (JSON-friendly): :meth:`Options.to_dict`."""
        return self.options.to_dict()

    def __enter__(self) -> Verifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the parsing workers, if any (the models stay loaded)."""
        self.models.close()

    @property
    def _pool(self) -> SplitterPool | None:
        """The parsing workers, while they run."""
        return self.models.pool

    # -- the loaded parts (see :class:`~factcheck.models.Models`) ---------------------------

    @property
    def embedder_(self) -> Embedder:
        """The embedder in use (loaded lazily)."""
        return self.models.embedder

    @property
    def splitter_(self) -> ClaimSplitter:
        """The claim splitter in use (spaCy loads on first split)."""
        return self.models.splitter

    @property
    def rules_(self) -> RuleJudge:
        """The hand rules, with this verifier's thresholds."""
        return self.models.rules

    @property
    def scorer_(self) -> PairScorer:
        """The pair scorer in use (the pair model loads on first use)."""
        return self.models.scorer

    # -- public API ------------------------------------------------------------------------

    def verify(
        self,
        articles: ArticleSetLike | Iterable[ArticleLike],
        *,
        id: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Report:
        """Cross-check one set of articles (two or more reports of one event).

        Args:
            articles: ``Article`` objects, texts, file paths or ``{"id", "text", ...}`` dicts;
                or an :class:`~factcheck.articles.ArticleSet`.
            id: the report's id (defaults to the set's id, if any).
            progress: called as ``progress(chars_parsed, chars_total)`` while the articles are
                parsed (the slow step of a long article), e.g. to move a progress bar.

        Raises:
            InputError: an empty article, fewer than two articles, duplicate ids, bad files.
        """
        aset = replace(as_set(articles, id), checked=None)  # a check's articles, all labelled
        (report,) = pipeline.run(self.models, [aset], chunk_size=1, on_error="raise", progress=progress)
        assert isinstance(report, Report)  # errors are raised
        return report

    def check(self, text: ArticleLike, sources: Iterable[ArticleLike], *, id: str | None = None) -> CheckReport:
        """Check one text (a draft, a generated article, a single claim) against its sources.

        Each claim of ``text`` comes out supported, contradicted or unsupported
        (:mod:`factcheck.check`); the sources' claims appear only as evidence, and pairs of two
        sources are not judged.

        Args:
            text: the text under check: a string, a path, an ``Article`` or a ``{"text", ...}``
                dict (its id defaults to ``text``).
            sources: one or more article-like values (ids default to ``s1``, ``s2``, ...).
            id: the check's id.

        Raises:
            InputError: no source (E115), an empty text or source, duplicate ids, bad files.

        Example:
            >>> v = Verifier(embedder="hashing", relation_model=None)
            >>> r = v.check("Trade fell 3% in May.", ["Trade rose 3% in May."])
            >>> r.claims[0].verdict.value, r.claims[0].reason
            ('contradicted', 'opposite predicates: this fell, s1 rose')
        """
        (result,) = self.check_many([as_check(text, sources, id)])
        assert isinstance(result, CheckReport)  # errors are raised
        return result

    def check_many(
        self,
        checks: Iterable[Any],
        *,
        chunk_size: int = 32,
        on_error: Literal["raise", "return"] = "raise",
    ) -> Iterator[CheckReport | SetError]:
        """Check many texts lazily, in input order: one :class:`~factcheck.check.CheckReport`
        per item, as :meth:`verify_many` streams sets.

        An item is a ``{"id", "text", "sources": [...]}`` dict (a batch line's shape), a
        ``(text, sources)`` pair, or an :class:`~factcheck.articles.ArticleSet` made by
        :func:`~factcheck.articles.as_check`. With ``on_error="return"`` an item that cannot be
        checked yields a :class:`~factcheck.types.SetError` in its place.
        """
        items = (_as_check_item(x) for x in checks)
        for result in pipeline.run(self.models, items, chunk_size=chunk_size, on_error=on_error):
            assert not isinstance(result, Report)  # every item is a check
            yield result

    @overload
    def verify_many(
        self, sets: Iterable[ArticleSetLike], *, chunk_size: int = ..., on_error: Literal["raise"] = ...
    ) -> Iterator[Report]: ...

    @overload
    def verify_many(
        self,
        sets: Iterable[ArticleSetLike | FactcheckError],
        *,
        chunk_size: int = ...,
        on_error: Literal["return"],
    ) -> Iterator[Report | SetError]: ...

    def verify_many(
        self,
        sets: Iterable[Any],
        *,
        chunk_size: int = 32,
        on_error: Literal["raise", "return"] = "raise",
    ) -> Iterator[Any]:
        """Cross-check many sets lazily, in input order, one report per set.

        Claims of ``chunk_size`` sets are parsed in one spaCy stream and embedded in one encode
        call; with ``workers``, the next chunk is parsed in worker processes meanwhile. With
        ``on_error="return"``, a set that cannot be verified yields a
        :class:`~factcheck.types.SetError` instead of raising (inputs that are already
        errors, as :func:`~factcheck.articles.read_jsonl_sets` yields, pass through as such).
        The engine is :func:`factcheck.pipeline.run`.
        """
        yield from pipeline.run(self.models, sets, chunk_size=chunk_size, on_error=on_error)


def _read_through(name: str) -> property:
    def get(self: Verifier) -> Any:
        return getattr(self.options, name)

    return property(get, doc=f"The {name!r} option (read-only; see :class:`~factcheck.options.Options`).")


for _name in OPTION_NAMES:  # verifier.top_k is verifier.options.top_k
    setattr(Verifier, _name, _read_through(_name))


def _as_check_item(item: Any) -> Any:
    """A :meth:`Verifier.check_many` item as a checked set (an error, to report in its place)."""
    try:
        if isinstance(item, ArticleSet | FactcheckError):
            return item
        if isinstance(item, tuple) and len(item) == 2:
            return as_check(*item)
        aset = as_set(item)
    except FactcheckError as exc:
        sid = item.get("id") if isinstance(item, Mapping) else None
        exc.set_id = exc.set_id or (None if sid is None else str(sid))
        return exc
    if aset.checked is None:
        return InputError.coded("E107", set_id=aset.id, reason="a check needs 'text' and 'sources'")
    return aset


def verify(articles: Iterable[ArticleLike], **options: Any) -> Report:
    """Cross-check one set of articles with a :class:`Verifier` built from ``options``.

    Verifiers are cached per option set, so repeated calls reuse the loaded models.

    Example:
        >>> import factcheck
        >>> r = factcheck.verify(["Trade rose 3% in May.", "Trade fell 3% in May."], embedder="hashing", relation_model=None)
        >>> [c.label.value for c in r.claims]
        ['conflicting', 'conflicting']
    """
    set_id = options.pop("id", None)
    check_names(options, "factcheck.verify")
    return _cached_verifier(options).verify(articles, id=set_id)


def check(text: ArticleLike, sources: Iterable[ArticleLike], **options: Any) -> CheckReport:
    """Check one text against its sources with a :class:`Verifier` built from ``options``
    (cached as :func:`verify` caches them).

    Example:
        >>> import factcheck
        >>> r = factcheck.check("Trade rose 3% in May.", ["Trade rose 3% in May."], embedder="hashing", relation_model=None)
        >>> r.summary()
        '1 claim checked against 1 source: 1 supported (100%), 0 contradicted (0%), 0 unsupported (0%)'
    """
    check_id = options.pop("id", None)
    check_names(options, "factcheck.check")
    return _cached_verifier(options).check(text, sources, id=check_id)


def _cached_verifier(options: dict[str, Any]) -> Verifier:
    """The verifier of an option set: the cached one, or a new one (the oldest is closed)."""
    key = tuple(sorted((k, _frozen(v)) for k, v in options.items()))
    verifier = _VERIFIERS.pop(key, None) or Verifier(**options)
    _VERIFIERS[key] = verifier  # most recently used last
    while len(_VERIFIERS) > _MAX_VERIFIERS:
        _VERIFIERS.pop(next(iter(_VERIFIERS))).close()
    return verifier


def _frozen(value: Any) -> Any:
    """An option as a cache key: equal options give equal keys (an object keys by identity)."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (tuple, list)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return (type(value).__qualname__, id(value))


#: Verifiers of recent option sets, least recently used first; a few, so models are not
#: loaded again and again, never one per call.
_VERIFIERS: dict[tuple[Any, ...], Verifier] = {}
_MAX_VERIFIERS = 4
