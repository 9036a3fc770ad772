"""Issue 39, items 7 to 10: batch, HTML and URL input, text output, inputs that gave nonsense."""

import json

from typer.testing import CliRunner

from factcheck.cli import app

runner = CliRunner()
TINY = ["--model", "hashing", "--relation-model", "none"]
FAST = [*TINY, "--no-progress"]


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# -- item 7: batch -----------------------------------------------------------------------------


def test_batch_accepts_plain_string_articles(tmp_path):
    line = {"id": "s1", "articles": ["Rain fell on Monday in Lima.", {"id": "b", "text": "Rain fell on Tuesday in Lima."}]}
    src = write(tmp_path, "in.jsonl", json.dumps(line) + "\n")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["batch", str(src), "-o", str(out), *FAST])
    assert res.exit_code == 0, res.output
    (row,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert [s["id"] for s in row["sources"]] == ["a1", "b"]
    bad = write(tmp_path, "bad.jsonl", json.dumps({"id": "s2", "articles": ["Rain fell.", 3]}) + "\n")
    res = runner.invoke(app, ["batch", str(bad), "-o", str(out), *FAST])
    assert res.exit_code == 1 and "article 2 is not a text or an object" in out.read_text()


def test_batch_makes_the_output_folder(tmp_path):
    line = {"id": "s1", "articles": [{"id": "a", "text": "Rain fell on Monday."}, {"id": "b", "text": "Rain fell on Tuesday."}]}
    src = write(tmp_path, "in.jsonl", json.dumps(line) + "\n")
    out = tmp_path / "out" / "deeper" / "reports.jsonl"
    res = runner.invoke(app, ["batch", str(src), "-o", str(out), *FAST])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["id"] == "s1"


def _day(tmp_path, broken: bool):
    lines = []
    for k in range(5):
        arts = [
            {"id": "a", "text": f"Rain fell on Monday in town {k}."},
            {"id": "b", "text": f"Rain fell on Tuesday in town {k}."},
        ]
        if k == 1 and broken:
            arts = arts[:1]  # one article: an error record (E102)
        lines.append(json.dumps({"id": f"s{k}", "articles": arts}))
    return write(tmp_path, "in.jsonl", "\n".join(lines) + "\n")


def test_resume_retry_failed_verifies_failed_sets_again_in_input_order(tmp_path):
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    src = _day(tmp_path, broken=False)
    assert runner.invoke(app, ["batch", str(src), "-o", str(full), *FAST]).exit_code == 0
    src = _day(tmp_path, broken=True)  # the first run sees s1 broken ...
    res = runner.invoke(app, ["batch", str(src), "-o", str(part), *FAST])
    assert res.exit_code == 1
    lines = part.read_text().splitlines(keepends=True)
    part.write_text("".join(lines[:4]) + lines[4][:10])  # ... and is killed in its last line
    res = runner.invoke(app, ["batch", str(src), "-o", str(part), "--resume", *FAST])
    assert "(1 of them errors, kept; --retry-failed verifies them again)" in res.output
    assert sum("error" in json.loads(x) for x in part.read_text().splitlines()) == 1  # --resume keeps it
    src = _day(tmp_path, broken=False)  # the line is fixed
    res = runner.invoke(app, ["batch", str(src), "-o", str(part), "--retry-failed", *FAST])
    assert res.exit_code == 0, res.output
    assert "resumed: 1 sets were already in" in res.output
    assert "retried 1 that had failed and redid the 3 after the first of them" in res.output
    assert "4 sets: 4 ok, 0 failed" in res.output
    assert part.read_bytes() == full.read_bytes()  # input order, byte for byte


# -- item 8: HTML input and URLs ---------------------------------------------------------------


def test_trafilatura_is_a_default_dependency_and_the_html_extra_still_exists():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]
    names = {d.split(">")[0].split("=")[0].split("[")[0].strip().lower() for d in project["dependencies"]}
    assert {"trafilatura", "lxml_html_clean"} <= names
    assert "html" in project["optional-dependencies"]  # pip install 'factcheck[html]' still works


def test_verify_reads_a_saved_page(tmp_path):
    a = write(tmp_path, "a.txt", "The council approved the budget on Monday.")
    page = write(
        tmp_path,
        "page.html",
        "<html><head><title>Budget</title></head><body><article><p>The council approved the budget on "
        "Tuesday after a long debate in the chamber of the city hall.</p></article></body></html>",
    )
    res = runner.invoke(app, ["verify", str(a), str(page), "-f", "json", *FAST])
    assert res.exit_code == 0, res.output
    assert [s["id"] for s in json.loads(res.stdout)["sources"]] == ["a", "page"]


def test_a_url_says_it_is_not_fetched(tmp_path):
    a = write(tmp_path, "a.txt", "The council approved the budget on Monday.")
    for args in (["verify", str(a), "https://example.com/a"], ["check", "https://example.com/a", "-a", str(a)]):
        res = runner.invoke(app, [*args, *TINY])
        assert res.exit_code == 1
        assert "Cannot read 'https://example.com/a'" in res.output  # the URL as typed: no slash dropped
        assert "does not fetch web pages" in res.output and "Save Page As" in res.output


# -- item 9: text output and help -------------------------------------------------------------


def _widths(tmp_path, env):
    a = write(tmp_path, "a.txt", "The council approved the budget of $3 million on Monday after a long debate. " * 3)
    b = write(tmp_path, "b.txt", "The council approved the budget of $4 million on Tuesday after a long debate. " * 3)
    res = runner.invoke(app, ["verify", str(a), str(b), *FAST], env=env)
    assert res.exit_code == 0, res.output
    return {len(line) for line in res.stdout.splitlines()}


def test_text_table_follows_columns(tmp_path):
    assert max(_widths(tmp_path, {"COLUMNS": "80"})) == 80  # an 80-column terminal: nothing wraps
    assert max(_widths(tmp_path, {"COLUMNS": "132"})) == 132
    assert max(_widths(tmp_path, {"COLUMNS": None})) == 100  # a pipe or a file: a sane width


def test_help_fits_80_columns_without_cutting_words():
    for command in ([], ["verify"], ["check"], ["batch"], ["bench"]):
        res = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"})
        assert res.exit_code == 0 and "…" not in res.output, res.output
    res = runner.invoke(app, ["--help"], env={"COLUMNS": "80"})
    check = res.output[res.output.index("check") :].split("batch")[0]
    assert "claim by claim" in check and "each of its claims" not in check  # no break mid-line
    res = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "80"})
    assert "~/.cache/factcheck/embeddings.sqlite" in res.output  # the cache's default, whole


def test_docs_name_every_cli_option():
    from pathlib import Path

    import typer.main

    root = Path(__file__).resolve().parents[1]
    cli_md, readme = (root / "docs" / "cli.md").read_text(), (root / "README.md").read_text()
    assert "--max-articles" in readme
    for name, command in typer.main.get_command(app).commands.items():
        for param in command.params:
            for opt in [*param.opts, *param.secondary_opts]:
                if opt.startswith("--") and opt != "--help":
                    assert opt in cli_md, f"{name} {opt} is not in docs/cli.md"


# -- item 10: inputs that gave nonsense quietly -------------------------------------------------

ES_LONG = (
    "El Terremoto sacudió Lima el martes por la mañana. Un sismo de magnitud 6,4 sacudió el sur de Perú "
    "el martes, según el Instituto Geofísico. El sismo causó la muerte de 15 personas y dejó a cientos sin "
    "hogar en la región de Arequipa. Las autoridades dijeron que los equipos de rescate trabajan en la zona."
)
ES_SHORT = "El Sismo sacudió Lima el martes por la mañana."  # under 20 words: was "too short to tell"
EN = "A magnitude 6.4 earthquake struck southern Peru on Tuesday, killing 15 people, officials said."


def test_every_non_english_source_warns_and_skips_the_english_rules(tiny_verifier):
    import warnings

    from factcheck import Article

    arts = [Article(id="es_a", text=ES_LONG), Article(id="es_b", text=ES_SHORT), Article(id="en", text=EN)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = tiny_verifier.verify(arts)
    said = [str(w.message) for w in caught if "does not look like English" in str(w.message)]
    assert len(said) == 2 and all(m.startswith("[W102]") for m in said)
    assert {m.split("'")[1] for m in said} == {"es_a", "es_b"}
    assert [(w.code, w.source) for w in report.warnings] == [("W102", "es_a"), ("W102", "es_b")]  # every format
    reasons = [e.reason for c in report.claims for e in c.evidence]
    assert reasons and not any("mismatch" in r for r in reasons), reasons
    assert all("not English" in r for r in reasons)


def test_a_run_with_no_sentence_end_is_capped_and_warns(tiny_verifier):
    import random
    import warnings

    from factcheck.claims import MAX_CLAIM_CHARS

    words = ["the", "council", "approved", "new", "budget", "for", "schools", "roads", "and", "parks", "while", "residents", "asked"]
    rng = random.Random(1)
    text = " ".join(rng.choice(words) for _ in range(2000)) + ", then taxes rose"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = tiny_verifier.verify([text, "The council approved the budget on Monday."])
    assert any(str(w.message).startswith("[W103] Article 'a1' has") for w in caught)
    assert [(w.code, w.source) for w in report.warnings] == [("W103", "a1")]
    mine = report.for_source("a1")
    assert len(mine) > 20 and max(len(c.text) for c in mine) <= MAX_CLAIM_CHARS
    assert all(text[c.start : c.end] == c.text for c in mine)
    assert all(not text[c.end].isalpha() for c in mine if c.end < len(text))  # cut between words
    assert [c.id for c in mine] == [f"a1:{k + 1}" for k in range(len(mine))]


def test_failures_takes_one_verdict_as_a_string(tiny_verifier):
    report = tiny_verifier.check("Trade rose 3% in May.", ["Trade fell 3% in May."])
    assert report.failures(fail_on="contradicted") == report.failures(fail_on=["contradicted"])
    assert report.failures(fail_on="contradicted") == ("1 claim contradicted (--fail-on contradicted)",)
    assert report.failures(fail_on="supported") == ()
