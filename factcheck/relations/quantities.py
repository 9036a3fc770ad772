"""Quantities and times in a claim, read as intervals so hedges and rounding are honoured.

"surpassed $118 billion" is ``[118e9, inf)``; "about 3 million" is ``[2.7e6, 3.3e6]``; a bare
"$118 billion" is ``[117.5e9, 118.5e9]`` (it was rounded to the billion). Two quantities of the
same kind and unit conflict only when their intervals do not overlap.

Example:
    >>> [q.describe() for q in extract("Trade surpassed $118 billion in 2023/24 on Monday.")]
    ['surpassed $118 billion', '2023/24', 'Monday']
    >>> a, b = extract("$118 billion")[0], extract("118bn dollars")[0]
    >>> a.compatible(b)
    True
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .words import STOP, stem

__all__ = ["Quantity", "compare", "extract"]

_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "tr": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
_CURRENCY_SYMBOL = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
}
_CURRENCY_WORD = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "rupee": "INR",
    "rupees": "INR",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "francs": "CHF",
}
_WORDNUM = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# hedge -> how the written value bounds the true one
_LOWER = r"more than|over|above|exceeding|exceeded|surpassed|surpassing|topped|topping|at least|no fewer than|no less than|upwards of|in excess of|beyond"
_UPPER = r"less than|fewer than|under|below|up to|at most|no more than|as many as|as much as|not more than|a maximum of"
_NEAR_BELOW = r"nearly|almost|just under|just shy of|close to"
_ABOUT = r"about|approximately|around|roughly|some|an estimated|estimated|circa|approx\.?|~|nearly about"
_HEDGE = rf"(?P<hedge>{_LOWER}|{_UPPER}|{_NEAR_BELOW}|{_ABOUT})\s+"

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE_RE = r"(?:\s*(?P<scale>thousand|million|billion|trillion|mln|bln|mn|bn|tn|lakh|crore|k|m|b)\b)?"
_UNIT_WORDS = r"(?P<unit>(?:[A-Za-z][A-Za-z-]*\s+){0,2}[A-Za-z][A-Za-z-]*)?"

_MONEY_SYMBOL = re.compile(rf"(?:{_HEDGE})?(?P<cur>US\$|\$|€|£|¥|₹|Rs\.?)\s?{_NUM}{_SCALE_RE}", re.I)
_MONEY_WORD = re.compile(
    rf"(?:{_HEDGE})?{_NUM}{_SCALE_RE}\s*(?P<cur>dollars?|euros?|pounds?|rupees?|yen|yuan|renminbi|francs)\b",
    re.I,
)
_PERCENT = re.compile(
    rf"(?:{_HEDGE})?{_NUM}\s*(?P<pct>%|percent\b|per cent\b|percentage points?\b|points?\b)", re.I
)
_FISCAL = re.compile(r"\b(?:FY\s?)?(?P<y1>(?:19|20)\d{2})\s?[/–-]\s?(?P<y2>\d{2}|(?:19|20)\d{2})\b")
_DATE_MD = re.compile(
    r"\b(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{2}))?",
    re.I,
)
_DATE_DM = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|"
    r"june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?(?:,?\s+(?P<year>(?:19|20)\d{2}))?",
    re.I,
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_MONTH_ONLY = re.compile(
    r"\b(?:in|by|since|until|till|during|from|of|to|through|before|after|on|early|late|mid-?|last|next|this)\s+(?P<month>january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\b(?:\s+(?P<year>(?:19|20)\d{2}))?",
    re.I,
)
_RANGE = re.compile(
    rf"\b(?:between\s+)?{_NUM.replace('num', 'lo')}\s*(?:and|to|-|–)\s*{_NUM.replace('num', 'hi')}{_SCALE_RE}\s+{_UNIT_WORDS}",
    re.I,
)
_QUARTER = re.compile(
    r"\b(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b|\bQ(?P<qn>[1-4])\b", re.I
)
_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_SEASON = re.compile(
    r"\b(?:in|the|this|last|next|early|late|mid|by|until|during)[ -](?:the\s+)?(?P<s>spring|summer|autumn|fall|winter)\b"
    r"|\b(?P<s2>spring|summer|autumn|winter)\s+(?:of\s+)?(?:19|20)\d\d",
    re.I,
)
_SEASONS = {"spring": 0, "summer": 1, "autumn": 2, "fall": 2, "winter": 3}
_CLOCK = re.compile(r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)", re.I)
_WEEKDAY = re.compile(r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I)
_YEAR = re.compile(r"(?<![\d$€£.,/-])\b(?P<year>(?:19|20)\d{2})\b(?![/–-]\d|\s*(?:%|percent|people|\w+s\b))")
_COUNT = re.compile(
    rf"(?:{_HEDGE})?(?<![\w$€£.,/-]){_NUM}{_SCALE_RE}(?![\d/%]|-\d)(?:-|\s*){_UNIT_WORDS}", re.I
)
_WORDCOUNT = re.compile(
    rf"(?:{_HEDGE})?\b(?P<word>{'|'.join(sorted(_WORDNUM, key=len, reverse=True))})"
    rf"(?:[- ](?P<word2>one|two|three|four|five|six|seven|eight|nine))?{_SCALE_RE}\s+{_UNIT_WORDS}",
    re.I,
)

_NONE_OF = re.compile(r"\b(?:no|not)\s+$", re.I)

# Unit spellings and near-synonyms that name the same thing.
_UNIT_CANON = {
    "km": "kilometre",
    "kms": "kilometre",
    "kilometer": "kilometre",
    "kilometres": "kilometre",
    "kilometers": "kilometre",
    "metres": "metre",
    "meters": "metre",
    "meter": "metre",
    "kg": "kilogram",
    "kgs": "kilogram",
    "kilo": "kilogram",
    "kilos": "kilogram",
    "tons": "tonne",
    "tonnes": "tonne",
    "ton": "tonne",
    "mi": "mile",
    "hrs": "hour",
    "hr": "hour",
    "mins": "minute",
    "min": "minute",
    "yrs": "year",
    "troop": "soldier",
    "vessel": "ship",
    "boat": "ship",
    "position": "job",
    "post": "job",
    "role": "job",
    "worker": "employee",
    "staff": "employee",
    "vehicle": "car",
    "person": "people",
    "resident": "people",
    "passenger": "people",
    "hectare": "hectare",
    "ha": "hectare",
    "sq": "square",
}


@dataclass(frozen=True)
class Quantity:
    """A value read from text, with its kind, unit and the interval it allows."""

    kind: (
        str  # money | percent | count | year | fiscal_year | date | month | quarter | season | time | weekday
    )
    # Times are half-open: the year 2024 is [2024, 2025); fiscal 2023/24 is [2023.25, 2024.75).
    unit: str  # currency, count noun(s), "" for times
    low: float
    high: float
    text: str
    start: int
    end: int

    def describe(self) -> str:
        return self.text

    def same_unit(self, other: Quantity) -> bool:
        if self.kind != other.kind:
            time_kinds = {"year", "fiscal_year"}
            return self.kind in time_kinds and other.kind in time_kinds
        if self.kind == "count":
            a, b = set(self.unit.split()), set(other.unit.split())
            return bool(a & b)
        return self.unit == other.unit

    def compatible(self, other: Quantity) -> bool:
        """Same unit and overlapping intervals."""
        return self.same_unit(other) and self.low < other.high and other.low < self.high


def _value(num: str, scale: str | None) -> tuple[float, float]:
    """Value and half its rounding step ("118" -> 0.5; "1.25" -> 0.005), both scaled."""
    clean = num.replace(",", "")
    v = float(clean)
    decimals = len(clean.split(".")[1]) if "." in clean else 0
    step = 10.0 ** (-decimals)
    if decimals == 0 and "," in num:
        # "18,000": the written zeros may be rounding; treat trailing zeros as round
        stripped = clean.rstrip("0")
        step = 10.0 ** (len(clean) - len(stripped)) if stripped else 1.0
    mult = _SCALE.get((scale or "").lower(), 1.0)
    return v * mult, step * mult / 2


def _interval(v: float, half: float, hedge: str | None) -> tuple[float, float]:
    h = (hedge or "").lower()
    if h and re.fullmatch(_LOWER, h):
        return v, math.inf
    if h and re.fullmatch(_UPPER, h):
        return -math.inf, v + half
    if h and re.fullmatch(_NEAR_BELOW, h):
        return v * 0.9, v + half
    if h:
        return v * 0.9, v * 1.1
    return v - half, v + half


def _unit_words(unit: str | None) -> str:
    if not unit:
        return ""
    words = [w for w in re.findall(r"[a-z][a-z]*", unit.lower()) if w not in STOP]
    out = []
    for w in words:
        if w in _SCALE or w in _MONTHS:
            continue
        w = _UNIT_CANON.get(w, w)
        w = _UNIT_CANON.get(stem(w), stem(w))
        out.append(w)
    return " ".join(out)


def extract(text: str) -> list[Quantity]:
    """All quantities and times in ``text``, in text order, none overlapping another."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(q: Quantity) -> None:
        found.append(q)
        taken.append((q.start, q.end))

    for m in [*_MONEY_SYMBOL.finditer(text), *_MONEY_WORD.finditer(text)]:
        if not free(m.start(), m.end()):
            continue
        cur = m.group("cur")
        code = _CURRENCY_SYMBOL.get(cur.lower(), _CURRENCY_WORD.get(cur.lower(), "USD"))
        v, half = _value(m.group("num"), m.group("scale"))
        lo, hi = _interval(v, half, m.group("hedge"))
        add(Quantity("money", code, lo, hi, m.group(0).strip(), m.start(), m.end()))
    for m in _PERCENT.finditer(text):
        if not free(m.start(), m.end()):
            continue
        unit = "pp" if "point" in m.group("pct").lower() else "%"
        v, half = _value(m.group("num"), None)
        lo, hi = _interval(v, half, m.group("hedge"))
        add(Quantity("percent", unit, lo, hi, m.group(0).strip(), m.start(), m.end()))
    for m in _ISO.finditer(text):
        if free(m.start(), m.end()):
            d = int(m.group("month")) * 100 + int(m.group("day"))
            add(Quantity("date", "", d, d + 1, m.group(0), m.start(), m.end()))
    for rx in (_DATE_MD, _DATE_DM):
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            month = _MONTHS[
                m.group("month").lower().rstrip(".")[:3] if m.group("month").lower()[:4] != "sept" else "sep"
            ]
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            d = month * 100 + day
            add(Quantity("date", "", d, d + 1, m.group(0).strip(), m.start(), m.end()))
            if m.group("year"):
                y = float(m.group("year"))
                found.append(Quantity("year", "", y, y + 1, m.group("year"), m.start("year"), m.end("year")))
    for m in _MONTH_ONLY.finditer(text):
        s = m.start("month")
        if free(s, m.end("month")):
            mo = _MONTHS[m.group("month").lower()]
            add(Quantity("month", "", mo, mo + 1, m.group("month"), s, m.end("month")))
    for m in _FISCAL.finditer(text):
        if not free(m.start(), m.end()):
            continue
        y1 = int(m.group("y1"))
        y2s = m.group("y2")
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if y2 != y1 + 1:
            continue
        add(Quantity("fiscal_year", "", y1 + 0.25, y2 + 0.75, m.group(0), m.start(), m.end()))
    for m in _CLOCK.finditer(text):
        if free(m.start(), m.end()):
            h = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
            t = h * 60 + int(m.group("m") or 0)
            add(Quantity("time", "", t, t + 1, m.group(0).strip(), m.start(), m.end()))
    for m in _QUARTER.finditer(text):
        if free(m.start(), m.end()):
            q = _QUARTERS[m.group("q").lower()] if m.group("q") else int(m.group("qn"))
            add(Quantity("quarter", "", q, q + 1, m.group(0), m.start(), m.end()))
    for m in _SEASON.finditer(text):
        name = m.group("s") or m.group("s2")
        st = m.start("s") if m.group("s") else m.start("s2")
        if free(st, st + len(name)):
            v = _SEASONS[name.lower()]
            add(Quantity("season", "", v, v + 1, name, st, st + len(name)))
    for m in _WEEKDAY.finditer(text):
        if free(m.start(), m.end()):
            wd = _WEEKDAYS.index(m.group("wd").lower())
            add(Quantity("weekday", "", wd, wd + 1, m.group("wd"), m.start(), m.end()))
    for m in _YEAR.finditer(text):
        if free(m.start(), m.end()):
            y = float(m.group("year"))
            add(Quantity("year", "", y, y + 1, m.group("year"), m.start(), m.end()))
    for m in _RANGE.finditer(text):
        if not free(m.start(), m.end("hi")) or _YEAR.fullmatch(m.group("lo")):
            continue
        lo_v, _h = _value(m.group("lo"), m.group("scale"))
        hi_v, half = _value(m.group("hi"), m.group("scale"))
        if lo_v >= hi_v:
            continue
        unit = _unit_words(m.group("unit"))
        add(
            Quantity(
                "count",
                unit,
                lo_v - half,
                hi_v + half,
                text[m.start() : m.end("hi")].strip(),
                m.start(),
                m.end(),
            )
        )
    for m in _COUNT.finditer(text):
        s, e = m.start("num"), m.end()
        if not free(m.start(), m.end("num")):
            continue
        unit = _unit_words(m.group("unit"))
        v, half = _value(m.group("num"), m.group("scale"))
        lo, hi = _interval(v, half, m.group("hedge"))
        shown = text[m.start() : m.end("scale") if m.group("scale") else m.end("num")].strip()
        add(Quantity("count", unit, lo, hi, shown, m.start(), max(e, m.end("num"))))
    for m in _WORDCOUNT.finditer(text):
        if not free(m.start("word"), m.end("word")):
            continue
        if _NONE_OF.search(text, 0, m.start("word")) and m.group("word").lower() == "one":
            continue  # "no one was injured", "not one shop": none, a negation, not the number one
        v = float(
            _WORDNUM[m.group("word").lower()]
            + (_WORDNUM[m.group("word2").lower()] if m.group("word2") else 0)
        )
        if m.group("scale"):
            v *= _SCALE[m.group("scale").lower()]
        half = 0.5 * _SCALE.get((m.group("scale") or "").lower(), 1.0)
        lo, hi = _interval(v, half, m.group("hedge"))
        unit = _unit_words(m.group("unit"))
        if not unit:
            continue
        shown = text[
            m.start() : m.end("scale")
            if m.group("scale")
            else m.end("word2")
            if m.group("word2")
            else m.end("word")
        ]
        add(Quantity("count", unit, lo, hi, shown.strip(), m.start(), m.end()))
    found.sort(key=lambda q: q.start)
    return found


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing the quantities of two claims."""

    conflicts: tuple[tuple[Quantity, Quantity], ...]
    agreements: tuple[tuple[Quantity, Quantity], ...]


def compare(a: Sequence[Quantity], b: Sequence[Quantity]) -> Comparison:
    """Pair quantities of the same kind and unit; a kind conflicts when none of its pairs overlap.

    Example:
        >>> c = compare(extract("trade of $118 billion"), extract("trade of $90 billion"))
        >>> [(x.text, y.text) for x, y in c.conflicts]
        [('$118 billion', '$90 billion')]
    """
    conflicts: list[tuple[Quantity, Quantity]] = []
    agreements: list[tuple[Quantity, Quantity]] = []
    used_a: set[int] = set()
    for i, qa in enumerate(a):
        same = [qb for qb in b if qa.same_unit(qb)]
        if not same:
            continue
        ok = [qb for qb in same if qa.compatible(qb)]
        if ok:
            agreements.append((qa, ok[0]))
            used_a.add(i)
    for i, qa in enumerate(a):
        if i in used_a:
            continue
        same = [qb for qb in b if qa.same_unit(qb) and not any(qb is y for _, y in agreements)]
        # only a conflict when b says nothing compatible about this kind of quantity at all
        if same and not any(qa.same_unit(y) for _, y in agreements):
            closest = min(same, key=lambda qb: abs(_mid(qb) - _mid(qa)))
            conflicts.append((qa, closest))
    return Comparison(tuple(conflicts), tuple(agreements))


def _mid(q: Quantity) -> float:
    if math.isinf(q.low):
        return q.high
    if math.isinf(q.high):
        return q.low
    return (q.low + q.high) / 2
