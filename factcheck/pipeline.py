"""The pipeline: the stages every entry point runs, in order, for each set of articles.

    prepare -> split -> rows -> encode -> match -> judge -> label -> assemble

- **prepare** (:func:`prepare`): the set's checks: its id (E112), its size (E113), its
  articles (:func:`~factcheck.articles.check_set`: empty, too long, fewer than two);
- **split** (:func:`split`): articles into claims: from the claims cache when an article was
  seen before, else spaCy in this process or in the parsing workers;
- **rows** (:func:`rows`): what is embedded: every claim's statement, then its item views;
- **encode**: the rows of a few sets in one call to the embedder;
- **match, judge, label, assemble** (:func:`label_set`): candidate pairs
  (:mod:`factcheck.match`), the scorer's judgements (:mod:`factcheck.relations`), one label per
  claim (:mod:`factcheck.label`), and the :class:`~factcheck.types.Report` (or, for a check,
  the :class:`~factcheck.check.CheckReport`).

:func:`run` streams sets through these stages in chunks: :meth:`Verifier.verify
<factcheck.verifier.Verifier.verify>` is a run of one set; ``verify_many``, ``check``,
``check_many``, ``factcheck batch`` and the Ray engine are runs of many. A report is yielded as
soon as its set is done, in input order: the articles are parsed :data:`PARSE_ARTICLES` at a
time (one spaCy stream each), and consecutive sets are encoded together until they fill one
encode batch (``batch_size`` texts) or the next set's articles must be parsed first. With
``workers``, the next chunk is split in worker processes while this one is encoded and
labelled. A set that cannot be verified is raised, or yielded as a
:class:`~factcheck.types.SetError`, in its place: reports of the sets before it are not lost.

Example:
    >>> from factcheck.models import Models
    >>> from factcheck.options import Options
    >>> models = Models(Options(embedder="hashing", relation_model=None))
    >>> (report,) = run(models, [["Trade rose 3% in May.", "Trade fell 3% in May."]], on_error="raise")
    >>> [c.label.value for c in report.claims]
    ['conflicting', 'conflicting']
"""

from __future__ import annotations

import itertools
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from .articles import ArticleSet, as_set, check_set, input_notes, non_english_ids
from .cache import article_key
from .check import CheckReport
from .claims import CLAIMS_VERSION
from .copies import copy_origins, copy_warnings, find_copies, independent_nearest, mark_copies
from .errors import FactcheckError, FactcheckWarning, InputError, user_stacklevel
from .label import label_claims
from .match import SIM_DECIMALS, Candidate, find_matches
from .models import Models
from .relations import CandidatePair
from .relations.language import score_by_language
from .types import Article, Claim, Report, ReportWarning, SetError, Source

__all__ = [
    "MAX_ID_CHARS",
    "PARSE_ARTICLES",
    "ClaimStream",
    "check_set_id",
    "label_set",
    "prepare",
    "rows",
    "run",
    "split",
]

#: Articles parsed per spaCy stream (without parsing workers).
PARSE_ARTICLES = 8

#: The longest set id accepted (it names files: ``--html-dir`` pages).
MAX_ID_CHARS = 256

Progress = Callable[[int, int], None]


# -- prepare -------------------------------------------------------------------------------------


def prepare(item: Any, models: Models) -> ArticleSet:
    """One input set, checked: an :class:`~factcheck.articles.ArticleSet` ready to split.

    Raises:
        FactcheckError: the set's error (its ``set_id`` set when the set has an id): a bad id
            (E112), too many articles (E113), an empty or too long article, fewer than two.
    """
    try:
        if isinstance(item, FactcheckError):
            raise item
        aset = as_set(item)
        check_set_id(aset.id)
        limit = models.options.max_articles
        if len(aset.articles) > limit:
            raise InputError.coded("E113", set_id=aset.id, count=len(aset.articles), limit=limit)
        check_set(aset, max_chars=models.options.max_chars, stacklevel=user_stacklevel())
    except FactcheckError as exc:
        if not exc.set_id:
            exc.set_id = _safe_id(item)
        raise
    return aset


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


# -- split ---------------------------------------------------------------------------------------


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


def split(models: Models, articles: list[Article], *, progress: Progress | None = None) -> ClaimStream:
    """The claims of ``articles``, lazily: cached claims, else spaCy here or in the workers.

    Without workers, the articles are parsed :data:`PARSE_ARTICLES` at a time as their claims
    are asked for; with workers, all are sent to them now. The claims cache is the models' one
    cache, keyed by :data:`~factcheck.claims.CLAIMS_VERSION`, the spaCy model, and each
    article's id and text. ``progress(chars_done, chars_total)`` follows the parsing in this
    process (not in workers).
    """
    opts = models.options
    cache = models.cache
    tag = f"{CLAIMS_VERSION}:{opts.spacy_model or 'default'}"
    keys = [article_key(a) for a in articles] if cache is not None else []
    found: list[list[Claim] | None] = [cache.get_claims(tag, k) for k in keys] if cache else [None] * len(articles)
    todo = [n for n, c in enumerate(found) if c is None]

    def parse(part: list[int]) -> Callable[[], list[list[Claim]]]:
        arts = [articles[n] for n in part]
        if not arts:
            return list
        if opts.workers:
            return models.workers().submit(arts)
        return lambda: list(models.splitter.split_many(arts, batch_size=opts.batch_size, progress=progress))

    if opts.workers:  # the workers parse them all now, in the background
        pieces: Iterator[tuple[list[int], Callable[[], list[list[Claim]]]]] = iter([(todo, parse(todo))])
    else:
        parts = (todo[lo : lo + PARSE_ARTICLES] for lo in range(0, len(todo), PARSE_ARTICLES))
        pieces = ((part, parse(part)) for part in parts)

    def claims() -> Iterator[list[Claim]]:
        for n in range(len(articles)):
            if found[n] is None:
                part, parsed = next(pieces)
                for m, cl in zip(part, parsed(), strict=True):
                    found[m] = cl
                    if cache is not None:
                        cache.put_claims(tag, keys[m], cl)
            yield found[n] or []

    return ClaimStream(claims, found)


# -- rows ----------------------------------------------------------------------------------------


def rows(claims: list[Claim], *, match_items: bool) -> tuple[list[str], list[int]]:
    """What gets embedded for a set, and the claim each row belongs to: every statement,
    then (with ``match_items``) the items of the claims that list things."""
    texts = [c.statement for c in claims]
    owners = list(range(len(claims)))
    if match_items:
        texts += [v for c in claims for v in c.items]
        owners += [k for k, c in enumerate(claims) for _ in c.items]
    return texts, owners


# -- match, judge, label, assemble ---------------------------------------------------------------


def label_set(
    models: Models, aset: ArticleSet, claims: list[Claim], texts: list[str], owners: list[int], vecs: np.ndarray
) -> Report | CheckReport:
    """Match, judge and label one set; ``texts``, ``owners`` and ``vecs`` are its rows
    (:func:`rows`). A check (``aset.checked``) judges only the pairs of the checked text and
    gives a :class:`~factcheck.check.CheckReport`."""
    src_index = {a.id: k for k, a in enumerate(aset.articles)}
    sources = [src_index[claims[k].source] for k in owners]
    scorer = models.scorer
    matches = find_matches(  # match
        vecs, sources, top_k=models.options.top_k, min_similarity=models.min_similarity, owners=owners
    )
    candidates = matches.candidates
    if aset.checked is not None:  # the sources are the reference: their own pairs are not judged
        candidates = [c for c in candidates if aset.checked in (claims[c.i].source, claims[c.j].source)]
    pairs = [_candidate_pair(c, claims, texts, vecs) for c in candidates]
    judgements = score_by_language(scorer, pairs, non_english_ids(aset))  # judge (no English rule on another language)
    # near copies count as one source for agreement (factcheck/copies.py); a check is not merged
    copies = find_copies(aset.articles) if models.options.merge_copies and aset.checked is None else ()
    matches = independent_nearest(matches, copies, list(src_index), vecs, sources, owners)
    labelled = label_claims(  # label
        claims,
        [(c.i, c.j, jd) for c, jd in zip(candidates, judgements, strict=True)],
        best_similarity=matches.best_similarity,
        best_match=matches.best_match,
        p_same=scorer.p_same,
        max_evidence=models.options.max_evidence,
        origin=copy_origins(copies),
    )
    counts = {a.id: 0 for a in aset.articles}  # assemble
    for c in claims:
        counts[c.source] += 1
    sources_out = tuple(
        Source(id=a.id, title=a.title, url=a.url, published=a.published, claims=counts[a.id]) for a in aset.articles
    )
    sources_out = mark_copies(sources_out, copies)  # which article each copy repeats
    opts = models.options.to_dict()
    opts["embedder"] = models.embedder.name
    opts["relation_model"] = scorer.name
    if aset.checked is not None:
        del opts["merge_copies"]  # a check is never merged: the option does not shape it
    notes = tuple(
        ReportWarning.coded("W101", source=a.id, article=a.id) for a in aset.articles if not counts[a.id]
    ) + copy_warnings(copies)
    for w in notes:
        warnings.warn(str(w), FactcheckWarning, stacklevel=user_stacklevel())
    report = Report(
        id=aset.id, sources=sources_out, claims=tuple(labelled), options=opts, warnings=input_notes(aset) + notes
    )
    return report if aset.checked is None else CheckReport.from_report(report, aset.checked)


def _candidate_pair(c: Candidate, claims: list[Claim], texts: list[str], vecs: np.ndarray) -> CandidatePair:
    """A match as the scorer sees it: the two claims, their statements' cosine, and the item
    texts when an item view matched better (``c.rows`` point past the statements)."""
    if c.rows == (c.i, c.j):
        return CandidatePair(claims[c.i], claims[c.j], c.similarity, c.margin)
    stmt = round(float(vecs[c.i] @ vecs[c.j]), SIM_DECIMALS)
    items = (texts[c.rows[0]], texts[c.rows[1]])
    return CandidatePair(claims[c.i], claims[c.j], stmt, c.margin, item_similarity=c.similarity, items=items)


# -- the run -------------------------------------------------------------------------------------


def run(
    models: Models,
    sets: Iterable[Any],
    *,
    chunk_size: int = 32,
    on_error: Literal["raise", "return"],
    progress: Progress | None = None,
) -> Iterator[Report | CheckReport | SetError]:
    """One report (or error) per set of ``sets``, in input order, ``chunk_size`` sets at a time.

    Inputs that are already errors (as :func:`~factcheck.articles.read_jsonl_sets` yields) pass
    through as such. ``progress(chars_done, chars_total)`` follows the parsing in this process.
    """
    models.validate()
    it = iter(sets)
    pending: _Chunk | None = None
    while True:
        items = list(itertools.islice(it, chunk_size))
        chunk = _start_chunk(models, items, progress) if items else None
        if pending is not None:
            yield from _finish_chunk(models, pending, on_error)
        if chunk is None:
            return
        if models.options.workers:
            pending = chunk  # parse it in the workers while the previous chunk encodes
        else:
            pending = None
            yield from _finish_chunk(models, chunk, on_error)


@dataclass
class _Chunk:
    """Sets checked and being split into claims: ArticleSets, or errors to report in place."""

    prepared: list[ArticleSet | FactcheckError]
    claims: ClaimStream


def _start_chunk(models: Models, items: list[Any], progress: Progress | None) -> _Chunk:
    """Prepare the sets of a chunk and start splitting their articles into claims."""
    prepared: list[ArticleSet | FactcheckError] = []
    for item in items:
        try:
            prepared.append(prepare(item, models))
        except FactcheckError as exc:
            prepared.append(exc)
    articles = [a for p in prepared if isinstance(p, ArticleSet) for a in p.articles]
    return _Chunk(prepared, split(models, articles, progress=progress))


def _finish_chunk(models: Models, chunk: _Chunk, on_error: str) -> Iterator[Report | CheckReport | SetError]:
    """Encode and label the chunk's sets a few at a time, yielding each result in input order."""
    claims_of_article = chunk.claims()
    results: dict[int, Report | CheckReport] = {}
    group: list[tuple[ArticleSet, list[Claim], list[str], list[int]]] = []
    next_out = 0

    def label_group() -> None:
        # one encode call for the group: each set's statements, then its item views
        texts = [t for _, _, set_texts, _ in group for t in set_texts]
        vectors = models.embedder.encode(texts) if texts else np.zeros((0, 1), np.float32)
        pos = 0
        for s, claims, set_texts, owners in group:
            vecs = vectors[pos : pos + len(set_texts)]
            results[id(s)] = label_set(models, s, claims, set_texts, owners, vecs)
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
        set_texts, owners = rows(claims, match_items=models.options.match_items)
        group.append((s, claims, set_texts, owners))
        if sum(len(g[2]) for g in group) >= models.options.batch_size:
            label_group()
            yield from ready()
    label_group()
    yield from ready()
