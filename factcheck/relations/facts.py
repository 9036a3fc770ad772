"""The facts of one statement that the relation rules read, computed once.

A pair judgement compares figures, names, negation cues and content words of two statements.
A statement meets several others, so each of these is derived once per statement
(:func:`facts_of`, memoised) and the rules read the :class:`Facts` value, never the string
again. :attr:`factcheck.types.Claim.facts` gives a claim's.

Example:
    >>> f = facts_of("The ferry did not carry 120 people to Ohio.")
    >>> [q.text for q in f.quantities], f.names, f.negations
    (['120'], ('Ohio',), ('not',))
    >>> sorted(f.content())
    ['carry', 'ferry', 'ohio', 'people']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .actors import names
from .polarity import content_of, negations, predicate_words, tokens
from .quantities import Quantity, extract

__all__ = ["Facts", "as_facts", "facts_of"]


@dataclass(frozen=True)
class Facts:
    """What a statement says that the rules compare (see :func:`facts_of`).

    ``quantities``: figures, dates, weekdays and years with their intervals; ``names``: people,
    places and organisations in text order; ``negations``: the negation cues; ``words``: the
    words :meth:`content` filters; ``predicates``: the words opposite predicates are looked up
    by; ``quantity_words`` / ``name_words``: the words of the figures and the names, which a
    comparison of the rest leaves out.
    """

    text: str
    quantities: tuple[Quantity, ...]
    names: tuple[str, ...]
    negations: tuple[str, ...]
    words: tuple[str, ...]
    predicates: frozenset[str]
    quantity_words: frozenset[str]
    name_words: frozenset[str]

    def content(self, drop: frozenset[str] = frozenset()) -> set[str]:
        """Stemmed content words, without stop words, numbers, negation cues or ``drop``."""
        return content_of(self.words, drop=drop)


def _words_of(parts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for p in parts for w in re.findall(r"[a-z0-9]+", p.lower()))


@lru_cache(maxsize=1 << 12)  # a few chunks of a batch: bounded memory over a long run
def facts_of(text: str) -> Facts:
    """The :class:`Facts` of ``text``, derived once per distinct text (memoised: the 4,096 most
    recent texts, about 5 KB each, so a long batch keeps about 22 MB)."""
    qs = tuple(extract(text))
    ns = tuple(names(text))
    return Facts(
        text=text,
        quantities=qs,
        names=ns,
        negations=tuple(negations(text)),
        words=tokens(text),
        predicates=predicate_words(text),
        quantity_words=_words_of(tuple(q.text for q in qs)),
        name_words=_words_of(ns),
    )


def as_facts(statement: str | Facts) -> Facts:
    """``statement`` itself when it is :class:`Facts` already, else :func:`facts_of` it."""
    return statement if isinstance(statement, Facts) else facts_of(statement)
