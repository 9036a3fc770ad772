"""Loaders for the external, human-labelled datasets in ``../shared/data``.

Each pair loader yields ``(group, a, b, expected)`` where ``expected`` is the label the claim
of ``a`` should get when ``a`` and ``b`` are cross-checked as two articles, mapped as the
data README describes: support/entailment/paraphrase -> ``agreeing``, refutation/
contradiction -> ``conflicting``, unrelated/neutral/not supported -> ``unique``. Labels that
map to none of these (FNC-1 "discuss", Emergent "observing") are left out.

Only each dataset's dev part is scored (its own dev file, or a fixed fifth of its groups,
:func:`in_dev`): the pair model trains on the rest. Large datasets are subsampled deterministically (every k-th pair) to ``limit`` pairs so a
suite fits in CI; pass ``limit=None`` for all of them.

:func:`ecbplus_sets` builds real multi-article sets from ECB+ (see its docstring).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from ..types import Article
from .gold import GoldClaim, GoldSet

__all__ = ["PAIR_LOADERS", "annotated_sentences", "ecbplus_sets", "in_dev", "read_ecb"]

Pair = tuple[str, str, str, str]


def in_dev(source: str, key: str) -> bool:
    """Whether group ``key`` of ``source`` is in that source's dev part (a fixed fifth).

    Datasets without their own dev file are split by group (an FNC-1 body, an Emergent claim)
    so that the pair model trains on four fifths and the benchmark suites score the fifth it
    never saw (``training/pairs.py``).

    Example:
        >>> in_dev("emergent", "42"), in_dev("emergent", "42") == in_dev("emergent", "42")
        (False, True)
    """
    return hashlib.blake2b(f"{source}\x00{key}".encode(), digest_size=8).digest()[0] % 5 == 0


def _every(pairs: list[Pair], limit: int | None) -> list[Pair]:
    if limit is None or len(pairs) <= limit:
        return pairs
    step = len(pairs) / limit
    return [pairs[int(k * step)] for k in range(limit)]


def _stratified(pairs: list[Pair], limit: int | None) -> list[Pair]:
    """Every k-th pair of each expected label, ``limit // labels`` of each (rare labels whole)."""
    labels = sorted({p[3] for p in pairs})
    if limit is None:
        return pairs
    return [p for lab in labels for p in _every([q for q in pairs if q[3] == lab], limit // len(labels))]


# Each loader yields (pair, in the dev part?). Only the dev parts are benchmarked: the pair model
# trains on the rest (training/pairs.py), so no suite scores a pair it was trained on.
Split = Iterator[tuple[Pair, bool]]

_NLI = {"entailment": "agreeing", "contradiction": "conflicting", "neutral": "unique"}


def sick(data: Path) -> Split:
    """SICK with the corrected (Kalouli et al.) labels; TRIAL is the dev part."""
    m = {"ENTAILMENT": "agreeing", "CONTRADICTION": "conflicting", "NEUTRAL": "unique"}
    with (data / "sick" / "SICK_reannotated_kalouli_train_trial.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["entailment_label"] in m:
                pair = ("sick", r["sentence_A"], r["sentence_B"], m[r["entailment_label"]])
                yield pair, r["SemEval_set"] == "TRIAL"


def sts(data: Path) -> Split:
    """STS news headlines: scored >= 4 -> agreeing, <= 1 -> unique (the middle is left out)."""
    for f in sorted((data / "sts_headlines").glob("*.tsv")):
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                try:
                    score = float(parts[0])
                except (ValueError, IndexError):
                    continue
                if len(parts) >= 3 and (score >= 4 or score <= 1):
                    pair = ("sts", parts[1], parts[2], "agreeing" if score >= 4 else "unique")
                    yield pair, in_dev("sts", parts[1] + "\t" + parts[2])


def fnc1_bodies(data: Path) -> dict[str, str]:
    """FNC-1 article bodies by Body ID."""
    with (data / "fnc1" / "fnc1_bodies_even.csv").open(encoding="utf-8") as fh:
        return {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}


def fnc1(data: Path) -> Split:
    """FNC-1 headline vs article body: agree, disagree, unrelated ("discuss" left out); split by body."""
    bodies = fnc1_bodies(data)
    m = {"agree": "agreeing", "disagree": "conflicting", "unrelated": "unique"}
    with (data / "fnc1" / "fnc1_stances_even.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["Stance"] in m and r["Body ID"] in bodies:
                pair = (f"fnc1-{r['Stance']}", r["Headline"], bodies[r["Body ID"]], m[r["Stance"]])
                yield pair, in_dev("fnc1", r["Body ID"])


def emergent(data: Path) -> Split:
    """Emergent claim vs article headline: for -> agreeing, against -> conflicting; split by claim."""
    m = {"for": "agreeing", "against": "conflicting"}
    with (data / "emergent" / "url-versions-2015-06-14-clean-train.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["articleHeadlineStance"] in m:
                pair = ("emergent", r["claimHeadline"], r["articleHeadline"], m[r["articleHeadlineStance"]])
                yield pair, in_dev("emergent", r["claimId"])


def nli(data: Path) -> Split:
    """VitaminC and MNLI samples (hypothesis/claim checked against premise/evidence)."""
    m = {"supports": "agreeing", "entailment": "agreeing", "refutes": "conflicting",
         "contradiction": "conflicting", "not enough info": "unique", "neutral": "unique"}  # fmt: skip
    for sub, (ka, kb) in (("vitaminc", ("claim", "evidence")), ("mnli", ("hypothesis", "premise"))):
        for f in sorted((data / "nli_samples" / sub).glob("*.jsonl")):
            for k, line in enumerate(f.read_text(encoding="utf-8").splitlines()):
                d = json.loads(line)
                lab = m.get(str(d.get("label", "")).lower())
                if lab:
                    yield (sub, d[ka], d[kb], lab), in_dev(sub, f"{f.name}:{k}")


def cad_snli(data: Path) -> Split:
    """Counterfactually-augmented SNLI (minimal edits that flip the label); dev.tsv is dev."""
    for name, dev in (("train.tsv", False), ("dev.tsv", True)):
        with (data / "cad_snli" / name).open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if r["gold_label"] in _NLI:
                    yield ("cad_snli", r["sentence2"], r["sentence1"], _NLI[r["gold_label"]]), dev


def negation_nli(data: Path) -> Split:
    """Hossain et al. pairs in which a negation matters (MNLI and SNLI parts)."""
    for name in ("MNLI", "SNLI"):
        path = data / "negation_nli" / f"{name}.txt"
        with path.open(encoding="cp1252", errors="replace") as fh:  # the files are Windows-1252
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if r["gold_label"] in _NLI:
                    pair = (f"negation-{name.lower()}", r["Hypothesis"], r["Text"], _NLI[r["gold_label"]])
                    yield pair, in_dev("negation_nli", f"{name}:{r['index']}")


def climate_fever(data: Path) -> Split:
    """Climate-FEVER claims vs each annotated evidence sentence; split by claim."""
    m = {"SUPPORTS": "agreeing", "REFUTES": "conflicting", "NOT_ENOUGH_INFO": "unique"}
    for line in (data / "climate_fever" / "train.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        dev = in_dev("climate_fever", str(d["claim_id"]))
        for ev in d["evidences"]:
            if ev["evidence_label"] in m:
                yield ("climate_fever", d["claim"], ev["evidence"], m[ev["evidence_label"]]), dev


def covidfact(data: Path) -> Split:
    """COVID-Fact claims vs their evidence. The refuted claims were made by changing a word of
    a true one, so not_entailment counts as conflicting. Split by evidence."""
    m = {"entailment": "agreeing", "not_entailment": "conflicting"}
    with (data / "covidfact" / "train.tsv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if r["label"] in m:
                evidence = r["sentence1"].replace(" > ", " ").strip("> ")
                yield ("covidfact", r["Sentence2"], evidence, m[r["label"]]), in_dev("covidfact", evidence[:200])


def _all_dev(pairs: Iterator[Pair]) -> Split:
    return ((p, True) for p in pairs)


def claimdiff(data: Path) -> Split:
    """ClaimDiff train pairs: a weakening relation -> conflicting (a partial conflict),
    strengthening only -> agreeing, neither -> unique. Not trained on: all of it is dev."""
    weak = {d["pair_id"]: d["relation"] for d in _claimdiff(data, "weak")}
    for d in _claimdiff(data, "strength"):
        w = weak.get(d["pair_id"], 0)
        label = "conflicting" if w else "agreeing" if d["relation"] else "unique"
        yield ("claimdiff", str(d["claim_a"]), str(d["claim_b"]), label), True


def _claimdiff(data: Path, kind: str) -> list[dict[str, object]]:
    path = data / "claimdiff" / f"ClaimDiff-{kind}-train.json"
    return list(json.loads(path.read_text(encoding="utf-8"))["data"])


def wice(data: Path) -> Split:
    """WiCE claims vs their evidence sentences: supported -> agreeing, not supported -> unique.
    Not trained on: all of it is dev."""
    m = {"supported": "agreeing", "not_supported": "unique"}
    for line in (data / "wice" / "claim_dev.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if d["label"] in m:
            ev = " ".join(s for s in d["evidence"] if not s.startswith("(meta data)"))
            yield ("wice", d["claim"], ev, m[d["label"]]), True


def summac(data: Path) -> Split:
    """SummaC FactCC summary sentences vs their source documents: consistent -> agreeing.
    Inconsistent sentences may be unique or conflicting; they count as ``unique`` here, and
    the suite's useful number is agreeing precision/recall. Not trained on."""
    d = json.loads((data / "summac" / "factcc.json").read_text(encoding="utf-8"))
    for item in d.values():
        label = "agreeing" if item["label"] == 1 else "unique"
        yield ("summac-factcc", item["claim"], item["document"], label), True


# name -> (loader, default limit, stratify by label)
PAIR_LOADERS: dict[str, tuple[Callable[[Path], Split], int | None, bool]] = {
    "sick": (sick, None, False),
    "sts": (sts, 600, False),
    "fnc1": (fnc1, 270, True),
    "emergent": (emergent, 600, False),
    "nli": (nli, None, False),
    "claimdiff": (claimdiff, 500, False),
    "wice": (wice, None, False),
    "summac": (summac, 150, False),
    "cad_snli": (cad_snli, None, False),
    "negation_nli": (negation_nli, 600, False),
    "climate_fever": (climate_fever, 600, False),
    "covidfact": (covidfact, 600, False),
}


def load_pairs(name: str, data: Path, limit: int | None = -1) -> list[Pair]:
    """The dev pairs of one dataset, subsampled to its default limit (``limit=None``: all)."""
    loader, default, stratify = PAIR_LOADERS[name]
    pick = _stratified if stratify else _every
    return pick([p for p, dev in loader(data) if dev], default if limit == -1 else limit)


# -- ECB+ -------------------------------------------------------------------------------------


def _detok(tokens: list[str]) -> str:
    s = " ".join(tokens)
    s = re.sub(r" ([,.;:!?%)\]'])", r"\1", s)
    s = re.sub(r"([(\[$]) ", r"\1", s)
    s = s.replace("`` ", '"').replace(" ''", '"').replace(" n't", "n't").replace(" 's", "'s")
    return s


def read_ecb(path: Path, keep: set[int]) -> tuple[dict[int, str], dict[int, set[str]]]:
    """Annotated sentences of one document and the event instances each mentions."""
    root = ET.parse(path).getroot()
    tokens: dict[str, tuple[int, str]] = {}
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for t in root.iter("token"):
        sent = int(t.get("sentence", "0"))
        tokens[t.get("t_id", "")] = (sent, t.text or "")
        by_sentence[sent].append(t.text or "")
    mention_sentence: dict[str, int] = {}
    markables = root.find("Markables")
    for mk in markables if markables is not None else []:
        if mk.tag.startswith("ACTION"):
            anchors = [a.get("t_id", "") for a in mk.iter("token_anchor")]
            if anchors and anchors[0] in tokens:
                mention_sentence[mk.get("m_id", "")] = tokens[anchors[0]][0]
    events: dict[int, set[str]] = defaultdict(set)
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        note = rel.get("note", "")
        if rel.tag == "CROSS_DOC_COREF" and note.startswith("ACT"):
            for src in rel.iter("source"):
                s = mention_sentence.get(src.get("m_id", ""))
                if s is not None:
                    events[s].add(note)
    sentences = {s: _detok(toks) for s, toks in by_sentence.items() if s in keep}
    return sentences, {s: events[s] for s in sentences}


def annotated_sentences(root: Path) -> dict[tuple[str, str], set[int]]:
    """The sentence numbers ECB+ annotated, by ``(topic, document)`` (``"1", "10ecbplus"``)."""
    keep: dict[tuple[str, str], set[int]] = defaultdict(set)
    with (root / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            keep[(r["Topic"], r["File"])].add(int(r["Sentence Number"]))
    return keep


def ecbplus_sets(data: Path, *, max_articles: int = 4) -> list[tuple[GoldSet, set[str]]]:
    """Cross-document matching sets from ECB+, one per topic.

    Each set holds up to ``max_articles`` same-event articles of the topic (``*ecb.xml``) and
    one article of the topic's sister event (``*ecbplus.xml``) as a distractor. Claims are the
    annotated sentences (``ECBplus_coreference_sentences.csv``). A same-event sentence is
    gold ``agreeing`` when another same-event article of the set has a sentence with the same
    event instance (a CROSS_DOC_COREF action), else ``unique``; distractor sentences are gold
    ``unique`` and must not match. Returns each set with the ids of its distractor articles.
    """
    root = data / "ecbplus"
    keep = annotated_sentences(root)
    out: list[tuple[GoldSet, set[str]]] = []
    for topic_dir in sorted((root / "ECB+").iterdir(), key=lambda p: int(p.name) if p.name.isdigit() else 0):
        t = topic_dir.name
        same = sorted(f for f in topic_dir.glob("*ecb.xml"))
        sister = sorted(f for f in topic_dir.glob("*ecbplus.xml"))

        def doc_key(f: Path) -> str:
            return f.stem.split("_", 1)[1]

        same = [f for f in same if keep.get((t, doc_key(f)))][:max_articles]
        sister = [f for f in sister if keep.get((t, doc_key(f)))][:1]
        if len(same) < 2 or not sister:
            continue
        docs = {}
        for f in [*same, *sister]:
            sents, events = read_ecb(f, keep[(t, doc_key(f))])
            if sents:
                docs[f.stem] = (sents, events)
        same_ids = [f.stem for f in same if f.stem in docs]
        sister_ids = {f.stem for f in sister if f.stem in docs}
        articles, claims = [], []
        for doc_id, (sents, events) in docs.items():
            text, spans = "", []
            for s in sorted(sents):
                start = len(text)
                text += sents[s]
                spans.append((s, start, len(text)))
                text += "\n\n"
            articles.append(Article(id=doc_id, text=text))
            for s, a, b in spans:
                if doc_id in sister_ids:
                    label = "unique"
                else:
                    shared = any(
                        events[s] & ev
                        for other in same_ids
                        if other != doc_id
                        for ev in docs[other][1].values()
                    )
                    label = "agreeing" if shared else "unique"
                claims.append(GoldClaim(source=doc_id, start=a, end=b, text=text[a:b], label=label))
        if len(same_ids) >= 2:
            out.append(
                (GoldSet(id=f"ecbplus-{t}", articles=tuple(articles), claims=tuple(claims)), sister_ids)
            )
    return out
