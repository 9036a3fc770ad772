"""The :class:`Verifier`: holds the loaded models and runs the pipeline.

    articles -> claims (spaCy) -> embeddings -> candidate pairs -> relations -> labels -> Report

Example:
    >>> from factcheck import Verifier
    >>> v = Verifier(embedder="hashing", relation_model=None)          # a tiny test embedder; the default is MiniLM
    >>> report = v.verify(["Trade rose 3% in May.", "Trade rose 3% in May, officials said."])
    >>> [c.label.value for c in report.claims]
    ['agreeing', 'agreeing']
"""

from __future__ import annotations

import difflib
import hashlib
import inspect
import itertools
import json
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

import numpy as np

from .articles import ArticleLike, ArticleSet, to_articles
from .claims import CLAIMS_VERSION, ClaimSplitter, SplitterPool
from .embed import CachedEmbedder, Embedder, resolve_embedder
from .errors import ConfigError, FactcheckError, InputError, ModelError, check_param
from .label import label_claims
from .match import SIM_DECIMALS, Candidate, find_matches
from .relations import CandidatePair, ModelScorer, PairScorer, RuleJudge, RuleScorer
from .relations.nli import CrossEncoderNLI
from .relations.pair_model import PairModel, default_pair_model
from .types import Article, Claim, Report, SetError, Source

__all__ = ["DEFAULTS", "Verifier", "verify"]

#: Calibrated defaults (docs/calibration.md): MRPC train accuracy-optimal cosine for "same
#: fact", and the 5th percentile of STS-headline pairs scored >= 3 for "same topic".
DEFAULTS: dict[str, Any] = {
    "match_threshold": 0.72,
    "related_threshold": 0.62,
    "top_k": 3,
    "candidate_floor": 0.35,
    "min_overlap": 0.5,
    "max_evidence": 5,
    "conflict_probability": 0.5,
    "agree_probability": 0.5,
    "max_chars": 2_000_000,
    "match_margin": None,
    "batch_size": 64,
    "workers": 0,
    "match_items": True,
}

ArticleSetLike = ArticleSet | Sequence[ArticleLike] | tuple[str | None, Sequence[ArticleLike]]


class Verifier:
    """Cross-checks sets of articles. Create once, reuse: models load on first use.

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
        match_threshold: cosine at or above which two claims state the same fact (rules).
        related_threshold: cosine at or above which the rules compare two claims at all.
        top_k: candidate claims kept per claim and other source, by rank.
        candidate_floor: the lowest cosine a candidate may have when a pair model judges
            (the model decides, so the floor is low); rules alone use ``related_threshold``.
        min_overlap: content-word overlap two claims need before a rule may call a conflict.
        max_evidence: evidence items kept per claim.
        batch_size: texts per encode batch.
        conflict_probability: the pair model's conflict probability needed to call a conflict.
        agree_probability: the pair model's agreement probability needed to call an agreement.
        max_chars: the longest article accepted (characters); longer ones are an InputError.
        workers: processes that parse articles beside the encoder in :meth:`verify_many`
            (0: parse in this process). One worker pays off on two or more cores; call
            :meth:`close` (or use ``with Verifier(...) as v:``) to stop them.
        match_items: also match each item of a claim that lists three or more things
            (:attr:`~factcheck.types.Claim.items`), so a source naming one of them can agree
            with the list. Costs one extra embedding per item.
        cache: ``True`` or a path to keep claim embeddings in a persistent SQLite cache
            (default path: ``~/.cache/factcheck/embeddings.sqlite``), so re-verifying
            overlapping sets skips the encoder.
    """

    def __init__(
        self,
        *,
        embedder: str | Embedder | None = None,
        spacy_model: str | None = None,
        relation_model: str | PairScorer | None = "default",
        nli_model: str | None = None,
        nli_labels: tuple[str, str, str] = ("contradiction", "entailment", "neutral"),
        match_threshold: float = DEFAULTS["match_threshold"],
        related_threshold: float = DEFAULTS["related_threshold"],
        top_k: int = DEFAULTS["top_k"],
        candidate_floor: float = DEFAULTS["candidate_floor"],
        min_overlap: float = DEFAULTS["min_overlap"],
        max_evidence: int = DEFAULTS["max_evidence"],
        batch_size: int = DEFAULTS["batch_size"],
        conflict_probability: float = DEFAULTS["conflict_probability"],
        agree_probability: float = DEFAULTS["agree_probability"],
        max_chars: int = DEFAULTS["max_chars"],
        match_margin: float | None = DEFAULTS["match_margin"],
        workers: int = DEFAULTS["workers"],
        match_items: bool = DEFAULTS["match_items"],
        cache: str | os.PathLike[str] | bool = False,
    ) -> None:
        self.match_items = match_items
        self.workers = workers
        self.cache = cache
        self.max_chars = max_chars
        self.match_margin = match_margin
        self.embedder = embedder
        self.relation_model = relation_model
        self.nli_model = nli_model
        self.nli_labels = nli_labels
        self.conflict_probability = conflict_probability
        self.agree_probability = agree_probability
        self.candidate_floor = candidate_floor
        self.spacy_model = spacy_model
        self.match_threshold = match_threshold
        self.related_threshold = related_threshold
        self.top_k = top_k
        self.min_overlap = min_overlap
        self.max_evidence = max_evidence
        self.batch_size = batch_size
        self._embedder: Embedder | None = None
        self._splitter: ClaimSplitter | None = None
        self._pool: SplitterPool | None = None
        self._scorer: PairScorer | None = None
        self._validated = False

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"Verifier({opts})"

    def get_params(self) -> dict[str, Any]:
        """The options this verifier was built with (JSON-friendly)."""
        emb = self.embedder
        return {
            "embedder": emb
            if emb is None or isinstance(emb, str)
            else getattr(emb, "name", type(emb).__name__),
            "spacy_model": self.spacy_model,
            "relation_model": self.relation_model
            if self.relation_model is None or isinstance(self.relation_model, str)
            else getattr(self.relation_model, "name", type(self.relation_model).__name__),
            "nli_model": self.nli_model,
            "match_threshold": self.match_threshold,
            "related_threshold": self.related_threshold,
            "top_k": self.top_k,
            "candidate_floor": self.candidate_floor,
            "min_overlap": self.min_overlap,
            "max_evidence": self.max_evidence,
            "batch_size": self.batch_size,
            "conflict_probability": self.conflict_probability,
            "agree_probability": self.agree_probability,
            "max_chars": self.max_chars,
            "match_margin": self.match_margin,
            "match_items": self.match_items,
        }

    def __enter__(self) -> Verifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the parsing workers, if any (the models stay loaded)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    # -- lazy parts ------------------------------------------------------------------------

    def _validate(self) -> None:
        if self._validated:
            return
        name = "Verifier"
        for p in ("match_threshold", "related_threshold", "min_overlap", "conflict_probability",
                  "agree_probability", "candidate_floor"):  # fmt: skip
            v = getattr(self, p)
            ok = isinstance(v, (int, float)) and not isinstance(v, bool) and 0.0 <= v <= 1.0
            check_param(name, p, v, ok, "a float in [0, 1]")
        for p in ("top_k", "max_evidence", "batch_size", "max_chars"):
            v = getattr(self, p)
            check_param(name, p, v, isinstance(v, int) and not isinstance(v, bool) and v >= 1, "an int >= 1")
        w = self.workers
        check_param(
            name, "workers", w, isinstance(w, int) and not isinstance(w, bool) and w >= 0, "an int >= 0"
        )
        check_param(
            name, "match_items", self.match_items, isinstance(self.match_items, bool), "True or False"
        )
        if self.related_threshold > self.match_threshold:
            raise ConfigError.coded(
                "E001",
                param="related_threshold",
                owner=name,
                allowed=f"<= match_threshold ({self.match_threshold})",
                value=self.related_threshold,
            )
        emb = self.embedder
        ok = emb is None or isinstance(emb, (str, Embedder))
        check_param(name, "embedder", emb, ok, "None, a model name or path, or an Embedder")
        rm = self.relation_model
        ok = rm is None or isinstance(rm, (str, PairScorer))
        check_param(name, "relation_model", rm, ok, '"default", None, a pair-model folder, or a PairScorer')
        self._validated = True

    @property
    def embedder_(self) -> Embedder:
        """The embedder in use (loaded lazily)."""
        if self._embedder is None:
            self._validate()
            emb = resolve_embedder(self.embedder)
            if self.cache:
                emb = CachedEmbedder(emb, None if self.cache is True else self.cache)
            self._embedder = emb
        return self._embedder

    @property
    def splitter_(self) -> ClaimSplitter:
        """The claim splitter in use (spaCy loads on first split)."""
        if self._splitter is None:
            self._splitter = ClaimSplitter(nlp=self.spacy_model)
        return self._splitter

    @property
    def rules_(self) -> RuleJudge:
        """The hand rules, with this verifier's thresholds."""
        return RuleJudge(
            match_threshold=self.match_threshold,
            related_threshold=self.related_threshold,
            min_overlap=self.min_overlap,
            match_margin=self.match_margin,
        )

    @property
    def scorer_(self) -> PairScorer:
        """The pair scorer in use (the pair model loads on first use)."""
        if self._scorer is None:
            self._validate()
            rm = self.relation_model
            model: PairModel | CrossEncoderNLI | None = None
            if isinstance(rm, PairScorer):
                self._scorer = rm
                return rm
            if self.nli_model is not None:
                model = CrossEncoderNLI(self.nli_model, labels=self.nli_labels, batch_size=self.batch_size)
            elif rm == "default":
                model = default_pair_model()
            elif rm is not None:
                try:
                    model = PairModel.load(Path(rm))
                except (OSError, ValueError, KeyError) as exc:
                    raise ModelError.coded("E304", model=rm, reason=str(exc).splitlines()[0]) from exc
            if model is None:
                self._scorer = RuleScorer(self.rules_)
            else:
                self._scorer = ModelScorer(
                    model,
                    self.rules_,
                    conflict_probability=self.conflict_probability,
                    agree_probability=self.agree_probability,
                )
        return self._scorer

    @property
    def _floor(self) -> float:
        """The lowest candidate cosine: low when a model decides, the rules' floor otherwise."""
        uses_model = self.nli_model is not None or self.relation_model is not None
        return min(self.candidate_floor, self.related_threshold) if uses_model else self.related_threshold

    # -- public API ------------------------------------------------------------------------

    def verify(self, articles: ArticleSetLike | Iterable[ArticleLike], *, id: str | None = None) -> Report:
        """Cross-check one set of articles (two or more reports of one event).

        Args:
            articles: ``Article`` objects, texts, file paths or ``{"id", "text", ...}`` dicts;
                or an :class:`~factcheck.articles.ArticleSet`.
            id: the report's id (defaults to the set's id, if any).

        Raises:
            InputError: an empty article, fewer than two articles, duplicate ids, bad files.
        """
        (result,) = self.verify_many([_as_set(articles, id)], on_error="raise")
        assert isinstance(result, Report)
        return result

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
        """
        self._validate()
        it = iter(sets)
        pending: _Chunk | None = None
        while True:
            items = list(itertools.islice(it, chunk_size))
            chunk = self._start_chunk(items) if items else None
            if pending is not None:
                yield from self._finish_chunk(pending, on_error)
            if chunk is None:
                return
            if self.workers:
                pending = chunk  # parse it in the workers while the previous chunk encodes
            else:
                pending = None
                yield from self._finish_chunk(chunk, on_error)

    # -- the pipeline ----------------------------------------------------------------------

    def _start_chunk(self, items: list[Any]) -> _Chunk:
        """Check the sets of a chunk and start splitting their articles into claims."""
        prepared: list[ArticleSet | FactcheckError] = []
        for k, item in enumerate(items):
            try:
                if isinstance(item, FactcheckError):
                    raise item
                aset = _as_set(item, None)
                _check_set(aset, max_chars=self.max_chars)
                prepared.append(aset)
            except FactcheckError as exc:
                if not exc.set_id:
                    exc.set_id = _safe_id(item, k)
                prepared.append(exc)
        articles = [a for p in prepared if isinstance(p, ArticleSet) for a in p.articles]
        return _Chunk(prepared, self._start_split(articles))

    def _finish_chunk(self, chunk: _Chunk, on_error: str) -> Iterator[Report | SetError]:
        sets = [p for p in chunk.prepared if isinstance(p, ArticleSet)]
        claims_per_article = chunk.claims()
        per_set: list[list[Claim]] = []
        art_pos = 0
        for s in sets:
            n = len(s.articles)
            per_set.append([c for cl in claims_per_article[art_pos : art_pos + n] for c in cl])
            art_pos += n
        # one encode call for the chunk: each set's statements, then its item views
        rows = [self._rows(claims) for claims in per_set]
        texts = [t for set_texts, _ in rows for t in set_texts]
        vectors = self.embedder_.encode(texts) if texts else np.zeros((0, 1), np.float32)
        pos = 0
        results: dict[int, Report] = {}
        for s, claims, (set_texts, owners) in zip(sets, per_set, rows, strict=True):
            vecs = vectors[pos : pos + len(set_texts)]
            results[id(s)] = self._label_set(s, claims, set_texts, owners, vecs)
            pos += len(set_texts)
        for p in chunk.prepared:  # in input order: good reports before a bad set are not lost
            if isinstance(p, ArticleSet):
                yield results[id(p)]
            elif on_error == "raise":
                raise p
            else:
                yield SetError.from_error(p)

    def _start_split(self, articles: list[Article]) -> Callable[[], list[list[Claim]]]:
        """Start splitting articles into claims; call the result for the claims of each.

        With a cache, articles seen before are not parsed again.
        """
        emb = self.embedder_
        if not isinstance(emb, CachedEmbedder):
            return self._parse(articles)
        db = emb.connection()
        tag = f"{CLAIMS_VERSION}:{self.spacy_model or 'default'}"  # no spaCy load for a warm cache
        keys = [hashlib.blake2b(f"{a.id}\x00{a.text}".encode(), digest_size=16).digest() for a in articles]
        out: list[list[Claim] | None] = []
        for k in keys:
            row = db.execute("SELECT claims FROM claims WHERE splitter = ? AND key = ?", (tag, k)).fetchone()
            out.append(
                [Claim(**{**c, "items": tuple(c["items"])}) for c in json.loads(row[0])] if row else None
            )
        todo = [n for n, c in enumerate(out) if c is None]
        parsing = self._parse([articles[n] for n in todo])

        def wait() -> list[list[Claim]]:
            for n, claims in zip(todo, parsing(), strict=True):
                out[n] = claims
                db.execute(
                    "INSERT OR IGNORE INTO claims (splitter, key, claims) VALUES (?, ?, ?)",
                    (tag, keys[n], json.dumps([c.claim_dict() for c in claims])),
                )
            return [c if c is not None else [] for c in out]

        return wait

    def _parse(self, articles: list[Article]) -> Callable[[], list[list[Claim]]]:
        if not articles:
            return list
        if self.workers:
            if self._pool is None:
                self._pool = SplitterPool(self.workers, nlp=self.spacy_model, batch_size=self.batch_size)
            return self._pool.submit(articles)
        return lambda: list(self.splitter_.split_many(articles, batch_size=self.batch_size))

    def _rows(self, claims: list[Claim]) -> tuple[list[str], list[int]]:
        """What gets embedded for a set, and the claim each row belongs to: every statement,
        then (with ``match_items``) the items."""
        texts = [c.statement for c in claims]
        owners = list(range(len(claims)))
        if self.match_items:
            texts += [v for c in claims for v in c.items]
            owners += [k for k, c in enumerate(claims) for _ in c.items]
        return texts, owners

    def _label_set(
        self, aset: ArticleSet, claims: list[Claim], texts: list[str], owners: list[int], vecs: np.ndarray
    ) -> Report:
        """Match, judge and label one set; ``texts``, ``owners`` and ``vecs`` are its rows (:meth:`_rows`)."""
        src_index = {a.id: k for k, a in enumerate(aset.articles)}
        sources = [src_index[claims[k].source] for k in owners]
        scorer = self.scorer_
        matches = find_matches(vecs, sources, top_k=self.top_k, min_similarity=self._floor, owners=owners)
        pairs = [_candidate_pair(c, claims, texts, vecs) for c in matches.candidates]
        judgements = scorer.score(pairs)
        labelled = label_claims(
            claims,
            [(c.i, c.j, jd) for c, jd in zip(matches.candidates, judgements, strict=True)],
            best_similarity=matches.best_similarity,
            p_same=scorer.p_same,
            max_evidence=self.max_evidence,
        )
        counts = {a.id: 0 for a in aset.articles}
        for c in claims:
            counts[c.source] += 1
        sources_out = tuple(
            Source(id=a.id, title=a.title, url=a.url, published=a.published, claims=counts[a.id])
            for a in aset.articles
        )
        opts = self.get_params()
        opts["embedder"] = self.embedder_.name
        opts["relation_model"] = scorer.name
        return Report(id=aset.id, sources=sources_out, claims=tuple(labelled), options=opts)


def _candidate_pair(c: Candidate, claims: list[Claim], texts: list[str], vecs: np.ndarray) -> CandidatePair:
    """A match as the scorer sees it: the two claims, their statements' cosine, and the item
    texts when an item view matched better (``c.rows`` point past the statements)."""
    if c.rows == (c.i, c.j):
        return CandidatePair(claims[c.i], claims[c.j], c.similarity, c.margin)
    stmt = round(float(vecs[c.i] @ vecs[c.j]), SIM_DECIMALS)
    items = (texts[c.rows[0]], texts[c.rows[1]])
    return CandidatePair(claims[c.i], claims[c.j], stmt, c.margin, item_similarity=c.similarity, items=items)


@dataclass
class _Chunk:
    """Sets checked and being split into claims: ArticleSets, or errors to report in place."""

    prepared: list[ArticleSet | FactcheckError]
    claims: Callable[[], list[list[Claim]]]


def _as_set(item: Any, set_id: str | None) -> ArticleSet:
    if isinstance(item, ArticleSet):
        return item if set_id is None else ArticleSet(id=set_id, articles=item.articles)
    if (
        isinstance(item, tuple)
        and len(item) == 2
        and (item[0] is None or isinstance(item[0], str))
        and not isinstance(item[1], str)
    ):
        return ArticleSet(id=set_id or item[0], articles=to_articles(item[1]))
    return ArticleSet(id=set_id, articles=to_articles(item))


def _check_set(aset: ArticleSet, *, max_chars: int) -> None:
    for a in aset.articles:
        if not a.text.strip():
            raise InputError.coded("E101", article=a.id)
        if len(a.text) > max_chars:
            raise InputError.coded("E109", article=a.id, size=len(a.text), limit=max_chars)
        if not looks_english(a.text):
            warnings.warn(
                f"Article {a.id!r} does not look like English: claims and rules are tuned for English, "
                "so expect few matches.",
                UserWarning,
                stacklevel=4,
            )
    if len(aset.articles) < 2:
        ids = ", ".join(a.id for a in aset.articles) or "none"
        raise InputError.coded("E102", count=len(aset.articles), ids=ids)


_ENGLISH = frozenset("the of and to in a is that for on was with as by at from has have said it be".split())  # noqa: SIM905


def looks_english(text: str) -> bool:
    """At least 5% of the first 2,000 words are common English function words."""
    words = text[:20000].lower().split()[:2000]
    if len(words) < 20:
        return True  # too short to tell
    return sum(w.strip(".,;:!?\"'()") in _ENGLISH for w in words) / len(words) >= 0.05


def _safe_id(item: Any, k: int) -> str | None:
    if isinstance(item, ArticleSet):
        return item.id
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        return item[0]
    return None


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
    valid = [p for p in inspect.signature(Verifier).parameters]
    for name in options:
        if name not in valid:
            close = difflib.get_close_matches(name, valid, n=1)
            hint = f"{close[0]!r} (did you mean it?), " if close else ""
            raise ConfigError.coded("E002", name=name, owner="factcheck.verify", valid=hint + ", ".join(valid))
    key = tuple(sorted((k, _frozen(v)) for k, v in options.items()))
    verifier = _VERIFIERS.pop(key, None) or Verifier(**options)
    _VERIFIERS[key] = verifier  # most recently used last
    while len(_VERIFIERS) > _MAX_VERIFIERS:
        _VERIFIERS.pop(next(iter(_VERIFIERS))).close()
    return verifier.verify(articles, id=set_id)


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
