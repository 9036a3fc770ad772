"""Near-duplicate articles count as one source for agreement (issue 39, item 5)."""

import json
import warnings

import pytest

from factcheck import Article, Label, Relation, Report, Verifier
from factcheck.copies import COPY_THRESHOLD, MIN_COPY_WORDS, Copy, copy_origins, find_copies, text_similarity
from factcheck.errors import FactcheckWarning
from factcheck.report import render

from .conftest import SEEDS

# Short texts are never copies: independent outlets can write the same sentence.
A = (
    "The council approved the budget on Monday.\n\n"
    "Officials said the new bridge will open in the north of the city.\n\n"
    "Heavy rain flooded the old market."
)
OTHER = "The council approved the budget on Monday.\n\nThe mayor thanked the volunteers at the stadium."

# A wire story (110 words) long enough that one changed figure keeps it a near copy (one edit
# breaks the five five-word runs through it).
WIRE = " ".join(
    [
        "A magnitude 6.4 earthquake struck the coastal province on Tuesday, killing 12 people.",
        "Rescue teams from three neighbouring regions arrived overnight to search collapsed buildings.",
        "The regional governor said schools would stay closed for the rest of the week.",
        "Aftershocks were felt as far away as the capital, where office towers were evacuated.",
        "Engineers began inspecting the main bridge over the river before reopening it to traffic.",
        "Aid agencies said clean water and tents were the most urgent needs in the worst hit villages.",
        "The national weather service warned of heavy rain that could hamper the rescue work.",
        "Hospitals in the provincial capital treated dozens of people for minor injuries.",
    ]
)
REPOST = WIRE.replace("killing 12 people", "killing 15 people")
LOCAL = (
    "A magnitude 6.4 earthquake struck the coastal province on Tuesday, killing 12 people. "
    "Residents slept outdoors for a second night."
)


def _verify(verifier, articles):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = verifier.verify(articles)
    return report, [str(w.message) for w in caught if issubclass(w.category, FactcheckWarning)]


# -- the pure part -------------------------------------------------------------------------------


def test_similarity_of_copies_edits_and_independent_reports():
    assert text_similarity(WIRE, WIRE) == 1.0
    assert text_similarity(WIRE, WIRE.upper().replace(".", "!")) == 1.0  # case and punctuation do not count
    assert COPY_THRESHOLD <= text_similarity(WIRE, REPOST) < 1.0  # one figure changed
    assert text_similarity(*(p.read_text(encoding="utf-8") for p in SEEDS)) < 0.05  # two outlets' own reports of one event
    assert text_similarity(A, OTHER) < COPY_THRESHOLD
    assert text_similarity("", "") == 0.0


def test_find_copies_names_the_earlier_article_and_chains_resolve_to_the_first():
    arts = [Article(id="a", text=WIRE), Article(id="b", text=OTHER), Article(id="c", text=REPOST),
            Article(id="d", text=WIRE)]  # fmt: skip
    copies = find_copies(arts)
    assert copies == (Copy(source="c", of="a", similarity=copies[0].similarity), Copy(source="d", of="a", similarity=1.0))
    assert copy_origins(copies) == {"c": "a", "d": "a"}
    assert copy_origins([Copy(source="y", of="x", similarity=1.0), Copy(source="z", of="y", similarity=1.0)]) == {
        "y": "x",
        "z": "x",
    }
    assert find_copies([Article(id="a", text=A), Article(id="b", text=OTHER)]) == ()
    assert find_copies([Article(id="a", text=A), Article(id="b", text=A)]) == ()  # under MIN_COPY_WORDS
    assert len(A.split()) < MIN_COPY_WORDS <= len(WIRE.split())


# -- through the verifier ------------------------------------------------------------------------


def test_identical_copies_warn_and_agree_with_nothing(tiny_verifier):
    report, warned = _verify(tiny_verifier, [Article(id="a", text=WIRE), Article(id="a_copy", text=WIRE)])
    assert [w.code for w in report.warnings] == ["W104"]
    assert "'a_copy' is a near copy of 'a'" in report.warnings[0].message and warned == [str(report.warnings[0])]
    assert [s.copy_of for s in report.sources] == [None, "a"]
    assert report.claims and all(c.label is Label.UNIQUE for c in report.claims)
    for c in report.claims:  # the copy is still the evidence, and says why it does not count
        assert c.evidence[0].relation is Relation.AGREES and "near copy" in c.evidence[0].reason
        assert c.nearest is None  # no independent source to be near


def test_merge_copies_off_restores_the_old_labels(tiny_verifier):
    off = Verifier(embedder="hashing", relation_model=None, merge_copies=False)
    report, warned = _verify(off, [Article(id="a", text=WIRE), Article(id="a_copy", text=WIRE)])
    assert warned == [] and report.warnings == () and all(s.copy_of is None for s in report.sources)
    assert all(c.label is Label.AGREEING for c in report.claims)
    assert report.options["merge_copies"] is False
    assert "near copy" not in report.to_json() and "copy_of" not in report.to_json()


def test_a_genuinely_different_source_still_makes_claims_agreeing(tiny_verifier):
    arts = [Article(id="a", text=WIRE), Article(id="a_copy", text=WIRE), Article(id="local", text=LOCAL)]
    report, _ = _verify(tiny_verifier, arts)
    labels = {c.id: c.label for c in report.claims}
    for k in (1, 2):  # the quake and its toll: local says them too
        assert labels[f"a:{k}"] is labels[f"a_copy:{k}"] is labels[f"local:{k}"] is Label.AGREEING
    assert labels["a:3"] is labels["a_copy:3"] is Label.UNIQUE  # the rescue teams: only the copies
    quake = report.claims[0]
    assert [e.source for e in quake.evidence] == ["local", "a_copy"]  # independent evidence first
    rescue = next(c for c in report.claims if c.id == "a:3")
    assert rescue.nearest is not None and rescue.nearest.source == "local"  # not its own copy


def test_short_identical_texts_are_not_copies(tiny_verifier):
    report, warned = _verify(tiny_verifier, [Article(id="a", text=A), Article(id="b", text=A)])
    assert warned == [] and all(c.label is Label.AGREEING for c in report.claims)


def test_a_conflict_with_a_copy_still_counts(tiny_verifier):
    report, _ = _verify(tiny_verifier, [Article(id="wire", text=WIRE), Article(id="repost", text=REPOST)])
    assert [s.copy_of for s in report.sources] == [None, "wire"]
    toll = [c for c in report.claims if "killing" in c.text]
    assert len(toll) == 2 and all(c.label is Label.CONFLICTING for c in toll)
    assert "number mismatch" in toll[0].evidence[0].reason


def test_a_check_is_not_merged(tiny_verifier):
    # a draft that repeats its source word for word is supported by it, not unsupported
    r = tiny_verifier.check(WIRE, [WIRE])
    assert r.warnings == () and all(c.verdict.value == "supported" for c in r.claims)


def test_every_format_names_the_copy_and_json_round_trips(tiny_verifier):
    report, _ = _verify(tiny_verifier, [Article(id="a", text=WIRE), Article(id="a_copy", text=WIRE)])
    texts = {"a": WIRE, "a_copy": WIRE}
    for fmt in ("text", "md", "html"):
        out = render(report, fmt, texts=texts)
        assert "near copy of a" in " ".join(out.split()), fmt  # the source summary
        assert "W104" in out, fmt  # the warning
    md = render(report, "md", texts=texts)
    assert "| a_copy (near copy) |" in md  # an agreeing pair of copies is marked in the pair table
    data = json.loads(render(report, "json", texts=texts))
    assert data["sources"][1]["copy_of"] == "a" and "copy_of" not in data["sources"][0]
    assert Report.from_dict(data).to_json() == report.to_json()
    assert Report.from_dict(data).sources[1].copy_of == "a"


def test_a_report_written_before_copies_reads_back():
    old = {"schema": "factcheck.report/1", "id": None, "claims": [], "warnings": [], "options": {},
           "sources": [{"id": "a", "title": None, "url": None, "published": None, "claims": 0}]}  # fmt: skip
    assert Report.from_dict(old).sources[0].copy_of is None


def test_merge_copies_must_be_a_bool():
    with pytest.raises(ValueError, match=r"merge_copies.*True or False"):
        Verifier(embedder="hashing", relation_model=None, merge_copies="no").verify([A, OTHER])


def test_cli_warns_about_a_copy_and_no_merge_copies_turns_it_off(tmp_path):
    from typer.testing import CliRunner

    from factcheck.cli import app

    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "a_copy.txt").write_text(WIRE, encoding="utf-8")
    files = [str(tmp_path / "a.txt"), str(tmp_path / "a_copy.txt"), "-f", "json", "--no-progress"]
    fast = ["--model", "hashing", "--relation-model", "none"]
    res = CliRunner().invoke(app, ["verify", *files, *fast])
    assert res.exit_code == 0 and "warning: [W104] Article 'a_copy' is a near copy of 'a'" in res.output
    res = CliRunner().invoke(app, ["verify", *files, *fast, "--no-merge-copies"])
    assert res.exit_code == 0 and "W104" not in res.output and '"agreeing"' in res.output
