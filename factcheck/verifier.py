"""The :class:`Verifier`: holds the options and the loaded models, and runs the pipeline.

    articles -> check -> claims (spaCy) -> embeddings -> candidate pairs -> relations -> labels -> Report

:meth:`Verifier.verify` runs it on one set, step by step; :meth:`Verifier.verify_many` streams
many sets through :mod:`factcheck.stream` (chunks of sets share one spaCy stream and one encode
call; parsing may run in worker processes). The options live in :mod:`factcheck.options`.

Example:
    >>> from factcheck import Verifier
    >>> v = Verifier(embedder="hashing", relation_model=None)          # a tiny test embedder; the default is MiniLM
    >>> report = v.verify(["Trade rose 3% in May.", "Trade rose 3% in May, officials said."])
    >>> [c.label.value for c in report.claims]
    ['agreeing', 'agreeing']
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np

from .articles import ArticleLike, ArticleSet, as_check, as_set, check_set
from .check import CheckReport
from .claims import ClaimSplitter, SplitterPool
from .copies import copy_origins, copy_warnings, find_copies, independent_nearest, mark_copies
from .embed import CachedEmbedder, Embedder, resolve_embedder
from .errors import FactcheckError, FactcheckWarning, InputError, ModelError, check_param
from .label import label_claims
from .match import SIM_DECIMALS, Candidate, find_matches
from .options import DEFAULTS, OPTION_NAMES, Options, check_names
from .relations import CandidatePair, ModelScorer, PairScorer, RuleJudge, RuleScorer
from .relations.nli import CrossEncoderNLI
from .relations.pair_model import CachedPairModel, PairModel, default_pair_model
from .stream import SplitStage, stream_reports
from .types import Claim, Report, ReportWarning, SetError, Source

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
        self._embedder: Embedder | None = None
        self._splitter: ClaimSplitter | None = None
        self._scorer: PairScorer | None = None
        self._split = SplitStage(self)
        self._validated = False

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
        self._split.close()

    @property
    def _pool(self) -> SplitterPool | None:
        """The parsing workers, while they run."""
        return self._split.pool

    # -- lazy parts ------------------------------------------------------------------------

    def _validate(self) -> None:
        if not self._validated:
            self.options.validate("Verifier")
            self._validated = True

    @property
    def embedder_(self) -> Embedder:
        """The embedder in use (loaded lazily)."""
        if self._embedder is None:
            self._validate()
            cache = self.options.cache
            emb = resolve_embedder(self.options.embedder)
            if cache:
                emb = CachedEmbedder(emb, None if cache is True else cache)
            self._embedder = emb
        return self._embedder

    @property
    def splitter_(self) -> ClaimSplitter:
        """The claim splitter in use (spaCy loads on first split)."""
        if self._splitter is None:
            self._splitter = ClaimSplitter(nlp=self.options.spacy_model)
        return self._splitter

    @property
    def rules_(self) -> RuleJudge:
        """The hand rules, with this verifier's thresholds."""
        o = self.options
        return RuleJudge(
            match_threshold=o.match_threshold,
            related_threshold=o.related_threshold,
            min_overlap=o.min_overlap,
            match_margin=o.match_margin,
        )

    @property
    def scorer_(self) -> PairScorer:
        """The pair scorer in use (the pair model loads on first use)."""
        if self._scorer is None:
            self._validate()
            o = self.options
            rm = o.relation_model
            model: PairModel | CachedPairModel | CrossEncoderNLI | None = None
            if isinstance(rm, PairScorer):
                self._scorer = rm
                return rm
            if o.nli_model is not None:
                model = CrossEncoderNLI(o.nli_model, labels=o.nli_labels, batch_size=o.batch_size)
            elif rm == "default":
                model = default_pair_model()
            elif rm is not None:
                try:
                    model = PairModel.load(Path(rm))
                except (OSError, ValueError, KeyError) as exc:
                    raise ModelError.coded("E304", model=rm, reason=str(exc).splitlines()[0]) from exc
            emb = self.embedder_ if o.cache else None
            if isinstance(model, PairModel) and model.fingerprint and isinstance(emb, CachedEmbedder):
                model = CachedPairModel(model, emb.cache)  # one cache: one connection, one warning
            if model is None:
                self._scorer = RuleScorer(self.rules_)
            else:
                self._scorer = ModelScorer.for_options(model, self.rules_, o)
        return self._scorer

    @property
    def _floor(self) -> float:
        """The lowest candidate cosine: low when a model decides, the rules' floor otherwise."""
        o = self.options
        uses_model = o.nli_model is not None or o.relation_model is not None
        return min(o.candidate_floor, o.related_threshold) if uses_model else o.related_threshold

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
        self._validate()
        try:  # check (a non-English warning names this method, as it did)
            check_set(aset, max_chars=self.options.max_chars, stacklevel=1)
        except FactcheckError as exc:
            if not exc.set_id:
                exc.set_id = aset.id
            raise
        claims = [c for cl in self._split.start(list(aset.articles), progress=progress)() for c in cl]  # split
        texts, owners = self._rows(claims)  # embed
        vecs = self.embedder_.encode(texts) if texts else np.zeros((0, 1), np.float32)
        report = self._label_set(aset, claims, texts, owners, vecs)  # match, judge, label, assemble
        assert isinstance(report, Report)
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
            ('contradicted', 'opposite predicates: fell vs rose')
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
        self._validate()
        items = (_as_check_item(x) for x in checks)
        for result in stream_reports(self, self._split, items, chunk_size=chunk_size, on_error=on_error):
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
        The engine is :func:`factcheck.stream.stream_reports`.
        """
        self._validate()
        yield from stream_reports(self, self._split, sets, chunk_size=chunk_size, on_error=on_error)

    # -- the pipeline ----------------------------------------------------------------------

    def _rows(self, claims: list[Claim]) -> tuple[list[str], list[int]]:
        """What gets embedded for a set, and the claim each row belongs to: every statement,
        then (with ``match_items``) the items."""
        texts = [c.statement for c in claims]
        owners = list(range(len(claims)))
        if self.options.match_items:
            texts += [v for c in claims for v in c.items]
            owners += [k for k, c in enumerate(claims) for _ in c.items]
        return texts, owners

    def _label_set(
        self, aset: ArticleSet, claims: list[Claim], texts: list[str], owners: list[int], vecs: np.ndarray
    ) -> Report | CheckReport:
        """Match, judge and label one set; ``texts``, ``owners`` and ``vecs`` are its rows
        (:meth:`_rows`). A check (``aset.checked``) judges only the pairs of the checked text
        and gives a :class:`~factcheck.check.CheckReport`."""
        src_index = {a.id: k for k, a in enumerate(aset.articles)}
        sources = [src_index[claims[k].source] for k in owners]
        scorer = self.scorer_
        matches = find_matches(
            vecs, sources, top_k=self.options.top_k, min_similarity=self._floor, owners=owners
        )
        candidates = matches.candidates
        if aset.checked is not None:  # the sources are the reference: their own pairs are not judged
            candidates = [c for c in candidates if aset.checked in (claims[c.i].source, claims[c.j].source)]
        pairs = [_candidate_pair(c, claims, texts, vecs) for c in candidates]
        judgements = scorer.score(pairs)
        # near copies count as one source for agreement (factcheck/copies.py)
        copies = find_copies(aset.articles) if self.options.merge_copies and aset.checked is None else ()
        matches = independent_nearest(matches, copies, list(src_index), vecs, sources, owners)
        labelled = label_claims(
            claims,
            [(c.i, c.j, jd) for c, jd in zip(candidates, judgements, strict=True)],
            best_similarity=matches.best_similarity,
            best_match=matches.best_match,
            p_same=scorer.p_same,
            max_evidence=self.options.max_evidence,
            origin=copy_origins(copies),
        )
        counts = {a.id: 0 for a in aset.articles}
        for c in claims:
            counts[c.source] += 1
        sources_out = tuple(
            Source(id=a.id, title=a.title, url=a.url, published=a.published, claims=counts[a.id])
            for a in aset.articles
        )
        sources_out = mark_copies(sources_out, copies)  # which article each copy repeats
        opts = self.get_params()
        opts["embedder"] = self.embedder_.name
        opts["relation_model"] = scorer.name
        notes = tuple(
            ReportWarning.coded("W101", source=a.id, article=a.id)
            for a in aset.articles
            if not counts[a.id]
        ) + copy_warnings(copies)
        for w in notes:
            warnings.warn(str(w), FactcheckWarning, stacklevel=3)
        report = Report(id=aset.id, sources=sources_out, claims=tuple(labelled), options=opts, warnings=notes)
        return report if aset.checked is None else CheckReport.from_report(report, aset.checked)


def _read_through(name: str) -> property:
    def get(self: Verifier) -> Any:
        return getattr(self.options, name)

    return property(get, doc=f"The {name!r} option (read-only; see :class:`~factcheck.options.Options`).")


for _name in OPTION_NAMES:  # verifier.top_k is verifier.options.top_k
    setattr(Verifier, _name, _read_through(_name))


def _candidate_pair(c: Candidate, claims: list[Claim], texts: list[str], vecs: np.ndarray) -> CandidatePair:
    """A match as the scorer sees it: the two claims, their statements' cosine, and the item
    texts when an item view matched better (``c.rows`` point past the statements)."""
    if c.rows == (c.i, c.j):
        return CandidatePair(claims[c.i], claims[c.j], c.similarity, c.margin)
    stmt = round(float(vecs[c.i] @ vecs[c.j]), SIM_DECIMALS)
    items = (texts[c.rows[0]], texts[c.rows[1]])
    return CandidatePair(claims[c.i], claims[c.j], stmt, c.margin, item_similarity=c.similarity, items=items)


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
