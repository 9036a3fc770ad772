"""One text checked against its sources: Verifier.check, CheckReport, `factcheck check`, batch of checks."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import factcheck
from factcheck import CheckReport, Verdict, Verifier
from factcheck.articles import as_check
from factcheck.check import result_from_dict
from factcheck.cli import app
from factcheck.errors import InputError
from factcheck.relations import RuleScorer
from factcheck.types import SetError

from .conftest import SEEDS

runner = CliRunner()
FAST = ["--model", "hashing", "--relation-model", "none"]
WIRE = "Trade rose 3% in May. The council approved the budget on Monday."


def test_each_claim_gets_its_verdict(tiny_verifier):
    r = tiny_verifier.check(
        "Trade fell 3% in May. The council approved the budget on Monday. Aliens landed in Ohio.", [WIRE]
    )
    got = {c.text: c.verdict for c in r.claims}
    assert got == {
        "Trade fell 3% in May": Verdict.CONTRADICTED,
        "The council approved the budget on Monday": Verdict.SUPPORTED,
        "Aliens landed in Ohio": Verdict.UNSUPPORTED,
    }
    contradicted = r.by_verdict("contradicted")[0]
    assert contradicted.evidence[0].source == "s1" and "rose" in contradicted.evidence[0].text
    assert contradicted.reason == contradicted.evidence[0].reason
    assert r.by_verdict("unsupported")[0].reason.startswith(("nearest source claim", "no source claim"))
    assert r.counts() == {"supported": 1, "contradicted": 1, "unsupported": 1}
    assert [c.verdict.value for c in r.worst()] == ["contradicted", "unsupported", "supported"]


def test_only_the_texts_claims_are_labelled_and_sources_give_evidence_only(tiny_verifier):
    r = tiny_verifier.check("Trade rose 3% in May.", [WIRE, "Trade fell 3% in May."], id="c1")
    assert r.id == "c1" and r.text.id == "text" and [s.id for s in r.sources] == ["s1", "s2"]
    assert {c.source for c in r.claims} == {"text"}
    # supported by s1 and contradicted by s2: contradiction wins, both stay as evidence
    (c,) = r.claims
    assert c.verdict is Verdict.CONTRADICTED
    assert {(e.source, e.relation.value) for e in c.evidence} == {("s2", "conflicts"), ("s1", "agrees")}


class _Spy(RuleScorer):
    """The rules, recording which pairs they were asked to judge."""

    def __init__(self) -> None:
        super().__init__(Verifier(embedder="hashing", relation_model=None).rules_)
        self.seen: list[tuple[str, str]] = []

    def score(self, pairs):
        self.seen += [(p.a.source, p.b.source) for p in pairs]
        return super().score(pairs)


def test_pairs_of_two_sources_are_never_judged():
    spy = _Spy()
    v = Verifier(embedder="hashing", relation_model=spy)
    v.check("Trade rose 3% in May.", ["Trade rose 3% in May.", "Trade fell 3% in May."])
    assert spy.seen and all("text" in pair for pair in spy.seen)
    spy.seen.clear()  # the same articles verified: the sources' own pair is judged there
    v.verify(["Trade rose 3% in May.", "Trade rose 3% in May.", "Trade fell 3% in May."])
    assert any("text" not in pair for pair in spy.seen)


def test_verdicts_are_the_labels_verify_gives_the_texts_claims(tiny_verifier):
    draft, wire = SEEDS[1], SEEDS[0]
    checked = tiny_verifier.check(draft, [wire])
    full = tiny_verifier.verify([draft, wire])
    mapping = {"agreeing": "supported", "conflicting": "contradicted", "unique": "unsupported"}
    assert [(c.id, c.verdict.value) for c in checked.claims] == [
        (c.id, mapping[c.label.value]) for c in full.for_source(checked.text.id)
    ]


def test_json_round_trips_and_batch_records_read_back(tiny_verifier):
    r = tiny_verifier.check("Trade fell 3% in May. Aliens landed in Ohio.", [WIRE], id="x")
    data = json.loads(r.to_json())
    assert data["schema"] == "factcheck.check/1"
    assert data["summary"]["claims"] == 2 and data["summary"]["share"]["unsupported"] == 0.5
    assert "source" not in data["claims"][0] and data["claims"][0]["verdict"] in {"contradicted", "unsupported"}
    back = CheckReport.from_dict(data)
    assert back.to_json() == r.to_json() and [c.verdict for c in back.claims] == [c.verdict for c in r.claims]
    assert isinstance(result_from_dict(data), CheckReport)
    with pytest.raises(ValueError, match=r"factcheck\.check/1"):
        CheckReport.from_dict({**data, "schema": "factcheck.report/1"})


def test_failures_are_the_gates_answer(tiny_verifier):
    r = tiny_verifier.check("Trade fell 3% in May. Aliens landed in Ohio. Trade rose 3% in May.", [WIRE])
    assert r.failures() == ()
    assert r.failures(fail_on=["contradicted"]) == ("1 claim contradicted (--fail-on contradicted)",)
    assert r.failures(max_unsupported=0.5) == ()  # 1 of 3
    assert r.failures(max_unsupported=0.2) == ("unsupported share 0.33 is above --max-unsupported 0.20",)
    with pytest.raises(ValueError):
        r.failures(fail_on=["conflicting"])  # a label, not a verdict


def test_a_text_with_no_claim_fails_every_gate_and_warns(tiny_verifier):
    with pytest.warns(factcheck.errors.FactcheckWarning, match="W101"):
        r = tiny_verifier.check("--- 123 ---", [WIRE])
    assert r.claims == () and r.warnings[0].code == "W101"
    assert r.failures() == ()
    assert r.failures(max_unsupported=0.2) == ("the text gave no claim to check",)
    assert "no claim to check" in r.summary()


def test_no_source_and_clashing_ids_are_coded_errors(tiny_verifier):
    with pytest.raises(InputError, match="E115"):
        tiny_verifier.check("Rain fell.", [])
    with pytest.raises(InputError, match="E104"):
        tiny_verifier.check({"id": "a", "text": "Rain fell."}, [{"id": "a", "text": "Rain fell."}])
    assert [a.id for a in as_check("x", "y").articles] == ["text", "s1"]  # one source, not a list


def test_check_many_streams_in_order_with_errors_in_place(tiny_verifier):
    items = [
        {"id": "a", "text": "Trade rose 3% in May.", "sources": [WIRE]},
        {"id": "b", "text": "Rain fell.", "sources": []},
        ("Trade fell 3% in May.", [WIRE]),
        {"id": "d", "articles": [WIRE, WIRE]},  # a set, not a check
    ]
    out = list(tiny_verifier.check_many(items, on_error="return"))
    assert [type(x).__name__ for x in out] == ["CheckReport", "SetError", "CheckReport", "SetError"]
    assert out[0].claims[0].verdict is Verdict.SUPPORTED and out[2].claims[0].verdict is Verdict.CONTRADICTED
    assert isinstance(out[1], SetError) and "E115" in out[1].message and out[1].id == "b"
    assert "E107" in out[3].message


def test_module_level_check():
    r = factcheck.check("Trade rose 3% in May.", [WIRE], embedder="hashing", relation_model=None, id="m")
    assert r.id == "m" and r.claims[0].verdict is Verdict.SUPPORTED


def test_every_format_opens_with_the_summary(tiny_verifier):
    from factcheck.report import render

    r = tiny_verifier.check("Trade fell 3% in May. Aliens landed in [Ohio].", [WIRE])
    line = r.summary()
    text = render(r, "text", width=120)
    assert line in text and "[Ohio]" in text and "! contradicted" in text
    md = render(r, "md")
    assert f"**{line}**" in md and "## Contradicted (1)" in md and "## Unsupported (1)" in md
    assert "Supported" not in md  # no empty section
    page = render(r, "html", texts={"text": "Trade fell 3% in May. Aliens landed in [Ohio]."})
    assert line in page and page.count('class="claim ') == 2 and 'id="worst"' in page


# -- the command line ------------------------------------------------------------------------


def _files(tmp_path, draft, *sources):
    d = tmp_path / "draft.txt"
    d.write_text(draft, encoding="utf-8")
    out = []
    for k, s in enumerate(sources):
        p = tmp_path / f"src{k + 1}.txt"
        p.write_text(s, encoding="utf-8")
        out += ["--against", str(p)]
    return [str(d), *out]


def test_cli_check_prints_the_summary_and_gates_set_the_exit_code(tmp_path):
    args = ["check", *_files(tmp_path, "Trade fell 3% in May. Aliens landed in Ohio.", WIRE), *FAST]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "2 claims checked against 1 source" in res.output and "contradicted" in res.output
    res = runner.invoke(app, [*args, "--fail-on", "contradicted"])
    assert res.exit_code == 1 and "--fail-on contradicted" in res.output
    res = runner.invoke(app, [*args, "--max-unsupported", "0.5"])
    assert res.exit_code == 0  # 1 of 2 is not above 0.5
    res = runner.invoke(app, [*args, "--max-unsupported", "0.2"])
    assert res.exit_code == 1 and "unsupported share 0.50" in res.output
    res = runner.invoke(app, [*args, "--fail-on", "conflicting"])
    assert res.exit_code == 2 and "supported, contradicted, unsupported" in res.output
    res = runner.invoke(app, [*args, "--max-unsupported", "1.5"])
    assert res.exit_code == 2


def test_cli_check_json_from_stdin_and_to_a_file(tmp_path):
    src = tmp_path / "wire.txt"
    src.write_text(WIRE, encoding="utf-8")
    out = tmp_path / "new" / "check.json"
    res = runner.invoke(
        app, ["check", "-", "-a", str(src), "-f", "json", "-o", str(out), "--id", "draft-7", *FAST],
        input="Trade rose 3% in May.",
    )
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["id"] == "draft-7" and data["text"]["id"] == "stdin" and data["sources"][0]["id"] == "wire"
    assert data["claims"][0]["verdict"] == "supported"
    assert "1 claim checked" in res.output  # the summary on stderr when the report goes to a file


def test_cli_check_html_and_md(tmp_path):
    files = _files(tmp_path, "Trade fell 3% in May.", WIRE)
    res = runner.invoke(app, ["check", *files, "-f", "html", *FAST])
    assert res.exit_code == 0 and "<!DOCTYPE html>" in res.output and "Trade fell 3% in May</span>." in res.output
    res = runner.invoke(app, ["check", *files, "-f", "md", *FAST])
    assert res.exit_code == 0 and "## Contradicted (1)" in res.output


def test_cli_check_needs_a_source_and_names_a_missing_file(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("Rain fell.", encoding="utf-8")
    res = runner.invoke(app, ["check", str(draft), *FAST])
    assert res.exit_code == 2 and "--against" in res.output
    res = runner.invoke(app, ["check", str(draft), "-a", str(tmp_path / "nope.txt"), *FAST])
    assert res.exit_code == 1 and "E103" in res.output


def test_cli_batch_runs_checks_and_sets_from_one_file(tmp_path):
    lines = [
        {"id": "c1", "text": "Trade fell 3% in May.", "sources": [WIRE]},
        {"id": "s1", "articles": [{"text": WIRE}, {"text": WIRE}]},
        {"id": "c2", "text": {"id": "draft", "text": "Aliens landed."}, "sources": [{"id": "wire", "text": WIRE}]},
        {"id": "c3", "text": "Rain.", "sources": "not a list"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out, pages = tmp_path / "out.jsonl", tmp_path / "pages"
    res = runner.invoke(
        app, ["batch", str(src), "-o", str(out), "--no-progress", "--no-cache", "--html-dir", str(pages), *FAST]
    )
    assert res.exit_code == 1, res.output  # c3 is malformed
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == ["c1", "s1", "c2", "c3"]
    assert [r.get("schema") for r in recs[:3]] == ["factcheck.check/1", "factcheck.report/1", "factcheck.check/1"]
    assert recs[0]["claims"][0]["verdict"] == "contradicted" and recs[2]["text"]["id"] == "draft"
    assert "E107" in recs[3]["error"]["message"]
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert "check: 1 claim checked" in index
    assert "Trade fell 3% in May</span>." in (pages / "c-c1.html").read_text(encoding="utf-8")  # the text


@pytest.mark.model
def test_seed_check_flags_the_additions_and_supports_the_visit(real_verifier):
    """003 (an AI-style rewrite) against the Reuters wire 000: its additions are unsupported."""
    draft, wire = SEEDS[1], SEEDS[0]
    r = real_verifier.check(draft, [wire])

    def verdict(words):
        (c,) = [c for c in r.claims if words in c.text]
        return c.verdict

    assert verdict("tariff king") is Verdict.UNSUPPORTED
    assert verdict("Predator drones") is Verdict.UNSUPPORTED
    assert verdict("visit to Washington in February") is Verdict.SUPPORTED


def test_failures_takes_one_verdict_as_a_string(tiny_verifier):
    report = tiny_verifier.check("Trade rose 3% in May.", ["Trade fell 3% in May."])
    assert report.failures(fail_on="contradicted") == report.failures(fail_on=["contradicted"])
    assert report.failures(fail_on="contradicted") == ("1 claim contradicted (--fail-on contradicted)",)
    assert report.failures(fail_on="supported") == ()
