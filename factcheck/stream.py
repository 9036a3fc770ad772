"""Many article sets through one verifier, in chunks: what :meth:`Verifier.verify_many` runs.

    sets -> chunks of ``chunk_size`` -> check each set -> split the chunk's articles (one spaCy
         stream) -> one encode call for the chunk -> label each set -> reports, in input order

With ``workers``, the next chunk is split in worker processes while this one is encoded and
labelled. A set that cannot be verified is raised, or yielded as a
:class:`~factcheck.types.SetError`, in its place: reports of the sets before it are not lost.

:class:`SplitStage` is the split step, which :meth:`Verifier.verify` (one set, no chunks)
shares: claims come from the claims cache when an article was seen before, else from spaCy in
this process or in a :class:`~factcheck.claims.SplitterPool`, which the stage owns.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .articles import ArticleSet, as_set, check_set
from .cache import article_key
from .claims import CLAIMS_VERSION, SplitterPool
from .embed import CachedEmbedder
from .errors import FactcheckError
from .types import Article, Claim, Report, SetError

if TYPE_CHECKING:
    from .verifier import Verifier

__all__ = ["SplitStage", "stream_reports"]

#: A non-English warning names the code that asked for the next report:
#: check_set <- _start_chunk <- stream_reports <- Verifier.verify_many <- that code.
_WARN_STACKLEVEL = 4


class SplitStage:
    """Articles to claims for one verifier: cached claims, else spaCy here or in workers.

    The verifier's ``spacy_model``, ``workers`` and ``batch_size`` apply; the claims cache is
    the verifier's embedding cache (a :class:`~factcheck.embed.CachedEmbedder`'s file), keyed
    by :data:`~factcheck.claims.CLAIMS_VERSION`, the spaCy model, and each article's id and text.
    """

    def __init__(self, verifier: Verifier) -> None:
        self._verifier = verifier
        #: The parsing workers, started on first use when ``workers`` is set.
        self.pool: SplitterPool | None = None

    def start(self, articles: list[Article]) -> Callable[[], list[list[Claim]]]:
        """Start splitting ``articles``; call the result for the claims of each, in order.

        With a cache, articles seen before are not parsed again (nor is spaCy loaded).
        """
        emb = self._verifier.embedder_
        if not isinstance(emb, CachedEmbedder):
            return self._parse(articles)
        cache = emb.cache
        tag = f"{CLAIMS_VERSION}:{self._verifier.options.spacy_model or 'default'}"
        keys = [article_key(a) for a in articles]
        out: list[list[Claim] | None] = [cache.get_claims(tag, k) for k in keys]
        todo = [n for n, c in enumerate(out) if c is None]
        parsing = self._parse([articles[n] for n in todo])

        def wait() -> list[list[Claim]]:
            for n, claims in zip(todo, parsing(), strict=True):
                out[n] = claims
                cache.put_claims(tag, keys[n], claims)
            return [c if c is not None else [] for c in out]

        return wait

    def _parse(self, articles: list[Article]) -> Callable[[], list[list[Claim]]]:
        if not articles:
            return list
        opts = self._verifier.options
        if opts.workers:
            if self.pool is None:
                self.pool = SplitterPool(opts.workers, nlp=opts.spacy_model, batch_size=opts.batch_size)
            return self.pool.submit(articles)
        return lambda: list(self._verifier.splitter_.split_many(articles, batch_size=opts.batch_size))

    def close(self) -> None:
        """Stop the parsing workers, if any."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None


def stream_reports(
    verifier: Verifier,
    split: SplitStage,
    sets: Iterable[Any],
    *,
    chunk_size: int,
    on_error: Literal["raise", "return"],
) -> Iterator[Report | SetError]:
    """One report (or error) per set of ``sets``, in input order, ``chunk_size`` sets at a time.

    ``verifier`` has checked its options; ``split`` is its split stage. Inputs that are already
    errors (as :func:`~factcheck.articles.read_jsonl_sets` yields) pass through as such.
    """
    it = iter(sets)
    pending: _Chunk | None = None
    while True:
        items = list(itertools.islice(it, chunk_size))
        chunk = _start_chunk(verifier, split, items) if items else None
        if pending is not None:
            yield from _finish_chunk(verifier, pending, on_error)
        if chunk is None:
            return
        if verifier.options.workers:
            pending = chunk  # parse it in the workers while the previous chunk encodes
        else:
            pending = None
            yield from _finish_chunk(verifier, chunk, on_error)


@dataclass
class _Chunk:
    """Sets checked and being split into claims: ArticleSets, or errors to report in place."""

    prepared: list[ArticleSet | FactcheckError]
    claims: Callable[[], list[list[Claim]]]


def _start_chunk(verifier: Verifier, split: SplitStage, items: list[Any]) -> _Chunk:
    """Check the sets of a chunk and start splitting their articles into claims."""
    prepared: list[ArticleSet | FactcheckError] = []
    for item in items:
        try:
            if isinstance(item, FactcheckError):
                raise item
            aset = as_set(item)
            check_set(aset, max_chars=verifier.options.max_chars, stacklevel=_WARN_STACKLEVEL)
            prepared.append(aset)
        except FactcheckError as exc:
            if not exc.set_id:
                exc.set_id = _safe_id(item)
            prepared.append(exc)
    articles = [a for p in prepared if isinstance(p, ArticleSet) for a in p.articles]
    return _Chunk(prepared, split.start(articles))


def _finish_chunk(verifier: Verifier, chunk: _Chunk, on_error: str) -> Iterator[Report | SetError]:
    sets = [p for p in chunk.prepared if isinstance(p, ArticleSet)]
    claims_per_article = chunk.claims()
    per_set: list[list[Claim]] = []
    art_pos = 0
    for s in sets:
        n = len(s.articles)
        per_set.append([c for cl in claims_per_article[art_pos : art_pos + n] for c in cl])
        art_pos += n
    # one encode call for the chunk: each set's statements, then its item views
    rows = [verifier._rows(claims) for claims in per_set]
    texts = [t for set_texts, _ in rows for t in set_texts]
    vectors = verifier.embedder_.encode(texts) if texts else np.zeros((0, 1), np.float32)
    pos = 0
    results: dict[int, Report] = {}
    for s, claims, (set_texts, owners) in zip(sets, per_set, rows, strict=True):
        vecs = vectors[pos : pos + len(set_texts)]
        results[id(s)] = verifier._label_set(s, claims, set_texts, owners, vecs)
        pos += len(set_texts)
    for p in chunk.prepared:  # in input order: good reports before a bad set are not lost
        if isinstance(p, ArticleSet):
            yield results[id(p)]
        elif on_error == "raise":
            raise p
        else:
            yield SetError.from_error(p)


def _safe_id(item: Any) -> str | None:
    """The id of an input set that failed its checks, when it has one."""
    if isinstance(item, ArticleSet):
        return item.id
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        return item[0]
    return None
