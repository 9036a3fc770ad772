"""Actors and places: the same predicate with a different or swapped name in the same role.

Names are runs of capitalised words (and acronyms) that are not sentence-initial function
words, months or weekdays. Two claims that say the same thing about different names
("Germany will host the summit" / "France will host the summit"), or that swap the order of
the same names ("Japan defeated Australia" / "Australia defeated Japan"), clash.

Example:
    >>> name_clash("Modi will visit Washington next month", "Trump will visit New Delhi next month")
    ('different names', 'Modi, Washington', 'New Delhi, Trump')
    >>> name_clash("Japan defeated Australia 3-1", "Australia defeated Japan 3-1")
    ('swapped roles', 'Japan, Australia', 'Australia, Japan')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["clash_of", "name_clash", "names"]

_NAME = re.compile(
    r"\b(?:[A-Z][a-zA-Z'’.-]*|[A-Z]{2,})(?:\s+(?:of\s+|de\s+|van\s+)?(?:[A-Z][a-zA-Z'’.-]*|[A-Z]{2,}))*"
)
_NOT_NAMES = frozenset(
    """The A An In On At By For From To Of And But Or If When While After Before As This That These Those
    It Its He She They We I His Her Their Our Some Most Many Few No Not Early Late Last Next Over Under
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Mr Mrs Ms Dr President Prime Minister Chancellor Governor Mayor Judge Senator
    About Around Approximately Roughly Nearly Almost Only Just Fewer Less More Between Up Tens Hundreds
    Thousands Millions Dozens Several Both All Each Every One Two Three Four Five Six Seven Eight Nine Ten
    Eleven Twelve Twenty Thirty Forty Fifty Sixty Seventy Eighty Ninety Hundred Thousand Million Billion""".split()  # noqa: SIM905
)
# Spellings of one name.
_ALIASES = {
    "u.s": "united states",
    "us": "united states",
    "usa": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "eu": "european union",
    "un": "united nations",
    "u.n": "united nations",
}


def names(text: str) -> list[str]:
    """Names in text order, leading titles and function words dropped ("The White House" -> "White House")."""
    out: list[str] = []
    for m in _NAME.finditer(text):
        words = m.group(0).rstrip(".").split()
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        if words and not all(w in _NOT_NAMES for w in words):
            name = " ".join(words)
            if name not in out:
                out.append(name)
    return out


def _key(name: str) -> str:
    k = re.sub(r"['’]s$", "", name.lower()).strip(".")
    k = k.split("-")[0] if re.fullmatch(r"[a-z]+-[a-z]+", k) else k
    return _ALIASES.get(k, k)


def _mentioned(name: str, text: str, text_names: Sequence[str]) -> bool:
    """Whether ``text`` (whose names are ``text_names``) mentions ``name`` in any case or form
    ("Russian" ~ "Russia", "U.S." ~ "United States")."""
    key = _key(name)
    low = text.lower().replace("'", "").replace("’", "")
    if key in low or name.lower() in low:
        return True
    # a shared surname or word of the name: "Ms. Stewart" ~ "Martha Stewart", "Dillards" ~ "Dillard's"
    words = set(re.findall(r"[a-z]{3,}", low))
    if any(w in words for w in re.findall(r"[a-z]{3,}", name.lower().replace("'", "").replace("’", ""))):
        return True
    other = {_key(n) for n in text_names}
    if key in other:
        return True
    # demonyms and possessives: "Russian"/"Russia", "Chile"/"Chilean"
    return any(
        len(x) >= 4 and len(key) >= 4 and (x.startswith(key[:-1]) or key.startswith(x[:-1])) for x in other
    )


def name_clash(a: str, b: str) -> tuple[str, str, str] | None:
    """How the names of two otherwise similar claims clash, or ``None``.

    Returns ``(kind, names of a, names of b)``; the caller decides whether the rest of the
    claims match closely enough for that to be a conflict.

    >>> name_clash("Smith won the vote in Ohio.", "Jones won the vote in Ohio.")
    ('different names', 'Smith', 'Jones')
    """
    return clash_of(a, names(a), b, names(b))


def clash_of(a: str, na: Sequence[str], b: str, nb: Sequence[str]) -> tuple[str, str, str] | None:
    """:func:`name_clash` of two statements whose :func:`names` are known."""
    sa, sb = set(na), set(nb)
    only_a = {n for n in na if not _mentioned(n, b, nb)}
    only_b = {n for n in nb if not _mentioned(n, a, na)}
    if only_a and only_b:
        return "different names", ", ".join(sorted(only_a)), ", ".join(sorted(only_b))
    shared = [n for n in na if n in sb]
    if len(shared) >= 2 and not only_a and not only_b:
        order_b = [n for n in nb if n in sa]
        # "X beat Y" / "Y was beaten by X": a passive on one side only may reorder the same fact
        passive = (re.search(r"\bby\b", a) is None) != (re.search(r"\bby\b", b) is None)
        if shared != order_b and not passive:
            return "swapped roles", ", ".join(shared), ", ".join(order_b)
    return None
