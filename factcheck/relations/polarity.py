"""Polarity: negation and antonymous predicates.

Example:
    >>> negations("The court did not approve the merger.")
    ['not']
    >>> antonym_clash("Shares rose 3% on Monday.", "Shares fell 3% on Monday.")
    ('rose', 'fell')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .words import STOP, stem

__all__ = [
    "ANTONYMS",
    "antonym_clash",
    "clash_of",
    "content_of",
    "content_words",
    "negation_phrase",
    "negations",
    "overlap",
    "predicate_words",
    "share",
    "tokens",
]

_NEG = re.compile(
    r"\b(?<!no )(?:not|n't|never|no(?! (?:more|fewer|less|later|sooner) than)|none|nobody|nothing|neither|nor|cannot|"
    r"den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)|fail(?:s|ed|ing)? to|"
    r"dismiss(?:es|ed)? (?:reports|claims|suggestions)|no longer)\b|n't\b",
    re.I,
)

# Opposite predicates, each written as (forms of one side, forms of the other side).
_PAIRS: list[tuple[str, str]] = [
    ("rise rises rose risen rising", "fall falls fell fallen falling"),
    ("rise rises rose risen rising", "drop drops dropped dropping decline declines declined declining"),
    ("increase increases increased increasing", "decrease decreases decreased decreasing"),
    ("increase increases increased increasing", "cut cuts cutting reduce reduces reduced reducing"),
    ("climb climbs climbed climbing", "fall falls fell falling drop drops dropped dropping"),
    ("gain gains gained gaining", "lose loses lost losing"),
    (
        "surge surges surged surging soar soars soared soaring jump jumps jumped jumping",
        "plunge plunges plunged plunging slump slumps slumped slumping tumble tumbled tumbling sink sank",
    ),
    (
        "grow grows grew grown growing expand expands expanded expanding",
        "shrink shrinks shrank shrunk shrinking contract contracts contracted contracting",
    ),
    ("raise raises raised raising", "lower lowers lowered lowering cut cuts cutting"),
    ("boost boosts boosted boosting", "cut cuts cutting slash slashes slashed"),
    ("win wins won winning", "lose loses lost losing"),
    ("victory", "defeat"),
    (
        "approve approves approved approving",
        "reject rejects rejected rejecting block blocks blocked blocking veto vetoed",
    ),
    ("accept accepts accepted accepting", "reject rejects rejected rejecting decline declined"),
    ("confirm confirms confirmed confirming", "deny denies denied denying"),
    ("acquit acquits acquitted acquitting", "convict convicts convicted convicting"),
    ("guilty", "innocent"),
    ("open opens opened opening reopen reopened", "close closes closed closing shut shuts"),
    (
        "allow allows allowed allowing permit permits permitted",
        "ban bans banned banning forbid forbids forbade prohibit prohibited",
    ),
    ("support supports supported supporting", "oppose opposes opposed opposing"),
    ("pass passes passed passing", "fail fails failed failing"),
    ("hire hires hired hiring", "fire fires fired firing lay laid"),
    ("profit profits", "loss losses"),
    ("surplus", "deficit"),
    ("strengthen strengthens strengthened", "weaken weakens weakened"),
    ("higher", "lower"),
    ("above", "below"),
    ("more", "fewer less"),
    ("increase", "decline"),
    ("start starts started starting begin begins began", "end ends ended ending"),
    ("resume resumes resumed", "suspend suspends suspended halt halted"),
    ("legal", "illegal"),
    ("success successful succeeded", "failure unsuccessful failed"),
    ("survive survives survived", "die dies died killed"),
    ("arrive arrives arrived", "depart departs departed left"),
    ("launch launched", "cancel cancels cancelled canceled scrap scrapped"),
    ("upheld uphold upholds", "overturn overturned overturns struck"),
    ("agree agrees agreed", "disagree disagrees disagreed"),
    ("include includes included", "exclude excludes excluded left_out"),
    ("hire hires hired hiring", "lay_off laid_off laying_off lays_off"),
    ("sign signs signed signing", "veto vetoes vetoed vetoing"),
    ("intensify intensifies intensified intensifying strengthened", "weaken weakens weakened weakening"),
    ("improve improves improved improving", "deteriorate deteriorates deteriorated worsen worsens worsened"),
    ("lift lifts lifted lifting", "impose imposes imposed imposing"),
    ("advance advances advanced advancing", "retreat retreats retreated retreating withdrew"),
    ("widen widens widened widening", "narrow narrows narrowed narrowing"),
    ("boycott boycotts boycotted boycotting", "took_part take_part takes_part participated"),
    (
        "tighten tightens tightened tightening",
        "ease eases eased easing relax relaxes relaxed loosen loosened",
    ),
    ("expand expands expanded expanding", "scale_back scaled_back scales_back"),
    ("accelerate accelerates accelerated accelerating", "slow slows slowed slowing decelerated"),
    ("upgrade upgrades upgraded", "downgrade downgrades downgraded"),
    ("broke_down collapsed", "reached agreed"),
    ("acquire acquires acquired buy buys bought purchase purchased", "sell sells sold"),
    ("gain gains gained", "shed sheds"),
    ("attend attends attended", "skip skips skipped missed"),
]

# Phrasal verbs read as one word, so "laid off" can oppose "hired".
_PHRASES = re.compile(
    r"\b(lay|laid|laying|lays) off\b|\b(left) out\b|\b(take|took|takes) part\b|"
    r"\b(scale|scaled|scales) back\b|\b(broke) down\b",
    re.I,
)


def _phrases(text: str) -> str:
    return _PHRASES.sub(lambda m: m.group(0).replace(" ", "_"), text)


ANTONYMS: dict[str, frozenset[str]] = {}
for _a, _b in _PAIRS:
    for _x in _a.split():
        ANTONYMS[_x] = ANTONYMS.get(_x, frozenset()) | frozenset(_b.split())
    for _y in _b.split():
        ANTONYMS[_y] = ANTONYMS.get(_y, frozenset()) | frozenset(_a.split())

_WORD = re.compile(r"[a-z0-9_]+(?:'[a-z]+)?")


def negations(text: str) -> list[str]:
    """The negation cues in ``text`` (lower-cased)."""
    return [m.group(0).lower().strip() for m in _NEG.finditer(text)]


_BEFORE_NOT = re.compile(r"([A-Za-z]+)\s+$")
_AFTER_NO = re.compile(r"^\s+([A-Za-z]+)")


def negation_phrase(text: str) -> str:
    """The first negation cue of ``text`` as a reader would quote it: "not" with the word before
    it ("did not"), "n't" with its word ("didn't"), "no" with the word after it ("No one"); ``""``
    when there is none.

    Example:
        >>> negation_phrase("The agency did not release a figure."), negation_phrase("No one was hurt.")
        ('did not', 'No one')
    """
    m = _NEG.search(text)
    if m is None:
        return ""
    start, end = m.span()
    cue = m.group(0).strip().lower()
    if cue == "not" and (b := _BEFORE_NOT.search(text[:start])):
        start = b.start(1)
    elif cue == "n't":
        start = re.search(r"[A-Za-z]*$", text[:start]).start()  # type: ignore[union-attr]
    elif cue == "no" and (a := _AFTER_NO.match(text[end:])):
        end += a.end(1)
    return text[start:end].strip()


_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}|\b[a-z]+&[a-z]+\b")


def tokens(text: str) -> tuple[str, ...]:
    """The lower-cased words of ``text`` that :func:`content_words` filters, acronyms as one
    word ("U.S." -> "u_s_") and possessives cut ("Modi's" -> "modi")."""
    text = _ACRONYM.sub(
        lambda m: m.group(0).replace(".", "_").replace("&", "_and_"), text.lower().replace("’", "'")
    )
    return tuple(w[:-2] if w.endswith("'s") else w for w in _WORD.findall(text))


def content_of(words: Sequence[str], *, drop: frozenset[str] = frozenset()) -> set[str]:
    """:func:`content_words` of words already split by :func:`tokens`."""
    return {
        stem(w).replace("_and_", "&").replace("_", ".").rstrip(".")
        for w in words
        if w not in STOP
        and w not in drop
        and not _NEG.fullmatch(w)
        and not w.isdigit()
        and len(w) > 1
        and not ("_" in w and all(p in drop for p in w.replace("_and_", "_").strip("_").split("_")))
    }


def content_words(text: str, *, drop: frozenset[str] = frozenset()) -> set[str]:
    """Stemmed content words, without stop words, numbers, negation, single letters or ``drop``.

    Acronyms are one word ("U.S." -> "u.s", "S&P" -> "s&p"), not letters; one whose letters
    are all in ``drop`` (the "p.m." of a time) is dropped:

    >>> sorted(content_words("Modi will visit the U.S. in February"))
    ['february', 'modi', 'u.s', 'visit']
    """
    return content_of(tokens(text), drop=drop)


def share(wa: set[str], wb: set[str]) -> float:
    """Share of the smaller word set that the other also has (0 when either is empty)."""
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def overlap(a: str, b: str, *, drop: frozenset[str] = frozenset()) -> float:
    """Share of the shorter claim's content words that the other claim also has."""
    return share(content_words(a, drop=drop), content_words(b, drop=drop))


def predicate_words(text: str) -> frozenset[str]:
    """The lower-cased words of ``text`` that :data:`ANTONYMS` is keyed on (phrasal verbs
    joined: "scaled_back")."""
    return frozenset(_WORD.findall(_phrases(text).lower()))


def antonym_clash(a: str, b: str) -> tuple[str, str] | None:
    """A word of ``a`` whose antonym is in ``b`` (and not the other way round too).

    >>> antonym_clash("Exports rose in May.", "Exports fell in May.")
    ('rose', 'fell')
    """
    return clash_of(predicate_words(a), predicate_words(b))


def clash_of(wa: frozenset[str], wb: frozenset[str]) -> tuple[str, str] | None:
    """:func:`antonym_clash` of two sets of :func:`predicate_words`."""
    for w in sorted(wa - wb):
        opp = ANTONYMS.get(w)
        if not opp:
            continue
        hit = sorted((opp & wb) - wa)
        # both sides having both words is no clash ("rose then fell")
        if hit and not (opp & wa):
            return w, hit[0]
    return None
