"""Many article sets through one verifier, in chunks: what :meth:`Verifier.verify_many` runs.

    sets -> chunks of ``chunk_size`` -> check each set -> split the chunk's articles into
         claims -> encode and label them a few sets at a time -> reports, in input order

A report is yielded as soon as its set is done, so a progress bar moves set by set: the
articles are parsed :data:`PARSE_ARTICLES` at a time (one spaCy stream each), and consecutive
sets are encoded together until they fill one encode batch (``batch_size`` texts), or until
the next set's articles must be parsed first, then labelled and yielded (so progress moves at
least once per spaCy stream, whatever the sets' size). With ``workers``, the next chunk is split in worker processes while
this one is encoded and labelled. A set that cannot be verified is raised, or yielded as a
:class:`~factcheck.types.SetError`, in its place: reports of the sets before it are not lost.

:class:`SplitStage` is the split step, which :meth:`Verifier.verify` (one set, no chunks)
shares: claims come from the claims cache when an article was seen before, else from spaCy in
this process or in a :class:`~factcheck.claims.SplitterPool`, which the stage owns.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .articles import ArticleSet, as_set, check_set
from .cache import article_key
from .check import CheckReport
from .claims import CLAIMS_VERSION, SplitterPool
from .embed import CachedEmbedder
from .errors import FactcheckError, InputError
from .types import Article, Claim, Report, SetError

if TYPE_CHECKING:
    from .verifier import Verifier

__all__ = ["MAX_ID_CHARS", "PARSE_ARTICLES", "ClaimStream", "SplitStage", "check_set_id", "stream_reports"]

#: Articles parsed per spaCy stream in :func:`stream_reports` (without parsing workers).
PARSE_ARTICLES = 8

#: The longest set id accepted (it names files: ``--html-dir`` pages).
MAX_ID_CHARS = 256

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

    def start(
        self, articles: list[Article], *, progress: Callable[[int, int], None] | None = None
    ) -> Callable[[], list[list[Claim]]]:
        """Start splitting ``articles``; call the result for the claims of each, in order.

        With a cache, articles seen before are not parsed again (nor is spaCy loaded).
        ``progress(chars_done, chars_total)`` follows the parsing in this process (not in workers).
        """
        stream = self.stream(articles, progress=progress)
        return lambda: list(stream())

    def stream(
        self, articles: list[Article], *, progress: Callable[[int, int], None] | None = None
    ) -> ClaimStream:
        """As :meth:`start`, but the claims come lazily: without workers, the articles are
        parsed :data:`PARSE_ARTICLES` at a time as the claims are asked for."""
        emb = self._verifier.embedder_
        cache = emb.cache if isinstance(emb, CachedEmbedder) else None
        tag = f"{CLAIMS_VERSION}:{self._verifier.options.spacy_model or 'default'}"
        keys = [article_key(a) for a in articles] if cache is not None else []
        found: list[list[Claim] | None] = [cache.get_claims(tag, k) for k in keys] if cache else [None] * len(articles)
        todo = [n for n, c in enumerate(found) if c is None]
        if self._verifier.options.workers:  # the workers parse them all now, in the background
            parsing = self._parse([articles[n] for n in todo], progress=progress)
            pieces: Iterator[tuple[list[int], Callable[[], list[list[Claim]]]]] = iter([(todo, parsing)])
        else:
            pieces = (
                (part, self._parse([articles[n] for n in part], progress=progress))
                for part in (todo[lo : lo + PARSE_ARTICLES] for lo in range(0, len(todo), PARSE_ARTICLES))
            )

        def wait() -> Iterator[list[Claim]]:
            for n in range(len(articles)):
                if found[n] is None:
                    part, parsed = next(pieces)
                    for m, claims in zip(part, parsed(), strict=True):
                        found[m] = claims
                        if cache is not None:
                            cache.put_claims(tag, keys[m], claims)
                yield found[n] or []

        return ClaimStream(wait, found)

    def _parse(
        self, articles: list[Article], *, progress: Callable[[int, int], None] | None = None
    ) -> Callable[[], list[list[Claim]]]:
        if not articles:
            return list
        opts = self._verifier.options
        if opts.workers:
            if self.pool is None:
                self.pool = SplitterPool(opts.workers, nlp=opts.spacy_model, batch_size=opts.batch_size)
            return self.pool.submit(articles)
        return lambda: list(
            self._verifier.splitter_.split_many(articles, batch_size=opts.batch_size, progress=progress)
        )

    def close(self) -> None:
        """Stop the parsing workers, if any."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None


class ClaimStream:
    """The claims of a list of articles: call it for an iterator over them, in order (articles
    are parsed as their claims are asked for); :meth:`ready` says whether an article's claims
    are in hand without parsing."""

    def __init__(self, claims: Callable[[], Iterator[list[Claim]]], found: list[list[Claim] | None]) -> None:
        self._claims = claims
        self._found = found

    def __call__(self) -> Iterator[list[Claim]]:
        return self._claims()

    def ready(self, n: int) -> bool:
        """Whether the claims of article ``n`` are parsed (or came from the cache)."""
        return self._found[n] is not None


def stream_reports(
    verifier: Verifier,
    split: SplitStage,
    sets: Iterable[Any],
    *,
    chunk_size: int,
    on_error: Literal["raise", "return"],
) -> Iterator[Report | CheckReport | SetError]:
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
    claims: ClaimStream


def _start_chunk(verifier: Verifier, split: SplitStage, items: list[Any]) -> _Chunk:
    """Check the sets of a chunk and start splitting their articles into claims."""
    prepared: list[ArticleSet | FactcheckError] = []
    for item in items:
        try:
            if isinstance(item, FactcheckError):
                raise item
            aset = as_set(item)
            check_set_id(aset.id)
            if len(aset.articles) > verifier.options.max_articles:
                raise InputError.coded(
                    "E113", set_id=aset.id, count=len(aset.articles), limit=verifier.options.max_articles
                )
            check_set(aset, max_chars=verifier.options.max_chars, stacklevel=_WARN_STACKLEVEL)
            prepared.append(aset)
        except FactcheckError as exc:
            if not exc.set_id:
                exc.set_id = _safe_id(item)
            prepared.append(exc)
    articles = [a for p in prepared if isinstance(p, ArticleSet) for a in p.articles]
    return _Chunk(prepared, split.stream(articles))


def _finish_chunk(verifier: Verifier, chunk: _Chunk, on_error: str) -> Iterator[Report | CheckReport | SetError]:
    """Encode and label the chunk's sets a few at a time, yielding each result in input order."""
    claims_of_article = chunk.claims()
    results: dict[int, Report | CheckReport] = {}
    group: list[tuple[ArticleSet, list[Claim], list[str], list[int]]] = []
    next_out = 0

    def label_group() -> None:
        # one encode call for the group: each set's statements, then its item views
        texts = [t for _, _, set_texts, _ in group for t in set_texts]
        vectors = verifier.embedder_.encode(texts) if texts else np.zeros((0, 1), np.float32)
        pos = 0
        for s, claims, set_texts, owners in group:
            vecs = vectors[pos : pos + len(set_texts)]
            results[id(s)] = verifier._label_set(s, claims, set_texts, owners, vecs)
            pos += len(set_texts)
        group.clear()

    def ready() -> Iterator[Report | CheckReport | SetError]:
        nonlocal next_out  # in input order: good reports before a bad set are not lost
        while next_out < len(chunk.prepared):
            p = chunk.prepared[next_out]
            if isinstance(p, ArticleSet):
                if id(p) not in results:
                    return
                next_out += 1
                yield results.pop(id(p))
            else:
                next_out += 1
                if on_error == "raise":
                    raise p
                yield SetError.from_error(p)

    yield from ready()  # errors before the first set
    article = 0  # the index of the set's first article in the chunk's stream
    for s in (p for p in chunk.prepared if isinstance(p, ArticleSet)):
        if group and not chunk.claims.ready(article):  # parsing comes next: finish the sets in hand
            label_group()
            yield from ready()
        article += len(s.articles)
        claims = [c for _ in s.articles for c in next(claims_of_article)]
        set_texts, owners = verifier._rows(claims)
        group.append((s, claims, set_texts, owners))
        if sum(len(g[2]) for g in group) >= verifier.options.batch_size:
            label_group()
            yield from ready()
    label_group()
    yield from ready()


def check_set_id(set_id: str | None) -> None:
    """Refuse a set id that is too long or holds control characters (E112)."""
    if set_id is None:
        return
    reason = None
    if len(set_id) > MAX_ID_CHARS:
        reason = f"has {len(set_id):,} characters"
    elif any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in set_id):
        reason = "holds control characters"
    if reason is not None:
        shown = repr(set_id if len(set_id) <= 40 else set_id[:40] + "...")
        raise InputError.coded("E112", shown=shown, reason=reason, limit=MAX_ID_CHARS)


def _safe_id(item: Any) -> str | None:
    """The id of an input set that failed its checks, when it has one."""
    if isinstance(item, ArticleSet):
        return item.id
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        return item[0]
    return None
