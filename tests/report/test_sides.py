"""Issue 39: summaries under --only, the same conflicting pairs in every format, reasons told
from each row's side, what a confidence means, and who each claim is credited to."""

import ast
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.report import render, to_html, to_markdown
from factcheck.report.check import check_to_markdown, check_to_text
from factcheck.report.html import claim_anchor
from factcheck.types import Article

WIRE_A = (
    "A magnitude 6.4 earthquake struck the coastal city of Marston on Tuesday, killing 14 people.\n"
    "The quake hit at 3:15 a.m., according to the national seismic agency.\n"
    "Rescue teams pulled 40 survivors from collapsed buildings.\n"
    "The agency did not release a damage estimate.\n"
    '"We will rebuild every home," Mayor Elena Brandt said.\n'
)
WIRE_B = (
    "A magnitude 6.4 earthquake struck the coastal city of Marston on Tuesday, killing 15 people.\n"
    "The quake hit at 3:15 a.m., according to the national seismic agency.\n"
    "Rescue teams pulled 25 survivors from collapsed buildings.\n"
    "The agency released a damage estimate.\n"
    '"We will rebuild every home," Governor Paul Ortiz said.\n'
)
WIRE_C = (
    "A magnitude 5.9 earthquake struck the coastal city of Marston on Wednesday, killing 12 people.\n"
    "Rescue teams pulled 40 survivors from collapsed buildings.\n"
    "Officials said a new bridge would open in the spring.\n"
)
TEXTS = {"wire_a": WIRE_A, "wire_b": WIRE_B, "wire_c": WIRE_C}


@pytest.fixture(scope="module")
def quake():
    from factcheck import Verifier

    v = Verifier(embedder="hashing", relation_model=None)
    return v.verify([Article(id=k, text=t) for k, t in TEXTS.items()])


def _claim_of(report, source: str, words: str):
    (c,) = [c for c in report.for_source(source) if words in c.text]
    return c


def test_only_keeps_every_label_in_the_summary(quake):
    full = quake.counts()
    shown = quake.only(["conflicting", "unique"])
    assert {c.label.value for c in shown.claims} <= {"conflicting", "unique"}
    assert full["wire_a"]["agreeing"] >= 1 and shown.counts() == full  # hidden labels still counted
    row = f"| wire_a | {quake.sources[0].claims} | {full['wire_a']['agreeing']} | {full['wire_a']['unique']} |"
    assert row in to_markdown(shown)
    cells = "".join(f"<td>{full['wire_a'][lab]}</td>" for lab in ("agreeing", "unique", "conflicting"))
    assert cells in to_html(shown, texts={})
    text_row = re.search(r"│ wire_a .*", render(shown, "text", width=120))
    assert text_row is not None
    assert text_row.group(0).split("│")[4].strip() == str(full["wire_a"]["agreeing"])


def test_cli_only_summary_counts_every_claim(tmp_path):
    paths = []
    for k, t in TEXTS.items():
        (tmp_path / f"{k}.txt").write_text(t)
        paths.append(str(tmp_path / f"{k}.txt"))
    args = ["verify", *paths, "-f", "md", "--model", "hashing", "--relation-model", "none"]
    full = CliRunner().invoke(app, args).stdout
    only = CliRunner().invoke(app, [*args, "--only", "conflicting,unique"]).stdout
    row = re.compile(r"^\| wire_\w \| \d+ \| \d+ \| \d+ \| \d+ \|$", re.M)
    assert len(row.findall(full)) == 3 and row.findall(only) == row.findall(full)


def _md_pairs(md: str, report) -> set[frozenset[str]]:
    by_text = {(c.source, c.text): c.id for c in report.claims}
    section = md.split("## Conflicts", 1)[1].split("\n## ", 1)[0].split("<details>", 1)[0]
    out = []
    for line in section.splitlines()[4:]:
        if not line.startswith("| "):
            continue
        cells = [re.sub(r" _\(per .*\)_$", "", x.strip()) for x in line.split(" | ")]
        out.append(frozenset((by_text[(cells[0][2:], cells[1])], by_text[(cells[2], cells[3])])))
    assert len(out) == len(set(out)), "a pair listed twice"
    return set(out)


def _html_pairs(page: str, report) -> set[frozenset[str]]:
    by_anchor = {claim_anchor(c.id): c.id for c in report.claims}
    table = page.split('id="conflicts"', 1)[1].split("</table>", 1)[0]
    rows = [re.findall(r'data-target="([^"]+)"', r) for r in table.split("<tr>")[2:]]
    out = [frozenset(by_anchor[a] for a in r) for r in rows]
    assert all(len(p) == 2 for p in out) and len(out) == len(set(out)), "a pair listed twice"
    return set(out)


def test_every_format_lists_the_same_conflicting_pairs(quake):
    want = {frozenset((c.id, ev.claim)) for c, ev in quake.pairs()}
    assert len(want) == len(quake.pairs()) >= 6  # several conflicts, each pair once
    # the pairs the issue saw dropped: a claim whose first evidence is another conflict
    killed = {_claim_of(quake, s, "killing").id for s in TEXTS}
    assert {frozenset(killed - {x}) for x in killed} <= want
    md = to_markdown(quake)
    assert f"## Conflicts ({len(want)})" in md and _md_pairs(md, quake) == want
    assert _html_pairs(to_html(quake, texts=TEXTS), quake) == want
    data = json.loads(render(quake, "json"))
    from_json = {frozenset((c["id"], e["claim"])) for c in data["claims"] for e in c["evidence"] if e["relation"] == "conflicts"}
    assert from_json == want
    text = render(quake, "text", width=400)
    for c, ev in quake.pairs():  # both rows of each pair name the other, with the reason from their side
        back = next(e for e in next(x for x in quake.claims if x.id == ev.claim).evidence if e.claim == c.id)
        assert f"[{ev.reason}]" in text and f"[{back.reason}]" in text


def test_html_summary_shows_each_sources_claim_count(quake):
    page = to_html(quake, texts=TEXTS)
    for s in quake.sources:
        assert re.search(rf"<td>{s.id}</td><td>{s.claims} <svg", page)


def test_reasons_read_from_the_rows_side(quake):
    c_quake, a_quake = _claim_of(quake, "wire_c", "5.9"), _claim_of(quake, "wire_a", "6.4")
    assert next(e.reason for e in c_quake.evidence if e.source == "wire_a") == "number mismatch: this 5.9, wire_a 6.4"
    assert next(e.reason for e in a_quake.evidence if e.source == "wire_c") == "number mismatch: this 6.4, wire_c 5.9"
    did_not, did = _claim_of(quake, "wire_a", "did not"), _claim_of(quake, "wire_b", "released")
    assert did_not.evidence[0].reason == 'negation: this claim says "did not"'
    assert did.evidence[0].reason == 'negation: wire_a says "did not"'


def test_check_reasons_read_from_the_checked_texts_side():
    from factcheck import Verifier

    r = Verifier(embedder="hashing", relation_model=None).check(WIRE_C, [Article(id="wire_a", text=WIRE_A)])
    (c,) = [c for c in r.claims if "5.9" in c.text]
    assert c.reason == "number mismatch: this 5.9, wire_a 6.4"
    assert "number mismatch: this 5.9, wire_a 6.4" in check_to_markdown(r)


def test_no_one_is_a_negation_not_the_number_one():
    from factcheck.relations.quantities import extract
    from factcheck.relations.rules import difference_of, explain_conflict

    assert extract("No one was injured.") == [] and extract("Not one shop opened.") == []
    assert [q.text for q in extract("One person was injured.")] == ["One"]
    assert explain_conflict("No one was injured.", "Two firefighters were injured.") == (
        "negation", 'negation: "No one" only in the first claim'
    )
    d = difference_of("Two firefighters were injured.", "No one was injured.")
    assert d is not None and d.told("wire_a") == 'negation: wire_a says "No one"'


def test_confidence_says_what_it_measures(quake):
    u = quake.by_label("unique")[0]
    note = f"confidence {u.confidence:.2f} that no other source says this"
    assert note in " ".join(render(quake, "text", width=400).split())
    assert note in to_html(quake, texts=TEXTS)
    assert "| confidence that no other source says this |" in to_markdown(quake)


def test_attribution_is_shown_and_a_different_credit_named(quake):
    brandt = _claim_of(quake, "wire_a", "rebuild")
    assert brandt.attribution == "Mayor Elena Brandt"
    ev = next(e for e in brandt.evidence if e.source == "wire_b")
    assert ev.attribution == "Governor Paul Ortiz" and ev.to_dict()["attribution"] == "Governor Paul Ortiz"
    md = to_markdown(quake)
    assert "We will rebuild every home _(per Mayor Elena Brandt)_" in md
    assert "We will rebuild every home _(per Governor Paul Ortiz)_" in md
    text = " ".join(render(quake, "text", width=400).split())
    assert "(per Mayor Elena Brandt)" in text and "(wire_b credits it to Governor Paul Ortiz)" in text
    assert "wire_b credits it to Governor Paul Ortiz" in to_html(quake, texts=TEXTS)


def test_check_reports_show_attribution():
    from factcheck import Verifier

    r = Verifier(embedder="hashing", relation_model=None).check(WIRE_A, [Article(id="wire_b", text=WIRE_B)])
    text = " ".join(check_to_text(r, width=400).split())
    assert "(per Mayor Elena Brandt)" in text and "wire_b credits it to Governor Paul Ortiz" in text
    md = check_to_markdown(r)
    assert "_(per Mayor Elena Brandt)_" in md and "_(wire_b credits it to Governor Paul Ortiz)_" in md
    assert "| claim | confidence that no source says this |" in md or not r.by_verdict("unsupported")


def test_report_html_and_check_do_not_import_each_other():
    root = Path(__file__).resolve().parents[2] / "factcheck" / "report"

    def imports(name: str) -> set[str]:
        tree = ast.parse((root / name).read_text())
        return {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}

    assert "check" not in imports("html.py") and "html" in imports("check.py")
