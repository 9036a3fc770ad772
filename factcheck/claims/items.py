"""Item views of enumerations: a claim that lists three or more things joined by "and".

:func:`item_views` gives one token set per item (the statement narrowed to that item), which
:class:`~factcheck.claims.clauses.ClaimSplitter` turns into :attr:`~factcheck.types.Claim.items`.
``SUBJECTS`` (the subject dependency labels) is shared with the clause splitter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["SUBJECTS", "item_views"]

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

_NOMINAL = ("NOUN", "PROPN")
_FRAMING = frozenset({"prep", "advcl", "npadvmod", "advmod", "intj"})
_AND = frozenset({"and", "&"})
SUBJECTS = ("nsubj", "nsubjpass", "expl", "csubj")
_ORG_SUFFIXES = frozenset({"inc", "corp", "ltd", "llc", "plc", "co", "ag", "sa", "gmbh", "nv", "bv"})


def item_views(doc: Any, toks: set[int], *, max_items: int) -> list[set[int]]:
    """One token set per item of the longest enumeration (3 or more nouns joined by "and") in ``toks``.

    Each keeps the claim's subject, predicate and the path down to one item, and drops the other
    items and fronted framing ("In what the White House called a productive call, ..."):
    "the leaders discussed issues including security in the Indo-Pacific, the Middle East, and
    Europe" gives "the leaders discussed issues including security in the Indo-Pacific", "... the
    Middle East", "... Europe". A source that names one item can then match the claim.
    """
    best: list[Token] = []
    for i in sorted(toks):
        head = doc[i]
        if head.pos_ not in _NOMINAL or (head.dep_ == "conj" and head.head.i in toks):
            continue
        items, frontier = [head], [head]
        while frontier:
            for c in frontier.pop().children:
                if c.dep_ == "conj" and c.pos_ in _NOMINAL and c.i in toks:
                    items.append(c)
                    frontier.append(c)
        if len(items) > len(best):
            best = items
    if len(best) < 3 or len(best) > max_items or any(t.lower_.rstrip(".") in _ORG_SUFFIXES for t in best):
        return []  # "Hartwell Markets, Inc. and ..." is no list
    listed = {x.i for x in best[0].subtree} & toks
    joints = {doc[i].lower_ for i in listed if doc[i].dep_ == "cc"}
    if not joints <= _AND or any(doc[i].text in "()[]" for i in listed):
        return []  # alternatives ("X, Y or Z") and parenthesised aliases are not lists of facts
    # the clause's predicate; a subject shared with a coordinated predicate hangs off another verb
    tops = [doc[i] for i in toks if doc[i].head.i not in toks or doc[i].head.i == i]
    preds = [t for t in tops if t.dep_ not in SUBJECTS]
    if len(preds) != 1 or not (
        len(tops) > 1 or any(c.dep_ in SUBJECTS and c.i in toks for c in preds[0].children)
    ):
        return []  # no clear clause to narrow (often a misparse: "Without shelter, children ...")
    framing: set[int] = set()
    for c in preds[0].lefts:
        sub = {x.i for x in c.subtree} & toks
        if c.dep_ in _FRAMING and sub and not sub & listed:
            framing |= sub
            if max(sub) + 1 in toks and doc[max(sub) + 1].text == ",":
                framing.add(max(sub) + 1)
    views: list[set[int]] = []
    for item in sorted(best, key=lambda t: t.i):
        cut = {x.i for c in item.children if c.dep_ == "conj" for x in c.subtree}
        seps = {c.i for c in item.children if c.dep_ in ("cc", "preconj") or c.text in (",", ";")}
        own = ({x.i for x in item.subtree} & toks) - cut - seps
        views.append((toks - listed - framing) | own)
    return views
