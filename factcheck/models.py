"""The loaded parts of a verifier, in one place: :class:`Models`.

A :class:`Models` holds, for one :class:`~factcheck.options.Options`, everything the pipeline
(:mod:`factcheck.pipeline`) needs that is slow to build: the embedder, the claim splitter, the
pair scorer, the parsing workers and the one persistent cache. Each loads on first use, so
building a :class:`~factcheck.verifier.Verifier` is free; the options are checked the first
time any part is asked for. This is also the one place where options become parts: which
embedder, which pair model and which scorer, with which thresholds.

Example:
    >>> from factcheck.options import Options
    >>> m = Models(Options(embedder="hashing", relation_model=None))
    >>> m.scorer.name, m.embedder.name
    ('rules', 'hashing-256')
"""

from __future__ import annotations

from pathlib import Path

from .cache import Cache
from .claims import ClaimSplitter, SplitterPool
from .embed import CachedEmbedder, Embedder, resolve_embedder
from .errors import ModelError
from .options import Options
from .relations import MIN_SIMILARITY, ModelScorer, PairScorer, RuleJudge, RuleScorer
from .relations.nli import CrossEncoderNLI
from .relations.pair_model import CachedPairModel, PairModel, default_pair_model

__all__ = ["Models"]


class Models:
    """The embedder, splitter, scorer, parsing workers and cache of one option set, loaded lazily.

    Args:
        options: what to load (checked on first use: ConfigError E001).
        owner: the name error messages give the options' owner (``"Verifier"``).
    """

    def __init__(self, options: Options, *, owner: str = "Verifier") -> None:
        self.options = options
        self._owner = owner
        self._validated = False
        self._embedder: Embedder | None = None
        self._splitter: ClaimSplitter | None = None
        self._scorer: PairScorer | None = None
        #: The parsing workers, started on first use when ``workers`` is set.
        self.pool: SplitterPool | None = None

    def validate(self) -> None:
        """Check the options once (ConfigError E001 names the first bad value)."""
        if not self._validated:
            self.options.validate(self._owner)
            self._validated = True

    @property
    def embedder(self) -> Embedder:
        """The claim embedder (a :class:`~factcheck.embed.CachedEmbedder` when ``cache`` is on)."""
        if self._embedder is None:
            self.validate()
            emb = resolve_embedder(self.options.embedder)
            cache = self.options.cache
            if cache:
                emb = CachedEmbedder(emb, None if cache is True else cache)
            self._embedder = emb
        return self._embedder

    @property
    def cache(self) -> Cache | None:
        """The one persistent cache (claims, embeddings, pair probabilities), or ``None``."""
        emb = self.embedder if self.options.cache else None
        return emb.cache if isinstance(emb, CachedEmbedder) else None

    @property
    def splitter(self) -> ClaimSplitter:
        """The claim splitter in this process (spaCy loads on its first split)."""
        if self._splitter is None:
            self._splitter = ClaimSplitter(nlp=self.options.spacy_model)
        return self._splitter

    def workers(self) -> SplitterPool:
        """The parsing workers (started now if they are not running)."""
        if self.pool is None:
            o = self.options
            self.pool = SplitterPool(o.workers, nlp=o.spacy_model, batch_size=o.batch_size)
        return self.pool

    @property
    def rules(self) -> RuleJudge:
        """The hand rules, with the options' thresholds."""
        o = self.options
        return RuleJudge(
            match_threshold=o.match_threshold, related_threshold=o.related_threshold, match_margin=o.match_margin
        )

    @property
    def scorer(self) -> PairScorer:
        """The pair scorer: the options' own, the rules alone, or a pair model behind the rules."""
        if self._scorer is None:
            self.validate()
            self._scorer = self._build_scorer()
        return self._scorer

    def _build_scorer(self) -> PairScorer:
        o = self.options
        rm = o.relation_model
        if isinstance(rm, PairScorer):
            return rm
        if o.nli_model is not None:
            return ModelScorer(CrossEncoderNLI(o.nli_model, labels=o.nli_labels, batch_size=o.batch_size), self.rules)
        if rm is None:
            return RuleScorer(self.rules)
        try:
            model = default_pair_model() if rm == "default" else PairModel.load(Path(rm))
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError.coded("E304", model=rm, reason=str(exc).splitlines()[0]) from exc
        if model is None:  # the default model's files are missing: the rules alone
            return RuleScorer(self.rules)
        cache = self.cache
        policy = model.policy
        if model.fingerprint and cache is not None:
            return ModelScorer(CachedPairModel(model, cache), self.rules, policy=policy)
        return ModelScorer(model, self.rules, policy=policy)

    @property
    def min_similarity(self) -> float:
        """The lowest cosine a candidate pair may have: the scorer's own floor (``min_similarity``;
        :data:`~factcheck.relations.MIN_SIMILARITY` for a scorer that names none), never above
        the rules' ``related_threshold``."""
        floor = getattr(self.scorer, "min_similarity", MIN_SIMILARITY)
        return min(float(floor), self.options.related_threshold)

    def close(self) -> None:
        """Stop the parsing workers, if any (the models stay loaded)."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None
